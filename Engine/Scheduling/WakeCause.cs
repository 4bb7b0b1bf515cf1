namespace Engine;

// What woke a parked task: for traces and statistics.
internal enum WakeCause : byte
{
    // A Seconds wait's timer fired.
    Timer,

    // A Frames wait counted down.
    Frames,

    // An Until/While predicate held.
    Poll,

    // An awaited future or task completed (or another awaited result arrived: a game CoProgress threshold). Such a
    // waiter resumes in the same frame on the frame clock and with a game layer (EventLoop.Game.cs).
    Future,

    // A lock, semaphore, queue, event, condition, barrier or task group handed it what it waited for.
    Source,

    // A socket became ready (or was closed).
    Socket,

    // A socket wait's deadline passed.
    Timeout,
}
