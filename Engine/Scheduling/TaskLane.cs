using System;

namespace Engine;

// Where a task goes when it becomes ready, and the clock its timed waits count on, for a task that does not simply use
// the loop's own ready queue and clock. The game layer (Engine/Game) gives each script group one lane per frame phase,
// so a task's lane is its group and its phase; a task without a lane (the default) pays one null test per enqueue.
//
// Design: the ready queue is a plain field, so queuing a laned task costs what queuing on the loop costs (no virtual
// call on the NextTick path); the lane's owner steps it in its phase (EventLoop.StepTaskInLane). The queue is an array
// stepped in place in a stable order, not the loop's FIFO ring (LaneQueue.cs says the order). Timed waits go through
// virtual calls: they are rarer and need the group's scaled clock. Phase and Paused are kept by the owner for the
// loop's same-frame wake rule (EventLoop.EnqueueWoken), which the core must be able to read without knowing the game.
internal abstract class TaskLane
{
    public readonly LaneQueue Ready = new();
    public readonly int Phase;
    public bool Paused;

    protected TaskLane(int phase) => Phase = phase;

    // A Seconds wait of a task of this lane, on the lane's clock.
    public abstract void AddTimer(double seconds, CoTask task, int version);

    // A Frames wait of a task of this lane, counting the lane's frames.
    public abstract void AddFrameWait(long frames, CoTask task, int version);

    // An Until/While wait of a task of this lane, checked when the lane's owner checks its predicates.
    public abstract void AddPoll(ParkedTask waiter, Func<bool> condition, bool negate);

    // What the live view and spawn events say of a task in this lane (its group and phase); made when first observed.
    public abstract Observe.GroupView View { get; }

    // A task was spawned into this lane (directly, or from inside a task of this lane).
    public abstract void Adopt(CoTask task);
}
