using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Engine.Machines;

namespace Engine;

// The trampoline: one step of a task resumes its top frame and keeps going through child calls, returns and waits
// that are already satisfied, until the task parks on a waiter or finishes. Exceptions from a frame are caught here
// (the one try/catch of the hot path: per-task isolation) and unwound down the stack.
public sealed partial class CoTask
{
    internal void Step() => Step(Loop);

    // The loop passes itself, so a step does not load the task's Loop field (another cache line of the task, issue 10).
    // The loop is kept small: resume the top frame, go straight back to the ready queue on NextTick (the common
    // instruction), and hand every other instruction to Carry, which the JIT keeps out of this method's registers.
    // The ready batches step through StepInBatch below, which takes the common step without a try region.
    internal void Step(EventLoop loop)
    {
        _flags = (_flags & ~Scheduled) | Stepping;
        Resume(loop, loop.Observer, 0); // Engine/Observe: null unless a sink listens (steps begin and end in EventLoop.StepWithTiming)
    }

    // The stepping loop: resumes the top frame until the task parks, goes back to the ready queue or finishes. continued
    // counts the synchronous continuations of this step so far (the fairness budget).
    private void Resume(EventLoop loop, Observe.LoopObserver? observer, int continued)
    {
        while (true)
        {
            if ((_flags & SlowPath) != 0 && !BeforeResume())
            {
                break;
            }

            IEnumerator<Yield> frame = _top!;
            Yield y;
            try
            {
                y = ResumeTop<BatchProfile.Classic>(frame);
            }
            catch (Exception e)
            {
                if (!Unwind(e, disposeTop: true))
                {
                    break;
                }

                goto Continue;
            }

            // The common case first: NextTick, not cancelled or interrupted meanwhile, nobody tracing. Carry would
            // reach the same place after its tests.
            if (y.Kind == YieldKind.NextTick && (_flags & AfterYield) == 0 && observer is null)
            {
                goto Ready;
            }

            // The other common one: a timed wait (issue 8; a simulation's timeouts), as Carry carries it out.
            if (y.Kind == YieldKind.Seconds && (_flags & AfterYield) == 0 && observer is null && y.Number != 0)
            {
                loop.WaitSeconds(this, y.Number, ++_waitVersion);
                goto Parked;
            }

            // A wait source (queues, locks, events, resources), as Carry carries it out: parked, or done at once.
            if (y.Kind == YieldKind.Wait && (_flags & AfterYield) == 0 && observer is null)
            {
                if (StartWait((WaitSource)y.Target!))
                {
                    goto Parked;
                }

                goto Continue;
            }

            switch (Carry(loop, observer, frame, in y))
            {
                case StepGoesOn.Parked:
                    goto Parked;
                case StepGoesOn.Ready:
                    goto Ready;
                case StepGoesOn.Resume:
                    continue;
            }

        Continue:
            // A synchronous continuation: the task goes on in this step. Bounded, so that a task which keeps finding
            // its waits already satisfied yields to the others (and to timers) instead of starving them; except under
            // SimPy's event order, where a process goes on in place without limit, as SimPy's does (EventLoop.EventOrder.cs).
            if (++continued >= loop.ContinuationBudget)
            {
                if (!loop.UsesEventOrder)
                {
                    goto Ready;
                }

                continued = 0;
            }
        }

    Parked:
        _flags &= ~Stepping;
        return;

    Ready:
        // Back on the ready queue for the next iteration: one flags write for leaving the step and being scheduled.
        _flags = (_flags & ~Stepping) | Scheduled;
        loop.EnqueueReadyUnchecked(this);
    }

    // Resumes the top frame once: generated machines advance and return their instruction in one virtual call (issue 9);
    // other coroutines take MoveNext + Current. Both signal the end with the machines' sentinel kind.
    // TProfile: the caller's copy (Scheduling/BatchProfile.cs), so each copy's calls are profiled apart.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Yield ResumeTop<TProfile>(IEnumerator<Yield> frame)
        where TProfile : struct
    {
        if ((_flags & TopIsMachine) != 0)
        {
            return AsMachine(frame).Advance();
        }

        return frame.MoveNext() ? frame.Current : CoroutineMachine.EndInstruction;
    }

