using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;

namespace Engine;

/// <summary>
/// A value that will be available later: the result or exception of an operation, or its cancellation.
/// A coroutine waits for one with <c>yield return future;</c>. This is the untyped base of
/// <see cref="Future{T}"/> and <see cref="CoTask"/>.
/// </summary>
/// <remarks>
/// Design: a future belongs to one <see cref="EventLoop"/> and is touched only on that loop's thread
/// (other threads hand work in through <see cref="EventLoop.Post(Action)"/>). Waiting tasks are kept
/// in registration order and woken in that order, so wake-ups are deterministic. A single waiter is
/// stored inline; more spill into a list. User callbacks always run later on the loop, never inline
/// inside the call that completed the future.
/// </remarks>
public abstract class Future
{
    private readonly EventLoop _loop;
    private object? _waiter0;
    private int _waiterVersion0;
    private List<Waiter>? _waiters;
    private Exception? _exception;
    private FutureState _state;
    private bool _exceptionObserved;

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
            return _exception;
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

    internal bool ExceptionObserved => _exceptionObserved;

    internal Exception? ExceptionUnobserved => _exception;

    /// <summary>The exception a waiter receives: the failure, or a <see cref="CancelledException"/>. Marks it retrieved.</summary>
    internal Exception GetFailureForWaiter()
    {
        _exceptionObserved = true;
        return _state == FutureState.Failed ? _exception! : CreateCancelledException();
    }

    internal object? GetResultObjectUnchecked() => GetResultObject();

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
                ExceptionDispatchInfo.Capture(_exception!).Throw();
                break;
            case FutureState.Cancelled:
                throw CreateCancelledException();
        }
    }

    /// <summary>Cancels the future: it becomes done and its waiters see <see cref="CancelledException"/>.</summary>
    /// <returns><see langword="false"/> if it was already done.</returns>
    public virtual bool Cancel() => TrySetCancelled();

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

    /// <summary>The exception waiters receive when this future was cancelled.</summary>
    protected virtual CancelledException CreateCancelledException() => new(Describe() + " was cancelled.");

    /// <summary>The result as an object; called only when the future succeeded.</summary>
    protected abstract object? GetResultObject();

    /// <summary>Marks the future succeeded (the derived type has stored its result) and wakes its waiters.</summary>
    /// <returns><see langword="false"/> if it was already done.</returns>
    protected bool TrySucceed()
    {
        if (_state != FutureState.Pending)
        {
            return false;
        }

        _state = FutureState.Succeeded;
        OnDone();
        return true;
    }

    /// <summary>Marks the future failed with <paramref name="exception"/> and wakes its waiters.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns><see langword="false"/> if it was already done.</returns>
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

        _exception = exception;
        _state = FutureState.Failed;
        OnDone();
        return true;
    }

    /// <summary>Marks the future cancelled and wakes its waiters.</summary>
    /// <returns><see langword="false"/> if it was already done.</returns>
    protected bool TrySetCancelled()
    {
        if (_state != FutureState.Pending)
        {
            return false;
        }

        _state = FutureState.Cancelled;
        OnDone();
        return true;
    }

    internal void MarkExceptionObserved() => _exceptionObserved = true;

    internal bool HasWaiters => _waiter0 is not null || (_waiters is not null && _waiters.Count > 0);

    internal void AddWaiter(object target, int version)
    {
        if (_waiter0 is null && (_waiters is null || _waiters.Count == 0))
        {
            _waiter0 = target;
            _waiterVersion0 = version;
            return;
        }

        _waiters ??= new List<Waiter>(4);
        _waiters.Add(new Waiter(target, version));
    }

    /// <summary>Removes a waiting task's entry eagerly (cancelled or timed-out waiter), so nothing stale stays behind.</summary>
    internal void RemoveWaiter(object target)
    {
        if (ReferenceEquals(_waiter0, target))
        {
            _waiter0 = null;
            return;
        }

        if (_waiters is not null)
        {
            for (int i = 0; i < _waiters.Count; i++)
            {
                if (ReferenceEquals(_waiters[i].Target, target))
                {
                    _waiters.RemoveAt(i);
                    return;
                }
            }
        }
    }

    internal int WaiterCount => (_waiter0 is null ? 0 : 1) + (_waiters?.Count ?? 0);

    private void OnDone()
    {
        bool hadWaiters = HasWaiters;
        if (_waiter0 is not null)
        {
            object target = _waiter0;
            _waiter0 = null;
            Notify(target, _waiterVersion0);
        }

        if (_waiters is not null)
        {
            // Notify may add waiters (a listener reacting); index loop tolerates growth.
            for (int i = 0; i < _waiters.Count; i++)
            {
                Waiter w = _waiters[i];
                Notify(w.Target, w.Version);
            }

            _waiters.Clear();
        }

        OnDoneCore(hadWaiters);
    }

    /// <summary>Called after waiters were notified; <see cref="CoTask"/> uses it to report unhandled failures.</summary>
    private protected virtual void OnDoneCore(bool hadWaiters)
    {
    }

    private void Notify(object target, int version)
    {
        switch (target)
        {
            case CoTask task:
                task.WakeFromFuture(this, version);
                break;
            case ICompletionListener listener:
                listener.OnCompleted(this);
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

    private readonly struct Waiter
    {
        public readonly object Target;
        public readonly int Version;

        public Waiter(object target, int version)
        {
            Target = target;
            Version = version;
        }
    }
}
