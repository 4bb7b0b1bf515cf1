using System.Threading;
using System.Threading.Tasks;

namespace Engine;

/// <summary>
/// Task views of futures and coroutine tasks, so async code can await the engine's work:
/// <c>string page = await fetchTask.AsTask&lt;string&gt;();</c>.
/// </summary>
/// <remarks>
/// Design: the view listens to the future on the loop thread and completes a <see cref="TaskCompletionSource{TResult}"/>
/// whose continuations run asynchronously, so awaiting code never runs on the loop thread. A result converts like
/// <see cref="Co.Result{T}"/>; a failure faults the task with the same exception (it counts as retrieved, so the loop does
/// not also report it); cancellation cancels the task. Call <c>AsTask</c> on the thread that owns the loop (in a coroutine
/// or callback, or the thread that created the loop while it is not running); from other threads, start the work with
/// <see cref="EventLoop.SpawnThreadSafe{T}(System.Collections.Generic.IEnumerator{Yield}, CancellationToken, string)"/>,
/// which returns such a task.
/// </remarks>
public static class FutureExtensions
{
    /// <summary>A task that completes with <paramref name="future"/>'s outcome.</summary>
    /// <param name="future">A future or <see cref="CoTask"/>.</param>
    /// <returns>A task of its result as an object.</returns>
    /// <exception cref="System.InvalidOperationException">Called from a thread that does not own the loop.</exception>
    public static Task<object?> AsTask(this Future future) => View<object?>(future);

    /// <summary>A task that completes with <paramref name="future"/>'s result or failure.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="future">The future.</param>
    /// <returns>A task of its result.</returns>
    /// <exception cref="System.InvalidOperationException">Called from a thread that does not own the loop.</exception>
    public static Task<T> AsTask<T>(this Future<T> future) => View<T>(future);

    /// <summary>A task that completes with <paramref name="task"/>'s result converted to <typeparamref name="T"/> (faulted
    /// with <see cref="System.InvalidCastException"/> if the coroutine returned another type), its failure, or its cancellation.</summary>
    /// <typeparam name="T">The type the coroutine returns with <see cref="Yield.Return(object)"/>.</typeparam>
    /// <param name="task">The coroutine task.</param>
    /// <returns>A task of its result.</returns>
    /// <exception cref="System.InvalidOperationException">Called from a thread that does not own the loop.</exception>
    public static Task<T> AsTask<T>(this CoTask task) => View<T>(task);

    private static Task<T> View<T>(Future future)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        if (!future.Loop.IsOwnerThread)
        {
            ThrowHelper.ThrowInvalidOperation("AsTask was called for " + future + " from a thread that does not own its event loop. Call it on the " +
                "loop's thread (in a coroutine or callback) and hand the Task out, or start the work from other threads with " +
                "EventLoop.SpawnThreadSafe, which returns a Task.");
        }

        var completion = new FutureTaskSource<T>(CancellationToken.None);
        completion.Listen(future);
        return completion.Task;
    }
}
