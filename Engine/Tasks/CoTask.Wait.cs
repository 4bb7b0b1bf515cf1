using System;
using System.Runtime.CompilerServices;

namespace Engine;

// CoTask's side of waking: the entry points behind ParkedTask (claim the wake with the version, hand over the outcome,
// go back on the ready queue), the allocation-free waits on synchronization primitives and queues (YieldKind.Wait),
// and introspection of what a task waits for.
public sealed partial class CoTask
{
    /// <summary>What the task is suspended on right now, for debugging and introspection: <c>"ready"</c> when it is
    /// scheduled to run, the instruction its top frame yielded (such as <c>Seconds(1)</c>, <c>Await(Task 'b' [Pending])</c>
    /// or <c>Wait(CoLock.Acquire)</c>) when it is parked, <c>"running"</c> while it runs, or <see langword="null"/> when it is done.</summary>
    public string? WaitingFor
    {
        get
        {
            if (IsDone)
            {
                return null;
            }

            if ((_flags & Stepping) != 0)
            {
                return "running";
            }

            if ((_flags & Scheduled) != 0 || _top is null)
            {
                return "ready";
            }

            // A parked task's top frame is suspended at the yield that parked it, so its Current is that instruction.
            Yield waitingOn = _top.Current;
            return waitingOn.Kind == YieldKind.None ? "ready" : waitingOn.ToString();
        }
    }

    // The holder this task is parked on (a future, a wait source, a socket waiter), or null.
    internal object? ParkedOn => _parkedOn;

    // --- The wake protocol, used only through ParkedTask -------------------------------------------------------------

    // Claims a wake for the registration with version: false if the task no longer waits with it.
    internal bool ClaimWake(int version)
    {
        if (version != _waitVersion)
        {
            return false;
        }

        _waitVersion = version + 1;
        return true;
    }

    // After a claimed wake and its outcome: back on the ready queue. A holder that woke the task stays recorded
    // (Woken) until the task steps, so a cancel in between can hand back what the holder gave.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Requeue(WakeCause cause) => Requeue(Loop, cause);

    // A due timer's wake (the loop firing its timers, cause Timer or Frames): Requeue's common case, small enough to inline
    // into the firing loop; anything else (an observer, an interrupt, a holder, already scheduled) takes Requeue.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void RequeueDue(EventLoop loop, WakeCause cause)
    {
        int flags = _flags;
        if ((flags & (Interrupted | Scheduled)) == 0 && _parkedOn is null && loop.Observer is null)
        {
            _flags = (flags & ~CatchingWait) | Scheduled;
            loop.EnqueueReadyUnchecked(this);
            return;
        }

        Requeue(loop, cause);
    }

    // A due timer's wake for a timer batch the loop steps from its bucket (EventLoop.FireIntoDueBatch): RequeueDue's common
    // case without the enqueue, for a task of no game lane. 1: claimed and marked scheduled; 0: stale (the task no longer
    // waits with version, so the entry is dead); -1: not the common wake, nothing done (the loop fires the entry as before).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int TakeDueWake(int version)
    {
        if (version != _waitVersion)
        {
            return 0;
        }

        int flags = _flags;
        if ((flags & (Interrupted | Scheduled)) != 0 || _parkedOn is not null || _lane is not null)
        {
            return -1;
        }

        _waitVersion = version + 1;
        _flags = (flags & ~CatchingWait) | Scheduled;
        return 1;
    }

    // The same from a waker that has the task's loop at hand (the loop firing its timers): the task's Loop field lies on
    // another line of the task than the fields a wake reads, so a million timed tasks save a cache line per wake.
    internal void Requeue(EventLoop loop, WakeCause cause)
    {
        if (loop.Observer is { } observer)
        {
            observer.Woken(this, cause);
        }

        if ((_flags & Interrupted) != 0)
        {
            ApplyInterrupt();
        }

        int flags = _flags & ~CatchingWait;
        if (_parkedOn is not null)
        {
            flags |= Woken;
        }

        if ((flags & Scheduled) == 0)
        {
            _flags = flags | Scheduled;
            if (cause == WakeCause.Future)
            {
                loop.EnqueueWoken(this); // awaiting resumes in the same frame (EventLoop.Game.cs)
            }
            else
            {
                loop.EnqueueReadyUnchecked(this);
            }
        }
        else
        {
            _flags = flags;
        }
    }

