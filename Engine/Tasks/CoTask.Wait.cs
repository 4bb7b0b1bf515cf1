using System;
using System.Globalization;

namespace Engine;

// CoTask's side of the allocation-free waits on synchronization primitives and queues (YieldKind.Wait),
// interruption by timeout scopes and task groups, and introspection of what a task waits for. Kept in its
// own file so the trampoline in CoTask.cs changes only by a few lines: the Wait switch case, the SourceWoken
// flag in the slow-path test, a NoteParked call on the timer/frame/poll paths, and one call in Detach.
public sealed partial class CoTask
{
    // The wait source a task parks on shares CoTask._parkedOn with awaited futures (a task waits on one
    // thing at a time). The kind of the last timer/frame/poll wait lives in _flags' second byte.
    private const int ParkedKindShift = 8;
    private const int ParkedKindMask = 0xFF << ParkedKindShift;
    private double _parkedNumber;      // the timer, frame or poll wait it parked on last, for WaitingFor

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

            if (ReferenceEquals(Loop.CurrentTask, this))
            {
                return "running";
            }

            if ((_flags & (Scheduled | Woken | SourceWoken)) != 0)
            {
                return "ready";
            }

            if (_parkedOn is Future awaiting)
            {
                return "Await(" + awaiting + ")";
            }

            if (_parkedOn is not null)
            {
                return "Wait(" + _parkedOn + ")";
            }

            var kind = (YieldKind)((_flags & ParkedKindMask) >> ParkedKindShift);
            return kind switch
            {
                YieldKind.None => "ready",
                YieldKind.Seconds => "Seconds(" + _parkedNumber.ToString("R", CultureInfo.InvariantCulture) + ")",
                YieldKind.Frames => "Frames(" + _parkedNumber.ToString(CultureInfo.InvariantCulture) + ")",
                _ => kind.ToString(),
            };
        }
    }

    // Hands a value to the task for Co.Result<T>() without boxing value types: a typed box per task and
    // type is reused for every later value.
    internal void SetReceived<T>(T value)
    {
        if (!typeof(T).IsValueType)
        {
            _received = value;
        }
        else
        {
            Rare rare = _rare ??= new Rare();
            if (rare.ValueBox is not ValueBox<T> box)
            {
                rare.ValueBox = box = new ValueBox<T>();
            }

            box.Value = value;
            _received = box;
        }

        SetReceivedException(null);
    }

    // Reads back a value handed with SetReceived (a wait source taking back what it gave an abandoned waiter).
    internal T PeekReceived<T>() => _received is ValueBox<T> box ? box.Value : (T)_received!;

    // Wakes the task parked on a wait source. Returns false if it no longer waits with this version.
    internal bool WakeFromSource(int version)
    {
        if (version != _waitVersion || IsDone)
        {
            return false;
        }

        _waitVersion++;
        _flags |= SourceWoken;
        _received = null;
        SetReceivedException(null);
        Loop.EnqueueReady(this);
        return true;
    }

    // Wakes the task parked on a wait source and hands it a value for Co.Result<T>().
    internal bool WakeFromSource<T>(int version, T value)
    {
        if (version != _waitVersion || IsDone)
        {
            return false;
        }

        _waitVersion++;
        _flags |= SourceWoken;
        SetReceived(value);
        Loop.EnqueueReady(this);
        return true;
    }

    // Wakes the task parked on a wait source by raising an exception in it (a broken barrier).
    internal bool WakeFromSourceWithException(int version, Exception error)
    {
        if (version != _waitVersion || IsDone)
        {
            return false;
        }

        _waitVersion++;
        _parkedOn = null;
        SetPendingThrow(error);
        Loop.EnqueueReady(this);
        return true;
    }

    // A condition variable moves a notified waiter onto its lock's queue: the task now waits on the lock.
    internal void RetargetWait(WaitSource source) => _parkedOn = source;

    // Interrupts whatever the task waits for and raises error in its top frame (a timeout scope expired, a task
    // group aborts its body). Frames unwind until one that catches: the scope or group that asked.
    internal void Interrupt(Exception error)
    {
        if (IsDone)
        {
            return;
        }

        bool running = ReferenceEquals(Loop.CurrentTask, this);
        if (!running)
        {
            // Drops whatever woke it but was not delivered yet (a future's result, a handed lock goes back).
            Detach();
        }

        SetPendingThrow(error);
        if (!running && (_flags & Scheduled) == 0)
        {
            Loop.EnqueueReady(this);
        }
    }

    private void NoteParked(Yield y)
    {
        _flags = (_flags & ~ParkedKindMask) | ((int)y.Kind << ParkedKindShift);
        _parkedNumber = y.Number;
    }

    private bool StartWait(WaitSource source)
    {
        int version = ++_waitVersion;
        if (source.TryCompleteOrEnqueue(this, version))
        {
            return false;
        }

        _parkedOn = source;
        return true;
    }

    private void ClearWaitSource()
    {
        _parkedOn = null;
        _flags &= ~SourceWoken;
    }

    private void DetachFromWaitSource()
    {
        var source = (WaitSource)_parkedOn!;
        bool woke = (_flags & SourceWoken) != 0;
        _parkedOn = null;
        _flags &= ~SourceWoken;
        if (woke)
        {
            source.Abandon(this);
        }
        else
        {
            source.Remove(this);
        }
    }
}