    // The batch step (issues 8, 9, 10): what Step does, for a step whose first resume needs none of the slow path,
    // without a try region of its own. Inlined into the loops that step ready batches (EventLoop.StepBatch and the game's
    // phase lanes); each of them holds one try around its whole batch, whose handler hands an exception from the first
    // resume to ResumeFailed (the filter: IsAdvancing), so the exception is caught and unwound exactly as Step catches
    // it. The common step is one flags write, the resume, one flags write and the enqueue: no call of its own, no
    // exception frame, no spills around a try per step. Anything else goes on in Resume (Carry), in the same order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void StepInBatch<TProfile>(EventLoop loop)
        where TProfile : struct
    {
        if (StepInBatchKeepsPlace<TProfile>(loop))
        {
            loop.EnqueueReadyUnchecked(this);
        }
    }

    // StepInBatch without the common step's enqueue: true when the step ended in a plain NextTick (the task is scheduled
    // again, and the caller keeps it where it is: a game lane steps its queue in place, Scheduling/LaneQueue.cs); false
    // when it went on any other way (parked, finished, or queued through EnqueueReadyUnchecked).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool StepInBatchKeepsPlace<TProfile>(EventLoop loop)
        where TProfile : struct
    {
        int flags = _flags;
        if ((flags & SlowPath) != 0 || loop.Observer is not null)
        {
            _flags = (flags & ~Scheduled) | Stepping; // Step's work, without its call (a spawned task's first step comes here)
            Resume(loop, loop.Observer, 0);
            return false;
        }

        _flags = (flags & ~Scheduled) | Stepping | Advancing;
        IEnumerator<Yield> frame = _top!;
        Yield y = ResumeTop<TProfile>(frame);
        flags = _flags;
        if (y.Kind == YieldKind.NextTick && (flags & AfterYield) == 0)
        {
            _flags = (flags & ~(Stepping | Advancing)) | Scheduled;
            return true;
        }

        if (y.Kind == YieldKind.Seconds && (flags & AfterYield) == 0 && y.Number != 0)
        {
            // A timed wait, the other common instruction (issue 8: a million timed tasks): what Carry does for it.
            _flags = flags & ~(Stepping | Advancing);
            loop.WaitSeconds(this, y.Number, ++_waitVersion);
            return false;
        }

        _flags = flags & ~Advancing;
        CarryFirst(loop, frame, y);
        return false;
    }

    // Whether the top frame is a generated machine (Prefetch.TopFrame aims at its state).
    internal bool IsTopMachine => (_flags & TopIsMachine) != 0;

#if NET
    // The offsets from the object's address (where its type lies) of the first and the last byte of the hot fields, as
    // the runtime laid them out: Engine.Tests holds Prefetch.TaskHotStart and TaskHotEnd to them.
    internal (nint Start, nint End) HotFieldOffsets()
    {
        ref byte fields = ref Unsafe.As<RawFields>(this).First; // the first field, one pointer past the object's address
        nint start = Unsafe.ByteOffset(ref fields, ref Unsafe.As<TaskLane?, byte>(ref _lane)) + IntPtr.Size;
        nint end = Unsafe.ByteOffset(ref fields, ref Unsafe.As<int, byte>(ref _waitVersion)) + IntPtr.Size + sizeof(int) - 1;
        return (start, end);
    }

    private sealed class RawFields
    {
        public byte First;
    }

#endif
    // Whether an exception now in flight comes from StepInBatch's resume of this task (the batch's catch filter).
    internal bool IsAdvancing => (_flags & Advancing) != 0;

