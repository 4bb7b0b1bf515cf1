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
    private int _batchLeft; // RunBatch: the tasks of the running batch not stepped yet

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

    // Steps the tasks that were queued when the batch began; stops early if the group is paused meanwhile. A long batch
    // whose tasks lie apart in memory fetches the ones ahead of the task it steps (Scheduling/Prefetch.cs); the order
    // is the same. _batchLeft counts the batch's tasks not stepped yet in a field, not a local, because a step can kill
    // the group (a task kills its own group): DropFinished then takes the killed tasks out of the queue and out of the
    // count, so the batch never steps past its own tasks into those queued during it.
    // The batch runs in the copy of the loop its first task chooses (Scheduling/BatchProfile.cs).
    public void RunBatch()
    {
        RingBuffer<CoTask> ready = Ready;
        _batchLeft = ready.Count;
        if (_batchLeft == 0)
        {
            return;
        }

        bool prefetch = Prefetch.Pays(ready, _batchLeft);
        if (BatchProfile.LedByMachine(ready[0]))
        {
            RunBatch<BatchProfile.Machines>(ready, prefetch);
        }
        else
        {
            RunBatch<BatchProfile.Iterators>(ready, prefetch);
        }

        _batchLeft = 0;
    }

    private void RunBatch<TProfile>(RingBuffer<CoTask> ready, bool prefetch)
        where TProfile : struct
    {
        CoTask? task = null;
        nint outer = _loop.EnterBatch(ref task); // CurrentTask reads the local task while the batch runs
        try
        {
            while (true)
            {
                // One try around the batch (EventLoop.StepTaskInBatch): a task's first resume that throws is handed
                // back to the task, which unwinds it as its own step would, and the batch goes on.
                try
                {
                    while (_batchLeft > 0 && !Paused)
                    {
                        if (prefetch && _batchLeft > Prefetch.Distance)
                        {
                            Prefetch.Task(ready[Prefetch.Distance]);
                            Prefetch.TopFrame(ready[Prefetch.Distance / 2]);
                        }

                        _batchLeft--;
                        CoTask next = ready.Dequeue();
                        task = next; // the batch's slot (its address is taken): the step works on the copy in a register
                        _loop.StepTaskInBatch<TProfile>(next);
                    }

                    return;
                }
                catch (Exception e) when (task is { IsAdvancing: true })
                {
                    task.ResumeFailed(_loop, e);
                }
            }
        }
        finally
        {
            _loop.LeaveBatch(outer);
        }
    }

    // Drops queued tasks that are finished (after a kill), keeping the order of the others, and the running batch's
    // count of what it has left to step.
    public void DropFinished()
    {
        RingBuffer<CoTask> ready = Ready;
        int batchLeft = _batchLeft;
        for (int i = 0, n = ready.Count; i < n; i++)
        {
            CoTask task = ready.Dequeue();
            if (!task.IsDone)
            {
                ready.Enqueue(task);
            }
            else if (i < batchLeft)
            {
                _batchLeft--;
            }
        }
    }
}
