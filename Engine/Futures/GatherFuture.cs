using System;

namespace Engine;

// The future behind Co.Gather: listens to each child inline (no delegate, no extra iteration) and
// completes with the results in argument order, or with the first failure.
internal sealed class GatherFuture : Future<object?[]>, ICompletionListener
{
    private readonly Future[] _children;
    private readonly bool _returnExceptions;
    private int _remaining;

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
        if (!child.IsSucceeded)
        {
            // Gather retrieves every child's exception, as asyncio's does, so none is reported as unhandled.
            Exception error = child.GetFailureForWaiter();
            if (!_returnExceptions)
            {
                TrySetException(error);
            }
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

    public override bool Cancel()
    {
        if (IsDone)
        {
            return false;
        }

        foreach (Future child in _children)
        {
            child.Cancel();
        }

        return TrySetCancelled();
    }

    protected override string Describe() => "Gather of " + _children.Length;
}
