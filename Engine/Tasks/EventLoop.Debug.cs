using System;
using System.Diagnostics;
using System.Globalization;

namespace Engine;

// EventLoop's debug mode (asyncio's loop.set_debug / slow_callback_duration) and its count of work handed to
// other threads (ToThread), kept in their own file so the core loop changes by a few lines only.
public sealed partial class EventLoop
{
    private double _slowStepThreshold = 0.1;
    private int _pendingExternal;
    private bool _debug;

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

    /// <summary>The number of pieces of work running on other threads (<see cref="RunInExecutor{T}(Func{T})"/>, and .NET tasks
    /// awaited with <see cref="Yield.Await(System.Threading.Tasks.Task)"/>) whose result has not come back yet. While it is
    /// above zero, a virtual-clock loop with nothing ready waits for them instead of advancing time or reporting a deadlock.</summary>
    public int PendingExternalWork => _pendingExternal;

    /// <summary>Runs <paramref name="function"/> on the thread pool and returns a future of its result, completed on this
    /// loop's thread (asyncio's <c>run_in_executor</c> / <c>to_thread</c>). Cancelling the future does not stop the
    /// function; its result is then dropped. Call it on the loop's thread (from a coroutine or callback).</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">A blocking function. Its exception fails the future.</param>
    /// <returns>The future, owned by this loop.</returns>
    /// <exception cref="InvalidOperationException">The loop is closed.</exception>
    public Future<T> RunInExecutor<T>(Func<T> function)
    {
        if (function is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(function));
        }

        if (_closed)
        {
            ThrowClosed();
        }

        var future = new Future<T>(this);
        _pendingExternal++;
        System.Threading.ThreadPool.UnsafeQueueUserWorkItem(
            static state =>
            {
                var (loop, fn, fut) = ((EventLoop, Func<T>, Future<T>))state!;
                T result = default!;
                Exception? error = null;
                try
                {
                    result = fn();
                }
                catch (Exception e)
                {
                    error = e;
                }

                loop.PostExternalResult(() => CompleteExternal(fut, result, error));
            },
            (this, function, future));
        return future;
    }

    private static void CompleteExternal<T>(Future<T> future, T result, Exception? error)
    {
        if (future.IsDone)
        {
            return; // cancelled while the thread worked: the result is dropped, as asyncio does
        }

        if (error is null)
        {
            future.TrySetResult(result);
        }
        else
        {
            future.TrySetException(error);
        }
    }

    // Called on a pool thread. A loop closed meanwhile has nobody left to tell, and a pool thread must never throw.
    private void PostExternalResult(Action complete)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            Post(() =>
            {
                _pendingExternal--;
                complete();
            });
        }
        catch (ObjectDisposedException)
        {
        }
    }

    // Interop hook (Engine/Interop/TaskFuture.cs): a .NET Task awaited by a coroutine counts as external work too, so a
    // virtual-clock loop waits for it instead of jumping ahead or reporting a deadlock. Loop thread only.
    internal void AddExternalWork(int delta) => _pendingExternal += delta;

    private void WaitForExternalWork()
    {
        // Post wakes both the event and the selector; with sockets open, wait in the selector so
        // their readiness is seen too.
        if (_io is { } io)
        {
            io.Wait(double.PositiveInfinity);
            return;
        }

        _wake.Wait();
        _wake.Reset();
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
}
