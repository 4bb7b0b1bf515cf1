using System;

namespace Engine;

/// <summary>
/// A FIFO queue for coroutines (asyncio's <c>Queue</c>), optionally bounded: <c>yield return q.Put(item);</c> waits while
/// the queue is full; <c>yield return q.Get(); T item = Co.Result&lt;T&gt;();</c> waits while it is empty.
/// <see cref="TaskDone"/> and <c>yield return q.Join();</c> track the processing of items. Waiting getters and putters
/// are served in the order they arrived (FIFO-fair).
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>
/// <para>
/// Design: an item put while a getter waits is handed straight to that getter, and a slot freed by a get is filled
/// at once from the first waiting putter, so nobody can barge ahead of a waiter. A put that finds room completes
/// without suspending, as asyncio's does.
/// </para>
/// <para>
/// Performance: waiting allocates nothing. Items travel in the receiving task's reusable typed slot, so
/// <c>Co.Result&lt;int&gt;()</c> does not box: a ping-pong of a million items allocates nothing after warm-up. A cancelled
/// getter or putter is removed from the queue at once; a getter that was handed an item but cancelled before it ran
/// gives the item back to the head of the queue.
/// </para>
/// <para>
/// <see cref="Put(T)"/> must be yielded right away (<c>yield return q.Put(x);</c>): when the queue is full, the item
/// is staged until the task parks.
/// </para>
/// </remarks>
public partial class CoQueue<T>
{
    private readonly QueueStore<T> _store;
    private readonly WaitList<bool> _getters = new();
    private readonly WaitList<T> _putters = new();
    private readonly WaitList<bool> _joiners = new();
    private readonly Yield _get;
    private readonly Yield _put;
    private readonly Yield _join;
    private readonly int _capacity;
    private EventLoop? _loop;
    private int _unfinished;
    private T _staged = default!;
    private CoTask? _stagedBy;
    private bool _hasStaged;

    /// <summary>Creates a FIFO queue.</summary>
    /// <param name="capacity">The most items it holds; 0 (the default) for no limit.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="capacity"/> is negative.</exception>
    public CoQueue(int capacity = 0)
        : this(capacity, new FifoStore<T>())
    {
    }

