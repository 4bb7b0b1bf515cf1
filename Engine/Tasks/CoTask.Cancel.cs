using System;
using System.Collections.Generic;

namespace Engine;

// Cancellation, kill and interruption: how a task stops waiting before its wait is over.
//
// Design: a task waits on at most one holder (_parkedOn). Cancelling it first asks that holder to cancel the work the
// task awaits (a task, a gather, any future, a task group's children); when there is such work the task stays parked
// and finishes once the work has (asyncio's rule), with the work's real failure if its cleanup failed, so no error is
// lost. Otherwise the task forgets its holder (a lock or queue takes back what it handed) and is disposed on its next
// step. Kill does the same at once: its frames' finally blocks have run when it returns. Interrupt (timeout scopes,
// task groups) raises an exception at the task's wait instead, unwinding to the frame that catches it. The descent from
// a task to the work it awaits goes through the loop's CancelPropagation, so a chain of any depth is cancelled without
// deep recursion: the public entries (Cancel, Kill) run what it deferred before they return, and a kill whose descent
// deferred anything finishes its task after it (KillCore).
public sealed partial class CoTask
{
    /// <summary>Requests cancellation (asyncio's <c>Task.cancel(msg)</c>). If the task waits for another task, a gather or a
    /// future, that is cancelled too, and this task finishes once it has; otherwise the task stops waiting and, on its
    /// next step (the next loop iteration), disposes its frames top-down, running every <c>finally</c>. Waiters then see
    /// <see cref="CancelledException"/> carrying <paramref name="message"/>. A task cancelled while it runs (it cancels
    /// itself) finishes when it next yields; if that yield waits for a task, a gather or a future, that is cancelled
    /// first and the task finishes once it has.</summary>
    /// <param name="message">The message for <see cref="CancelledException"/>, or <see langword="null"/> for the default one.</param>
    /// <returns><see langword="false"/> if the task was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    public override bool Cancel(string? message)
    {
        CancelPropagation cancels = Loop.Cancels;
        int deferred = cancels.Deferred;
        bool result = CancelCore(message);
        cancels.RunDeferred(deferred);
        return result;
    }

    private bool CancelCore(string? message)
    {
        if (IsDone)
        {
            return false;
        }

        Loop.CheckOwnerThread(this, "cancel");
        if ((_flags & CancelRequested) != 0)
        {
            return true;
        }

        RequestCancel(message);
        if ((_flags & (Stepping | Scheduled)) != 0)
        {
            return true;
        }

        if (_parkedOn is { } holder && holder.CancelAwaited(this, immediate: false, message))
        {
            return true;
        }

        if (Detach() is { } failure)
        {
            ChainPendingThrow(failure); // the task fails with it when it finishes (FinishCancelled)
        }

        Loop.EnqueueReady(this);
        return true;
    }

    /// <summary>Cancels the task at once: when this call returns, its frames have been disposed (every <c>finally</c> has
    /// run) and the task is cancelled, or failed if a <c>finally</c> threw. What it awaits is killed first, as
    /// <see cref="Future.Cancel(string)"/> would cancel it. For hosts and game code that must know cleanup is over (a
    /// destroyed object's scripts). Called from inside the task's own step (the task kills itself, or code it runs kills
    /// it), the task finishes as soon as that step yields, before any other task runs.</summary>
    /// <param name="message">The message for <see cref="CancelledException"/>, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> if the task was already done.</returns>
    /// <exception cref="InvalidOperationException">Called from a thread other than the one that owns the loop.</exception>
    public bool Kill(string? message = null)
    {
        CancelPropagation cancels = Loop.Cancels;
        int deferred = cancels.Deferred;
        bool result = KillCore(message);
        cancels.RunDeferred(deferred);
        return result;
    }

    private bool KillCore(string? message)
    {
        if (IsDone)
        {
            return false;
        }

        Loop.CheckOwnerThread(this, "kill");
        if ((_flags & Finishing) != 0)
        {
            return true;
        }

        if ((_flags & CancelRequested) == 0)
        {
            RequestCancel(message);
        }

        if ((_flags & Stepping) != 0)
        {
            (_rare ??= new Rare()).KillRequested = true;
            return true;
        }

        // Finishing from here on: killing what the task awaits can reach this task again (a gather that includes it, a
        // cycle of joins), and that inner Kill must leave the finishing to this one.
        _flags |= Finishing;
        if (_parkedOn is { } holder && (_flags & Woken) == 0)
        {
            CancelPropagation cancels = Loop.Cancels;
            int deferred = cancels.Deferred;
            holder.CancelAwaited(this, immediate: true, message);
            if (cancels.Deferred != deferred)
            {
                // The work is too deep to kill on this stack: it is killed later in this same call, and this task
                // finishes after it (Tasks/CancelPropagation.cs).
                cancels.DeferFinish(this);
                return true;
            }
        }

        FinishKill();
        return true;
    }

