namespace Engine.Observe;

/// <summary>What a <see cref="TimelineSlice"/> shows.</summary>
public enum TimelineSliceKind
{
    /// <summary>The task ran: one step, from resuming to its next wait.</summary>
    Step,

    /// <summary>The task waited, parked on something (the label says what).</summary>
    Waiting,

    /// <summary>The task was woken and waited on the ready queue for its turn.</summary>
    Ready,
}

/// <summary>What a <see cref="TimelineMark"/> shows.</summary>
public enum TimelineMarkKind
{
    /// <summary>The task was spawned.</summary>
    Spawned,

    /// <summary>The task completed.</summary>
    Completed,

    /// <summary>The task failed.</summary>
    Failed,

    /// <summary>The task was cancelled.</summary>
    Cancelled,

    /// <summary>Cancellation of the task was requested.</summary>
    CancelRequested,

    /// <summary>The virtual clock jumped to the next timer (on no lane).</summary>
    ClockJump,

    /// <summary>A deadlock was found (on no lane).</summary>
    Deadlock,
}

/// <summary>What a <see cref="TimelineArrow"/> shows.</summary>
public enum TimelineArrowKind
{
    /// <summary>A wake-up: from whoever woke the task (a task, or the loop for timers, sockets and callbacks) to its next step.</summary>
    Wake,

    /// <summary>A spawn: from the spawning task to the new task's first step.</summary>
    Spawn,
}

/// <summary>One task's lane in a <see cref="Timeline"/>.</summary>
public sealed class TimelineLane
{
    internal TimelineLane(int index, long taskId, string name, string coroutine, string group)
    {
        Group = group;
        Index = index;
        TaskId = taskId;
        Name = name;
        Coroutine = coroutine;
    }

    /// <summary>The lane's position, 0 at the top (tasks in spawn order).</summary>
    public int Index { get; }

    /// <summary>The task's <see cref="CoTask.Id"/>.</summary>
    public long TaskId { get; }

    /// <summary>The task's name.</summary>
    public string Name { get; }

    /// <summary>The coroutine the task was spawned with.</summary>
    public string Coroutine { get; }

    /// <summary>The group the task was spawned into (<see cref="GroupView.ToString"/>), or empty for a task of no group.</summary>
    public string Group { get; }
}

/// <summary>A span on a lane: a step, a wait or a turn on the ready queue.</summary>
public sealed class TimelineSlice
{
    internal TimelineSlice(int lane, TimelineSliceKind kind, double start, double end, double time, long frame, string label, string detail)
    {
        Lane = lane;
        Kind = kind;
        Start = start;
        End = end;
        Time = time;
        Frame = frame;
        Label = label;
        Detail = detail;
    }

    /// <summary>The lane's index.</summary>
    public int Lane { get; }

    /// <summary>A step, a wait, or a turn on the ready queue.</summary>
    public TimelineSliceKind Kind { get; }

    /// <summary>Where it starts on the timeline's position scale (<see cref="Timeline"/>).</summary>
    public double Start { get; }

    /// <summary>Where it ends on the position scale.</summary>
    public double End { get; }

    /// <summary>The loop time it starts at.</summary>
    public double Time { get; }

    /// <summary>The frame it starts in.</summary>
    public long Frame { get; }

    /// <summary>The site a step resumed at, or what a wait waits on.</summary>
    public string Label { get; }

    /// <summary>More: what a step yielded and its wall time; what woke a wait.</summary>
    public string Detail { get; }
}

/// <summary>An arrow between lanes: who woke or spawned whom.</summary>
public sealed class TimelineArrow
{
    internal TimelineArrow(TimelineArrowKind kind, int fromLane, double from, int toLane, double to, string label)
    {
        Kind = kind;
        FromLane = fromLane;
        From = from;
        ToLane = toLane;
        To = to;
        Label = label;
    }

    /// <summary>A wake-up or a spawn.</summary>
    public TimelineArrowKind Kind { get; }

    /// <summary>The lane it starts on, or -1 for the loop itself (timers, sockets, callbacks).</summary>
    public int FromLane { get; }

    /// <summary>Where it starts on the position scale.</summary>
    public double From { get; }

    /// <summary>The lane it points to.</summary>
    public int ToLane { get; }

    /// <summary>Where it points to: the start of the woken task's next step.</summary>
    public double To { get; }

    /// <summary>What it stands for, such as <c>timer</c> or <c>CoLock.Acquire</c>.</summary>
    public string Label { get; }
}

/// <summary>An instant on a lane (a spawn, an end) or on the whole timeline (a clock jump, a deadlock).</summary>
public sealed class TimelineMark
{
    internal TimelineMark(TimelineMarkKind kind, int lane, double at, double time, string label)
    {
        Kind = kind;
        Lane = lane;
        At = at;
        Time = time;
        Label = label;
    }

    /// <summary>What happened.</summary>
    public TimelineMarkKind Kind { get; }

    /// <summary>The lane, or -1 for the whole timeline.</summary>
    public int Lane { get; }

    /// <summary>Where on the position scale.</summary>
    public double At { get; }

    /// <summary>The loop time.</summary>
    public double Time { get; }

    /// <summary>A short description.</summary>
    public string Label { get; }
}
