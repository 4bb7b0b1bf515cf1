namespace Engine;

/// <summary>What woke a parked task: carried by <see cref="Observe.LoopEventKind.Woken"/> events, counted by the
/// profiler.</summary>
public enum WakeCause : byte
{
    /// <summary>A <see cref="Yield.Seconds(double)"/> wait's timer fired.</summary>
    Timer,

    /// <summary>A <see cref="Yield.Frames(int)"/> wait counted down.</summary>
    Frames,

    /// <summary>An <see cref="Yield.Until(System.Func{bool})"/> or <see cref="Yield.While(System.Func{bool})"/> predicate held.</summary>
    Poll,

    /// <summary>An awaited future or task completed (or another awaited result arrived: a game
    /// <see cref="Game.CoProgress"/> threshold). On the frame clock and with a game layer such a waiter resumes in the
    /// same frame.</summary>
    Future,

    /// <summary>A lock, semaphore, queue, event, condition, barrier or task group handed it what it waited for.</summary>
    Source,

    /// <summary>A socket became ready (or was closed).</summary>
    Socket,

    /// <summary>A socket wait's deadline passed.</summary>
    Timeout,
}