    // The end of a kill: the task's finally blocks run, as the task, and it completes.
    internal void FinishKill() => Loop.RunAs(this, static task => task.FinishCancelled());

    // A Kill is under way: the task's finally blocks run now, or it killed itself during its step and finishes when the
    // step yields.
    internal bool IsBeingKilled => (_flags & Finishing) != 0 || _rare is { KillRequested: true };

    internal override void CancelFromWaiter(bool immediate, string? message)
    {
        if (immediate)
        {
            KillCore(message);
        }
        else
        {
            CancelCore(message);
        }
    }

    // Raises error at the task's current wait (a timeout scope expired, a task group aborts its body). Work the task
    // awaits is cancelled first and the error is raised once it has finished; a real failure of that work travels on
    // instead. Frames unwind until one that catches: the scope or group that asked.
    internal void Interrupt(Exception error)
    {
        if (IsDone)
        {
            return;
        }

        Loop.Observer?.Interrupted(this, error);

        if ((_flags & Stepping) != 0)
        {
            if (!HasRealPendingFailure())
            {
                SetPendingThrow(error);
            }

            return;
        }

        if ((_flags & Scheduled) == 0 && _parkedOn is { } holder)
        {
            (_rare ??= new Rare()).Interrupt = error;
            _flags |= Interrupted;
            if (holder.CancelAwaited(this, immediate: false, message: null))
            {
                return;
            }

            _rare.Interrupt = null;
            _flags &= ~Interrupted;
        }

        ReportUnreadFailure("interrupted");
        bool keepPending = HasRealPendingFailure();
        Exception? failure = Detach();
        if (!keepPending)
        {
            SetPendingThrow(error);
        }

        if (failure is not null)
        {
            ChainPendingThrow(failure); // travels up the frames instead of the interrupt, which stays its context
        }

        if ((_flags & Scheduled) == 0)
        {
            Loop.EnqueueReady(this);
        }
    }

    // The task was cancelled during its own step (it cancelled itself, or code it ran did) and then yielded a wait for
    // work: a pending future of this loop, or the future of a Co.WaitFor that has not started. As asyncio's task does
    // with the future it blocks on, the work is cancelled and the task stays parked on it, finishing once the work has
    // (its finally blocks have run; a failure of its cleanup travels on). A kill kills the work at once and the task
    // finishes now. Returns true when the task parked on the work.
    private bool CancelWorkAfterStep(in Yield y)
    {
        if ((_flags & (CancelRequested | PendingThrow | Finishing)) != CancelRequested)
        {
            return false;
        }

        Future? work = y.Kind switch
        {
            YieldKind.Await or YieldKind.CatchAwait => y.Target as Future,
            YieldKind.From or YieldKind.Catch when y.Target is IWaitsForFuture child && CoroutineStart.IsFresh((IEnumerator<Yield>)child) => child.Awaited,
            _ => null,
        };
        if (work is null || work.IsDone || !ReferenceEquals(work.Loop, Loop) || ReferenceEquals(work, this))
        {
            return false;
        }

        string? message = _rare?.CancelMessage;
        if (_rare is { KillRequested: true })
        {
            Loop.Cancels.Work(work, immediate: true, message);
            return false;
        }

        _parkedOn = work;
        work.AddWaiter(this, ++_waitVersion);
        Loop.Cancels.Work(work, immediate: false, message);
        return true;
    }

    private void RequestCancel(string? message)
    {
        _flags |= CancelRequested;
        if (message is not null)
        {
            (_rare ??= new Rare()).CancelMessage = message;
        }

        Loop.Observer?.CancelRequested(this, message);
    }

