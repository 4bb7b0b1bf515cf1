using System.Collections.Generic;

namespace Engine;

/// <summary>
/// Results in completion order (asyncio's <c>as_completed</c>): made by <see cref="Co.AsCompleted(IEnumerable{Future})"/>;
/// call <see cref="Next"/> <see cref="Count"/> times: <c>yield return ac.Next(); var r = Co.Result&lt;T&gt;();</c>. Each call
/// resumes with the result of the next future to finish, or raises its exception.
/// </summary>
/// <remarks>Design: the futures report inline to this object; finished ones wait in a FIFO until asked for, so the order
/// is exactly the completion order; this object is itself the listener in each future's waiter list, so a snapshot
/// saves it there. An overall timeout (<see cref="Co.AsCompleted(IEnumerable{Future}, double)"/>) starts at the first
/// <see cref="Next"/>, where asyncio's <c>as_completed</c> generator runs its body (its first <c>next()</c>); when it
/// passes, this object stops listening, and each result not finished by then raises <see cref="System.TimeoutException"/>
/// (those finished before are still delivered first, as asyncio's queue holds them ahead of its timeout markers).</remarks>
public sealed partial class AsCompleted : ICompletionListener
{
    private readonly EventLoop _loop;
    private readonly Queue<Future> _finished = new();
    private readonly Queue<MirrorFuture> _askers = new();
    private readonly int _count;
    private int _asked;
    private int _completed;          // futures done: before this object was made, or reported to it since
    private Future[] _futures;
    private double _timeout;         // not started yet: infinity once started, or for none
    private CallbackHandle? _timer;
    private bool _timedOut;
    private List<Future>? _arrived;  // completions on their way through the callback queue while the timeout runs

    internal AsCompleted(EventLoop loop, Future[] futures, double timeout = double.PositiveInfinity)
    {
        _loop = loop;
        _count = futures.Length;
        _futures = futures;
        _timeout = timeout;
        foreach (Future f in futures)
        {
            if (f.IsDone)
            {
                _finished.Enqueue(f);
                _completed++;
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
        if (!double.IsPositiveInfinity(_timeout))
        {
            StartTimeout();
        }

        if (_finished.Count > 0)
        {
            return Yield.Await(_finished.Dequeue());
        }

        var asker = new MirrorFuture(_loop, MirrorFuture.AsCompletedName);
        if (_timedOut)
        {
            asker.TrySetException(TimedOut());
            return Yield.Await(asker);
        }

        _askers.Enqueue(asker);
        return Yield.Await(asker);
    }

    void ICompletionListener.OnCompleted(Future future)
    {
        if (_timer is not null)
        {
            // While the timeout runs, a completion arrives through the callback queue, as asyncio's _on_completion is a
            // done-callback: a timeout due in the same iteration (its timer already fired, or fires with the one that
            // completed the future) comes first, and the result is not delivered.
            _arrived ??= new List<Future>();
            _arrived.Add(future);
            if (_arrived.Count == 1)
            {
                _loop.CallSoon(DeliverArrived);
            }

            return;
        }

        Deliver(future);
    }

    private void DeliverArrived()
    {
        if (_arrived is not { Count: > 0 } arrived)
        {
            return;
        }

        Future[] batch = arrived.ToArray();
        arrived.Clear();
        if (_timedOut)
        {
            return;
        }

        foreach (Future future in batch)
        {
            Deliver(future);
        }
    }

    private void Deliver(Future future)
    {
        if (++_completed == _count)
        {
            _timer?.Cancel();
            _timer = null;
        }

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

    // The first Next: the timeout starts now, if some future is still running.
    private void StartTimeout()
    {
        double timeout = _timeout;
        _timeout = double.PositiveInfinity;
        foreach (Future f in _futures)
        {
            if (!f.IsDone)
            {
                _timer = _loop.CallLater(System.Math.Max(0, timeout), OnTimeout);
                return;
            }
        }
    }

    // The timeout passed: stop listening; every asker waiting now, and every later one past the finished results, raises.
    private void OnTimeout()
    {
        _timer = null;
        _timedOut = true;
        foreach (Future f in _futures)
        {
            if (!f.IsDone)
            {
                f.RemoveWaiter(this);
            }
        }

        while (_askers.Count > 0)
        {
            _askers.Dequeue().TrySetException(TimedOut());
        }
    }

    private static System.TimeoutException TimedOut() => new("Co.AsCompleted timed out before this result was done.");
}
