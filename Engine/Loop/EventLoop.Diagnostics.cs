using System;
using System.Threading;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;

namespace Engine;

// What the loop tells about itself: the exception handler (errors nobody else will see, never lost), the text trace,
// debug mode (asyncio's loop.set_debug / slow_callback_duration). Events, live views and deadlocks: EventLoop.Observe.cs.
public sealed partial class EventLoop
{
    private UnretrievedFailures? _unretrieved;
    private int _collectedFailures; // set by a finalizer thread: UnretrievedFailures has collected failures to report
    private Action<string>? _trace;
    private double _slowStepThreshold = 0.1;
    private bool _debugMode;
    private bool _debug;    // steps go through StepWithTiming: debug mode, or a sink listens (Engine/Observe)

    /// <summary>Receives exceptions nobody else will see: task and future failures that nobody retrieved (reported once
    /// they never can be: the task or future was garbage collected, or the loop closed), callbacks that threw, and debug
    /// warnings. The default writes them to standard error with the chain of coroutines; a handler that throws falls back
    /// to standard error too, so nothing is ever silently dropped and the loop keeps running.</summary>
    public Action<LoopExceptionContext>? ExceptionHandler { get; set; }

    /// <summary>When <see langword="true"/>, a task or future that fails while nothing waits for it is reported to
    /// <see cref="ExceptionHandler"/> at once, instead of once it can never be retrieved (garbage collected or the loop
    /// closed). For game hosts: a game that allocates nothing per frame may rarely collect garbage, and its developers
    /// expect an error in the console when it happens. A failure reported at once is not reported again, even if some
    /// code retrieves it later. <see cref="Game.GameLoop"/> turns it on. Off by default (asyncio's rule).</summary>
    public bool ReportUnretrievedFailuresAtOnce { get; set; }

    /// <summary>When set, receives one line per scheduler decision, prefixed with the loop time: spawns (and by whom),
    /// steps (and the site each resumes at), yielded instructions, waits (on what, until when), wake-ups (by what and by
    /// whom), child returns, completions, failures and cancellations, timers, clock jumps, and a <c>frame N</c> line per
    /// iteration that did something. A step-by-step view for learning and for comparing runs: the same program gives
    /// the same lines on every run on the virtual and frame clocks. It is one sink over the loop's events
    /// (<see cref="AddSink(Observe.ILoopSink)"/>). A trace that throws is reported to <see cref="ExceptionHandler"/>
    /// and removed; the loop keeps running.</summary>
    public Action<string>? Trace
    {
        get => _trace;
        set
        {
            if (_traceSink is not null)
            {
                RemoveSink(_traceSink);
                _traceSink = null;
            }

            _trace = value;
            if (value is not null)
            {
                _traceSink = new Observe.TextTrace(value);
                AddSink(_traceSink);
            }
        }
    }

    /// <summary>Debug mode (off by default; asyncio's debug mode): every task step is timed, and a step that runs longer
    /// than <see cref="SlowStepThreshold"/> is reported through <see cref="ExceptionHandler"/> naming the task, the site it
    /// resumed at and the one it stopped at, because a slow step blocks every other task of the loop.</summary>
    public bool Debug
    {
        get => _debugMode;
        set
        {
            _debugMode = value;
            UpdateStepHooks();
        }
    }

