using System;

namespace Engine;

// The future behind Co.Gather: completes with the children's results in argument order, or with the first failure (the
// other children keep running, as asyncio's do). A child's failure is retrieved when the gather delivers it (as its
// failure, or in its results); one that arrives after the gather has finished with an earlier failure is not retrieved
// (asyncio marks it retrieved and drops it): nobody received it, so it reaches the loop's exception handler once it can
// never be retrieved, unless the child's owner reads it first. Listening and cancelling: ChildrenFuture.
internal sealed partial class GatherFuture : ChildrenFuture<object?[]>
{
    private readonly bool _returnExceptions;

    public GatherFuture(EventLoop loop, Future[] children, bool returnExceptions)
        : base(loop, children)
    {
        _returnExceptions = returnExceptions;
        Remaining = children.Length;
        if (Remaining == 0)
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

    protected override void OnChildCompleted(Future child)
    {
        if (IsDone)
        {
            return;
        }

        Exception? error = child.IsSucceeded ? null : child.GetFailureForWaiter();
        if (error is not null && !_returnExceptions)
        {
            TrySetException(error);
        }

        if (Remaining == 0 && !IsDone)
        {
            Future[] children = Children;
            var results = new object?[children.Length];
            for (int i = 0; i < children.Length; i++)
            {
                Future c = children[i];
                results[i] = c.IsSucceeded ? c.GetResultObjectUnchecked() : c.GetFailureForWaiter();
            }

            TrySetResult(results);
        }
    }

    // Cancelled after a child had failed but before its failure reached this gather: failing fast, the gather fails with
    // it (asyncio's done-callback sets the outer future's exception though a cancel was asked); gathering exceptions,
    // it is one of the results the cancel discards.
    protected override void OnChildFinishedBeforeCancel(Future child)
    {
        if (!_returnExceptions && !child.IsSucceeded && !IsDone)
        {
            TrySetException(child.GetFailureForWaiter());
        }
    }

    protected override string Describe() => "Gather of " + Children.Length;
}
