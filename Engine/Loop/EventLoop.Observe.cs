using System;
using System.Collections.Generic;
using System.Diagnostics;
using Engine.Observe;

namespace Engine;

// Seeing the loop run (Engine/Observe): sinks of structured events, the live view, and deadlocks explained with their
// wait-for graph on every clock.
//
// The stall rule (when a loop knows nothing can ever wake its waiting tasks): no task is ready, no timer, frame wait,
// predicate or socket waiter is pending, nothing was posted, and no outside work is announced. Outside work is
// announced by what hands work to other threads and expects a post back: RunInExecutor and Co.ToThread, the .NET task
// bridges (AddExternalWork), and user code through BeginExternalWork. The virtual clock reports a stall at once (no
// other thread can be involved unless announced); so does the real clock when the waiting tasks form a cycle (locks,
// awaited tasks: no post can release those). Otherwise a real-clock loop waits for a post from a thread it was not
// told about, as asyncio does: forever by default, or StallTimeout seconds if the user sets one, then reports. The frame clock reports a stall that lasted DeadlockCheckFrames frames
// (the host may wake tasks between frames), and cycles whenever its check runs.
public sealed partial class EventLoop
{
    private LoopObserver? _observer;
    private TextTrace? _traceSink;
    private string? _lastFrameDeadlock;
    private double _stallTimeout = double.PositiveInfinity;
    private int _deadlockCheckFrames;
    private int _stalledFrames;
    private int _framesSinceCheck;

    /// <summary>Raised when the loop finds a deadlock by itself: the virtual or real clock before it throws, the frame
    /// clock's periodic check (<see cref="DeadlockCheckFrames"/>). On the frame clock, a deadlock nobody listens for here
    /// goes to <see cref="ExceptionHandler"/>. Handlers run on the loop's thread; one that throws is reported.</summary>
    public event Action<DeadlockReport>? DeadlockDetected;

    /// <summary>On the frame clock, how often the loop looks for deadlocks by itself: every this many frames it looks for
    /// tasks waiting on each other in a cycle, and it reports a stall (nothing left that could wake the waiting tasks)
    /// that lasted this many frames. 0 (the default) turns the check off; <see cref="FindDeadlock"/> works either way.
    /// Each check allocates a view of the loop, so leave it off in shipping builds.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int DeadlockCheckFrames
    {
        get => _deadlockCheckFrames;
        set
        {
            if (value < 0)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(DeadlockCheckFrames), value, "DeadlockCheckFrames must be zero (off) or more.");
            }

