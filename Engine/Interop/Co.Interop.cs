using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine;

// The bridge to async .NET, module-level part: futures of Tasks (asyncio's wrap_future), the current task's
// CancellationToken, spawning with a token, and running a whole loop on a dedicated thread as a Task (asyncio.run in a
// thread, awaited by async code). Nothing here uses async/await: Tasks are consumed through continuations that post
// to the loop, and produced through TaskCompletionSource completed on the loop thread.
public static partial class Co
{
    /// <summary>The current task's <see cref="CoTask.CancellationToken"/>: cancelled when this task is cancelled. Pass it to
    /// async .NET calls (<c>http.GetStringAsync(url, Co.CancellationToken)</c>) so cancelling the task stops them.</summary>
    /// <exception cref="InvalidOperationException">Called outside a running task.</exception>
    public static CancellationToken CancellationToken
    {
        get
        {
            CoTask? task = CurrentTask;
            if (task is null)
            {
                ThrowHelper.ThrowInvalidOperation("Co.CancellationToken is read from inside a running coroutine; outside one, use a CoTask's CancellationToken.");
            }

            return task.CancellationToken;
        }
    }

    /// <summary>A future of the current loop that takes on <paramref name="task"/>'s outcome (asyncio's <c>wrap_future</c>),
    /// for <see cref="Gather(Future[])"/>, <see cref="Wait(System.Collections.Generic.IEnumerable{Future}, WaitMode, double)"/> or <see cref="WaitFor(Future, double)"/> over .NET tasks. Its
    /// completion is posted to the loop; while the task runs, it counts as <see cref="EventLoop.PendingExternalWork"/>.
    /// Cancelling the future does not stop the task (pass a <see cref="CancellationToken"/> to the task for that).</summary>
    /// <param name="task">A task started elsewhere.</param>
    /// <returns>A future whose result is <see langword="null"/> once the task ran to completion.</returns>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static Future<object?> FromTask(Task task)
    {
        if (task is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(task));
        }

        return new TaskFuture<object?>(EventLoop.RequireCurrent(), task);
    }

    /// <summary>A future of the current loop that takes on <paramref name="task"/>'s result or failure; see <see cref="FromTask(Task)"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">A task started elsewhere.</param>
    /// <returns>The future.</returns>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static Future<T> FromTask<T>(Task<T> task)
    {
        if (task is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(task));
        }

        return new TaskFuture<T>(EventLoop.RequireCurrent(), task);
    }

    /// <summary>A future of the current loop that takes on <paramref name="task"/>'s outcome; see <see cref="FromTask(Task)"/>.
    /// A value task that already completed successfully gives a completed future without touching the thread pool.</summary>
    /// <param name="task">The value task; it is consumed.</param>
    /// <returns>The future.</returns>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static Future<object?> FromTask(ValueTask task)
    {
        EventLoop loop = EventLoop.RequireCurrent();
        if (task.IsCompletedSuccessfully)
        {
            task.GetAwaiter().GetResult();   // releases a pooled IValueTaskSource
            return Completed<object?>(loop, null);
        }

        return new TaskFuture<object?>(loop, task.AsTask());
    }

    /// <summary>A future of the current loop that takes on <paramref name="task"/>'s result or failure; see
    /// <see cref="FromTask(ValueTask)"/>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The value task; it is consumed.</param>
    /// <returns>The future.</returns>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static Future<T> FromTask<T>(ValueTask<T> task)
    {
        EventLoop loop = EventLoop.RequireCurrent();
        return task.IsCompletedSuccessfully ? Completed(loop, task.Result) : new TaskFuture<T>(loop, task.AsTask());
    }

    /// <summary>Starts <paramref name="coroutine"/> as a task on the loop running on this thread, cancelled when
    /// <paramref name="cancellationToken"/> is (see <see cref="EventLoop.Spawn(IEnumerator{Yield}, CancellationToken, string)"/>).</summary>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="cancellationToken">A token from any thread; cancelling it cancels the task on the loop.</param>
    /// <param name="name">An optional task name.</param>
    /// <returns>The task.</returns>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static CoTask Spawn(IEnumerator<Yield> coroutine, CancellationToken cancellationToken, string? name = null) =>
        EventLoop.RequireCurrent().Spawn(coroutine, cancellationToken, name);

    /// <summary>Runs <paramref name="main"/> like <see cref="Run(IEnumerator{Yield}, ClockKind)"/>, on a new loop on a
    /// dedicated thread, and returns at once with a <see cref="Task{TResult}"/> of its result for async code to await: the
    /// task completes after the leftover tasks were cancelled and the loop closed. A failure faults it; cancelling
    /// <paramref name="cancellationToken"/> cancels <paramref name="main"/> (its <c>finally</c> blocks run) and then the task.
    /// Continuations of the returned task never run on the loop thread.</summary>
    /// <param name="main">The main coroutine.</param>
    /// <param name="clock">The clock: <see cref="ClockKind.Real"/> (the default) or <see cref="ClockKind.Virtual"/>.</param>
    /// <param name="cancellationToken">Cancels <paramref name="main"/>.</param>
    /// <returns>A task of <paramref name="main"/>'s result.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clock"/> is the frame clock, which only a host's
    /// <see cref="EventLoop.Tick(double)"/> drives.</exception>
    public static Task<object?> RunAsync(IEnumerator<Yield> main, ClockKind clock = ClockKind.Real, CancellationToken cancellationToken = default)
    {
        if (main is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(main));
        }

        if (clock is not (ClockKind.Real or ClockKind.Virtual))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(clock), clock, "RunAsync runs a loop to completion on its own thread: use the real or virtual clock.");
        }

        var loop = new EventLoop(clock);
        try
        {
            return StartLoopThread(loop, main, cancellationToken, ownsLoop: true);
        }
        catch
        {
            loop.Dispose();
            throw;
        }
    }

    // Runs main on loop on a new thread (EventLoop.RunAsync and Co.RunAsync). Main is spawned here, on the thread that owns
    // the loop; the new thread takes the loop over when it starts running it. The Task completes once the loop has
    // stopped running, after the cleanup Co.Run does when the loop is ours, so its awaiter may dispose or reuse the loop.
    internal static Task<object?> StartLoopThread(EventLoop loop, IEnumerator<Yield> main, CancellationToken cancellationToken, bool ownsLoop)
    {
        CoTask task = loop.Spawn(main, cancellationToken, "main");
        task.MarkExceptionObserved();
        var completion = new FutureTaskSource<object?>(cancellationToken);
        var thread = new Thread(() => RunLoopThread(loop, task, ownsLoop, completion))
        {
            IsBackground = true,
            Name = "Engine loop",
        };
        thread.Start();
        return completion.Task;
    }

    private static Future<T> Completed<T>(EventLoop loop, T result)
    {
        var future = new Future<T>(loop);
        future.SetResult(result);
        return future;
    }

    private static void RunLoopThread(EventLoop loop, CoTask task, bool ownsLoop, FutureTaskSource<object?> completion)
    {
        try
        {
            try
            {
                loop.RunUntilComplete(task);
            }
            finally
            {
                if (ownsLoop)
                {
                    try
                    {
                        CancelLeftovers(loop);
                    }
                    finally
                    {
                        loop.Dispose();
                    }
                }
            }
        }
        catch (Exception e)
        {
            // The loop itself failed (a virtual-clock deadlock, a leftover's cleanup error): this thread must not die
            // with it, and the awaiter must hear of it.
            completion.Fail(e);
            return;
        }

        completion.CopyOutcome(task);
    }
}