    private protected CoQueue(int capacity, QueueStore<T> store)
    {
        if (capacity < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), capacity, "A queue capacity must be zero (unbounded) or more.");
        }

        _capacity = capacity;
        _store = store;
        _get = Yield.Create(YieldKind.Wait, 0, new GetSource(this));
        _put = Yield.Create(YieldKind.Wait, 0, new PutSource(this));
        _join = Yield.Create(YieldKind.Wait, 0, new JoinSource(this));
    }

    /// <summary>The number of items in the queue.</summary>
    public int Count => _store.Count;

    /// <summary>The most items the queue holds, or 0 for no limit.</summary>
    public int Capacity => _capacity;

    /// <summary><see langword="true"/> when the queue holds no item.</summary>
    public bool IsEmpty => _store.Count == 0;

    /// <summary><see langword="true"/> when the queue is bounded and holds <see cref="Capacity"/> items.</summary>
    public bool IsFull => _capacity > 0 && _store.Count >= _capacity;

    /// <summary>Items put and not yet marked done with <see cref="TaskDone"/>.</summary>
    public int UnfinishedTasks => _unfinished;

    /// <summary>The number of tasks waiting in <see cref="Get"/>.</summary>
    public int WaitingGetters => _getters.Count;

    /// <summary>The number of tasks waiting in <see cref="Put(T)"/>.</summary>
    public int WaitingPutters => _putters.Count;

    /// <summary>Puts <paramref name="item"/>, waiting while the queue is full: <c>yield return q.Put(item);</c>.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The instruction to yield; it does not suspend when there is room.</returns>
    public Yield Put(T item)
    {
        CoTask task = SyncHelper.RequireTask(ref _loop, "CoQueue.Put(item)");
        if (TryPutCore(item))
        {
            return CompletedWaitSource.Yield;
        }

        if (_hasStaged && _stagedBy is { IsDone: false, IsCancelRequested: false })
        {
            ThrowHelper.ThrowInvalidOperation("A previous CoQueue.Put(item) on a full queue was not yielded; write 'yield return q.Put(item);'.");
        }

        _staged = item;
        _stagedBy = task;
        _hasStaged = true;
        return _put;
    }

    /// <summary>Puts <paramref name="item"/> if there is room, without suspending (asyncio's <c>put_nowait</c>).</summary>
    /// <param name="item">The item.</param>
    /// <returns><see langword="false"/> if the queue is full.</returns>
    public bool TryPut(T item)
    {
        SyncHelper.CheckLoop(ref _loop, "CoQueue.TryPut(item)");
        return TryPutCore(item);
    }

    /// <summary>Takes the next item, waiting while the queue is empty:
    /// <c>yield return q.Get(); T item = Co.Result&lt;T&gt;();</c>.</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield Get()
    {
        SyncHelper.RequireTask(ref _loop, "CoQueue.Get()");
        return _get;
    }

    /// <summary>Takes the next item if there is one, without suspending (asyncio's <c>get_nowait</c>).</summary>
    /// <param name="item">The item, or <see langword="default"/>.</param>
    /// <returns><see langword="false"/> if the queue is empty.</returns>
    public bool TryGet(out T item)
    {
        SyncHelper.CheckLoop(ref _loop, "CoQueue.TryGet()");
        if (_store.Count == 0)
        {
            item = default!;
            return false;
        }

        item = TakeCore();
        return true;
    }

    /// <summary>Marks one item taken from the queue as processed; when every item put so far is processed, tasks waiting
    /// in <see cref="Join"/> resume.</summary>
    /// <exception cref="System.InvalidOperationException">Called more times than items were put.</exception>
    public void TaskDone()
    {
        SyncHelper.CheckLoop(ref _loop, "CoQueue.TaskDone()");
        if (_unfinished <= 0)
        {
            ThrowHelper.ThrowInvalidOperation("CoQueue.TaskDone() was called more times than items were put.");
        }

        --_unfinished;
        WakeJoinersIfDone();
    }

    private void WakeJoinersIfDone()
    {
        if (_unfinished == 0)
        {
            while (_joiners.Count > 0)
            {
                WaitList<bool>.Entry e = _joiners.Dequeue();
                e.Waiter.Wake(WakeCause.Source);
            }
        }
    }

    /// <summary>Waits until every item put so far was marked done with <see cref="TaskDone"/>: <c>yield return q.Join();</c>.</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield Join()
    {
        SyncHelper.RequireTask(ref _loop, "CoQueue.Join()");
        return _join;
    }

    /// <inheritdoc/>
    public override string ToString() => GetType().Name + " [" + _store.Count + (_capacity > 0 ? "/" + _capacity : string.Empty) +
        " items, " + _getters.Count + " getters, " + _putters.Count + " putters waiting]";

    private bool TryPutCore(T item)
    {
        if (_getters.Count > 0 && TryPutCoreToWaitingGetter(item))
        {
            return true;
        }

        if (_capacity > 0 && _store.Count >= _capacity)
        {
            return false;
        }

        _store.Push(item);
        _unfinished++;
        return true;
    }

    private bool TryPutCoreToWaitingGetter(T item)
    {
        while (_getters.Count > 0)
        {
            WaitList<bool>.Entry g = _getters.Dequeue();
            if (g.Waiter.Wake(item, WakeCause.Source))
            {
                _unfinished++;
                return true;
            }
        }

        return false;
    }

    private T TakeCore()
    {
        T item = _store.Pop();
        AdmitPutter();
        return item;
    }

    // Room for one item: the longest waiting putter's item goes in, and the putter is handed the store's ticket for
    // that entry as its received value, so if it is cancelled before it runs (Abandon) the queue takes exactly that
    // entry back out, never another equal item. A priority queue's comparer that throws on the putter's item (this runs
    // in the getter's turn) fails that putter's put with the exception and leaves the queue as it was; the next putter
    // gets the room.
    private void AdmitPutter()
    {
        while (_putters.Count > 0)
        {
            WaitList<T>.Entry p = _putters.Dequeue();
            if (p.Waiter.IsLive)
            {
                long ticket;
                try
                {
                    ticket = _store.PushTicketed(p.Value);
                }
                catch (Exception error)
                {
                    p.Waiter.Fail(error, WakeCause.Source);
                    continue;
                }

                _unfinished++;
                p.Waiter.Wake(ticket, WakeCause.Source);
                break;
            }
        }
    }

    private sealed class GetSource : WaitSource
    {
        private readonly CoQueue<T> _queue;

        public GetSource(CoQueue<T> queue) => _queue = queue;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (_queue._store.Count > 0)
            {
                waiter.Task.ReceiveValue(_queue.TakeCore());
                return true;
            }

            _queue._getters.Enqueue(waiter, false);
            return false;
        }

        internal override void Remove(CoTask task) => _queue._getters.Remove(task);

        internal override void Abandon(CoTask task)
        {
            // Handed an item but cancelled before it ran: the item goes back to the head of the queue. A priority
            // queue's comparer that throws while placing it leaves the queue as it was without that item: the item is
            // dropped (TaskDone is owed for it no more) and the getter fails with that exception (CoTask.Detach).
            T item = task.PeekReceived<T>();
            _queue._unfinished--;
            if (!_queue.TryPutCoreToWaitingGetter(item))
            {
                try
                {
                    _queue._store.PushFront(item);
                }
                catch
                {
                    // Dropped: nobody will mark it done, so no TaskDone is owed for it (never below zero: TaskDone
                    // may have been called before its item was taken).
                    _queue._unfinished = Math.Max(_queue._unfinished, 0);
                    _queue.WakeJoinersIfDone();
                    throw;
                }

                _queue._unfinished++;
            }
        }

        internal override void Describe(Observe.WaitDescription description) => description.Set(Observe.WaitKind.QueueGet, _queue, Observe.WaitDescription.Named(_queue));

        internal override object PersistOwner => _queue;

        public override string ToString() => "CoQueue.Get";
    }

    private sealed class PutSource : WaitSource
    {
        private readonly CoQueue<T> _queue;

        public PutSource(CoQueue<T> queue) => _queue = queue;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            T item = _queue._staged;
            _queue._staged = default!;
            _queue._stagedBy = null;
            _queue._hasStaged = false;
            if (_queue.TryPutCore(item))
            {
                return true;
            }

            _queue._putters.Enqueue(waiter, item);
            return false;
        }

        internal override void Remove(CoTask task) => _queue._putters.Remove(task);

        // Room appeared and the item went in, but the putter was cancelled (or interrupted) before it ran: as in asyncio,
        // whose put() had not put it yet, the item comes back out (its own entry, by the ticket it was handed) and the
        // next putter gets the room. An item a getter already took in the same instant stays delivered. A priority
        // queue's comparer that throws while the heap is rebuilt without the entry leaves the heap as it was, the item
        // in it, and the putter fails with that exception (CoTask.Detach).
        internal override void Abandon(CoTask task)
        {
            if (_queue._store.RemoveTicketed(task.PeekReceived<long>()))
            {
                _queue._unfinished--;
                _queue.AdmitPutter();
            }
        }

        internal override void Describe(Observe.WaitDescription description) => description.Set(Observe.WaitKind.QueuePut, _queue, Observe.WaitDescription.Named(_queue));

        internal override object PersistOwner => _queue;

        public override string ToString() => "CoQueue.Put";
    }

    private sealed class JoinSource : WaitSource
    {
        private readonly CoQueue<T> _queue;

        public JoinSource(CoQueue<T> queue) => _queue = queue;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (_queue._unfinished == 0)
            {
                return true;
            }

            _queue._joiners.Enqueue(waiter, false);
            return false;
        }

        internal override void Remove(CoTask task) => _queue._joiners.Remove(task);

        internal override void Describe(Observe.WaitDescription description) =>
            description.Set(Observe.WaitKind.QueueJoin, _queue, Observe.WaitDescription.Named(_queue) + ", " + _queue._unfinished + " unfinished");

        internal override object PersistOwner => _queue;

        public override string ToString() => "CoQueue.Join";
    }
}
