using System;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Engine;

// The one iteration routine, and the run driver every entry point shares: Run, RunUntilComplete and RunUntil loop
// over RunIteration and ask the clock strategy what to do when nothing is ready; Tick runs one iteration.
public sealed partial class EventLoop
{
    private readonly PollList _polls = new();
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

                // With a game layer, its lanes and group frame waits are work too (EventLoop.Game.cs).
                if (_ready.Count > 0 || HasPosted || _frameWaits.Count > 0 || (_hooks is not null && _hooks.HasWork))
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
        _wokenBudget = _liveCount + _continuationBudget; // same-frame wakes this iteration (EventLoop.Game.cs)
        if (Volatile.Read(ref _collectedFailures) != 0)
        {
            ReportCollectedFailures(); // EventLoop.Diagnostics.cs
        }

        if (HasPosted)
        {
            RunPosted();
        }

        FireDueTimers(_timers, _now, WakeCause.Timer);
        FireDueTimers(_frameWaits, _frame, WakeCause.Frames);

        _io?.Poll();

        if (_polls.Count > 0)
        {
            _polls.Check();
        }

        if (_urgent is not null)
        {
            RunBatchInEventOrder(); // SimPy's event order (EventLoop.EventOrder.cs): urgent lane, events processed in place
            _currentTask = null;
            return;
        }

        // Game layer (Engine/Game): group clocks with their timers, frame waits and predicates, then fixed-update steps.
        _hooks?.BeforeReadyBatch();

        _runningPhase = UpdatePhase;
        RingBuffer<object> ready = _ready;
        int n = ready.Count;
        if (_debug)
        {
            RunBatchWithTiming(n); // EventLoop.Diagnostics.cs: each step timed and seen by the sinks
        }
        else if (n > 0)
        {
            // Scheduling/Prefetch.cs: the same order, fetching ahead. Scheduling/BatchProfile.cs: a batch led by a
            // generated machine and one led by another coroutine run separate copies of the loop, each profiled apart.
            bool prefetch = Prefetch.Pays(ready, n);
            if (BatchProfile.LedByMachine(ready[0]))
            {
                StepBatch<BatchProfile.Machines>(ready, n, prefetch);
            }
            else
            {
                StepBatch<BatchProfile.Iterators>(ready, n, prefetch);
            }
        }

        // Tasks whose awaited future completed during the batch resume in this frame (EventLoop.Game.cs); with a game
        // layer, the rest of the frame: the groups' update lanes and the later phases.
        if (_hooks is null)
        {
            if (_woken.Count > 0)
            {
                RunWoken();
            }
        }
        else
        {
            _hooks.AfterReadyBatch();
        }

        _runningPhase = NoPhase;
        _currentTask = null;
    }

    // The loop's ready batch: n items in queue order, tasks through CoTask.StepInBatch, which resumes the common step
    // without a try region of its own; this one try around the batch catches what a task's first resume throws and
    // hands it to the task (ResumeFailed), which unwinds it exactly as Step would, and the batch goes on with the next
    // item. Anything else a step or a callback throws (the filter: the task is not resuming) propagates as before.
    // With prefetch, while more than Prefetch.Distance items remain, each step fetches the items ahead of it.
    // TProfile changes no step (every item is stepped the same way); it only gives the batch's two kinds their own copy
    // of this method, so that tiered PGO sees one kind's resume per copy (Scheduling/BatchProfile.cs). The task being
    // stepped is the local task, which CurrentTask reads while the batch runs (EnterBatch).
    private void StepBatch<TProfile>(RingBuffer<object> ready, int n, bool prefetch)
        where TProfile : struct
    {
        CoTask? task = null;
        nint outer = EnterBatch(ref task);
        try
        {
            while (true)
            {
                try
                {
                    while (n > 0)
                    {
                        if (prefetch && n > Prefetch.Distance)
                        {
                            Prefetch.Task(ready[Prefetch.Distance]);
                            if (ready[Prefetch.Distance / 2] is CoTask next)
                            {
                                Prefetch.TopFrame(next);
                            }
                        }

                        n--;
                        object item = ready.Dequeue();
                        if (item is CoTask t)
                        {
                            task = t;
                            SetCurrentTaskWithoutSlot(t);
                            t.StepInBatch<TProfile>(this);
                        }
                        else
                        {
                            task = null;
                            SetCurrentTaskWithoutSlot(null);
                            RunCallback(item);
                        }
                    }

                    return;
                }
                catch (Exception e) when (task is { IsAdvancing: true })
                {
                    task.ResumeFailed(this, e);
                }
            }
        }
        finally
        {
            LeaveBatch(outer);
        }
    }