    // The first resume of a batch step threw: unwound as Step's catch does, then the step goes on (or ends) as there.
    [MethodImpl(MethodImplOptions.NoInlining)]
    internal void ResumeFailed(EventLoop loop, Exception error)
    {
        _flags &= ~Advancing;
        if (!Unwind(error, disposeTop: true))
        {
            _flags &= ~Stepping;
            return;
        }

        GoOn(loop);
    }

    // The rest of a batch step whose first instruction was not a plain NextTick: as Step goes on after its first resume
    // (no observer: StepInBatch takes the fast path only when none listens). The instruction comes by value, so the batch
    // loop keeps it in registers instead of a stack copy it would have to clear on every step.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void CarryFirst(EventLoop loop, IEnumerator<Yield> frame, Yield y)
    {
        if (y.Kind == YieldKind.Wait && (_flags & AfterYield) == 0)
        {
            // A wait source, as in Resume.
            if (StartWait((WaitSource)y.Target!))
            {
                _flags &= ~Stepping;
            }
            else
            {
                GoOn(loop);
            }

            return;
        }

        switch (Carry(loop, null, frame, in y))
        {
            case StepGoesOn.Parked:
                _flags &= ~Stepping;
                return;
            case StepGoesOn.Ready:
                _flags = (_flags & ~Stepping) | Scheduled;
                loop.EnqueueReadyUnchecked(this);
                return;
            case StepGoesOn.Resume:
                Resume(loop, null, 0);
                return;
            default:
                GoOn(loop);
                return;
        }
    }

    // A synchronous continuation after the first resume of a step: the first one counted against the budget.
    private void GoOn(EventLoop loop)
    {
        if (1 >= loop.ContinuationBudget && !loop.UsesEventOrder)
        {
            _flags = (_flags & ~Stepping) | Scheduled;
            loop.EnqueueReadyUnchecked(this);
            return;
        }

        Resume(loop, null, 1);
    }

    // What Step does after carrying out an instruction.
    private enum StepGoesOn
    {
        Continue,   // the task goes on in this step (a synchronous continuation, counted against the budget)
        Resume,     // the top frame is resumed again without counting (cancelled or interrupted: BeforeResume unwinds)
        Ready,      // back on the ready queue
        Parked,     // parked on a waiter, or finished
    }

