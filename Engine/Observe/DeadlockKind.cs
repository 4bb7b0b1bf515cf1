namespace Engine.Observe;

/// <summary>Why a <see cref="DeadlockReport"/> says tasks can never resume.</summary>
public enum DeadlockKind
{
    /// <summary>Tasks wait on each other in a cycle: each holds (or is) what the next one waits for, through locks,
    /// awaited tasks, gathers and task groups. Nothing but cancellation can break it.</summary>
    Cycle,

    /// <summary>No cycle, but nothing is left that could wake the waiting tasks: no task is ready, no timer, frame
    /// wait, predicate or socket is pending, nothing was posted and no outside work is expected (a queue with no
    /// producer, an event nobody will set, a future nobody will complete).</summary>
    Stall,
}
