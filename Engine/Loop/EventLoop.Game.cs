using System;
using System.Runtime.CompilerServices;

namespace Engine;

// The loop's side of the game layer (Engine/Game): the hooks a GameLoop attaches, task lanes (a script group's phase)
// for timed waits, the same-frame rule for awaiting, and host-driven phases. Without a game layer each of these costs a
// null test, and the loop behaves as before.
//
// Same-frame rule: a task whose awaited future or task completes while a phase runs resumes before that phase ends,
// in the order the wakes happened, if it belongs to that phase and its group is not paused; otherwise it resumes the
// next time its phase runs (later in this frame, or in the next one). The cause of the old one-frame delay was that an
// iteration steps only what was ready when its batch began, so a waiter woken by a completion waited for the next
// iteration like a NextTick. It applies on the frame clock and whenever a game layer is attached; the virtual and real
// clocks otherwise keep asyncio's order (a woken waiter runs in the next iteration). A per-iteration budget (the live
// task count plus ContinuationBudget) bounds same-frame wakes, so tasks that complete futures for each other forever
// cannot stall a frame: past it, wakes wait for the next frame.
public sealed partial class EventLoop
{
    internal const int UpdatePhase = 0; // a task without a lane runs in the update phase, the loop's own batch
    private const int NoPhase = -1;

    private readonly RingBuffer<CoTask> _woken = new(16);
    private IterationHooks? _hooks;
    private int _runningPhase = NoPhase;
    private int _wokenBudget;
    private bool _sameFrameWakes;
    private double _tickDelta;

    internal IterationHooks? Hooks => _hooks;

    // The dt of the Tick running now (frame clock): game groups add exactly this to their clocks, so the same waits end
    // after the same number of frames whatever the loop's absolute time (a difference of two loop times would round).
    internal double TickDelta => _tickDelta;

    // The phase whose batches run now (UpdatePhase during the loop's own batch), or NoPhase between batches.
    internal int RunningPhase
    {
        get => _runningPhase;
        set => _runningPhase = value;
    }

    internal void AttachHooks(IterationHooks hooks)
    {
        if (_hooks is not null)
        {
            ThrowHelper.ThrowInvalidOperation("This event loop already has a GameLoop; a loop drives one game layer.");
        }

        if (_urgent is not null)
        {
            ThrowHelper.ThrowInvalidOperation("This event loop runs in SimPy's event order (a SimEnvironment's loop); a GameLoop's frame phases cannot share it. Give the game its own loop.");
        }

        _hooks = hooks;
        _sameFrameWakes = true;
    }

    internal void DetachHooks(IterationHooks hooks)
    {
        if (ReferenceEquals(_hooks, hooks))
        {
            _hooks = null;
            _sameFrameWakes = _clock.Kind == ClockKind.Frame;
        }
    }

    // Steps a ready task: the loop's batch, the game's lanes and same-frame wakes all step through here.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void StepTask(CoTask task)
    {
        _currentTask = task;
        if (_debug)
        {
            StepWithTiming(task);
        }
        else
        {
            task.Step(this);
        }
    }

    // StepTask for a game lane's batch (PhaseLane.RunBatch), which holds a try around its whole batch whose handler
    // passes what a task's first resume throws to CoTask.ResumeFailed (filter: CoTask.IsAdvancing), as
    // EventLoop.StepBatch does: the common step then needs no try region of its own (CoTask.StepInBatchKeepsPlace).
    // The lane steps its queue in place (Scheduling/LaneQueue.cs): true when the step ended in a plain NextTick and the
    // task keeps its slot; otherwise whatever made it ready again queued it. The caller holds the task in the local it
    // passed to EnterBatch (CurrentTask reads it there).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool StepTaskInLane<TProfile>(CoTask task)
        where TProfile : struct
    {
        if (_debug)
        {
            _currentTask = task;
            StepWithTiming(task);
            _currentTask = null;
            return false;
        }

        SetCurrentTaskWithoutSlot(task);
        return task.StepInBatchKeepsPlace<TProfile>(this);
    }

    // A parked task whose awaited future completed (WakeCause.Future), its Scheduled flag already set: the same-frame
    // rule above, or its ready queue.
    internal void EnqueueWoken(CoTask task)
    {
        TaskLane? lane = task._lane;
        int phase = lane is null ? UpdatePhase : lane.Phase;
        if (_sameFrameWakes && phase == _runningPhase && _wokenBudget > 0 && (lane is null || !lane.Paused))
        {
            _wokenBudget--;
            _woken.Enqueue(task);
            return;
        }

        EnqueueReadyUnchecked(task);
    }

    // Runs the same-frame wakes of the phase that is ending, and those they cause in turn.
    internal void RunWoken()
    {
        RingBuffer<CoTask> woken = _woken;
        while (woken.Count > 0)
        {
            CoTask task = woken.Dequeue();
            if (task._lane is { Paused: true } lane)
            {
                lane.Ready.Enqueue(task); // its group was paused meanwhile: it waits there, still scheduled
                continue;
            }

            StepTask(task);
        }
    }

    // A task's Seconds wait: on the loop's clock, or on its lane's (a game group's scaled clock).
    internal void WaitSeconds(CoTask task, double seconds, int version)
    {
        if (task._lane is { } lane)
        {
            lane.AddTimer(seconds, task, version);
        }
        else
        {
            _timers.Add(_now + seconds, task, version);
        }
    }

    // A task's Frames wait: the loop's iterations, or its lane's frames (a game group counts only unpaused frames).
    internal void WaitFrames(CoTask task, long frames, int version)
    {
        if (task._lane is { } lane)
        {
            lane.AddFrameWait(frames, task, version);
        }
        else
        {
            AddFrameWait(frames, task, version);
        }
    }

    internal void AddPoll(ParkedTask waiter, Func<bool> condition, bool negate) => _polls.Add(waiter, condition, negate);

    // A task's Until/While wait, with an optional timeout (more than zero) on the same clock as its Seconds waits.
    internal void WaitPoll(CoTask task, Func<bool> condition, bool negate, double timeout, int version)
    {
        var waiter = new ParkedTask(task, version);
        if (task._lane is { } lane)
        {
            lane.AddPoll(waiter, condition, negate);
        }
        else
        {
            AddPoll(waiter, condition, negate);
        }

        if (timeout > 0)
        {
            // The deadline shares the wait's version: whichever comes first wakes the task, and the other is dead. A task
            // woken by the deadline keeps this outcome; the poll hands over PollList.Held instead.
            task.ReceiveObject(PollList.TimedOut);
            WaitSeconds(task, timeout, version);
        }
    }

    // A host-driven phase (GameLoop.FixedUpdate, LateUpdate, EndOfFrame) runs as part of the loop, outside an iteration.
    internal void RunHosted(int phase)
    {
        Enter();
        try
        {
            _wokenBudget = _liveCount + _continuationBudget;
            _hooks!.RunHostedPhase(phase);
        }
        finally
        {
            _runningPhase = NoPhase;
            Exit();
        }
    }

    // The message of a phase instruction yielded on a loop without a game layer.
    internal static InvalidOperationException NoGameLayer(CoTask task, Yield instruction) => new(
        "Task '" + task.Name + "' yielded " + instruction + ", but its event loop has no GameLoop: frame phases belong to the game layer. " +
        "Create one with new Engine.Game.GameLoop(loop), or use Yield.NextTick.");
}
