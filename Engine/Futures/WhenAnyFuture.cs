using System;

namespace Engine;

// The future behind Co.WhenAny: listens to each child inline; the first to finish wins, whatever its outcome. Before the
// future completes, the losers are killed (a task's finally blocks have run, what it awaited is killed: CoTask.Kill)
// and it stops listening to them, so the waiter resumes with nothing of the race still running. A loser whose cleanup
// fails is reported by the loop like any failure nobody awaits.
//
// Listening and cancelling (every child cancelled, a failing cleanup never lost): ChildrenFuture.
internal sealed partial class WhenAnyFuture : ChildrenFuture<WhenAnyResult>
{
    public WhenAnyFuture(EventLoop loop, Future[] children)
        : base(loop, children)
    {
        for (int i = 0; i < children.Length; i++)
        {
            if (children[i].IsDone)
            {
                Win(i);
                return;
            }
        }

        Remaining = children.Length;
        foreach (Future child in children)
        {
            child.AddWaiter(this, 0);
        }
    }

    protected override void OnChildCompleted(Future child)
    {
        if (!IsDone)
        {
            Win(Array.IndexOf(Children, child));
        }
    }

    // The first child to finish wins, so one finished child settles it (its completion may still be on the way).
    protected override bool IsSettledByFinishedChildren()
    {
        foreach (Future child in Children)
        {
            if (child.IsDone)
            {
                return true;
            }
        }

        return false;
    }

    protected override string Describe() => "WhenAny of " + Children.Length;

    private void Win(int index)
    {
        Future winner = Children[index];
        string reason = "Lost a WhenAny to " + winner + ".";
        for (int i = 0; i < Children.Length; i++)
        {
            Future loser = Children[i];
            if (i != index && !ReferenceEquals(loser, winner))
            {
                loser.RemoveWaiter(this);
                if (!loser.IsDone)
                {
                    Loop.Cancels.Work(loser, immediate: true, reason);
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
}