    // The task stops waiting: every registration of its wait dies with the version, and its holder forgets it (taking
    // back what it handed, if it had woken it already). Taking back can run user code (a priority queue's comparer
    // places an item the task was handed, or rebuilds its heap without a withdrawn putter's item): what that code throws
    // is returned, and each caller delivers it as a failure of this task, so it never leaves the loop and is never lost.
    private Exception? Detach()
    {
        _waitVersion++;
        int flags = _flags;
        _flags = flags & ~(Woken | FailedWake | CatchingWait | Interrupted);
        if (_rare is { } rare)
        {
            rare.ThrowUnread = false; // the wake it marked is over
        }

        IWaitHolder? holder = _parkedOn;
        if (holder is not null)
        {
            _parkedOn = null;
            if ((flags & FailedWake) != 0)
            {
                return null; // woken with a failure: the holder gave nothing (a putter whose item it refused)
            }

            try
            {
                holder.Forget(this, woken: (flags & Woken) != 0);
            }
            catch (Exception error)
            {
                return error;
            }
        }

        return null;
    }

    // Cancellation: dispose the frames top-down. A failure the awaited work delivered but the task had not raised yet
    // (its cleanup failed while it was being cancelled) travels on; so does a finally block's exception, with the
    // earlier one as its context, and the cancellation itself at the end of that chain when nothing else was unwinding
    // (Python's __context__ of an exception raised in a finally during a CancelledError). Either makes the task fail
    // instead of being cancelled.
    private void FinishCancelled()
    {
        _flags |= Finishing;
        ReportUnreadFailure("cancelled");
        Exception? error = HasRealPendingFailure() ? _rare!.ThrowIntoTop : null;
        bool cleanupOnly = error is null;
        if ((_flags & PendingThrow) != 0)
        {
            _rare!.ThrowIntoTop = null;
            _flags &= ~PendingThrow;
        }

        if (Detach() is { } failure)
        {
            error = error is null ? failure : ExceptionContext.Combine(failure, error); // as a finally block that threw first
        }

        if (_top is not null)
        {
            DisposeChained(_top, ref error);
        }

        while (_rare is { StackCount: > 0 } rare)
        {
            Frame parent = rare.Stack![--rare.StackCount];
            rare.Stack[rare.StackCount] = default;
            DisposeChained(parent.Coroutine, ref error);
        }

        _flags &= ~Finishing;
        if (error is not null && cleanupOnly)
        {
            ExceptionContext.Attach(error, CreateCancelledException());
        }

        Complete(null, error, cancelled: error is null);
    }

    // The awaited work failed and a wake handed its failure to this task (to a catching wait's outcome, or to be raised
    // at a plain wait), but the task was cancelled (or interrupted: a timeout scope expired, its task group aborts)
    // before it stepped and read it. The cancel or interrupt wins, whether the wait catches or not (asyncio's rule: its
    // task's pending wake-up raises the CancelledError instead), and asyncio would drop that failure; here it goes to
    // the loop's exception handler, so it is not lost (a cancellation it never read is no failure: nothing to report).
    // A failure that arrives after the cancel or interrupt reached the work (its cleanup failed) is not unread: it
    // travels on (ApplyInterrupt, FinishCancelled).
    private void ReportUnreadFailure(string why)
    {
        if ((_flags & Woken) == 0 || _rare is not { } rare)
        {
            return;
        }

        Exception? unread;
        if (rare is { FailureUnread: true, ReceivedException: { } received } && received is not CancelledException)
        {
            unread = received;
            rare.FailureUnread = false;
            rare.ReceivedException = null;
        }
        else if (rare.ThrowUnread && (_flags & PendingThrow) != 0 && rare.ThrowIntoTop is { } pending && pending is not CancelledException)
        {
            unread = pending;
            rare.ThrowUnread = false;
            rare.ThrowIntoTop = null;
            _flags &= ~PendingThrow;
        }
        else
        {
            return;
        }

        Loop.Report(new LoopExceptionContext(
            "Task '" + Name + "' was " + why + " before it could receive this failure of what it awaited.",
            unread,
            this,
            Array.Empty<string>()));
    }

    // A pending exception that is a real failure, not a cancellation signal.
    private bool HasRealPendingFailure() => (_flags & PendingThrow) != 0 && _rare!.ThrowIntoTop is not CancelledException;

    // Raises error at the next step; an exception already pending stays reachable as its context.
    private void ChainPendingThrow(Exception error)
    {
        if ((_flags & PendingThrow) != 0 && _rare!.ThrowIntoTop is { } earlier)
        {
            error = ExceptionContext.Combine(error, earlier);
        }

        SetPendingThrow(error);
    }
}
