namespace Engine.Observe;

/// <summary>What kind of thing a task waits on (<see cref="WaitView.Kind"/>).</summary>
public enum WaitKind
{
    /// <summary>Not waiting: the task is ready or running.</summary>
    None,

    /// <summary>A <see cref="Yield.Seconds(double)"/> timer.</summary>
    Timer,

    /// <summary>A <see cref="Yield.Frames(int)"/> count.</summary>
    Frames,

    /// <summary>A <see cref="Yield.Until(System.Func{bool})"/> or <see cref="Yield.While(System.Func{bool})"/> predicate.</summary>
    Predicate,

    /// <summary>Another task to finish.</summary>
    Task,

    /// <summary>A future that code outside the loop's tasks completes (a <see cref="Future{T}"/>, work on another thread).</summary>
    Future,

    /// <summary>A gather, wait or shield of other futures and tasks.</summary>
    Gather,

    /// <summary>A <see cref="CoLock"/> (or a <see cref="CoCondition"/>'s lock, to take it back).</summary>
    Lock,

    /// <summary>A <see cref="CoSemaphore"/> permit.</summary>
    Semaphore,

    /// <summary>An item from an empty queue.</summary>
    QueueGet,

    /// <summary>Room in a full queue.</summary>
    QueuePut,

    /// <summary>Every item of a queue to be marked done (<see cref="CoQueue{T}.Join"/>).</summary>
    QueueJoin,

    /// <summary>A <see cref="CoEvent"/> to be set.</summary>
    Event,

    /// <summary>A <see cref="CoCondition"/> notification.</summary>
    Condition,

    /// <summary>The other parties of a <see cref="CoBarrier"/>.</summary>
    Barrier,

    /// <summary>The children of a <see cref="TaskGroup"/>.</summary>
    TaskGroup,

    /// <summary>A socket to become readable or writable.</summary>
    Socket,

    /// <summary>Something else (a custom wait source).</summary>
    Other,
}
