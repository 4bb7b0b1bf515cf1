using System;

namespace Engine;

// The future behind Co.WhenAny: listens to each child inline; the first to finish wins, whatever its outcome. Before the
// future completes, the losers are killed (a task's finally blocks have run, what it awaited is killed: CoTask.Kill)
// and it stops listening to them, so the waiter resumes with nothing of the race still running. A loser whose cleanup
// fails is reported by the loop like any failure nobody awaits.
//
// Cancelling it (directly, or by cancelling the task that waits for it) cancels every child, and it completes once they
// all have, with the first real error a child raised while being cancelled, so a failing cleanup is never lost.
internal sealed class WhenAnyFuture : Future<WhenAnyResult>, ICompletionListener
{
    private readonly Future[] _children;
    private int _remaining;
    private bool _cancelling;
    private string? _cancelMessage;
    private Exception? _cleanupError;

    public WhenAnyFuture(EventLoop loop, Future[] children)
        : base(loop)
    {
        _children = children;
        for (int i = 0; i < children.Length; i++)
        {
            if (children[i].IsDone)
            {
                Win(i);
                return;
            }
        }

        _remaining = children.Length;
        foreach (Future child in children)
        {
            child.AddWaiter(this, 0);
        }
    }

    public void OnCompleted(Future child)
    {
        _remaining--;
        if (_cancelling)
        {
            Exception? error = child.IsSucceeded ? null : child.GetFailureForWaiter();
            if (error is not null and not CancelledException)
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

        if (!IsDone)
        {
            Win(Array.IndexOf(_children, child));
        }
    }

    public override bool Cancel(string? message) => CancelChildren(immediate: false, message);

    internal override void CancelFromWaiter(bool immediate, string? message) => CancelChildren(immediate, message);

    protected override string Describe() => "WhenAny of " + _children.Length;

    private void Win(int index)
    {
        Future winner = _children[index];
        string reason = "Lost a WhenAny to " + winner + ".";
        for (int i = 0; i < _children.Length; i++)
        {
            Future loser = _children[i];
            if (i != index && !ReferenceEquals(loser, winner))
            {
                loser.RemoveWaiter(this);
                if (!loser.IsDone)
                {
                    loser.CancelFromWaiter(immediate: true, reason);
                }
            }
        }

        if (winner.IsSucceeded)
        {
            TrySetResult(new WhenAnyResult(index, winner));
        }
        else if (winner.IsCancelled)
        {
            winner.MarkExceptionObserved();
            TrySetCancelled(winner.CancelMessage);
        }
        else
        {
            TrySetException(winner.GetFailureForWaiter());
        }
    }

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