    /// <summary>In <see cref="Debug"/> mode, the step duration in seconds above which a warning is reported; 0.1 s by
    /// default, as asyncio's <c>slow_callback_duration</c>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double SlowStepThreshold
    {
        get => _slowStepThreshold;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(SlowStepThreshold), value, "SlowStepThreshold must be a finite number of seconds, zero or more.");
            }

            _slowStepThreshold = value;
        }
    }

    internal void Report(LoopExceptionContext context)
    {
        Action<LoopExceptionContext>? handler = ExceptionHandler;
        if (handler is null)
        {
            WriteToStandardError(context.ToString());
            return;
        }

        try
        {
            handler(context);
        }
        catch (Exception e)
        {
            // The handler itself failed: fall back to stderr so neither exception is lost.
            WriteToStandardError("Exception handler failed: " + e + Environment.NewLine + context);
        }
    }

    // A failure completed with nobody waiting: report it once it can never be retrieved (UnretrievedFailures).
    internal void TrackUnretrievedFailure(Future future)
    {
        if (ReportUnretrievedFailuresAtOnce)
        {
            ReportUnretrieved(future);
            return;
        }

        (_unretrieved ??= new UnretrievedFailures(this)).Track(future);
    }

    // From a finalizer thread: failures of collected futures were queued (UnretrievedFailures). The next iteration
    // reports them; closing the loop reports them too. Neither a post nor a wake-up: a collection must not add an
    // iteration, which would change when polls are checked and what a snapshot sees (the run stays deterministic).
    internal void NoteCollectedFailures() => Volatile.Write(ref _collectedFailures, 1);

    private void ReportCollectedFailures()
    {
        Volatile.Write(ref _collectedFailures, 0);
        _unretrieved?.DrainCollected();
    }

    internal void ReportUnretrieved(Future future)
    {
        string what = future is CoTask task ? "Task '" + task.Name + "'" : future.GetType().Name;
        Report(new LoopExceptionContext(
            what + " failed and nobody retrieved its exception.",
            future.ExceptionUnobserved,
            future as CoTask,
            (future as CoTask)?.FailureChain ?? Array.Empty<string>()));
    }

    private void ReportUnretrievedFailures() => _unretrieved?.ReportAll();

    private static void WriteToStandardError(string text)
    {
        try
        {
            Console.Error.WriteLine(text);
        }
        catch (Exception)
        {
            // Nowhere left to write (a closed console): nothing more can be done, and the loop must go on.
        }
    }

    // The batch while _debug is set (debug mode or a listening sink): every step through StepWithTiming.
    // EventLoop.Iteration.cs runs the plain batch.
    private void RunBatchWithTiming(int count)
    {
        for (; count > 0; count--)
        {
            object item = _ready.Dequeue();
            if (item is CoTask task)
            {
                _currentTask = task;
                StepWithTiming(task);
            }
            else
            {
                _currentTask = null;
                RunCallback(item);
            }
        }

        _currentTask = null;
    }

    // Every step goes through here while _debug is set: debug mode times it, a listening sink sees it begin and end
    // (one test per batch on the fast path, in RunIteration).
    // Debug mode: a slow step is reported with the site it resumed at (where the slow code starts) and the site it
    // stopped at, not only the task. The resume site is captured before the step without allocating (a machine's site
    // is a struct; an iterator is named from its type only when the step was slow).
    private void StepWithTiming(CoTask task)
    {
        Observe.LoopObserver? observer = _observer;
        if (observer is not null && !task.IsDone)
        {
            observer.StepBegan(task);
            StepTimed(task);
            observer.StepEnded(task);
        }
        else
        {
            StepTimed(task);
        }
    }

    private void StepTimed(CoTask task)
    {
        if (!_debugMode)
        {
            task.Step(this);
            return;
        }

        IEnumerator<Yield>? resumed = task.TopFrame;
        Machines.CoroutineSite resumedSite = resumed is Machines.ICoroutineMachine machine ? machine.Site : default;
        long start = Stopwatch.GetTimestamp();
        task.Step(this);
        double seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        if (seconds > _slowStepThreshold)
        {
            string[] stack = task.IsDone ? Array.Empty<string>() : task.GetStack();
            string from = resumedSite.IsSuspended ? resumedSite.ToString() : resumed is Machines.ICoroutineMachine m ? m.Name + " (start)" : CoroutineNames.Of(resumed);
            Report(new LoopExceptionContext(
                "Executing task '" + task.Name + "' from " + from + " to " + (stack.Length > 0 ? stack[stack.Length - 1] : "its end") +
                " (" + (stack.Length > 0 ? string.Join(" -> ", stack) : "finished") + ") took " +
                seconds.ToString("0.000", CultureInfo.InvariantCulture) + " seconds, longer than SlowStepThreshold " +
                _slowStepThreshold.ToString("0.000", CultureInfo.InvariantCulture) + " s: a slow step blocks every other task.",
                null,
                task,
                stack));
        }
    }
}
