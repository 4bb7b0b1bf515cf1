using System;

namespace Engine;

// Work handed to other threads (asyncio's run_in_executor / to_thread), and the count of it that is still out: while
// some is, a virtual-clock loop with nothing ready waits for it instead of advancing time or reporting a deadlock.
public sealed partial class EventLoop
{
    private int _pendingExternal;

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
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public Future<T> RunInExecutor<T>(Func<T> function)
    {
        if (function is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(function));
        }

        ThrowIfClosed();
        CheckOwnerThread(null, "hand work to the executor of");
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

    // Interop hook (Engine/Interop/TaskFuture.cs): a .NET Task awaited by a coroutine counts as external work too, so a
    // virtual-clock loop waits for it instead of jumping ahead or reporting a deadlock. Loop thread only.
    internal void AddExternalWork(int delta) => _pendingExternal += delta;

    // Virtual clock: block until a posted result (or any post) arrives.
    internal void WaitForExternalWork()
    {
        // Post wakes both the event and the selector; with sockets open, wait in the selector so their readiness is seen too.
        if (_io is { } io)
        {
            io.Wait(double.PositiveInfinity);
            return;
        }

        _wake.Wait();
        _wake.Reset();
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
}
