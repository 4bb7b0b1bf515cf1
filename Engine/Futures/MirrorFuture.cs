namespace Engine;

// A future that takes on another future's outcome. Used by Co.Shield (cancelling the mirror leaves the inner
// work running) and by AsCompleted (one mirror per Next() waiting for the next completion). A cancelled source's
// message passes through AsCompleted's mirrors (asyncio's as_completed re-raises the source's error) but not through a
// shield (asyncio's shield cancels its outer future without a message), so which of the two a mirror is decides it.
internal sealed partial class MirrorFuture : Future<object?>, ICompletionListener
{
    internal const string ShieldName = "Shield";
    internal const string AsCompletedName = "AsCompleted.Next";

    private readonly string _what;
    private readonly bool _passesCancelMessage;
    private Future? _source;

    public MirrorFuture(EventLoop loop, string what)
        : base(loop)
    {
        _what = what;
        _passesCancelMessage = what != ShieldName;
    }

    public void Listen(Future source)
    {
        _source = source;
        if (source.IsDone)
        {
            OnCompleted(source);
        }
        else
        {
            source.AddWaiter(this, 0);
        }
    }

    public void OnCompleted(Future future)
    {
        if (IsDone)
        {
            return;
        }

        if (future.IsSucceeded)
        {
            TrySetResult(future.GetResultObjectUnchecked());
        }
        else if (future.IsCancelled)
        {
            TrySetCancelled(_passesCancelMessage ? future.CancelMessage : null);
        }
        else
        {
            TrySetException(future.GetFailureForWaiter());
        }
    }

    public override bool Cancel(string? message)
    {
        if (IsDone)
        {
            return false;
        }

        // Shield: the inner work keeps running; only this view of it is cancelled.
        _source?.RemoveWaiter(this);
        return TrySetCancelled(message);
    }

    // The future mirrored (Engine/Observe).
    internal Future? Source => _source;

    // "Shield of <source>": the source's ToString, which for a mirror of a mirror is its own Describe, so a chain of
    // shields is described by a loop (prefixes down the chain, then the states back up) rather than a recursion as
    // deep as the chain; the text is what the recursion would write.
    protected override string Describe()
    {
        if (_source is not MirrorFuture)
        {
            return _what + (_source is null ? string.Empty : " of " + _source);
        }

        var text = new System.Text.StringBuilder();
        var states = new System.Collections.Generic.Stack<FutureState>();
        MirrorFuture mirror = this;
        text.Append(_what).Append(" of ");
        while (mirror._source is MirrorFuture inner)
        {
            text.Append(inner._what);
            states.Push(inner.State);
            if (inner._source is null)
            {
                break;
            }

            text.Append(" of ");
            mirror = inner;
        }

        if (mirror._source is { } last and not MirrorFuture)
        {
            text.Append(last);
        }

        while (states.Count > 0)
        {
            text.Append(" [").Append(states.Pop()).Append(']');
        }

        return text.ToString();
    }
}
