namespace Engine;

/// <summary>
/// A mutual-exclusion lock for coroutines (asyncio's <c>Lock</c>): <c>yield return myLock.Acquire();</c> then release it in
/// a <c>finally</c> block. Waiters acquire it in the order they asked (FIFO-fair): a release hands the lock straight
/// to the first waiter, so no later arrival can barge in.
/// </summary>
/// <remarks>
/// Design: waiting allocates nothing; the waiter FIFO is a reusable ring buffer and the task parks on the lock itself.
/// A cancelled or timed-out waiter is removed at once; a waiter that was handed the lock but cancelled before it ran
/// passes it on. Unlike asyncio, the lock remembers its owner: releasing it from another task throws, which catches
/// the classic unbalanced-release bug.
/// </remarks>
public sealed partial class CoLock
{
    private readonly WaitList<CoCondition?> _waiters = new();
    private readonly AcquireSource _source;
    private readonly Yield _acquire;
    private EventLoop? _loop;
    private CoTask? _owner;
    private CoCondition? _ownerCondition;

    /// <summary>Creates an unlocked lock. It binds to the loop of its first use.</summary>
    public CoLock()
    {
        _source = new AcquireSource(this);
        _acquire = Yield.Create(YieldKind.Wait, 0, _source);
    }

    /// <summary><see langword="true"/> while some task holds the lock.</summary>
    public bool IsLocked => _owner is not null;

    /// <summary>The task holding the lock, or <see langword="null"/>.</summary>
    public CoTask? Owner => _owner;

    /// <summary>The number of tasks waiting to acquire the lock.</summary>
    public int WaiterCount => _waiters.Count;

    internal WaitSource Source => _source;

    /// <summary>Waits until the lock is free and takes it: <c>yield return myLock.Acquire();</c>. It does not suspend when the
    /// lock is free and nobody waits.</summary>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="System.InvalidOperationException">Called outside a running coroutine, or from another loop.</exception>
    public Yield Acquire()
    {
        CoTask task = SyncHelper.RequireTask(ref _loop, "CoLock.Acquire()");
        if (ReferenceEquals(_owner, task))
        {
            ThrowHelper.ThrowInvalidOperation("Task '" + task.Name + "' already holds this CoLock; it is not reentrant, so acquiring it again would deadlock.");
        }

        return _acquire;
    }

    /// <summary>Takes the lock if it is free and nobody waits for it, without suspending.</summary>
    /// <returns><see langword="true"/> if the calling task now holds the lock.</returns>
    public bool TryAcquire()
    {
        CoTask task = SyncHelper.RequireTask(ref _loop, "CoLock.TryAcquire()");
        if (_owner is null && _waiters.Count == 0)
        {
            _owner = task;
            return true;
        }

        return false;
    }

    /// <summary>Releases the lock, handing it to the longest waiting task if there is one.</summary>
    /// <exception cref="System.InvalidOperationException">The lock is not held, or is held by another task.</exception>
    public void Release()
    {
        CoTask? task = EventLoop.Current?.CurrentTaskOnLoopThread;
        if (_owner is null)
        {
            ThrowHelper.ThrowInvalidOperation("CoLock.Release() was called, but the lock is not held.");
        }

        if (!ReferenceEquals(_owner, task))
        {
            ThrowHelper.ThrowInvalidOperation("CoLock.Release() was called by " + (task is null ? "code outside any task" : "task '" + task.Name + "'") +
                ", but the lock is held by task '" + _owner.Name + "'. Only the holder may release it.");
        }

        ReleaseCore();
    }

    /// <inheritdoc/>
    public override string ToString() => "CoLock [" + (_owner is null ? "unlocked" : "held by '" + _owner.Name + "'") + ", " + _waiters.Count + " waiting]";

    internal bool IsOwnedBy(CoTask task) => ReferenceEquals(_owner, task);

    internal void ReleaseCore()
    {
        while (_waiters.Count > 0)
        {
            WaitList<CoCondition?>.Entry e = _waiters.Dequeue();
            _owner = e.Task;
            _ownerCondition = e.Value;
            if (e.Waiter.Wake(WakeCause.Source))
            {
                return;
            }
        }

        _owner = null;
        _ownerCondition = null;
    }

    // Acquire for task now, or queue it; a condition variable passes itself so a cancelled waiter is excused.
    internal bool AcquireOrEnqueue(ParkedTask waiter, CoCondition? condition)
    {
        if (_owner is null && _waiters.Count == 0)
        {
            _owner = waiter.Task;
            _ownerCondition = condition;
            return true;
        }

        _waiters.Enqueue(waiter, condition);
        return false;
    }

    private sealed class AcquireSource : WaitSource
    {
        private readonly CoLock _lock;

        public AcquireSource(CoLock owner) => _lock = owner;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter) => _lock.AcquireOrEnqueue(waiter, null);

        internal override void Remove(CoTask task)
        {
            if (_lock._waiters.Remove(task, out CoCondition? condition))
            {
                condition?.Excuse(task);
            }
        }

        internal override void Abandon(CoTask task)
        {
            if (ReferenceEquals(_lock._owner, task))
            {
                if (_lock._ownerCondition is not null && !task.IsCancelRequested)
                {
                    // A condition waiter handed the lock back, then interrupted (a timeout scope, a task group): it
                    // unwinds the block that holds the lock, whose finally releases it.
                    return;
                }

                _lock._ownerCondition?.Excuse(task);
                _lock.ReleaseCore();
            }
        }

        // A condition waiter interrupted while it waits to take the lock back keeps waiting for it (CoCondition).
        internal override bool CancelAwaited(CoTask task, bool immediate, string? message)
        {
            int i = immediate || task.IsCancelRequested ? -1 : _lock._waiters.IndexOf(task);
            return i >= 0 && _lock._waiters.EntryAt(i).Value is not null;
        }

        internal override void Describe(Observe.WaitDescription description) =>
            description.Set(Observe.WaitKind.Lock, _lock, _lock.ToString()).BlockedBy(_lock._owner);

        internal override object PersistOwner => _lock;

        public override string ToString() => "CoLock.Acquire";
    }
}
