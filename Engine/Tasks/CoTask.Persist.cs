using System.Collections.Generic;
using Engine.Persist;

namespace Engine;

// A whole-loop save (Engine/World) writes a task's frames, what it received and its completion; a restore creates the
// task first (so references back to it resolve to it), then fills it. Where the task waits is not written here: the
// holders (the loop's timer and ready queues, a future's or a primitive's waiter list) write and restore their own
// registrations in their own order. Cold path.
public sealed partial class CoTask
{
    // A restored task, created empty: its frames, state and registrations are filled in afterwards.
    private CoTask(EventLoop loop, long id, string? name)
        : base(loop)
    {
        _id = id;
        if (name is not null)
        {
            (_rare = new Rare()).Name = name;
        }
    }

    internal static CoTask CreateRestored(EventLoop loop, long id, string? name) => new(loop, id, name);

    internal bool IsScheduledForSave => (_flags & Scheduled) != 0;

    internal void WriteForSave(FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        fields.Add("Id", _id);
        fields.Add("Name", _rare?.Name);
        fields.Add("Observed", ExceptionObserved);
        FutureState state = StateForSave;
        fields.Add("State", state);
        switch (state)
        {
            case FutureState.Succeeded:
                fields.Add("Result", _outcome);
                return;
            case FutureState.Cancelled:
                fields.Add("CancelMessage", _outcome as string);
                return;
            case FutureState.Failed:
                writer.AddProblem("failed with " + _outcome!.GetType().FullName + ": a snapshot does not save exceptions yet");
                return;
        }

        int flags = _flags;
        if ((flags & (CancelRequested | Finishing)) != 0)
        {
            writer.AddProblem("is being cancelled: a snapshot does not save a pending cancellation yet");
        }

        if ((flags & (PendingThrow | Interrupted)) != 0 || _rare?.ReceivedException is not null)
        {
            writer.AddProblem("holds an exception to raise in its coroutine: a snapshot does not save exceptions yet");
        }

        // The running frame is "Top"; the frames below it (a parent waiting for its child), bottom first, are "Stack",
        // written only when there are any, so a one-frame task costs no list.
        if (_stackCount > 0)
        {
            var frames = new List<object?>(_stackCount);
            var catches = new List<bool>(_stackCount);
            for (int i = 0; i < _stackCount; i++)
            {
                frames.Add(_stack![i].Coroutine);
                catches.Add(_stack[i].CatchesChild);
            }

            fields.Add("Stack", frames);
            if (catches.Contains(true))
            {
                fields.Add("Catches", catches);
            }
        }

        fields.Add("Top", _top);
        fields.Add("Unstarted", (flags & Unstarted) != 0);
        fields.Add("CatchingWait", (flags & CatchingWait) != 0);
        fields.Add("Received", _outcome is ValueBox box ? box.BoxedValue : _outcome);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        FutureState state = fields.Get<FutureState>("State");
        bool observed = fields.Get<bool>("Observed");
        if (state != FutureState.Pending)
        {
            _flags = Finished;
            RestoreOutcome(state, state == FutureState.Succeeded ? fields.Get<object>("Result") : fields.Get<string>("CancelMessage"), observed);
            return;
        }

        if (observed)
        {
            MarkExceptionObserved();
        }

        List<object?>? frames = fields.Get<List<object?>>("Stack");
        List<bool>? catches = fields.Get<List<bool>>("Catches");
        int depth = frames?.Count ?? 0;
        if (depth > 0)
        {
            _stack = new Frame[System.Math.Max(4, depth)];
            for (int i = 0; i < depth; i++)
            {
                _stack[i] = new Frame((IEnumerator<Yield>)frames![i]!, catches is not null && catches[i]);
            }
        }

        _stackCount = depth;
        SetTop(fields.Get<IEnumerator<Yield>>("Top"));
        int flags = _flags & Scheduled; // a ready registration may already be restored
        if (fields.Get<bool>("Unstarted"))
        {
            flags |= Unstarted;
        }

        if (fields.Get<bool>("CatchingWait"))
        {
            flags |= CatchingWait;
        }

        _flags = flags;
        _outcome = fields.Get<object>("Received");
    }

    // Restores one registration of this task with holder (a future's or a primitive's waiter list) and returns the
    // version it carries.
    internal int ParkForRestore(IWaitHolder? holder)
    {
        _parkedOn = holder;
        return ++_waitVersion;
    }

    // Restores a place in the ready queue.
    internal void ScheduleForRestore() => _flags |= Scheduled;
}