    // Carries out the instruction the top frame yielded (every kind; Step takes NextTick itself when nothing else
    // needs doing). Kept out of Step so that the stepping loop stays small.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private StepGoesOn Carry(EventLoop loop, Observe.LoopObserver? observer, IEnumerator<Yield> frame, in Yield y)
    {
        if (y.Kind == CoroutineMachine.EndKind)
        {
            return FinishFrame(null) ? StepGoesOn.Continue : StepGoesOn.Parked;
        }

        if ((_flags & AfterYield) != 0)
        {
            // Cancelled or interrupted during that step (by itself, or by code it ran): the instruction is not
            // carried out; BeforeResume unwinds or cancels. Work it waits for is cancelled first (CoTask.Cancel.cs).
            bool parked = CancelWorkAfterStep(in y);
            DisposeUnstartedChild(y);
            return parked ? StepGoesOn.Parked : StepGoesOn.Resume;
        }

        if (observer is not null)
        {
            observer.Yielded(this, y);
        }

        switch (y.Kind)
        {
            case YieldKind.NextTick:
                return StepGoesOn.Ready;
            case YieldKind.Seconds:
                if (y.Number == 0)
                {
                    return StepGoesOn.Ready;
                }

                loop.WaitSeconds(this, y.Number, ++_waitVersion); // the loop's clock, or its game lane's
                return StepGoesOn.Parked;
            case YieldKind.Frames:
                if (y.Number <= 1)
                {
                    return StepGoesOn.Ready;
                }

                loop.WaitFrames(this, (long)y.Number, ++_waitVersion); // the loop's frames, or its game lane's
                return StepGoesOn.Parked;
            case YieldKind.From:
            case YieldKind.Catch:
                Push((IEnumerator<Yield>)y.Target!, y.Kind == YieldKind.Catch);
                return StepGoesOn.Continue;
            case YieldKind.Return:
                return FinishFrame(y.Target) ? StepGoesOn.Continue : StepGoesOn.Parked;
            case YieldKind.Await:
            case YieldKind.CatchAwait:
                return StartAwait((Future)y.Target!, y.Kind == YieldKind.CatchAwait) ? StepGoesOn.Parked : StepGoesOn.Continue;
            case YieldKind.Until:
            case YieldKind.While:
                loop.WaitPoll(this, (Func<bool>)y.Target!, y.Kind == YieldKind.While, y.Number, ++_waitVersion);
                return StepGoesOn.Parked;
            case YieldKind.Phase:
                // Frame phases belong to the game layer (Engine/Game/Phases): it moves the task to the phase's lane.
                if (loop.Hooks is { } hooks)
                {
                    if (hooks.MoveToPhase(this, (int)y.Number) is not { } unknownPhase)
                    {
                        return StepGoesOn.Parked;
                    }

                    SetPendingThrow(unknownPhase);
                    return StepGoesOn.Continue;
                }

                SetPendingThrow(EventLoop.NoGameLayer(this, y));
                return StepGoesOn.Continue;
            case YieldKind.Wait:
                return StartWait((WaitSource)y.Target!) ? StepGoesOn.Parked : StepGoesOn.Continue;
            case YieldKind.Readable:
            case YieldKind.Writable:
            case YieldKind.SocketOperation:
                // IO (Engine/IO/IoDriver.cs): parks on a socket waiter, or completes at once and keeps stepping.
                if (loop.Io.TryPark(this, y, out Exception? ioError))
                {
                    return StepGoesOn.Parked;
                }

                if (ioError is not null)
                {
                    SetPendingThrow(ioError);
                }

                return StepGoesOn.Continue;
            default:
                SetPendingThrow(new InvalidOperationException(
                    "Coroutine " + CoroutineNames.Of(frame) + " in task '" + Name + "' yielded " + y +
                    ", which is not an instruction. Yield one of Yield.NextTick, Yield.Seconds(...), Yield.From(child), a Future, ..."));
                return StepGoesOn.Continue;
        }
    }

    // Every change of the top frame goes through here, so the machine flag never disagrees with _top: a machine is
    // recognised once per push or pop, never by a type test per step.
    private void SetTop(IEnumerator<Yield>? frame)
    {
        _top = frame;
        if (frame is CoroutineMachine machine)
        {
            _flags |= TopIsMachine;
            machine.AttachToTask();
        }
        else
        {
            _flags &= ~TopIsMachine;
        }
    }

    // The top frame as the machine it is known to be (TopIsMachine): no type check on the stepping path.
    private static CoroutineMachine AsMachine(IEnumerator<Yield> frame) =>
#if NET
        System.Runtime.CompilerServices.Unsafe.As<CoroutineMachine>(frame);
#else
        (CoroutineMachine)frame;
#endif

    // The slow part of resuming: the task was killed while queued, is cancelled, was woken by a holder, or must
    // raise an exception in its top frame. Returns false when the task finished.
    private bool BeforeResume()
    {
        int flags = _flags;
        if ((flags & Finished) != 0)
        {
            return false;
        }

        if ((flags & Unstarted) != 0)
        {
            _flags = flags &= ~Unstarted;
            Loop.ForgetRecentSpawn(this);
            if ((flags & CancelRequested) == 0 && !CoroutineStart.IsFresh(_top!))
            {
                // Another task started this iterator first (it was spawned twice): this task must not step it.
                IEnumerator<Yield> coroutine = _top!;
                _top = null;
                Complete(null, Loop.AlreadyDriven(coroutine, "task '" + Name + "' cannot start it again"));
                return false;
            }
        }

        if ((flags & CancelRequested) != 0)
        {
            FinishCancelled();
            return false;
        }

        if ((flags & Woken) != 0)
        {
            _parkedOn = null;
            _flags = flags &= ~(Woken | FailedWake);
            if (_rare is { } rare)
            {
                rare.FailureUnread = false;
                rare.ThrowUnread = false;
            }
        }

        if ((flags & PendingThrow) != 0)
        {
            Exception pending = _rare!.ThrowIntoTop!;
            _rare.ThrowIntoTop = null;
            _flags &= ~PendingThrow;
            if (!Unwind(pending, disposeTop: true))
            {
                return false;
            }

            // A finally block the unwinding ran cancelled or killed the task: the catching frame does not run again
            // (Unwind left the failure pending), so the task finishes here, as the check above finishes it.
            return (_flags & CancelRequested) == 0 || BeforeResume();
        }

        return true;
    }

