namespace Engine.Observe;

/// <summary>What a <see cref="LoopEvent"/> tells. Each member says what <see cref="LoopEvent.Task"/>,
/// <see cref="LoopEvent.Other"/>, <see cref="LoopEvent.Subject"/> and <see cref="LoopEvent.Number"/> hold for it.</summary>
public enum LoopEventKind : byte
{
    /// <summary>A task was spawned. Task: the new task; Other: the task that spawned it (null from outside any task);
    /// Subject: its coroutine's name; Detail: the <see cref="GroupView"/> it joins, also as <see cref="LoopEvent.Group"/>
    /// (null for a task of no group).</summary>
    Spawned,

    /// <summary>The loop starts stepping a task. Subject: the site it resumes at (the top frame's name, with file and
    /// line for generated machines); Timestamp: when.</summary>
    StepBegan,

    /// <summary>The task's top frame yielded an instruction (Instruction). A child call (From, Catch) pushes a frame.
    /// Number: the loop time a Seconds wait is due, or the frame a Frames wait is due; NaN otherwise.</summary>
    Yielded,

    /// <summary>The step is over (Outcome: parked, ready again or finished). Subject: what the task is parked on (a
    /// future, task, lock or queue, socket), null for timers, frames and predicates; Instruction: the instruction it
    /// waits with; Number: when a timed wait is due (loop time, or frame for Frames), NaN otherwise; Timestamp: when.</summary>
    StepEnded,

    /// <summary>A child frame returned to its parent (popped). Subject: the child's name; Detail: the returned value.</summary>
    FrameReturned,

    /// <summary>An exception left a frame, which was popped and disposed. Subject: the frame's name; Detail: the exception.</summary>
    FrameFailed,

    /// <summary>A parked task was woken and goes back on the ready queue. Cause: by what; Other: the task that woke it
    /// (released the lock, put the item, completed the future or finished), null for timers, sockets and callbacks;
    /// Subject: what it was parked on; Detail: the callback or posted action running when it was woken, if any.</summary>
    Woken,

    /// <summary>Cancellation was requested. Other: the task that asked (null from outside any task); Subject: the message.</summary>
    CancelRequested,

    /// <summary>An exception is raised at the task's wait (a timeout scope expired, a task group aborts). Subject: the exception.</summary>
    Interrupted,

    /// <summary>The task finished with a result. Subject: the result.</summary>
    Completed,

    /// <summary>The task failed. Subject: the exception.</summary>
    Failed,

    /// <summary>The task was cancelled. Subject: the cancel message, if any.</summary>
    Cancelled,

    /// <summary>A loop iteration (a frame under <see cref="EventLoop.Tick(double)"/>) begins. Frame and Time are the new ones.</summary>
    IterationBegan,

    /// <summary>The virtual clock jumped to the next timer. Number: the time it jumped from; Time: the new time.</summary>
    ClockJumped,

    /// <summary>Timers (or frame waits) due at one time fired. Number: their due time (or frame); Count: the entries,
    /// including ones whose wait had already ended; Cause: Timer or Frames.</summary>
    TimersFired,

    /// <summary>A callback was scheduled for a loop time (<see cref="EventLoop.CallAt(double, System.Action)"/>,
    /// <see cref="EventLoop.CallLater(double, System.Action)"/>, timeout scopes). Subject: the handle; Number: when.</summary>
    CallbackScheduled,

    /// <summary>A callback or posted action starts running. Subject: it.</summary>
    CallbackBegan,

    /// <summary>A callback or posted action finished. Subject: it.</summary>
    CallbackEnded,

    /// <summary>The real-clock loop starts sleeping: nothing is ready. Number: the longest it will sleep, in seconds
    /// (infinity: until a socket event or a post); Timestamp: when.</summary>
    IdleBegan,

    /// <summary>The loop woke up from sleeping. Timestamp: when.</summary>
    IdleEnded,

    /// <summary>A deadlock was found. Subject: the <see cref="DeadlockReport"/>.</summary>
    DeadlockFound,
}
