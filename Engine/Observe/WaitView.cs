using System;
using System.Collections.Generic;

namespace Engine.Observe;

/// <summary>What a task in a <see cref="TaskView"/> waits on, since when, until when, and which tasks hold it or would
/// have to act for it to be released. Plain data.</summary>
public sealed class WaitView
{
    /// <summary>Creates a wait view.</summary>
    /// <param name="kind">The kind of wait.</param>
    /// <param name="description">A readable description, such as <c>CoLock #1 held by 'fork-2'</c>.</param>
    /// <param name="instruction">The instruction the task waits with, such as <c>Wait(CoLock.Acquire)</c>.</param>
    /// <param name="resourceId">The <see cref="ResourceView.Id"/> of what it waits on, or 0 for timers, frames and predicates.</param>
    /// <param name="blockedBy">The ids of the tasks that hold it or whose progress it awaits.</param>
    /// <param name="since">The loop time the wait began, or NaN when unknown.</param>
    /// <param name="sinceFrame">The frame the wait began, or -1 when unknown.</param>
    /// <param name="until">The loop time a timed wait is due, or NaN.</param>
    /// <param name="untilFrame">The frame a frame wait is due, or -1.</param>
    public WaitView(WaitKind kind, string description, string instruction, int resourceId, IReadOnlyList<long> blockedBy, double since, long sinceFrame, double until, long untilFrame)
    {
        Kind = kind;
        Description = description;
        Instruction = instruction;
        ResourceId = resourceId;
        BlockedBy = blockedBy ?? Array.Empty<long>();
        Since = since;
        SinceFrame = sinceFrame;
        Until = until;
        UntilFrame = untilFrame;
    }

    /// <summary>The kind of wait.</summary>
    public WaitKind Kind { get; }

    /// <summary>A readable description, such as <c>CoLock #1 held by 'fork-2'</c> or <c>timer due at 1.500</c>.</summary>
    public string Description { get; }

    /// <summary>The instruction the task waits with, such as <c>Seconds(1.5)</c> or <c>Wait(CoLock.Acquire)</c>.</summary>
    public string Instruction { get; }

    /// <summary>The <see cref="ResourceView.Id"/> of the lock, queue, future or task waited on; 0 for timers, frames and predicates.</summary>
    public int ResourceId { get; }

    /// <summary>The ids of the tasks that hold what this task waits for (a lock's owner), or whose progress it awaits (an
    /// awaited task, a gather's or task group's unfinished children). Empty when anyone could release it (an event, a
    /// queue, a future) or nobody holds it.</summary>
    public IReadOnlyList<long> BlockedBy { get; }

    /// <summary>The loop time the wait began; NaN when unknown (the loop was not observed then: attach any sink, such as
    /// <see cref="EventLoop.Trace"/> or a <see cref="TraceRecorder"/>, to know it).</summary>
    public double Since { get; }

    /// <summary>The frame the wait began, or -1 when unknown.</summary>
    public long SinceFrame { get; }

    /// <summary>The loop time a timed wait (a timer, a socket deadline) is due; NaN when it has none.</summary>
    public double Until { get; }

    /// <summary>The frame a <see cref="Yield.Frames(int)"/> wait is due; -1 otherwise.</summary>
    public long UntilFrame { get; }

    /// <inheritdoc/>
    public override string ToString() => Description;
}
