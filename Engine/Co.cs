using System;
using System.Collections.Generic;

namespace Engine;

/// <summary>
/// The engine's module-level functions, in the spirit of the <c>asyncio</c> module: run a main coroutine, spawn and
/// gather tasks on the current loop, and read what the last child call or await delivered.
/// </summary>
/// <example>
/// <code>
/// static IEnumerator&lt;Yield&gt; Main()
/// {
///     Console.WriteLine("Hello");
///     yield return Yield.Seconds(1);
///     Console.WriteLine("World");
/// }
///
/// Co.Run(Main());
/// </code>
/// </example>
public static partial class Co
{
    /// <summary>Runs <paramref name="main"/> on a new loop until it finishes, then cancels the tasks it left behind (their
    /// <c>finally</c> blocks run), closes the loop and returns <paramref name="main"/>'s result or throws its exception
    /// (asyncio's <c>run</c>).</summary>
    /// <param name="main">The main coroutine.</param>
    /// <param name="clock">The clock: real by default; virtual to simulate the same program without waiting.</param>
    /// <returns>The value <paramref name="main"/> returned, or <see langword="null"/>.</returns>
    public static object? Run(IEnumerator<Yield> main, ClockKind clock = ClockKind.Real)
    {
        if (main is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(main));
        }

        using var loop = new EventLoop(clock);
        CoTask task = loop.Spawn(main, "main");
        task.MarkExceptionObserved();
        try
        {
            loop.RunUntilComplete(task);
        }
        finally
        {
            CancelLeftovers(loop);
        }

