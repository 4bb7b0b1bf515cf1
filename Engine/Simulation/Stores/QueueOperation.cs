using System;

namespace Engine.Simulation;

/// <summary>
/// A put or get on a store, container or resource pool (SimPy's <c>Put</c> and <c>Get</c> events): an event that happens
/// when the operation is done. Wait for it with <c>yield return op;</c>; withdraw it with <see cref="Cancel"/> (or
/// <c>using</c>, which cancels it if it is still waiting); combine it with a timeout in an any-of.
/// </summary>
public abstract partial class QueueOperation : SimEvent, IDisposable
{
    private IOperationQueue _queue;
    private bool _cancelled;

    private protected QueueOperation(SimEnvironment env, IOperationQueue queue)
        : base(env)
    {
        _queue = queue;
        Time = env.Now;
    }

    /// <summary>The simulated time the operation was made.</summary>
    public double Time { get; private set; }

    /// <summary><see langword="true"/> once the operation was withdrawn before it was done.</summary>
    public bool IsCancelled => _cancelled;

    /// <summary>Withdraws the operation if it is still waiting (SimPy's <c>cancel</c>); does nothing once it is done.
    /// A process that waits for a cancelled operation fails with <see cref="InvalidOperationException"/>.</summary>
    public void Cancel()
    {
        if (!IsTriggered && !_cancelled)
        {
            _cancelled = true;
            _queue.Withdraw(this);
        }
    }

    /// <summary>Cancels the operation if it is still waiting (what <c>using</c> calls, as SimPy's <c>with</c> does); a pool
    /// request also gives its object back.</summary>
    public void Dispose() => OnDispose();

    private protected virtual void OnDispose() => Cancel();

    // A user callback that serving this operation ran (a get's filter, a priority store's comparer, a pool request's
    // filter) threw: the operation fails with that exception, which the process waiting for it receives at its wait (or
    // the loop's exception handler, when no process waits for it), and its queue goes on serving the others. User code
    // never stops the simulation from inside a queue, and its exception is never lost.
    internal void FailServing(Exception error) => Trigger(false, error);

    private protected override void OnProcessing() => _queue.OnProcessed(this);

    private protected override void WithdrawAsLoser() => Cancel();

    private protected override Exception? CheckWaitable(CoTask task) =>
        _cancelled ? new InvalidOperationException(this + " was cancelled; it will never happen.") : null;
}
