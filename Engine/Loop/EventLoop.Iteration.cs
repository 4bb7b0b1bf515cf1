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

    // Below this many items, a ready batch steps its tasks one by one through CoTask.Step (RunIteration).
    private const int ShortBatch = 4;

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
                    if (HasWorkNow())
                    {
                        RunIteration(); // asyncio's stop: see HasWorkNow
                    }

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

    // A run that waits for a future ends as asyncio's run_until_complete does: the future's completion stops the loop
    // after one more iteration, so what became ready before or as it completed (callbacks it scheduled, tasks its
    // completion woke or it spawned, timers due at this time) still runs before the run returns. Nothing ready, and
    // the run returns at once; the clock never advances for it.
    private bool HasWorkNow() =>
        _ready.Count > 0 || HasPosted || (_hooks is not null && _hooks.HasWork) || (TryPeekTimer(out double due) && due <= _clock.ReadTime(_now));

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
        if (_dueBatch is not null && _debug)
        {
            SpillDueBatch(); // a sink attached since the timers fired: the due batch's tasks take their places in the queue
            n = ready.Count;
        }

        if (_debug)
        {
            RunBatchWithTiming(n); // EventLoop.Diagnostics.cs: each step timed and seen by the sinks
        }
        else if (_dueBatch is not null)
        {
            StepWithDueBatch(ready, n); // a timer bucket's tasks stepped from the bucket, at their place in the batch
        }
        else if (n > 0 && n < ShortBatch)
        {
            // A short batch (a few tasks handing work to one another: queues, locks, events) steps each task through
            // the classic Step, whose loop carries every instruction in one frame; the batch loop pays off only where
            // many steps share its one try region (issue 8: queue.pingpong, +7 % over the batch loop).
            for (; n > 0; n--)
            {
                object item = ready.Dequeue();
                if (item is CoTask t)
                {
                    _currentTask = t;
                    t.Step(this);
                }
                else
                {
                    _currentTask = null;
                    RunCallback(item);
                }
            }
        }
        else if (n > 0)
        {
            // Scheduling/Prefetch.cs: the same order, fetching ahead. Scheduling/BatchProfile.cs: a batch led by a
            // generated machine and one led by another coroutine run separate copies of the loop, each profiled apart.
            bool prefetch = n >= Prefetch.MinBatch && Prefetch.Pays(ready, n);
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

    // BatchTask for a caller that is on the loop's own thread (it found this loop as EventLoop.Current, which only the
    // running thread sees): the slot without the thread test.
    private unsafe CoTask? BatchTaskOnLoopThread => _batchTask == 0 ? null : Unsafe.AsRef<CoTask?>((void*)_batchTask);

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

    private CoTask? BatchTaskOnLoopThread => null;

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
            TimerQueue.Bucket? bucket = timers.PopNextDue(now, out object? item, out int version);
            if (item is not null)
            {
                FireEntry(item, version, cause);
                continue;
            }

            if (bucket is null)
            {
                return;
            }

            if (_dueBatch is null && ReferenceEquals(timers, _timers) && !_debug && _urgent is null)
            {
                FireIntoDueBatch(bucket);
                continue;
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
    private void FireBucketEntries(TimerQueue.Bucket bucket, WakeCause cause) =>
        FireBucketEntries(bucket.First, 0, bucket.Count >= Prefetch.MinBatch, cause);

    // The entries from slab first's index start on.
    private void FireBucketEntries(TimerQueue.Slab? first, int start, bool big, WakeCause cause)
    {
        for (TimerQueue.Slab? slab = first; slab is not null; slab = slab.Next, start = 0)
        {
            object[] items = slab.Items;
            int[] versions = slab.Versions;
            int i = start;
            if (big && start == 0 && Prefetch.Pays(items, slab.Count))
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

    // --- The due batch: a timer bucket's woken tasks stepped from the bucket (issue 8) ---------------------------------
    //
    // A bucket of the loop's own timers that fires holds its tasks in insertion order, which is the order the ready queue
    // would give them: each would be enqueued behind what is queued already and dequeued again by this iteration's batch.
    // Instead, the bucket is kept until the batch, and the batch steps those tasks from its slabs at exactly the place the
    // queue would have given them: after the items that were queued when it fired (_dueAt), before everything queued
    // later (the rest of the due timers, frame waits, sockets, predicates, the game layer's work before the batch). The
    // wakes themselves happen when the timers fire, as before (claimed, marked scheduled), so a cancel, kill or interrupt
    // meanwhile finds the same state; only the queue's enqueue and dequeue are gone. Entries of tasks that no longer wait
    // (stale) are cleared to null and skipped. The first entry whose wake is not the common one (an interrupt pending, a
    // holder, a task of a game lane, a callback or timer target) ends the due batch: it and every later entry fire through
    // the ready queue, as before. Only without observers or debug timing (whose sinks see each wake and step), and not
    // under SimPy's event order (EventLoop.EventOrder.cs), whose batch is processed differently. One due batch per
    // iteration at most. What reads the queue's length counts its tasks not stepped yet (_dueLeft: ReadyCount,
    // IsStalled); a sink attached before the batch, or an exception out of the iteration, puts them into the ready queue
    // at their place (SpillDueBatch), so nothing else ever sees the difference.
    private TimerQueue.Bucket? _dueBatch;
    private TimerQueue.Slab? _dueEndSlab; // the due batch ends in this slab at _dueEndIndex (later entries went to the queue)
    private int _dueEndIndex;
    private int _dueAt;                  // the ready queue's items that come before the due batch
    private int _dueCount;               // its tasks
    private int _dueLeft;                // its tasks not stepped yet
    private bool _duePrefetch;           // its tasks lie apart in memory (the wakes prefetched them): the steps prefetch too

    // Fires a bucket of the loop's timers into the due batch (see above).
    private void FireIntoDueBatch(TimerQueue.Bucket bucket)
    {
        int at = _ready.Count;
        bool big = bucket.Count >= Prefetch.MinBatch;
        bool prefetched = false;
        int taken = 0;
        TimerQueue.Slab? slab = bucket.First;
        int i = 0;
        for (; slab is not null; slab = slab.Next)
        {
            object[] items = slab.Items;
            int[] versions = slab.Versions;
            int count = slab.Count;
            i = 0;
            if (big && Prefetch.Pays(items, count))
            {
                prefetched = true;
                for (; i < count - Prefetch.Distance; i++)
                {
                    Prefetch.Task(items[i + Prefetch.Distance]);
                    int took = TakeDueWake(items, versions, i);
                    if (took < 0)
                    {
                        goto End;
                    }

                    taken += took;
                }
            }

            for (; i < count; i++)
            {
                int took = TakeDueWake(items, versions, i);
                if (took < 0)
                {
                    goto End;
                }

                taken += took;
            }
        }

    End:
        if (slab is not null)
        {
            FireBucketEntries(slab, i, big, WakeCause.Timer); // the entry that ended the due batch, and the rest
        }

        if (taken == 0)
        {
            _timers.Release(bucket);
            return;
        }

        _dueBatch = bucket;
        _dueEndSlab = slab ?? bucket.Tail;
        _dueEndIndex = slab is not null ? i : bucket.Tail!.Count;
        _dueAt = at;
        _dueCount = taken;
        _dueLeft = taken;
        _duePrefetch = prefetched;
    }

    // An entry of a firing bucket into the due batch: 1 a task taken (woken, scheduled), 0 a stale entry (cleared, skipped
    // by the batch), -1 the entry that ends the due batch (nothing done).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int TakeDueWake(object[] items, int[] versions, int i)
    {
        if (items[i] is not CoTask task)
        {
            return -1;
        }

        int took = task.TakeDueWake(versions[i]);
        if (took == 0)
        {
            items[i] = null!;
        }

        return took;
    }

    // The iteration's batch with a due batch in it: the n items of the ready queue, the due batch's tasks after the first
    // _dueAt of them. Each part runs in the copy its first item chooses (Scheduling/BatchProfile.cs).
    private void StepWithDueBatch(RingBuffer<object> ready, int n)
    {
        int before = _dueAt;
        object? first = before > 0 ? ready[0] : FirstDueTask();
        if (BatchProfile.LedByMachine(first))
        {
            StepDueBatch<BatchProfile.Machines>(ready, before);
        }
        else
        {
            StepDueBatch<BatchProfile.Iterators>(ready, before);
        }

        int after = n - before;
        if (after > 0)
        {
            bool prefetch = Prefetch.Pays(ready, after);
            if (BatchProfile.LedByMachine(ready[0]))
            {
                StepBatch<BatchProfile.Machines>(ready, after, prefetch);
            }
            else
            {
                StepBatch<BatchProfile.Iterators>(ready, after, prefetch);
            }
        }
    }

    // The items queued before the due batch (before of them, at the queue's head), then the due batch's tasks: StepBatch's
    // loop, with its one try around the whole and the same handling of a first resume that throws. If anything else
    // propagates, what is not stepped yet stays where it was (the queue's head, the due batch: _dueAt and _dueLeft say
    // how much), and Exit puts the due batch's rest into the queue.
    private void StepDueBatch<TProfile>(RingBuffer<object> ready, int before)
        where TProfile : struct
    {
        TimerQueue.Slab slab = _dueBatch!.First!;
        TimerQueue.Slab end = _dueEndSlab!;
        bool prefetch = _duePrefetch;
        int i = 0;
        CoTask? task = null;
        nint outer = EnterBatch(ref task);
        try
        {
            while (true)
            {
                try
                {
                    while (before > 0)
                    {
                        before--;
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

                    while (true)
                    {
                        object[] items = slab.Items;
                        int count = ReferenceEquals(slab, end) ? _dueEndIndex : slab.Count;
                        while (i < count)
                        {
                            if (prefetch && count - i > Prefetch.Distance)
                            {
                                Prefetch.Task(items[i + Prefetch.Distance]);
                                if (items[i + (Prefetch.Distance / 2)] is CoTask next)
                                {
                                    Prefetch.TopFrame(next);
                                }
                            }

                            object? item = items[i++];
                            if (item is null)
                            {
                                continue; // a stale entry
                            }

                            CoTask t = AsTask(item);
                            _dueLeft--;
                            task = t;
                            SetCurrentTaskWithoutSlot(t);
                            t.StepInBatch<TProfile>(this);
                        }

                        if (ReferenceEquals(slab, end))
                        {
                            break;
                        }

                        slab = slab.Next!;
                        i = 0;
                    }

                    break;
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
            _dueAt = before;
        }

        ReleaseDueBatch();
    }

    // A due batch holds tasks only (FireIntoDueBatch): no type test per step.
    private static CoTask AsTask(object item) =>
#if NET
        Unsafe.As<CoTask>(item);
#else
        (CoTask)item;
#endif

    private CoTask? FirstDueTask()
    {
        for (TimerQueue.Slab? slab = _dueBatch!.First; slab is not null; slab = slab.Next)
        {
            for (int i = 0; i < slab.Count; i++)
            {
                if (slab.Items[i] is CoTask task)
                {
                    return task;
                }
            }
        }

        return null;
    }

    // The due batch's tasks not stepped yet go into the ready queue at their place, behind the _dueAt items still queued
    // before it (cold: a sink attached between the timers and the batch, or an exception out of the iteration).
    private void SpillDueBatch()
    {
        var rest = new CoTask[_dueLeft];
        int skip = _dueCount - _dueLeft;
        int r = 0;
        for (TimerQueue.Slab? slab = _dueBatch!.First; slab is not null && r < rest.Length; slab = slab.Next)
        {
            int count = ReferenceEquals(slab, _dueEndSlab) ? _dueEndIndex : slab.Count;
            for (int i = 0; i < count && r < rest.Length; i++)
            {
                if (slab.Items[i] is CoTask task)
                {
                    if (skip > 0)
                    {
                        skip--;
                    }
                    else
                    {
                        rest[r++] = task;
                    }
                }
            }

            if (ReferenceEquals(slab, _dueEndSlab))
            {
                break;
            }
        }

        var head = new object[_dueAt];
        for (int k = 0; k < head.Length; k++)
        {
            head[k] = _ready.Dequeue();
        }

        for (int k = rest.Length - 1; k >= 0; k--)
        {
            _ready.PushFront(rest[k]);
        }

        for (int k = head.Length - 1; k >= 0; k--)
        {
            _ready.PushFront(head[k]);
        }

        ReleaseDueBatch();
    }

    private void ReleaseDueBatch()
    {
        _timers.Release(_dueBatch!);
        _dueBatch = null;
        _dueEndSlab = null;
        _dueAt = 0;
        _dueCount = 0;
        _dueLeft = 0;
    }

    // The ready queue's length as before the due batch: its tasks not stepped yet count as queued.
    private int ReadyQueued => _ready.Count + _dueLeft;

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