        return task.Result;
    }

    /// <summary>Runs <paramref name="main"/> like <see cref="Run(IEnumerator{Yield}, ClockKind)"/> and converts its result.</summary>
    /// <typeparam name="T">The type <paramref name="main"/> returns.</typeparam>
    /// <param name="main">The main coroutine.</param>
    /// <param name="clock">The clock.</param>
    /// <returns>The result.</returns>
    public static T Run<T>(IEnumerator<Yield> main, ClockKind clock = ClockKind.Real) => Convert<T>(Run(main, clock), null);

    /// <summary>Starts <paramref name="coroutine"/> as a task on the loop running on this thread (asyncio's <c>create_task</c>).</summary>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="name">An optional task name.</param>
    /// <returns>The task.</returns>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static CoTask Spawn(IEnumerator<Yield> coroutine, string? name = null) => EventLoop.RequireCurrent().Spawn(coroutine, name);

    /// <summary>The loop running on this thread (asyncio's <c>get_running_loop</c>).</summary>
    /// <exception cref="InvalidOperationException">No loop is running on this thread.</exception>
    public static EventLoop Loop => EventLoop.RequireCurrent();

    /// <summary>The task being stepped on this thread, or <see langword="null"/> (asyncio's <c>current_task</c>).</summary>
    public static CoTask? CurrentTask => EventLoop.Current?.CurrentTaskOnLoopThread;

    /// <summary>The current loop's time in seconds.</summary>
    public static double Time => EventLoop.RequireCurrent().Time;

    /// <summary>What the current coroutine received from its last child call (<see cref="Yield.From"/>), catch or await,
    /// converted to <typeparamref name="T"/>: Python's <c>x = yield from child()</c> or <c>x = await future</c>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <returns>The value.</returns>
    /// <exception cref="InvalidOperationException">Called outside a running task.</exception>
    /// <exception cref="InvalidCastException">The value is not a <typeparamref name="T"/>.</exception>
    public static T Result<T>()
    {
        CoTask task = RequireTask();
        return Convert<T>(task.Received, task);
    }

    /// <summary>What the current coroutine received last, as an object.</summary>
    public static object? ResultObject
    {
        get
        {
            object? received = RequireTask().Received;
            return received is ValueBox box ? box.BoxedValue : received;
        }
    }

    /// <summary>After <see cref="Yield.Catch(IEnumerator{Yield})"/> or <see cref="Yield.Catch(Future)"/>: the exception the
    /// child or future failed with, or <see langword="null"/> if it succeeded.</summary>
    public static Exception? Exception => RequireTask().ReceivedException;

    /// <summary>Waits for all <paramref name="futures"/> (asyncio's <c>gather</c>): the result is their results in
    /// argument order. The first failure reaches the waiter at once and the others keep running. Cancelling the gather
    /// cancels the children.</summary>
    /// <param name="futures">Futures or tasks of the current loop.</param>
    /// <returns>A future of the results.</returns>
    public static Future<object?[]> Gather(params Future[] futures) => Gather(futures, returnExceptions: false);

    /// <summary>Spawns each coroutine as a task and gathers them (see <see cref="Gather(Future[])"/>).</summary>
    /// <param name="coroutines">The coroutines.</param>
    /// <returns>A future of the results in argument order.</returns>
    public static Future<object?[]> Gather(params IEnumerator<Yield>[] coroutines)
    {
        Future[] tasks = SpawnAll(coroutines, "Co.Gather");
        return new GatherFuture(tasks.Length > 0 ? tasks[0].Loop : EventLoop.RequireCurrent(), tasks, returnExceptions: false);
    }

    /// <summary>Waits for all <paramref name="futures"/>. With <paramref name="returnExceptions"/>, failures (and
    /// <see cref="CancelledException"/> for cancelled children) take their place in the results instead of failing the gather.</summary>
    /// <param name="futures">Futures or tasks of one loop.</param>
    /// <param name="returnExceptions">Return exceptions as results instead of failing.</param>
    /// <returns>A future of the results in argument order.</returns>
    /// <exception cref="ArgumentException"><paramref name="futures"/> mixes loops.</exception>
    public static Future<object?[]> Gather(IEnumerable<Future> futures, bool returnExceptions)
    {
        if (futures is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(futures));
        }

        var list = new List<Future>(futures);
        EventLoop? loop = null;
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                ThrowHelper.ThrowArgumentNull(nameof(futures) + "[" + i + "]");
            }

            loop ??= list[i].Loop;
            if (!ReferenceEquals(list[i].Loop, loop))
            {
                // An argument error, as asyncio's gather raises ValueError, and as Co.Wait, Co.AsCompleted and Co.WhenAny do.
                throw new ArgumentException("Gather was given futures of different event loops (item " + i + ": " + list[i] + ").", nameof(futures));
            }
        }

        loop ??= EventLoop.RequireCurrent();
        return new GatherFuture(loop, list.ToArray(), returnExceptions);
    }

    /// <summary>The exception that was being unwound when <paramref name="exception"/> was raised (Python's
    /// <c>__context__</c>): a <c>finally</c> block or <c>Dispose</c> that throws while a failure or a cancellation unwinds
    /// a coroutine's frames raises an exception that travels on in place of the first, and the first stays reachable
    /// here, so neither is lost. <see langword="null"/> when there was none.</summary>
    /// <param name="exception">An exception a coroutine, task or future raised.</param>
    /// <returns>The earlier exception, or <see langword="null"/>.</returns>
    public static Exception? GetContext(Exception exception) => ExceptionContext.Get(exception);

    internal static T Convert<T>(object? value, CoTask? task)
    {
        if (value is ValueBox box)
        {
            if (box is ValueBox<T> typedBox)
            {
                return typedBox.Value;
            }

            value = box.BoxedValue;
        }

        if (value is T typed)
        {
            return typed;
        }

        if (value is null && default(T) is null)
        {
            return default!;
        }

        throw new InvalidCastException(
            "Expected a result of type " + typeof(T).Name + (task is null ? string.Empty : " in task '" + task.Name + "'") +
            " but got " + (value is null ? "null" : value.GetType().Name + " (" + value + ")") + ".");
    }

    // Spawns one task per coroutine on the current loop, after checking them all (no null, no iterator twice or already
    // started), so a bad argument starts nothing. For Gather and WhenAny.
    private static Future[] SpawnAll(IEnumerator<Yield>[] coroutines, string what)
    {
        if (coroutines is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(coroutines));
        }

        EventLoop loop = EventLoop.RequireCurrent();
        var distinct = new HashSet<object>(ReferenceComparer.Instance);
        for (int i = 0; i < coroutines.Length; i++)
        {
            IEnumerator<Yield> c = coroutines[i];
            if (c is null)
            {
                ThrowHelper.ThrowArgumentNull(nameof(coroutines) + "[" + i + "]");
            }

            if (!distinct.Add(c))
            {
                ThrowHelper.ThrowInvalidOperation(what + " was given the same iterator twice (" + CoroutineNames.Of(c) + ", item " + i +
                    "). An iterator runs once, in one task: call the coroutine method once per task.");
            }

            loop.CheckUnstarted(c, what + " cannot start it again (item " + i + ")");
        }

        var tasks = new Future[coroutines.Length];
        for (int i = 0; i < coroutines.Length; i++)
        {
            tasks[i] = loop.Spawn(coroutines[i]);
        }

        return tasks;
    }

    private static CoTask RequireTask()
    {
        CoTask? task = CurrentTask;
        if (task is null)
        {
            ThrowHelper.ThrowInvalidOperation("Co.Result and Co.Exception are read from inside a running coroutine, right after the yield that delivered the value.");
        }

        return task;
    }

    // asyncio.run's shutdown: cancel what main left running, wait for every cancellation to finish (finally blocks
    // run), and report any task whose cleanup failed, so no error is lost on the way out.
    private static void CancelLeftovers(EventLoop loop)
    {
        CoTask[] left = loop.GetTasks();
        if (left.Length == 0)
        {
            return;
        }

        foreach (CoTask t in left)
        {
            t.Cancel();
        }

        try
        {
            loop.RunUntilComplete(new GatherFuture(loop, left, returnExceptions: true));
        }
        catch (Exception e)
        {
            loop.Report(new LoopExceptionContext("Co.Run could not finish cancelling the tasks main left running.", e, null, Array.Empty<string>()));
        }

        foreach (CoTask t in left)
        {
            if (t.IsFailed)
            {
                loop.Report(new LoopExceptionContext(
                    "Task '" + t.Name + "' raised an exception while Co.Run cancelled it at shutdown.", t.Exception, t, t.FailureChain));
            }
        }
    }
}
