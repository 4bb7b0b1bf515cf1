namespace Engine;

/// <summary>
/// A barrier (asyncio's <c>Barrier</c>): each of <see cref="Parties"/> tasks calls <c>yield return barrier.Wait();</c> and
/// all of them resume together once the last one arrives; the barrier then starts a new round. After resuming,
/// <c>Co.Result&lt;int&gt;()</c> is the task's arrival index, 0 for the first, <c>Parties - 1</c> for the last.
/// </summary>
/// <remarks>Design: waiting allocates nothing (the index travels in the task's reusable typed slot). A cancelled waiter
/// leaves the round (its entry is removed and the count goes down) instead of leaving a ghost arrival behind.</remarks>
public sealed partial class CoBarrier
{
    private readonly WaitList<bool> _waiters = new();
    private readonly Yield _wait;
    private readonly int _parties;
    private EventLoop? _loop;
    private bool _broken;

    /// <summary>Creates a barrier for <paramref name="parties"/> tasks.</summary>
    /// <param name="parties">One or more.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="parties"/> is less than one.</exception>
    public CoBarrier(int parties)
    {
        if (parties < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(parties), parties, "A barrier needs one party or more.");
        }

        _parties = parties;
        _wait = Yield.Create(YieldKind.Wait, 0, new WaitSourceImpl(this));
    }

    /// <summary>The number of tasks that must arrive to release a round.</summary>
    public int Parties => _parties;

    /// <summary>The number of tasks waiting in the current round.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary><see langword="true"/> after <see cref="Abort"/>, until <see cref="Reset"/>.</summary>
    public bool IsBroken => _broken;

    /// <summary>Arrives and waits for the others: <c>yield return barrier.Wait(); int index = Co.Result&lt;int&gt;();</c>.
    /// On a broken barrier the wait raises <see cref="BrokenBarrierException"/> (at the wait, as every error of a wait,
    /// so <c>yield return Co.Catch(barrier.Wait());</c> receives it).</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield Wait()
    {
        SyncHelper.RequireTask(ref _loop, "CoBarrier.Wait()");
        return _wait;
    }

    /// <summary>Breaks the barrier: every waiting task and every later <see cref="Wait"/> gets <see cref="BrokenBarrierException"/>.</summary>
    public void Abort()
    {
        _broken = true;
        FailWaiters("The barrier was aborted.");
    }

    /// <summary>Returns the barrier to its initial state; tasks waiting now get <see cref="BrokenBarrierException"/>.</summary>
    public void Reset()
    {
        FailWaiters("The barrier was reset while this task waited.");
        _broken = false;
    }

    /// <inheritdoc/>
    public override string ToString() => "CoBarrier [" + _waiters.Count + "/" + _parties + (_broken ? ", broken" : string.Empty) + "]";

    private void FailWaiters(string message)
    {
        while (_waiters.Count > 0)
        {
            WaitList<bool>.Entry e = _waiters.Dequeue();
            e.Waiter.Fail(new BrokenBarrierException(message), WakeCause.Source);
        }
    }

    private sealed class WaitSourceImpl : WaitSource
    {
        private readonly CoBarrier _barrier;

        public WaitSourceImpl(CoBarrier barrier) => _barrier = barrier;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (_barrier._broken)
            {
                waiter.Task.ReceiveFailure(new BrokenBarrierException("CoBarrier.Wait() on a broken barrier; call Reset() to use it again."));
                return true;
            }

            WaitList<bool> waiters = _barrier._waiters;
            if (waiters.Count + 1 < _barrier._parties)
            {
                waiters.Enqueue(waiter, false);
                return false;
            }

            int index = 0;
            while (waiters.Count > 0)
            {
                WaitList<bool>.Entry e = waiters.Dequeue();
                e.Waiter.Wake(index++, WakeCause.Source);
            }

            waiter.Task.ReceiveValue(index);
            return true;
        }

        internal override void Remove(CoTask task) => _barrier._waiters.Remove(task);

        internal override void Describe(Observe.WaitDescription description) => description.Set(Observe.WaitKind.Barrier, _barrier, _barrier.ToString());

        internal override object PersistOwner => _barrier;

        public override string ToString() => "CoBarrier.Wait";
    }
}
