using System;
using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Engine;

// What the loop tells about itself: the exception handler (errors nobody else will see, never lost), the text trace,
// debug mode (asyncio's loop.set_debug / slow_callback_duration), and the deadlock description.
public sealed partial class EventLoop
{
    private UnretrievedFailures? _unretrieved;
    private Action<string>? _trace;
    private double _slowStepThreshold = 0.1;
    private bool _debug;

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

    /// <summary>When set, receives one line per scheduler decision (spawn, each yielded instruction), prefixed with the
    /// loop time: a step-by-step view for learning and for comparing runs. A trace that throws is reported to
    /// <see cref="ExceptionHandler"/> and removed; the loop keeps running.</summary>
    public Action<string>? Trace
    {
        get => _trace;
        set => _trace = value;
    }

    /// <summary>Debug mode (off by default; asyncio's debug mode): every task step is timed, and a step that runs longer
    /// than <see cref="SlowStepThreshold"/> is reported through <see cref="ExceptionHandler"/> naming the task and its
    /// coroutines, because a slow step blocks every other task of the loop.</summary>
    public bool Debug
    {
        get => _debug;
        set => _debug = value;
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

    internal bool Tracing => _trace is not null;

    internal void TraceTask(CoTask task, string what)
    {
        Action<string>? trace = _trace;
        if (trace is null)
        {
            return;
        }

        string line = Time.ToString("0.000###", CultureInfo.InvariantCulture) + " " + task.Name + " " + what;
        try
        {
            trace(line);
        }
        catch (Exception e)
        {
            // A broken trace must not break the task being stepped: it is removed and reported, never lost.
            _trace = null;
            Report(new LoopExceptionContext("The loop's Trace threw and was removed.", e, task, Array.Empty<string>()));
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

    // From a finalizer thread: the failed future was collected unretrieved.
    internal void PostUnretrieved(Future future)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            Post(() => ReportUnretrieved(future));
        }
        catch (ObjectDisposedException)
        {
        }
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

    private void StepWithTiming(CoTask task)
    {
        long start = Stopwatch.GetTimestamp();
        task.Step();
        double seconds = (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
        if (seconds > _slowStepThreshold)
        {
            string[] stack = task.IsDone ? Array.Empty<string>() : task.GetStack();
            Report(new LoopExceptionContext(
                "Executing task '" + task.Name + "' (" + (stack.Length > 0 ? string.Join(" -> ", stack) : "finished") + ") took " +
                seconds.ToString("0.000", CultureInfo.InvariantCulture) + " seconds, longer than SlowStepThreshold " +
                _slowStepThreshold.ToString("0.000", CultureInfo.InvariantCulture) + " s: a slow step blocks every other task.",
                null,
                task,
                stack));
        }
    }

    private string DescribeDeadlock(Future future)
    {
        var text = new StringBuilder("Deadlock on the virtual clock: ").Append(future)
            .Append(" is not done, and no task is ready, no timer is pending and nothing was posted, so nothing can ever finish it.");
        CoTask[] tasks = GetTasks();
        if (tasks.Length > 0)
        {
            text.Append(" Waiting tasks: ");
            for (int i = 0; i < tasks.Length && i < 10; i++)
            {
                text.Append(i > 0 ? "; " : string.Empty).Append(tasks[i].Name).Append(" in ").Append(string.Join(" -> ", tasks[i].GetStack()))
                    .Append(" waiting for ").Append(tasks[i].WaitingFor);
            }
        }

        return text.ToString();
    }
}
