using System.Collections.Generic;
using Engine.Persist;

namespace Engine.World;

/// <summary>
/// A whole event loop saved at a quiescent point (between iterations): its clock, every task with the frames of its
/// generated machines, the timer queue, the ready queue, and the tasks, locks, events and queues they reference, as one
/// <see cref="SavedGraph"/> with object identity. Made by <see cref="EventLoop.Save(ISaveConverter[])"/>, turned back
/// into a running loop by <see cref="EventLoop.Restore(WorldSnapshot, ISaveConverter[])"/>.
/// </summary>
/// <remarks>
/// Design: plain data, so <c>System.Text.Json</c> round-trips it with no options. The loop's own queues are lists of
/// object ids in their original order (ready queue order, timers by due time and then FIFO), so a restored loop makes
/// the same scheduling decisions as the saved one. Each machine object records its method's shape, checked on restore.
/// </remarks>
public class WorldSnapshot : SavedGraph
{
    /// <summary>The clock the loop ran on (<see cref="ClockKind.Virtual"/> or <see cref="ClockKind.Frame"/>).</summary>
    public ClockKind Clock { get; set; }

    /// <summary>The loop time when saved.</summary>
    public double Time { get; set; }

    /// <summary>The number of iterations run when saved (<see cref="EventLoop.Frame"/>).</summary>
    public long Frame { get; set; }

    /// <summary>The loop's <see cref="EventLoop.ReportUnretrievedFailuresAtOnce"/>: restored with the loop, so failures are
    /// reported at the same points.</summary>
    public bool ReportUnretrievedFailuresAtOnce { get; set; }

    /// <summary>The last task id handed out; the restored loop numbers new tasks after it.</summary>
    public long LastTaskId { get; set; }

    /// <summary>The live tasks, by object id, in the order the loop numbered them.</summary>
    public List<int> Tasks { get; set; } = new List<int>();

    /// <summary>The tasks and callbacks in the ready queue, by object id, in the order they will run.</summary>
    public List<int> Ready { get; set; } = new List<int>();

    /// <summary>The tasks sleeping on the loop's clock, earliest first; equal times in the order they fire.</summary>
    public List<SavedTimer> Timers { get; set; } = new List<SavedTimer>();

    /// <summary>The object id of the loop's <see cref="Game.GameLoop"/> (its groups, phases, singletons and lifetimes), or 0
    /// when the loop had no game layer.</summary>
    public int Game { get; set; }

    /// <summary>The tasks waiting for an Until/While predicate, in the order the loop checks them.</summary>
    public List<SavedPoll> Polls { get; set; } = new List<SavedPoll>();

    /// <summary>The failed tasks and futures whose exception nobody has retrieved yet, by object id, in the order the loop
    /// would report them (when they are collected or the loop is closed).</summary>
    public List<int> Unretrieved { get; set; } = new List<int>();

    /// <summary>The tasks waiting for a frame count (<see cref="Yield.Frames(int)"/>); <see cref="SavedTimer.Due"/> is the frame number.</summary>
    public List<SavedTimer> FrameWaits { get; set; } = new List<SavedTimer>();
}