#if NET
    // While a ready batch runs, the address of the batch loop's local that holds the task it steps (null between tasks):
    // CurrentTask reads it there, so a step costs a store to the batch's own stack frame instead of a store to this
    // loop's _currentTask, which as a reference field of a heap object costs a GC write barrier call per step (issue 9).
    // The local is a GC-reported stack slot, so it always holds the task's current address; _currentTask, when set
    // (a kill that runs another task's finally blocks as that task, debug mode's steps), still comes first. 0 outside
    // batches; EnterBatch and LeaveBatch nest. Only the loop's own thread reads the slot: from any other thread the
    // batch's frame may be gone by the time the address is followed, so there the answer is null (as _currentTask,
    // written by another thread's steps, never promised more).
    private nint _batchTask;

    private unsafe CoTask? BatchTask =>
        _batchTask == 0 || Environment.CurrentManagedThreadId != _ownerThread ? null : Unsafe.AsRef<CoTask?>((void*)_batchTask);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal unsafe nint EnterBatch(ref CoTask? slot)
    {
        nint outer = _batchTask;
        _currentTask = null;
        _batchTask = (nint)Unsafe.AsPointer(ref slot);
        return outer;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void LeaveBatch(nint outer) => _batchTask = outer;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SetCurrentTaskWithoutSlot(CoTask? task)
    {
    }
#else
    // Without Unsafe (netstandard2.1), a batch sets _currentTask for each task it steps, as any other step does.
    private CoTask? BatchTask => null;

    internal nint EnterBatch(ref CoTask? slot) => 0;

    internal void LeaveBatch(nint outer)
    {
    }

    internal void SetCurrentTaskWithoutSlot(CoTask? task) => _currentTask = task;
#endif

    // Fires every entry of timers due at or before now, in (due time, insertion) order; also the timers and frame waits
    // of game-group clocks (Engine/Game). A due time with one entry comes without a bucket (Scheduling/TimerQueue.cs:
    // single entries). An observer is told once per due time with its count, as when every time had one bucket: a time
    // may hold a single entry and a bucket (its first entry stayed single), so that path counts them first.
    internal void FireDueTimers(TimerQueue timers, double now, WakeCause cause)
    {
        if (_observer is not null)
        {
            FireDueTimersObserved(timers, now, cause);
            return;
        }

        while (true)
        {
            if (timers.TryPopSingle(now, out _, out object item, out int version))
            {
                FireEntry(item, version, cause);
                continue;
            }

            TimerQueue.Bucket? bucket = timers.PopDue(now);
            if (bucket is null)
            {
                return;
            }

            FireBucketEntries(bucket, cause);
            timers.Release(bucket);
        }
    }

    private void FireDueTimersObserved(TimerQueue timers, double now, WakeCause cause)
    {
        while (timers.TryPeekDue(out double due) && due <= now)
        {
            // What is pending at this time now; entries added at it while they fire come after them, as a group of their own.
            int count = timers.CountAt(due);
            _observer?.TimersFired(due, count, cause);
            while (count > 0)
            {
                if (timers.TryPopSingle(now, out _, out object item, out int version))
                {
                    FireEntry(item, version, cause);
                    count--;
                    continue;
                }

                TimerQueue.Bucket bucket = timers.PopDue(now)!;
                count -= bucket.Count;
                FireBucketEntries(bucket, cause);
                timers.Release(bucket);
            }
        }
    }

    // A big bucket whose tasks lie apart in memory (a
    // million timed tasks: each due time holds every hundredth of them) fetches the task a few entries ahead while it
    // wakes one (Scheduling/Prefetch.cs), as the ready batch does when it steps them.
    private void FireBucketEntries(TimerQueue.Bucket bucket, WakeCause cause)
    {
        bool big = bucket.Count >= Prefetch.MinBatch;
        for (TimerQueue.Slab? slab = bucket.First; slab is not null; slab = slab.Next)
        {
            object[] items = slab.Items;
            int[] versions = slab.Versions;
            int i = 0;
            if (big && Prefetch.Pays(items, slab.Count))
            {
                for (; i < slab.Count - Prefetch.Distance; i++)
                {
                    Prefetch.Task(items[i + Prefetch.Distance]);
                    FireEntry(items[i], versions[i], cause);
                }
            }

            for (; i < slab.Count; i++)
            {
                FireEntry(items[i], versions[i], cause);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void FireEntry(object item, int version, WakeCause cause)
    {
        if (item is CoTask task)
        {
            if (task.ClaimWake(version))
            {
                task.RequeueDue(this, cause); // ParkedTask.Wake, with the loop at hand (a timer's task is this loop's)
            }
        }
        else if (item is CallbackHandle handle)
        {
            _ready.Enqueue(handle);
        }
        else
        {
            ((ITimerTarget)item).OnTimer(version);
        }
    }

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
}