    // Hands a value to the task for Co.Result<T>() without boxing value types: a typed box per task and type is
    // reused for every later value.
    internal void ReceiveValue<T>(T value)
    {
        if (!typeof(T).IsValueType)
        {
            if (value is null)
            {
                _outcome = null; // the common value of a wake (a timeout, a grant): a constant store, no GC write barrier
            }
            else
            {
                _outcome = value;
            }
        }
        else
        {
            Rare rare = _rare ??= new Rare();
            if (rare.ValueBox is not ValueBox<T> box)
            {
                rare.ValueBox = box = new ValueBox<T>();
            }

            box.Value = value;
            _outcome = box;
        }

        SetReceivedException(null);
    }

    internal void ReceiveObject(object? value)
    {
        if (value is null)
        {
            _outcome = null; // no GC write barrier for the common null value
        }
        else
        {
            _outcome = value;
        }

        SetReceivedException(null);
    }

    // A failed wait: raised in the top frame at the next step, or handed over as the outcome of a catching wait.
    internal void ReceiveFailure(Exception error)
    {
        if (_parkedOn is not null)
        {
            _flags |= FailedWake; // a cancel before the task steps gives nothing back to the holder (Detach)
        }

        if ((_flags & (CatchingWait | CancelRequested | Interrupted)) == CatchingWait)
        {
            _outcome = null;
            Rare rare = _rare ??= new Rare();
            rare.ReceivedException = error;
            rare.FailureUnread = _parkedOn is not null; // handed by a wake: unread until the task steps (CoTask.Cancel.cs)
        }
        else
        {
            ChainPendingThrow(error);

            // Raised at the next step; a cancel or an interrupt before that step wins and reports it, as for a catching
            // wait (ReportUnreadFailure): one rule whether the wait catches or not. A failure that comes after the cancel
            // or interrupt reached the work (its cleanup failed) is not unread: it travels on.
            _rare!.ThrowUnread = _parkedOn is not null && (_flags & (CancelRequested | Interrupted)) == 0;
        }
    }

    // Reads back a value handed with ReceiveValue (a wait source taking back what it gave an abandoned waiter).
    internal T PeekReceived<T>() => _outcome is ValueBox<T> box ? box.Value : (T)_outcome!;

    // The awaited work finished after an interrupt cancelled it: the interrupt is raised, unless the work failed for
    // real, whose failure travels on instead.
    private void ApplyInterrupt()
    {
        Exception interrupt = _rare!.Interrupt!;
        _rare.Interrupt = null;
        _flags &= ~Interrupted;
        if (HasRealPendingFailure())
        {
            ExceptionContext.Attach(_rare.ThrowIntoTop!, interrupt);
        }
        else
        {
            SetPendingThrow(interrupt);
        }
    }

    // --- Parking -----------------------------------------------------------------------------------------------------

    // Parks the task on holder and returns its registration (socket waiters).
    internal ParkedTask ParkOn(IWaitHolder holder)
    {
        _parkedOn = holder;
        return new ParkedTask(this, ++_waitVersion);
    }

    // A condition variable moves a notified waiter onto its lock's queue: the task now waits on the lock.
    internal void RetargetWait(WaitSource source) => _parkedOn = source;

    // A source that throws while the wait starts (user code it runs: a priority queue's comparer on the item taken or
    // put) fails this wait: the exception is raised in the top frame at its yield, as from any awaited operation that
    // fails, and never leaves the loop. A registration the source made before it threw is dead (the next wait has
    // another version).
    private bool StartWait(WaitSource source)
    {
        if (ReferenceEquals(source, CompletedWaitSource.Instance))
        {
            ++_waitVersion; // what the source would do: done at once (a put or release that needed no wait)
            return false;
        }

        bool done;
        try
        {
            done = source.TryCompleteOrEnqueue(new ParkedTask(this, ++_waitVersion));
        }
        catch (Exception error)
        {
            SetPendingThrow(error);
            return false;
        }

        if (done)
        {
            return false;
        }

        _parkedOn = source;
        return true;
    }
}
