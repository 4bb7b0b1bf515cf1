using System;

namespace Engine.Simulation;

// A simulation event that happens when an engine future or task completes (SimEnvironment.FromFuture), so conditions
// can combine futures with simulation events. It listens inline and triggers itself with the future's outcome; the
// future's failure counts as retrieved once a process or condition receives it.
internal sealed partial class FutureEvent : SimEvent, ICompletionListener
{
    private Future _future; // set once: by the constructor, or by a restore (FutureEvent.Persist.cs)

    private FutureEvent(SimEnvironment env, Future future)
        : base(env)
    {
        _future = future;
    }

    public static FutureEvent Create(SimEnvironment env, Future future)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        if (!ReferenceEquals(future.Loop, env.Loop))
        {
            throw new ArgumentException("FromFuture was given " + future + ", which belongs to another event loop than the environment's.", nameof(future));
        }

        var e = new FutureEvent(env, future);
        if (future.IsDone)
        {
            e.OnCompleted(future);
        }
        else
        {
            future.AddWaiter(e, 0);
        }

        return e;
    }

    public void OnCompleted(Future future)
    {
        if (future.IsSucceeded)
        {
            Trigger(true, future.GetResultObjectUnchecked());
        }
        else
        {
            Trigger(false, future.IsFailed ? future.ExceptionUnobserved : future.GetFailureForWaiter());
        }
    }

    protected override string Describe() => "Event of " + _future;

    private protected override void OnFailureRetrieved() => _future.MarkExceptionObserved();

    private protected override void ReportUnhandled()
    {
        // The future's own failure tracking reports it if nobody retrieves it.
    }
}