            _deadlockCheckFrames = value;
            _stalledFrames = 0;
            _framesSinceCheck = 0;
        }
    }

    /// <summary>On the real clock, how long a loop that waits for a future, with nothing left that could wake its tasks
    /// (no timer, socket, post or announced outside work), waits for a post from a thread it was not told about before
    /// it reports the stall as a deadlock and throws. By default <see cref="double.PositiveInfinity"/>: it waits forever,
    /// as asyncio does, since any thread may still post. Set a few seconds while developing to have a silent stall
    /// explained. Tasks that wait on each other in a cycle (locks, awaited tasks) are reported at once whatever this
    /// says: no post can release them. Work another thread will post back can be announced with
    /// <see cref="BeginExternalWork"/>; the loop then waits for it however long it takes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or NaN.</exception>
    public double StallTimeout
    {
        get => _stallTimeout;
        set
        {
            if (!(value >= 0))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(StallTimeout), value, "StallTimeout must be zero or more seconds (infinity: wait forever).");
            }

            _stallTimeout = value;
        }
    }

    internal LoopObserver? Observer => _observer;

    // Steps begin and end in StepWithTiming while a sink listens, so the stepping path tests nothing more for them.
    private void UpdateStepHooks() => _debug = _debugMode || _observer is not null;

    // Nothing inside the loop can wake a waiting task, and no outside work is announced (the stall rule above).
    internal bool IsStalled =>
        ReadyQueued == 0 && _posted.IsEmpty && _timers.BucketCount == 0 && _frameWaits.BucketCount == 0 && _polls.Count == 0 &&
        _pendingExternal == 0 && (_io is null || !_io.HasLiveWaiters()) &&
        (_hooks is null || (!_hooks.HasWork && !_hooks.HasPolls && !_hooks.TryPeekDue(out _))); // a game layer's lanes, group clocks and predicates

    /// <summary>Attaches <paramref name="sink"/>: from now on it receives every scheduler decision as a
    /// <see cref="LoopEvent"/>. With no sink attached the loop emits nothing and pays nothing for it.</summary>
    /// <param name="sink">The sink, such as a <see cref="TraceRecorder"/> or a <see cref="LoopProfiler"/>.</param>
    /// <exception cref="InvalidOperationException">Called from a thread other than the loop's.</exception>
    public void AddSink(ILoopSink sink)
    {
        if (sink is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(sink));
        }

        CheckOwnerThread(null, "attach a sink to");
        LoopObserver observer = _observer ?? new LoopObserver(this);
        if (!observer.Contains(sink))
        {
            observer.Add(sink);
        }

        _observer = observer;
        UpdateStepHooks();
    }

    /// <summary>Detaches <paramref name="sink"/>.</summary>
    /// <param name="sink">A sink attached with <see cref="AddSink(ILoopSink)"/>.</param>
    /// <returns><see langword="false"/> if it was not attached.</returns>
    public bool RemoveSink(ILoopSink sink)
    {
        CheckOwnerThread(null, "detach a sink from");
        if (_observer is not { } observer || !observer.Remove(sink))
        {
            return false;
        }

        if (observer.IsEmpty)
        {
            _observer = null;
            UpdateStepHooks();
        }

        return true;
    }

    /// <summary>A snapshot of every live task at this moment: its state, its frames outermost first with each one's
    /// suspension site, what it waits on and since when, and for locks, queues, events, futures and tasks who holds them
    /// or would have to act. Plain data for tools; <see cref="Dump"/> prints it.</summary>
    /// <returns>The view.</returns>
    public LoopView Inspect() => LoopInspector.Inspect(this);

    /// <summary>The live view as readable text: one paragraph per task with its state, wait and frames.</summary>
    /// <returns>The text of <see cref="Inspect"/>.</returns>
    public string Dump() => Inspect().ToString();

    /// <summary>Looks for a deadlock now, on any clock: tasks waiting on each other in a cycle, or (when nothing is left
    /// that could wake them) every waiting task. Does not raise <see cref="DeadlockDetected"/>.</summary>
    /// <returns>The report, or <see langword="null"/> when no task is deadlocked.</returns>
    public DeadlockReport? FindDeadlock() => DeadlockFinder.Analyze(Inspect(), IsStalled, target: null);

    /// <summary>Announces work another thread will hand back through <see cref="ExternalWork.Post(Action)"/>: until it is
    /// posted (or disposed), the loop waits for it instead of reporting a deadlock or letting virtual time run ahead,
    /// exactly as for <see cref="RunInExecutor{T}(Func{T})"/>. Call on the loop's thread; the handle may be used from
    /// any thread, once.</summary>
    /// <returns>The handle to post the result through.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public ExternalWork BeginExternalWork()
    {
        ThrowIfClosed();
        CheckOwnerThread(null, "announce outside work to");
        AddExternalWork(1);
        return new ExternalWork(this);
    }

    // A sink threw: it is removed and reported, never lost; the loop keeps running.
    internal void RemoveBrokenSink(ILoopSink sink, Exception error)
    {
        string what = "The loop's sink " + sink.GetType().Name + " threw and was removed.";
        if (ReferenceEquals(sink, _traceSink))
        {
            what = "The loop's Trace threw and was removed.";
            _trace = null;
            _traceSink = null;
        }

        if (_observer is { } observer && observer.Remove(sink) && observer.IsEmpty)
        {
            _observer = null;
            UpdateStepHooks();
        }

        Report(new LoopExceptionContext(what, error, CurrentTask, Array.Empty<string>()));
    }

    // Real clock, stalled while running: a deadlock now if tasks wait on each other in a cycle; otherwise after
    // StallTimeout without a post. False: nothing will ever come (the caller reports the deadlock or ends the run).
    // A wake-up can be stale (the signal of a post that an earlier iteration already ran), so the wait goes on until
    // something arrives or the whole StallTimeout has passed.
    internal bool WaitOutStall()
    {
        if (double.IsPositiveInfinity(_stallTimeout))
        {
            WaitForWork(double.PositiveInfinity);
            return true;
        }

        if (_stallTimeout > 0 && DeadlockFinder.FindCycles(Inspect()).Count == 0)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(_stallTimeout * Stopwatch.Frequency);
            while (IsStalled)
            {
                double left = (deadline - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency;
                if (left <= 0)
                {
                    break;
                }

                WaitForWork(left);
            }
        }

        return !IsStalled;
    }

    // The run waited for target and nothing can ever finish it: the exception RunUntilComplete throws, with the report.
    internal InvalidOperationException CreateDeadlockException(Future target)
    {
        LoopView view = Inspect();
        string what = LoopInspector.FutureName(target);
        DeadlockReport report = DeadlockFinder.Analyze(view, stalled: true, what) ??
            new DeadlockReport(DeadlockKind.Stall, what, Array.Empty<IReadOnlyList<long>>(), Array.Empty<long>(), view);
        OnDeadlock(report, throwing: true);
        var exception = new InvalidOperationException(report.ToString());
        exception.Data[DeadlockReport.DataKey] = report;
        return exception;
    }

    // Timers (or frame waits) still live, by task: due time (or frame). For the live view.
    internal Dictionary<CoTask, double> TimerDueByTask(bool frames)
    {
        var due = new Dictionary<CoTask, double>();
        foreach (TimerQueue.Bucket bucket in (frames ? _frameWaits : _timers).GetBuckets())
        {
            (object[] items, int[] versions) = bucket.CopyEntries();
            for (int i = 0; i < items.Length; i++)
            {
                if (items[i] is CoTask task && task.WaitVersion == versions[i])
                {
                    due[task] = bucket.Due;
                }
            }
        }

        return due;
    }

    // Frame clock, after each Tick while DeadlockCheckFrames > 0.
    private void CheckFrameDeadlock()
    {
        _stalledFrames = IsStalled && _liveCount > 0 ? _stalledFrames + 1 : 0;
        if (++_framesSinceCheck < _deadlockCheckFrames && _stalledFrames != _deadlockCheckFrames)
        {
            return;
        }

        _framesSinceCheck = 0;
        DeadlockReport? report = DeadlockFinder.Analyze(Inspect(), _stalledFrames >= _deadlockCheckFrames, target: null);
        string? signature = report is null ? null : report.Kind + ":" + string.Join(",", report.Blocked);
        if (report is not null && signature != _lastFrameDeadlock)
        {
            OnDeadlock(report, throwing: false);
        }

        _lastFrameDeadlock = signature;
    }

    private void OnDeadlock(DeadlockReport report, bool throwing)
    {
        _observer?.DeadlockFound(report);
        Action<DeadlockReport>? handlers = DeadlockDetected;
        if (handlers is null)
        {
            if (!throwing)
            {
                var exception = new InvalidOperationException(report.ToString());
                exception.Data[DeadlockReport.DataKey] = report;
                Report(new LoopExceptionContext("Deadlock found on the frame clock.", exception, null, Array.Empty<string>()));
            }

            return;
        }

        try
        {
            handlers(report);
        }
        catch (Exception e)
        {
            Report(new LoopExceptionContext("A DeadlockDetected handler threw.", e, null, Array.Empty<string>()));
        }
    }
}
