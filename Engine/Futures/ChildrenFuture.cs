using System;

namespace Engine;

// The shared shape of the futures that wait on several children inline (GatherFuture, WhenAnyFuture): each child calls
// OnCompleted when it finishes, with no delegate and no extra iteration. What a finished child means is the derived
// future's (OnChildCompleted); cancelling is the same for all of them and lives here.
//
// Cancelling one (directly, or by cancelling the task that waits for it) cancels every child that is not done, and it
// completes once they all have: cancelled, or failed with the first real error a child raised while being cancelled
// (later ones attached to it as context), so a failing cleanup is never lost. Once every child has finished there is
// nothing to cancel (their completions may still be on the way, when a listener notified before this one cancels): the
// cancel returns false and the outcome stands, and a task cancelled while it awaits such a future is cancelled itself.
internal abstract partial class ChildrenFuture<T> : Future<T>, ICompletionListener
{
    private Future[] _children; // set once, or by a restore (Engine/World)
    private bool _cancelling;
    private string? _cancelMessage;
    private Exception? _cleanupError;
    private Future[]? _finishedBeforeCancel; // children done when the cancel came whose completions had not arrived

    protected ChildrenFuture(EventLoop loop, Future[] children)
        : base(loop)
    {
        _children = children;
    }

    // The futures and tasks waited on (Engine/Observe: a waiter is blocked by the unfinished ones).
    internal Future[] Children => _children;

    // Children not finished yet; the derived constructor sets it before it listens.
    protected int Remaining { get; set; }

    public void OnCompleted(Future child)
    {
        Remaining--;
        if (!_cancelling)
        {
            OnChildCompleted(child);
            return;
        }

        if (_finishedBeforeCancel is { } before && Array.IndexOf(before, child) >= 0)
        {
            // It finished before the cancel and its completion was on the way: its outcome is no cleanup failure.
            OnChildFinishedBeforeCancel(child);
            if (Remaining == 0)
            {
                FinishCancelling();
            }

            return;
        }

        Exception? error = child.IsSucceeded ? null : child.GetFailureForWaiter();
        if (error is not null and not CancelledException)
        {
            _cleanupError = _cleanupError is null ? error : ExceptionContext.Combine(error, _cleanupError);
        }

        if (Remaining == 0)
        {
            FinishCancelling();
        }
    }

    public override bool Cancel(string? message)
    {
        CancelPropagation cancels = Loop.Cancels;
        int deferred = cancels.Deferred;
        bool result = CancelChildren(immediate: false, message);
        cancels.RunDeferred(deferred);
        return result;
    }

    internal override void CancelFromWaiter(bool immediate, string? message) => CancelChildren(immediate, message);

    internal override bool CanCancelWork => !IsDone && (_cancelling || !IsSettledByFinishedChildren());

    // A child finished while nobody cancels this future (Remaining already counts it).
    protected abstract void OnChildCompleted(Future child);

    // A child that had finished before this future was cancelled reports in while it cancels (Remaining already counts
    // it); this future still ends cancelled unless the override completes it.
    protected virtual void OnChildFinishedBeforeCancel(Future child)
    {
    }

    // Whether the outcome is settled by children that have finished, so that a cancel can change nothing: by default
    // once all have (a gather); a when-any once one has.
    protected virtual bool IsSettledByFinishedChildren()
    {
        foreach (Future child in _children)
        {
            if (!child.IsDone)
            {
                return false;
            }
        }

        return true;
    }

    private bool CancelChildren(bool immediate, string? message)
    {
        if (IsDone || _cancelling)
        {
            return !IsDone;
        }

        if (IsSettledByFinishedChildren())
        {
            // The children that settle it have finished and their completions are on the way to this future (a
            // listener notified before it cancelled): nothing is left to cancel, so the outcome they carry stands, as
            // asyncio's gather.cancel() returns False once its children are done.
            return false;
        }

        _cancelling = true;
        _cancelMessage = message;
        int finished = 0;
        foreach (Future child in _children)
        {
            if (child.IsDone)
            {
                finished++;
            }
        }

        if (finished > _children.Length - Remaining)
        {
            // Some finished children have not reported in yet.
            _finishedBeforeCancel = new Future[finished];
            finished = 0;
            foreach (Future child in _children)
            {
                if (child.IsDone)
                {
                    _finishedBeforeCancel[finished++] = child;
                }
            }
        }

        foreach (Future child in _children)
        {
            if (!child.IsDone)
            {
                Loop.Cancels.Work(child, immediate, message);
            }
        }

        if (Remaining == 0)
        {
            FinishCancelling();
        }

        return true;
    }

    private void FinishCancelling()
    {
        if (_cleanupError is not null)
        {
            TrySetException(_cleanupError);
        }
        else
        {
            TrySetCancelled(_cancelMessage);
        }
    }
}
