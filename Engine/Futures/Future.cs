using System;
using System.Runtime.ExceptionServices;

namespace Engine;

/// <summary>
/// A value that will be available later: the result or exception of an operation, or its cancellation.
/// A coroutine waits for one with <c>yield return future;</c>. This is the untyped base of
/// <see cref="Future{T}"/> and <see cref="CoTask"/>.
/// </summary>
/// <remarks>
/// <para>
/// Design: a future belongs to one <see cref="EventLoop"/> and is completed or cancelled only on the thread that owns
/// that loop (other threads hand work in through <see cref="EventLoop.Post(Action)"/>; doing it from another thread
/// throws at once). Waiting tasks are kept in registration order and woken in that order, so wake-ups are
/// deterministic. A single waiter is stored inline; more spill into a list. User callbacks always run later on the
/// loop, never inline inside the call that completed the future.
/// </para>
/// <para>
/// Cancelling a task that waits for a future cancels the future too (asyncio's rule), and the task finishes once the
/// future has; <see cref="Co.Shield(Future)"/> opts out. A failure nobody retrieves (by waiting, or by reading
/// <see cref="Exception"/> or the result) is reported to the loop's <see cref="EventLoop.ExceptionHandler"/> once it can
/// never be retrieved any more: when the future is garbage collected, or when the loop is closed.
/// </para>
/// </remarks>
public abstract partial class Future : IWaitHolder
{
    private readonly EventLoop _loop;
    private object? _waiters;           // null, one waiter (task, listener or callback), or an IndexedQueue<Waiter>
    private int _waiterVersion;         // the wait version of a single waiting task
    private protected object? _outcome; // the exception (failed) or the cancel message (cancelled); CoTask keeps its values here too
    private FutureState _state;
    private bool _exceptionObserved;
    private bool _startsWhenAwaited;   // OnFirstAwaited runs when the first waiter arrives (Co.Wait's timeout)

    /// <summary>Creates a pending future owned by <paramref name="loop"/>.</summary>
    /// <param name="loop">The owning loop.</param>
    protected Future(EventLoop loop)
    {
        if (loop is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(loop));
        }

