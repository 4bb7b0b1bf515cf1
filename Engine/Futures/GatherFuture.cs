using System;

namespace Engine;

// The future behind Co.Gather: listens to each child inline (no delegate, no extra iteration) and completes with the
// results in argument order, or with the first failure (the other children keep running, as asyncio's do).
//
// Cancelling it (directly, or by cancelling a task that waits for it) cancels every child that is not done, and the
// gather completes once they all have: cancelled, or failed with the first real error a child raised while being
// cancelled, so a failing cleanup is never lost. Every child's exception is retrieved, even after the gather is done.
internal sealed class GatherFuture : Future<object?[]>, ICompletionListener
{
    private readonly Future[] _children;
    private readonly bool _returnExceptions;
    private int _remaining;
    private bool _cancelling;
    private string? _cancelMessage;
    private Exception? _cleanupError;

    public GatherFuture(EventLoop loop, Future[] children, bool returnExceptions)
        : base(loop)
    {
        _children = children;
        _returnExceptions = returnExceptions;
        _remaining = children.Length;
        if (_remaining == 0)
        {
            SetResult(Array.Empty<object?>());
            return;
        }

        foreach (Future child in children)
        {
            if (child.IsDone)
            {
                OnCompleted(child);
            }
            else
            {
                child.AddWaiter(this, 0);
            }
        }
    }

    public void OnCompleted(Future child)
    {
        _remaining--;
        Exception? error = child.IsSucceeded ? null : child.GetFailureForWaiter();
        if (_cancelling)
        {
            if (error is not null && error is not CancelledException)
            {
                if (_cleanupError is not null)
                {
                    ExceptionContext.Attach(error, _cleanupError);
                }

                _cleanupError = error;
            }

            if (_remaining == 0)
            {
                FinishCancelling();
            }

            return;
        }

        if (error is not null && !_returnExceptions)
        {
            TrySetException(error);
        }

        if (_remaining == 0 && !IsDone)
        {
            var results = new object?[_children.Length];
            for (int i = 0; i < _children.Length; i++)
            {
                Future c = _children[i];
                results[i] = c.IsSucceeded ? c.GetResultObjectUnchecked() : c.GetFailureForWaiter();
            }

            TrySetResult(results);
        }
    }

    public override bool Cancel(string? message) => CancelChildren(immediate: false, message);

    internal override void CancelFromWaiter(bool immediate, string? message) => CancelChildren(immediate, message);

    // The futures and tasks gathered (Engine/Observe: a waiter of the gather is blocked by the unfinished ones).
    internal Future[] Children => _children;

    protected override string Describe() => "Gather of " + _children.Length;

    private bool CancelChildren(bool immediate, string? message)
    {
        if (IsDone || _cancelling)
        {
            return !IsDone;
        }

        _cancelling = true;
        _cancelMessage = message;
        foreach (Future child in _children)
        {
            if (!child.IsDone)
            {
                child.CancelFromWaiter(immediate, message);
            }
        }

        if (_remaining == 0)
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