    private bool StartAwait(Future future, bool catching)
    {
        _flags = catching ? _flags | CatchingWait : _flags & ~CatchingWait;
        if (!ReferenceEquals(future.Loop, Loop))
        {
            ReceiveFailure(new InvalidOperationException(
                "Task '" + Name + "' waits for " + future + ", which belongs to another event loop. " +
                "A future can only be awaited on its own loop; hand results across loops with EventLoop.Post."));
        }
        else if (ReferenceEquals(future, this))
        {
            ReceiveFailure(new InvalidOperationException("Task '" + Name + "' cannot wait for itself: it would never finish."));
        }
        else if (future.IsDone)
        {
            future.HandOutcomeTo(this);
        }
        else
        {
            _parkedOn = future;
            future.AddWaiter(this, ++_waitVersion);
            return true;
        }

        _flags &= ~CatchingWait;
        return false;
    }

    private void Push(IEnumerator<Yield> child, bool catching)
    {
        if (!CoroutineStart.IsFresh(child))
        {
            _flags = catching ? _flags | CatchingWait : _flags & ~CatchingWait;
            ReceiveFailure(Loop.AlreadyDriven(child, "task '" + Name + "' cannot run it as a child"));
            _flags &= ~CatchingWait;
            return;
        }

        Rare rare = _rare ??= new Rare();
        Frame[]? stack = rare.Stack;
        if (stack is null)
        {
            rare.Stack = stack = new Frame[4];
        }
        else if (rare.StackCount == stack.Length)
        {
            Array.Resize(ref rare.Stack, stack.Length * 2);
            stack = rare.Stack;
        }

        stack[rare.StackCount++] = new Frame(_top!, catching);
        SetTop(child);
    }

    // The top frame finished with a value (ran to its end, or yielded Return). Dispose it (runs its finally blocks
    // when it returned early; returns pooled machines) and hand the value to the parent. Returns false when the task
    // is finished.
    private bool FinishFrame(object? value)
    {
        IEnumerator<Yield> top = _top!;
        try
        {
            top.Dispose();
        }
        catch (Exception e)
        {
            return Unwind(e, disposeTop: false);
        }

        if (_rare is not { StackCount: > 0 } rare)
        {
            Complete(value, null);
            return false;
        }

        if (Loop.Observer is { } observer)
        {
            observer.FrameReturned(this, top, value);
        }

        Frame parent = rare.Stack![--rare.StackCount];
        rare.Stack[rare.StackCount] = default;
        SetTop(parent.Coroutine);
        _outcome = value;
        SetReceivedException(null);
        return true;
    }

