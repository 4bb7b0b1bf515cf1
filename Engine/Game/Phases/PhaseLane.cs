using System;

namespace Engine.Game;

// One phase of one script group: the lane its tasks are queued on when they run in that phase. Lanes of a group share
// the group's clock, frame count and predicate list; the game steps a lane in its phase unless the group is paused.
// Lanes without a group (Group null) hold the tasks of no group that moved out of the update phase: their waits use
// the loop's own clock, frames and predicates.
internal sealed class PhaseLane : TaskLane
{
    private readonly EventLoop _loop;
    private Observe.GroupView? _view;

    public PhaseLane(EventLoop loop, ScriptGroup? group, GamePhase phase)
        : base((int)phase)
    {
        _loop = loop;
        Group = group;
    }

    public ScriptGroup? Group { get; }

    public GamePhase GamePhase => (GamePhase)Phase;

    public override Observe.GroupView View => _view ??= new Observe.GroupView(Group, GamePhase, null);

    public override void AddTimer(double seconds, CoTask task, int version)
    {
        if (Group is null)
        {
            _loop.AddTimer(_loop.Now + seconds, task, version);
        }
        else
        {
            Group.AddTimer(seconds, task, version);
        }
    }

    public override void AddFrameWait(long frames, CoTask task, int version)
    {
        if (Group is null)
        {
            _loop.AddFrameWait(frames, task, version);
        }
        else
        {
            Group.AddFrameWait(frames, task, version);
        }
    }

    public override void AddPoll(ParkedTask waiter, Func<bool> condition, bool negate)
    {
        if (Group is null)
        {
            _loop.AddPoll(waiter, condition, negate);
        }
        else
        {
            Group.AddPoll(waiter, condition, negate);
        }
    }

    public override void Adopt(CoTask task) => Group?.AddTask(task);

    // Steps the tasks that were queued when the batch began, in place and in order (Scheduling/LaneQueue.cs: a task that
    // is ready again keeps its slot; tasks queued during the batch wait behind them for the next one); stops early if
    // the group is paused meanwhile. A long batch whose tasks lie apart in memory fetches the ones ahead of the task it
    // steps (Scheduling/Prefetch.cs). The end of the batch is a field of the queue, not a local, because a step can
    // kill the group (a task kills its own group): DropFinished then takes the killed tasks out of the queue and out of
    // the batch, so the batch never steps past its own tasks into those queued during it.
    // The batch runs in the copy of the loop its first task chooses (Scheduling/BatchProfile.cs).
    public void RunBatch()
    {
        LaneQueue ready = Ready;
        int count = ready._count;
        if (count == 0)
        {
            return;
        }

        ready._batchEnd = count;
        bool prefetch = count >= Prefetch.MinBatch && Prefetch.Pays(ready._items, count);
        if (BatchProfile.LedByMachine(ready[0]))
        {
            RunBatch<BatchProfile.Machines>(ready, prefetch);
        }
        else
        {
            RunBatch<BatchProfile.Iterators>(ready, prefetch);
        }
    }

    private void RunBatch<TProfile>(LaneQueue ready, bool prefetch)
        where TProfile : struct
    {
        CoTask? task = null;
        int next = 0; // the slot of the next task to step
        int kept = 0; // slots [0, kept): the stepped tasks that stay, in order
        bool inFlight = true; // an exception leaves the batch during the step of slot next
        nint outer = _loop.EnterBatch(ref task); // CurrentTask reads the local task while the batch runs
        try
        {
            while (true)
            {
                // One try around the batch (EventLoop.StepTaskInLane): a task's first resume that throws is handed
                // back to the task, which unwinds it as its own step would, and the batch goes on.
                try
                {
                    while (next < ready._batchEnd && !Paused)
                    {
                        CoTask[] items = ready._items;
                        if (prefetch && next + Prefetch.LaneDistance < ready._batchEnd)
                        {
                            Prefetch.Task(items[next + Prefetch.LaneDistance]);
                            Prefetch.TopFrame(items[next + (Prefetch.LaneDistance / 2)]);
                        }

                        CoTask step = items[next];
                        ready._stepping = next;
                        task = step; // the batch's slot (its address is taken): the step works on the copy in a register
                        if (_loop.StepTaskInLane<TProfile>(step) || ready.TakeStayed())
                        {
                            if (kept != next)
                            {
                                ready._items[kept] = step; // a slot before it was left: move down (the array may have grown)
                            }

                            kept++;
                        }

                        next++;
                    }

                    inFlight = false;
                    return;
                }
                catch (Exception e) when (task is { IsAdvancing: true })
                {
                    task.ResumeFailed(_loop, e);
                    if (ready.TakeStayed())
                    {
                        ready._items[kept++] = task;
                    }

                    next++;
                }
            }
        }
        finally
        {
            ready.EndBatch(next, kept, inFlight);
            _loop.LeaveBatch(outer);
        }
    }

    // Drops queued tasks that are finished (after a kill), keeping the order of the others, and the running batch's
    // count of what it has left to step.
    public void DropFinished() => Ready.DropFinished();
}
