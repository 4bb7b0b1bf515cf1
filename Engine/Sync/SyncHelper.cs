namespace Engine;

// Shared checks of the synchronization primitives: the caller must be a running task, and a primitive is
// bound to the loop of its first use (as asyncio's are since 3.10), so using it from another loop fails
// clearly instead of waking a task on the wrong thread.
internal static class SyncHelper
{
    public static CoTask RequireTask(ref EventLoop? bound, string what)
    {
        EventLoop? loop = EventLoop.Current;
        CoTask? task = loop?.CurrentTaskOnLoopThread;
        if (task is null)
        {
            ThrowHelper.ThrowInvalidOperation(what + " must be called inside a coroutine running on an event loop, as 'yield return " + what + ";'.");
        }

        if (bound is null)
        {
            bound = loop;
        }
        else if (!ReferenceEquals(bound, loop))
        {
            ThrowOtherLoop(what);
        }

        return task;
    }

    public static void CheckLoop(ref EventLoop? bound, string what)
    {
        EventLoop? loop = EventLoop.Current;
        if (loop is null)
        {
            return;
        }

        if (bound is null)
        {
            bound = loop;
        }
        else if (!ReferenceEquals(bound, loop))
        {
            ThrowOtherLoop(what);
        }
    }

    private static void ThrowOtherLoop(string what) =>
        ThrowHelper.ThrowInvalidOperation(what + " was used from a different event loop than the one this primitive is bound to " +
            "(it binds to the loop of its first use). Create one primitive per loop; hand values across loops with EventLoop.Post.");
}
