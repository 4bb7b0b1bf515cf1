using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Engine;

// The bridge to async .NET, loop part: spawning under a CancellationToken, spawning from any thread with a Task of the
// result (asyncio's run_coroutine_threadsafe), and running this loop on a dedicated thread as a Task. Everything that
// arrives from another thread goes through Post, the loop's one thread-safe entry.
public sealed partial class EventLoop
{
    /// <summary>Starts <paramref name="coroutine"/> as a new task, like <see cref="Spawn(IEnumerator{Yield}, string)"/>, that
    /// is cancelled when <paramref name="cancellationToken"/> is: the token may be cancelled from any thread, and the task is
    /// then cancelled on the loop (its <c>finally</c> blocks run). A token that is already cancelled cancels the task before
    /// its first step. The registration on the token is removed when the task finishes.</summary>
    /// <param name="coroutine">The coroutine to run.</param>
    /// <param name="cancellationToken">The token that cancels the task.</param>
    /// <param name="name">A name for traces and introspection; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    public CoTask Spawn(IEnumerator<Yield> coroutine, CancellationToken cancellationToken, string? name = null)
    {
        CoTask task = Spawn(coroutine, name);
        task.CancelWhen(cancellationToken);
        return task;
    }

    /// <summary>Starts <paramref name="coroutine"/> as a task from any thread and returns a <see cref="Task{TResult}"/> of its
    /// result (asyncio's <c>run_coroutine_threadsafe</c>): the way async code outside the loop hands it work and awaits the
    /// answer. The task is spawned on the loop's next iteration, through <see cref="Post(Action)"/>; cancelling
    /// <paramref name="cancellationToken"/> cancels it. Continuations of the returned task never run on the loop thread.</summary>
    /// <param name="coroutine">The coroutine to run.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <param name="name">A task name; <c>Task-N</c> when omitted.</param>
    /// <returns>A task of the coroutine's result: faulted with its exception, cancelled if it was cancelled.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public Task<object?> SpawnThreadSafe(IEnumerator<Yield> coroutine, CancellationToken cancellationToken = default, string? name = null) =>
        SpawnThreadSafe<object?>(coroutine, cancellationToken, name);

    /// <summary>Starts <paramref name="coroutine"/> as a task from any thread and returns a task of its result converted to
    /// <typeparamref name="T"/>; see <see cref="SpawnThreadSafe(IEnumerator{Yield}, CancellationToken, string)"/>.</summary>
    /// <typeparam name="T">The type the coroutine returns with <see cref="Yield.Return(object)"/>.</typeparam>
    /// <param name="coroutine">The coroutine to run.</param>
    /// <param name="cancellationToken">Cancels the task.</param>
    /// <param name="name">A task name; <c>Task-N</c> when omitted.</param>
    /// <returns>A task of the result; faulted with <see cref="InvalidCastException"/> if the coroutine returned another type.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public Task<T> SpawnThreadSafe<T>(IEnumerator<Yield> coroutine, CancellationToken cancellationToken = default, string? name = null)
    {
        if (coroutine is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(coroutine));
        }

        if (_closed)
        {
            throw new ObjectDisposedException(nameof(EventLoop), "The event loop is closed; it takes no more work.");
        }

        var completion = new FutureTaskSource<T>(cancellationToken);
        Post(() =>
        {
            try
            {
                completion.Listen(Spawn(coroutine, cancellationToken, name));
            }
            catch (Exception e)
            {
                completion.Fail(e);
            }
        });
        return completion.Task;
    }

    /// <summary>Runs <paramref name="main"/> on this loop, as <see cref="Run(IEnumerator{Yield})"/> does, on a new dedicated
    /// thread, and returns at once with a task of its result: for servers and tools whose host code is async. The loop
    /// belongs to that thread until the task completes, which happens once the loop has stopped running (so the awaiter may
    /// dispose it or run it again); meanwhile other threads reach it through <see cref="Post(Action)"/> and
    /// <see cref="SpawnThreadSafe(IEnumerator{Yield}, CancellationToken, string)"/>. Tasks other than <paramref name="main"/>
    /// keep their state, as after <see cref="Run(IEnumerator{Yield})"/>; <see cref="Co.RunAsync"/> also cancels them and
    /// closes its loop.</summary>
    /// <param name="main">The main coroutine.</param>
    /// <param name="cancellationToken">Cancels <paramref name="main"/> (its <c>finally</c> blocks run) and then the task.</param>
    /// <returns>A task of <paramref name="main"/>'s result; faulted with its exception, or with the loop's own failure (such
    /// as a deadlock on the virtual clock).</returns>
    /// <exception cref="InvalidOperationException">The loop runs on the frame clock or is running already, or the caller is not
    /// the thread that owns it.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public Task<object?> RunAsync(IEnumerator<Yield> main, CancellationToken cancellationToken = default)
    {
        if (main is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(main));
        }

        if (_clock.Kind == ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("This loop runs on the frame clock: the host drives it with Tick(dt). RunAsync needs a Real or Virtual loop.");
        }

        ThrowIfClosed();

        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("The event loop is already running; RunAsync starts a loop that is not.");
        }

        return Co.StartLoopThread(this, main, cancellationToken, ownsLoop: false);
    }

    // True on the thread that owns the loop (the one that created it, or runs it now).
    internal bool IsOwnerThread => Environment.CurrentManagedThreadId == _ownerThread;

    // Post for callers on any thread that must not throw (a Task continuation, a CancellationToken callback): a loop
    // closed meanwhile has nobody left to tell, so the action is dropped.
    internal void TryPostFromAnyThread(Action action)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            Post(action);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
