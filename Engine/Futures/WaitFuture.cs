using System.Collections.Generic;

namespace Engine;

// The future behind Co.Wait: listens to each child inline; when the mode is satisfied (or the timeout fires) it
// removes itself from every pending child's waiter list, so nothing stale remains, and completes with the sets.
// The timeout starts when something first waits for this future (the task that yields it, in that step), not when
// Co.Wait is called: asyncio's wait is a coroutine whose _wait calls call_later when the awaiting task first steps it.
internal sealed partial class WaitFuture : Future<WaitResult>, ICompletionListener
{
    private Future[] _futures; // set once, or by a restore (Engine/World)
    private readonly List<Future> _done;
    private readonly WaitMode _mode;
    private CallbackHandle? _timer;
    private double _timeout; // the timeout not yet started (nobody waits for this future yet); infinity once started or for none

    public WaitFuture(EventLoop loop, Future[] futures, WaitMode mode, double timeout)
        : base(loop)
    {
        _futures = futures;
        _mode = mode;
        _done = new List<Future>(futures.Length);
        foreach (Future f in futures)
        {
            if (f.IsDone)
            {
                _done.Add(f);
            }
        }

        if (IsSatisfied())
        {
            Finish();
            return;
        }

        foreach (Future f in futures)
        {
            if (!f.IsDone)
            {
                f.AddWaiter(this, 0);
            }
        }

        _timeout = timeout;
        if (!double.IsPositiveInfinity(timeout))
        {
            StartWhenAwaited();
        }
    }

    private protected override void OnFirstAwaited()
    {
        if (!IsDone && !double.IsPositiveInfinity(_timeout))
        {
            _timer = Loop.CallLater(System.Math.Max(0, _timeout), Finish);
        }

        _timeout = double.PositiveInfinity;
    }

    public void OnCompleted(Future future)
    {
        if (IsDone)
        {
            return;
        }

        _done.Add(future);
        if (IsSatisfied())
        {
            Finish();
        }
    }

    public override bool Cancel(string? message)
    {
        if (IsDone)
        {
            return false;
        }

        Unsubscribe();
        return TrySetCancelled(message);
    }

    // The futures waited for (Engine/Observe).
    internal Future[] Futures => _futures;

    protected override string Describe() => "Wait(" + _mode + ") of " + _futures.Length;

    private bool IsSatisfied()
    {
        if (_done.Count == _futures.Length)
        {
            return true;
        }

        if (_done.Count == 0)
        {
            return false;
        }

        return _mode switch
        {
            WaitMode.FirstCompleted => true,
            WaitMode.FirstException => _done[_done.Count - 1].IsFailed || HasFailure(),
            _ => false,
        };
    }

    private bool HasFailure()
    {
        foreach (Future f in _done)
        {
            if (f.IsFailed)
            {
                return true;
            }
        }

        return false;
    }

    private void Finish()
    {
        if (IsDone)
        {
            return;
        }

        Unsubscribe();
        var pending = new List<Future>();
        foreach (Future f in _futures)
        {
            if (!f.IsDone)
            {
                pending.Add(f);
            }
        }

        TrySetResult(new WaitResult(_done.ToArray(), pending.ToArray()));
    }

    private void Unsubscribe()
    {
        _timeout = double.PositiveInfinity;
        _timer?.Cancel();
        _timer = null;
        foreach (Future f in _futures)
        {
            if (!f.IsDone)
            {
                f.RemoveWaiter(this);
            }
        }
    }
}
