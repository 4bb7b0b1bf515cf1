using System;
using System.Collections.Generic;
using System.Threading;

namespace Engine;

// The one iteration routine, and the run driver every entry point shares: Run, RunUntilComplete and RunUntil loop
// over RunIteration and ask the clock strategy what to do when nothing is ready; Tick runs one iteration.
public sealed partial class EventLoop
{
    private readonly List<Poll> _polls = new();
    private readonly ManualResetEventSlim _wake = new(false);

    // Runs iterations until target is done (target not null) or, with no target, until nothing can happen before until.
    private void RunLoop(Future? target, double until)
    {
        Enter();
        try
        {
            while (true)
            {
                RunIteration();
                if (target is not null && target.IsDone)
                {
                    break;
                }

                if (_ready.Count > 0 || !_posted.IsEmpty || _frameWaits.Count > 0)
                {
                    continue;
                }

                if (!_clock.Idle(this, until, waitingForFuture: target is not null))
                {
                    if (target is not null)
                    {
                        throw CreateDeadlockException(target); // Loop/EventLoop.Observe.cs: the wait-for graph
                    }

                    break;
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    private void RunIteration()
    {
        _frame++;
        _now = _clock.ReadTime(_now);
        _observer?.IterationBegan();
        if (!_posted.IsEmpty)
        {
            RunPosted();
        }

        TimerQueue.Bucket? bucket;
        while ((bucket = _timers.PopDue(_now)) is not null)
        {
            FireBucket(bucket, WakeCause.Timer);
            _timers.Release(bucket);
        }

        while ((bucket = _frameWaits.PopDue(_frame)) is not null)
        {
            FireBucket(bucket, WakeCause.Frames);
            _frameWaits.Release(bucket);
        }

        _io?.Poll();

        if (_polls.Count > 0)
        {
            CheckPolls();
        }

        if (_urgent is not null)
        {
            RunBatchInEventOrder(); // SimPy's event order (EventLoop.EventOrder.cs): urgent lane, events processed in place
            _currentTask = null;
            return;
        }

        RingBuffer<object> ready = _ready;
        int n = ready.Count;
        if (_debug)
        {
            RunBatchWithTiming(n);
            return;
        }

        for (; n > 0; n--)
        {
            object item = ready.Dequeue();
            if (item is CoTask task)
            {
                _currentTask = task;
                task.Step();
            }
            else
            {
                _currentTask = null;
                RunCallback(item);
            }
        }

        _currentTask = null;
    }

    private void FireBucket(TimerQueue.Bucket bucket, WakeCause cause)
    {
        _observer?.TimersFired(bucket.Due, bucket.Count, cause);
        object[] items = bucket.Items;
        int[] versions = bucket.Versions;
        for (int i = 0; i < bucket.Count; i++)
        {
            object item = items[i];
            if (item is CoTask task)
            {
                new ParkedTask(task, versions[i]).Wake(cause);
            }
            else if (item is CallbackHandle handle)
            {
                _ready.Enqueue(handle);
            }
            else
            {
                ((ITimerTarget)item).OnTimer(versions[i]);
            }
        }
    }

    private void CheckPolls()
    {
        // Compacts in place: entries whose task stopped waiting (dead registration) or whose condition held are
        // dropped, so a cancelled waiter leaves nothing behind.
        int kept = 0;
        int count = _polls.Count;
        for (int i = 0; i < count; i++)
        {
            Poll poll = _polls[i];
            if (!poll.Waiter.IsLive)
            {
                continue;
            }

            bool satisfied;
            try
            {
                satisfied = poll.Condition() != poll.Negate;
            }
            catch (Exception e)
            {
                poll.Waiter.Fail(e, WakeCause.Poll);
                continue;
            }

            if (satisfied)
            {
                poll.Waiter.Wake(WakeCause.Poll);
                continue;
            }

            _polls[kept++] = poll;
        }

        // Conditions may have added new polls (a predicate that spawns); keep those too.
        for (int i = count; i < _polls.Count; i++)
        {
            _polls[kept++] = _polls[i];
        }

        _polls.RemoveRange(kept, _polls.Count - kept);
    }

    internal void AddPoll(ParkedTask waiter, Func<bool> condition, bool negate) => _polls.Add(new Poll(waiter, condition, negate));

    // Real clock: sleep until the timeout, a post, or (in the selector) a socket event.
    internal void WaitForWork(double timeoutSeconds)
    {
        if (timeoutSeconds <= 0)
        {
            return;
        }

        _observer?.IdleBegan(timeoutSeconds);
        if (_io is { } io)
        {
            io.Wait(timeoutSeconds);
        }
        else
        {
            int ms = double.IsPositiveInfinity(timeoutSeconds) ? Timeout.Infinite : (int)Math.Min(int.MaxValue, Math.Ceiling(timeoutSeconds * 1000));
            _wake.Wait(ms);
            _wake.Reset();
        }

        _observer?.IdleEnded();
    }

    // Virtual clock with nothing else left: wait in real time for tasks parked on sockets. False if there are none.
    internal bool WaitForSockets()
    {
        IIoDriver? io = _io;
        if (io is null || !io.HasLiveWaiters())
        {
            return false;
        }

        io.Wait(double.PositiveInfinity);
        return true;
    }

    private readonly struct Poll
    {
        public readonly ParkedTask Waiter;
        public readonly Func<bool> Condition;
        public readonly bool Negate;

        public Poll(ParkedTask waiter, Func<bool> condition, bool negate)
        {
            Waiter = waiter;
            Condition = condition;
            Negate = negate;
        }
    }
}