        _loop = loop;
    }

    /// <summary>The loop this future belongs to.</summary>
    public EventLoop Loop => _loop;

    /// <summary>Pending, succeeded, failed or cancelled.</summary>
    public FutureState State => _state;

    /// <summary><see langword="true"/> once the future has a result, an exception or was cancelled.</summary>
    public bool IsDone => _state != FutureState.Pending;

    /// <summary><see langword="true"/> if the future was cancelled.</summary>
    public bool IsCancelled => _state == FutureState.Cancelled;

    /// <summary><see langword="true"/> if the future finished with a result.</summary>
    public bool IsSucceeded => _state == FutureState.Succeeded;

    /// <summary><see langword="true"/> if the future finished with an exception.</summary>
    public bool IsFailed => _state == FutureState.Failed;

    /// <summary>The exception the future failed with, or <see langword="null"/>. Reading it marks the exception as retrieved,
    /// so the loop will not report it as unhandled.</summary>
    public Exception? Exception
    {
        get
        {
            _exceptionObserved = true;
            return _state == FutureState.Failed ? (Exception)_outcome! : null;
        }
    }

    /// <summary>The result as an object (boxed for value types). Throws the failure, <see cref="CancelledException"/>
    /// if cancelled, or <see cref="InvalidOperationException"/> if not done yet.</summary>
    public object? ResultObject
    {
        get
        {
            ThrowIfFailed();
            return GetResultObject();
        }
    }

    /// <summary>The message given to <see cref="Cancel(string)"/> when the future was cancelled, or <see langword="null"/>.</summary>
    public string? CancelMessage => _state == FutureState.Cancelled ? _outcome as string : null;

    internal bool ExceptionObserved => _exceptionObserved;

    internal Exception? ExceptionUnobserved => _state == FutureState.Failed ? (Exception)_outcome! : null;

    internal bool HasWaiters => _waiters is not null;

    internal int WaiterCount => _waiters is IndexedQueue<Waiter> list ? list.Count : _waiters is null ? 0 : 1;

    /// <summary>Throws if the future is not done, failed (its exception, with its original stack trace) or was cancelled.</summary>
    public void ThrowIfFailed()
    {
        switch (_state)
        {
            case FutureState.Pending:
                ThrowHelper.ThrowInvalidOperation(Describe() + " is not done yet; wait for it with 'yield return' first.");
                break;
            case FutureState.Failed:
                _exceptionObserved = true;
                ExceptionDispatchInfo.Capture((Exception)_outcome!).Throw();
                break;
            case FutureState.Cancelled:
                throw CreateCancelledException();
        }
    }

    /// <summary>Cancels the future: it becomes done and its waiters see <see cref="CancelledException"/>.</summary>
    /// <returns><see langword="false"/> if it was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    public bool Cancel() => Cancel(null);

    /// <summary>Cancels the future with a message that its waiters' <see cref="CancelledException"/> carries (asyncio's
    /// <c>cancel(msg)</c>).</summary>
    /// <param name="message">The message, or <see langword="null"/> for the default one.</param>
    /// <returns><see langword="false"/> if it was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    public virtual bool Cancel(string? message) => TrySetCancelled(message);

    /// <summary>Runs <paramref name="callback"/> on the loop once this future is done (asyncio's <c>add_done_callback</c>).
    /// It never runs inline: if the future is already done, it is scheduled for the next loop iteration.</summary>
    /// <param name="callback">The callback; it receives this future.</param>
    public void OnCompleted(Action<Future> callback)
    {
        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        if (_state != FutureState.Pending)
        {
            ScheduleCallback(callback);
            return;
        }

        AddWaiter(callback, 0);
    }

    /// <summary>A short description for messages and traces.</summary>
    public override string ToString() => Describe() + " [" + _state + "]";

    /// <summary>A short name for messages: the type and, for tasks, the task name.</summary>
    protected virtual string Describe() => GetType().Name;

    /// <summary>The exception waiters receive when this future was cancelled: a new <see cref="CancelledException"/>
    /// carrying the cancel message.</summary>
    protected virtual CancelledException CreateCancelledException() =>
        _outcome is string message ? new CancelledException(message) : CancelledException.WithoutMessage(Describe() + " was cancelled.");

    /// <summary>The result as an object; called only when the future succeeded.</summary>
    protected abstract object? GetResultObject();

    /// <summary>Marks the future succeeded (the derived type has stored its result) and wakes its waiters.</summary>
    /// <returns><see langword="false"/> if it was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    protected bool TrySucceed()
    {
        if (_state != FutureState.Pending)
        {
            return false;
        }

        _loop.CheckOwnerThread(this, "complete");
        Finish(FutureState.Succeeded, _outcome);
        return true;
    }

    /// <summary>Marks the future failed with <paramref name="exception"/> and wakes its waiters.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="false"/> if it was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    protected bool TryFail(Exception exception)
    {
        if (exception is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(exception));
        }

        if (_state != FutureState.Pending)
        {
            return false;
        }

        _loop.CheckOwnerThread(this, "fail");
        Finish(FutureState.Failed, exception);
        return true;
    }

    /// <summary>Marks the future cancelled and wakes its waiters.</summary>
    /// <param name="message">The message its waiters' <see cref="CancelledException"/> carries, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> if it was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    protected bool TrySetCancelled(string? message = null)
    {
        if (_state != FutureState.Pending)
        {
            return false;
        }

        _loop.CheckOwnerThread(this, "cancel");
        Finish(FutureState.Cancelled, message);
        return true;
    }

    // Completes a pending future and wakes its waiters. For the engine's own completions, which run on the loop's
    // thread by construction (a task finishing in its step); the protected Try* methods check the thread first.
    private protected void Finish(FutureState state, object? outcome)
    {
        _outcome = outcome;
        _state = state;
        NotifyFinished(state);
    }

    // Finish in two halves, for a task whose end someone hears before its waiters (a simulation process: CoTask.Complete).
    private protected void SetFinishedOutcome(FutureState state, object? outcome)
    {
        if (outcome is null)
        {
            _outcome = null; // a process that returns nothing: a constant store, no GC write barrier
        }
        else
        {
            _outcome = outcome;
        }

        _state = state;
    }

    private protected void NotifyFinished(FutureState state)
    {
        object? waiters = _waiters;
        if (waiters is not null)
        {
            _waiters = null;
            NotifyAll(waiters);
        }

        if (state == FutureState.Failed && !_exceptionObserved)
        {
            _loop.TrackUnretrievedFailure(this);
        }
    }

    /// <summary>The exception a waiter receives: the failure, or a <see cref="CancelledException"/>. Marks it retrieved.</summary>
    internal Exception GetFailureForWaiter()
    {
        _exceptionObserved = true;
        return _state == FutureState.Failed ? (Exception)_outcome! : CreateCancelledException();
    }

    internal object? GetResultObjectUnchecked() => GetResultObject();

    internal void MarkExceptionObserved() => _exceptionObserved = true;

    // Hands this future's outcome to a task that waits for it, at once (the future was already done) or when it
    // completes: the result as a value (Future<T> without boxing), or the failure, which marks it retrieved.
    internal void HandOutcomeTo(CoTask task)
    {
        if (_state == FutureState.Succeeded)
        {
            HandResultTo(task);
        }
        else
        {
            task.ReceiveFailure(GetFailureForWaiter());
        }
    }

    private protected virtual void HandResultTo(CoTask task) => task.ReceiveObject(GetResultObject());

    // A task waiting for this future is being cancelled: cancel the future too (asyncio's rule). Overridden by
    // tasks (cancel or kill), gathers (cancel the children) and shields (cancel only the view).
    internal virtual void CancelFromWaiter(bool immediate, string? message) => Cancel(message);

    void IWaitHolder.Forget(CoTask task, bool woken)
    {
        if (!woken)
        {
            RemoveWaiter(task);
        }
    }

    // Whether cancelling this future could still change its outcome: not when it is done, nor when its work has all
    // finished and only its completion is on the way (a gather whose children are done; asyncio's gather.cancel()
    // returns False then). A task that awaits such a future and is cancelled is cancelled itself (CoTask.CancelCore).
    internal virtual bool CanCancelWork => !IsDone;

    bool IWaitHolder.CancelAwaited(CoTask task, bool immediate, string? message)
    {
        if (!CanCancelWork)
        {
            return false;
        }

        Loop.Cancels.Work(this, immediate, message);
        return true;
    }

    // A future whose work starts when something first waits for it, as an asyncio coroutine starts when its task first
    // steps it: the first waiter (a task's yield, a listener such as a gather, a callback) calls OnFirstAwaited once.
    private protected void StartWhenAwaited() => _startsWhenAwaited = true;

    private protected virtual void OnFirstAwaited()
    {
    }

    internal void AddWaiter(object target, int version)
    {
        object? waiters = _waiters;
        if (waiters is null)
        {
            _waiters = target;
            _waiterVersion = version;
            if (_startsWhenAwaited)
            {
                _startsWhenAwaited = false;
                OnFirstAwaited();
            }
        }
        else if (waiters is IndexedQueue<Waiter> list)
        {
            list.Enqueue(new Waiter(target, version));
        }
        else
        {
            list = new IndexedQueue<Waiter>(4);
            list.Enqueue(new Waiter(waiters, _waiterVersion));
            list.Enqueue(new Waiter(target, version));
            _waiters = list;
        }
    }

    // The first waiter of type T (a listener such as a TaskGroup's), or null: read by the live view, never on a hot path.
    internal T? FindWaiter<T>()
        where T : class
    {
        if (_waiters is IndexedQueue<Waiter> list)
        {
            for (int i = 0; i < list.Slots; i++)
            {
                if (list[i].Target is T found)
                {
                    return found;
                }
            }

            return null;
        }

        return _waiters as T;
    }

    /// <summary>Removes a waiter's entry eagerly (a cancelled or timed-out waiter), so nothing stale stays behind; O(1)
    /// amortized however many wait (IndexedQueue).</summary>
    internal void RemoveWaiter(object target)
    {
        if (ReferenceEquals(_waiters, target))
        {
            _waiters = null;
            return;
        }

        if (_waiters is IndexedQueue<Waiter> list)
        {
            list.Remove(target, out _);
        }
    }

    private void NotifyAll(object waiters)
    {
        if (waiters is IndexedQueue<Waiter> list)
        {
            while (list.Count > 0)
            {
                Waiter w = list.Dequeue();
                Notify(w.Target, w.Version);
            }
        }
        else
        {
            Notify(waiters, _waiterVersion);
        }
    }

    private void Notify(object target, int version)
    {
        switch (target)
        {
            case CoTask task:
                new ParkedTask(task, version).Deliver(this);
                break;
            case ICompletionListener listener:
                _loop.NotifyListener(this, listener); // inline, or queued when the stack is nearly full (a deep chain)
                break;
            case Action<Future> callback:
                ScheduleCallback(callback);
                break;
        }
    }

    private void ScheduleCallback(Action<Future> callback) => _loop.CallSoon(static state =>
    {
        var (f, cb) = ((Future, Action<Future>))state!;
        cb(f);
    }, (this, callback));

    private readonly struct Waiter : IQueueEntry
    {
        public readonly object Target;
        public readonly int Version;

        public Waiter(object target, int version)
        {
            Target = target;
            Version = version;
        }

        object? IQueueEntry.Key => Target;
    }
}