    // The top frame failed with an exception (or must receive one it cannot catch). Pop frames until one that catches;
    // dispose the others so their finally blocks run. A finally block that throws replaces the exception in flight,
    // which stays reachable as its context. Returns false when the task failed.
    private bool Unwind(Exception error, bool disposeTop)
    {
        Rare rare = _rare ??= new Rare();
        List<string> unwound = rare.UnwoundFrames ??= new List<string>();
        unwound.Add(CoroutineNames.Of(_top));
        if (disposeTop)
        {
            DisposeChained(_top!, ref error!);
        }

        Loop.Observer?.FrameFailed(this, _top!, error);

        while (rare.StackCount > 0)
        {
            Frame parent = rare.Stack![--rare.StackCount];
            rare.Stack[rare.StackCount] = default;
            SetTop(parent.Coroutine);
            if (parent.CatchesChild)
            {
                unwound.Clear();
                if ((_flags & CancelRequested) != 0)
                {
                    // Cancelled during this step: the catching frame never runs again, so the failure travels on, as
                    // one handed to a cancelled task's catching wait does (ReceiveFailure): the task fails with it.
                    ChainPendingThrow(error);
                    return true;
                }

                _outcome = null;
                rare.ReceivedException = error;
                return true;
            }

            unwound.Add(CoroutineNames.Of(parent.Coroutine));
            DisposeChained(parent.Coroutine, ref error!);
            Loop.Observer?.FrameFailed(this, parent.Coroutine, error);
        }

        rare.FailureChain = unwound.ToArray();
        rare.UnwoundFrames = null;
        if (error is CancelledException cancellation && ExceptionContext.Get(error) is null)
        {
            // A CancelledException nothing caught (the task awaited a future or task that was cancelled, or raised one)
            // ends the task cancelled, as asyncio's task does: its waiters receive that very exception (asyncio's
            // _cancelled_exc), and its message is the task's cancel message even if Cancel(msg) was called before; one
            // without a given message leaves none. One that carries an earlier error fails the task, so that error is
            // not lost.
            rare.CancelMessage = cancellation.HasGivenMessage ? error.Message : null;
            rare.RaisedCancellation = cancellation;
            Complete(null, null, cancelled: true);
            return false;
        }

        Complete(null, error);
        return false;
    }

    // Disposes a frame; an exception it throws travels on in place of error, with error as its context.
    private static void DisposeChained(IEnumerator<Yield> frame, ref Exception? error)
    {
        try
        {
            frame.Dispose();
        }
        catch (Exception e)
        {
            error = error is null ? e : ExceptionContext.Combine(e, error);
        }
    }

    // A child the top frame yielded (From or Catch) that will not run because the task is cancelled or interrupted.
    private void DisposeUnstartedChild(Yield y)
    {
        if (y.Kind is YieldKind.From or YieldKind.Catch && y.Target is IEnumerator<Yield> child && CoroutineStart.IsFresh(child))
        {
            Exception? error = null;
            DisposeChained(child, ref error);
            if (error is not null)
            {
                ChainPendingThrow(error);
            }
        }
    }

    // The task is done: its frames are gone. Every registration of its last wait dies with the version.
    private void Complete(object? value, Exception? error, bool cancelled = false)
    {
        if ((_flags & Unstarted) != 0)
        {
            _flags &= ~Unstarted;
            Loop.ForgetRecentSpawn(this); // finished before its first step (cancelled, killed)
        }

        SetTop(null);
        if (_rare is { } rare)
        {
            rare.StackCount = 0;
        }

        _flags |= Finished;
        _waitVersion++;
        Loop.OnTaskFinished(this);
        // A task finishes inside its own step or kill, on the loop's thread: no thread check needed.
        FutureState state = cancelled ? FutureState.Cancelled : error is not null ? FutureState.Failed : FutureState.Succeeded;
        object? outcome = cancelled ? _rare?.CancelMessage : error ?? value;
        if ((_flags & Process) == 0)
        {
            Finish(state, outcome);
        }
        else
        {
            // A simulation process: its environment hears of the end first, as the listener it used to add at the spawn
            // did (EventLoop.Processes.cs), then its waiters.
            SetFinishedOutcome(state, outcome);
            Loop.OnProcessFinished(this);
            NotifyFinished(state);
        }

        Loop.Observer?.Finished(this);

        // Interop hook (Engine/Interop/TaskCancellation.cs): cancel the CancellationToken this task handed out if it was
        // cancelled, and drop the registration on a token that could cancel it.
        _rare?.Cancellation?.OnTaskDone(this);
    }
}
