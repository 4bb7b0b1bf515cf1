using System.Collections.Generic;
using Engine.Persist;
using System.Runtime.CompilerServices;

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
        _id = SetId(id);
        if (name is not null)
        {
            (_rare ??= new Rare()).Name = name;
        }
    }

    internal static CoTask CreateRestored(EventLoop loop, long id, string? name) => new(loop, id, name);

    internal bool IsScheduledForSave => (_flags & Scheduled) != 0;

    // Woken by its holder and not stepped since (the holder may still take back what it handed: CoTask.Cancel.cs).
    internal bool IsWokenForSave => (_flags & Woken) != 0;

    [MethodImpl(PersistJit.Optimized)]
    internal void WriteForSave(FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        fields.Add("Id", Id);
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
                fields.Add("RaisedCancellation", _rare?.RaisedCancellation); // the very exception its waiters receive
                return;
            case FutureState.Failed:
                fields.Add("Exception", (System.Exception)_outcome!);
                fields.Add("FailureChain", _rare?.FailureChain is { } chain ? new List<string>(chain) : null);
                return;
        }

        int flags = _flags;
        if ((flags & Finishing) != 0)
        {
            writer.AddProblem("is disposing its frames for a cancellation: save between iterations, not from a finally block");
        }

        if (_rare?.Cancellation is not null)
        {
            writer.AddProblem("is bound to a CancellationToken (Engine.Interop): a snapshot cannot save a token of another library");
        }

        // A pending cancellation (with its message), an exception to raise in the top frame at the next step, an
        // interrupt (timeout scope, task group) that replaces the outcome of the awaited work, the failure a catching
        // frame is about to receive, and the frames unwound so far by a failure.
        fields.Add("CancelRequested", (flags & CancelRequested) != 0);
        fields.Add("CancelMessage", _rare?.CancelMessage);
        fields.Add("ThrowIntoTop", (flags & PendingThrow) != 0 ? _rare!.ThrowIntoTop : null);
        fields.Add("Interrupt", (flags & Interrupted) != 0 ? _rare!.Interrupt : null);
        fields.Add("ReceivedException", _rare?.ReceivedException);
        fields.Add("UnwoundFrames", _rare?.UnwoundFrames);

        // The running frame is "Top"; the frames below it (a parent waiting for its child), bottom first, are "Stack",
        // written only when there are any, so a one-frame task costs no list.
        if (_rare is { StackCount: > 0 } below)
        {
            var frames = new List<object?>(below.StackCount);
            var catches = new List<bool>(below.StackCount);
            for (int i = 0; i < below.StackCount; i++)
            {
                frames.Add(below.Stack![i].Coroutine);
                catches.Add(below.Stack[i].CatchesChild);
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
        if ((flags & Woken) != 0)
        {
            // Woken but not stepped: a cancel (or interrupt) before its next step hands back what the holder gave (a
            // lock, a permit, a queue item: the source's Abandon) and reports a failure the wake handed it that it has not
            // read (at a catching wait, FailureUnread; to raise at a plain one, ThrowUnread).
            // The holder is written when it is an engine primitive's wait source (only those take something back); a
            // future, or a game or simulation source, gives nothing back, so the restored task keeps only the mark; so
            // does a task woken with a failure (FailedWake), which was handed nothing.
            fields.Add("Woken", true);
            fields.Add("WokenBy", (flags & FailedWake) == 0 && _parkedOn is WaitSource source && World.EngineConverter.Names(source) ? source : null);
            fields.Add("FailureUnread", _rare is { FailureUnread: true });
            if (_rare is { ThrowUnread: true })
            {
                fields.Add("ThrowUnread", true);
            }
        }

        if (_outcome is ValueBox box)
        {
            box.AddTo(fields, "Received");
        }
        else
        {
            fields.Add("Received", _outcome);
        }
    }

    [MethodImpl(PersistJit.Optimized)]
    internal void ReadForRestore(FieldReader fields)
    {
        FutureState state = fields.Get<FutureState>("State");
        bool observed = fields.Get<bool>("Observed");
        if (state != FutureState.Pending)
        {
            _flags = Finished;
            if (fields.Get<List<string>>("FailureChain") is { } chain)
            {
                (_rare ??= new Rare()).FailureChain = chain.ToArray();
            }

            if (state == FutureState.Cancelled && fields.Get<string>("CancelMessage") is { } message)
            {
                (_rare ??= new Rare()).CancelMessage = message; // its waiters' CancelledException carries it
            }

            if (state == FutureState.Cancelled && fields.Get<CancelledException>("RaisedCancellation") is { } raised)
            {
                (_rare ??= new Rare()).RaisedCancellation = raised;
            }

            RestoreOutcome(state, state switch
            {
                FutureState.Succeeded => fields.Get<object>("Result"),
                FutureState.Failed => fields.Get<System.Exception>("Exception"),
                _ => fields.Get<string>("CancelMessage"),
            }, observed);
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
            Rare rare = _rare ??= new Rare();
            rare.Stack = new Frame[System.Math.Max(4, depth)];
            for (int i = 0; i < depth; i++)
            {
                rare.Stack[i] = new Frame((IEnumerator<Yield>)frames![i]!, catches is not null && catches[i]);
            }

            rare.StackCount = depth;
        }

        SetTop(fields.Get<IEnumerator<Yield>>("Top"));
        int flags = _flags & (Scheduled | TopIsMachine | Process); // a ready registration (or the environment's process mark) may already be restored
        if (fields.Get<bool>("Unstarted"))
        {
            flags |= Unstarted;
        }

        if (fields.Get<bool>("CatchingWait"))
        {
            flags |= CatchingWait;
        }

        if (fields.Get<bool>("CancelRequested"))
        {
            flags |= CancelRequested;
        }

        if (fields.Get<bool>("Woken"))
        {
            flags |= Woken;
            _parkedOn = fields.Get<WaitSource>("WokenBy");
            if (fields.Get<bool>("FailureUnread"))
            {
                (_rare ??= new Rare()).FailureUnread = true;
            }

            if (fields.Get<bool>("ThrowUnread"))
            {
                (_rare ??= new Rare()).ThrowUnread = true;
            }
        }

        if (fields.Get<string>("CancelMessage") is { } cancelMessage)
        {
            (_rare ??= new Rare()).CancelMessage = cancelMessage;
        }

        if (fields.Get<System.Exception>("ThrowIntoTop") is { } throwIntoTop)
        {
            (_rare ??= new Rare()).ThrowIntoTop = throwIntoTop;
            flags |= PendingThrow;
        }

        if (fields.Get<System.Exception>("Interrupt") is { } interrupt)
        {
            (_rare ??= new Rare()).Interrupt = interrupt;
            flags |= Interrupted;
        }

        if (fields.Get<System.Exception>("ReceivedException") is { } received)
        {
            (_rare ??= new Rare()).ReceivedException = received;
        }

        if (fields.Get<List<string>>("UnwoundFrames") is { } unwound)
        {
            (_rare ??= new Rare()).UnwoundFrames = unwound;
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

    // The version of the registration restored last: a timed Until/While wait shares it between its poll and its timer.
    internal int WaitVersionForRestore => _waitVersion;

    // Restores a place in the ready queue.
    internal void ScheduleForRestore() => _flags |= Scheduled;
}
