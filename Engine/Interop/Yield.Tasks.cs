using System.Threading.Tasks;

namespace Engine;

// The Task side of Yield.Await: a coroutine waits for a .NET Task, Task<T>, ValueTask or ValueTask<T> started
// elsewhere (an HttpClient call, a database query, a library's async API). Each builds a future on the current loop
// (Co.FromTask) and waits for it as for any future, so Co.Result<T>(), Co.Catch and cancellation work unchanged.
public readonly partial struct Yield
{
    /// <summary>Resume when <paramref name="task"/> completes, on the loop thread (its continuation only posts to the loop;
    /// no coroutine code runs on the thread pool and no thread blocks). Its failure is raised in this coroutine; if it was
    /// cancelled, a <see cref="CancelledException"/> whose <see cref="System.Exception.InnerException"/> is the task's
    /// <see cref="System.OperationCanceledException"/>. See <see cref="Co.FromTask(Task)"/>.</summary>
    /// <param name="task">A task started elsewhere, for example by an async library call.</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="System.InvalidOperationException">Called outside a running loop.</exception>
    public static Yield Await(Task task) => Await(Co.FromTask(task));

    /// <summary>Resume when <paramref name="task"/> completes; its result is then available through <see cref="Co.Result{T}"/>:
    /// <c>yield return Yield.Await(http.GetStringAsync(url)); string body = Co.Result&lt;string&gt;();</c>. Failures and
    /// cancellation arrive as for <see cref="Await(Task)"/>.</summary>
    /// <typeparam name="T">The task's result type.</typeparam>
    /// <param name="task">A task started elsewhere.</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="System.InvalidOperationException">Called outside a running loop.</exception>
    public static Yield Await<T>(Task<T> task) => Await(Co.FromTask(task));

    /// <summary>Resume when <paramref name="task"/> completes (see <see cref="Await(Task)"/>). A value task that already
    /// completed successfully continues in the same step without a post.</summary>
    /// <param name="task">The value task; it is consumed (awaited once), as every value task must be.</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="System.InvalidOperationException">Called outside a running loop.</exception>
    public static Yield Await(ValueTask task) => Await(Co.FromTask(task));

    /// <summary>Resume when <paramref name="task"/> completes, with its result available through <see cref="Co.Result{T}"/>
    /// (see <see cref="Await{T}(Task{T})"/>). A value task that already completed successfully continues in the same step.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="task">The value task; it is consumed (awaited once).</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="System.InvalidOperationException">Called outside a running loop.</exception>
    public static Yield Await<T>(ValueTask<T> task) => Await(Co.FromTask(task));
}
