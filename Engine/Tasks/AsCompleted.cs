using System.Collections.Generic;

namespace Engine;

/// <summary>
/// Results in completion order (asyncio's <c>as_completed</c>): made by <see cref="Co.AsCompleted(IEnumerable{Future})"/>;
/// call <see cref="Next"/> <see cref="Count"/> times: <c>yield return ac.Next(); var r = Co.Result&lt;T&gt;();</c>. Each call
/// resumes with the result of the next future to finish, or raises its exception.
/// </summary>
/// <remarks>Design: the futures report inline to this object; finished ones wait in a FIFO until asked for, so the order
/// is exactly the completion order; this object is itself the listener in each future's waiter list, so a snapshot
/// saves it there. For an overall deadline, wrap the loop in a <see cref="TimeoutScope"/>.</remarks>
public sealed partial class AsCompleted : ICompletionListener
{
    private readonly EventLoop _loop;
    private readonly Queue<Future> _finished = new();
    private readonly Queue<MirrorFuture> _askers = new();
    private readonly int _count;
    private int _asked;

    internal AsCompleted(EventLoop loop, Future[] futures)
    {
        _loop = loop;
        _count = futures.Length;
        foreach (Future f in futures)
        {
            if (f.IsDone)
            {
                _finished.Enqueue(f);
            }
            else
            {
                f.AddWaiter(this, 0);
            }
        }
    }

    /// <summary>The number of futures.</summary>
    public int Count => _count;

    /// <summary>The number of results not yet asked for with <see cref="Next"/>.</summary>
    public int Remaining => _count - _asked;

    /// <summary>Waits for the next future to finish and resumes with its result (or raises its exception):
    /// <c>yield return ac.Next();</c>.</summary>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="System.InvalidOperationException">Every result was already asked for.</exception>
    public Yield Next()
    {
        if (_asked >= _count)
        {
            ThrowHelper.ThrowInvalidOperation("AsCompleted.Next() was called more than Count (" + _count + ") times.");
        }

        _asked++;
        if (_finished.Count > 0)
        {
            return Yield.Await(_finished.Dequeue());
        }

        var asker = new MirrorFuture(_loop, "AsCompleted.Next");
        _askers.Enqueue(asker);
        return Yield.Await(asker);
    }

    void ICompletionListener.OnCompleted(Future future)
    {
        while (_askers.Count > 0)
        {
            MirrorFuture asker = _askers.Dequeue();
            if (!asker.IsDone)
            {
                asker.Listen(future);
                return;
            }
        }

        _finished.Enqueue(future);
    }
}
