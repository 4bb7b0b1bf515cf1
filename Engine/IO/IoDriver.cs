using System;
using System.Collections.Generic;
using System.Net.Sockets;

namespace Engine.IO;

// A loop's connection to its selector: parks tasks on socket readiness, and turns selector reports back
// into ready tasks. Owned by one EventLoop and used only on its thread (except Wakeup).
//
// Flow for an operation (receive, send, accept, connect): the trampoline hands the instruction to TryPark;
// if the socket may be ready the operation is tried at once and, when it completes, the task keeps
// running in the same step (no trip through the ready queue). Otherwise the task is parked on the
// direction's IoWaiter; when the selector reports readiness, Dispatch retries the operation and only a
// completed one wakes the task, so a coroutine never sees "would block". Raw Readable/Writable waits just wake.
//
// A blocking wait (Wait) is followed by exactly one loop iteration; that iteration skips its own
// non-blocking poll, so a busy server makes one epoll_wait per batch, not two.
internal sealed class IoDriver : IIoDriver
{
    private readonly EventLoop _loop;
    private readonly Selector _selector;
    private readonly SelectorEvent[] _events = new SelectorEvent[512];
    private readonly Dictionary<Socket, IoRegistration> _raw = new();
    private readonly HashSet<IoRegistration> _owned = new();
    private int _waiters;
    private bool _justWaited;

    public IoDriver(EventLoop loop, Selector selector)
    {
        _loop = loop;
        _selector = selector;
    }

    public Selector Selector => _selector;

    // Whether any task still waits on a socket (an exact scan; for the virtual clock's deadlock check only).
    public bool HasLiveWaiters()
    {
        if (_waiters == 0)
        {
            return false;
        }

        foreach (IoRegistration reg in _owned)
        {
            if (reg.HasLiveWaiter(IoEvents.Read) || reg.HasLiveWaiter(IoEvents.Write))
            {
                return true;
            }
        }

        foreach (IoRegistration reg in _raw.Values)
        {
            if (reg.HasLiveWaiter(IoEvents.Read) || reg.HasLiveWaiter(IoEvents.Write))
            {
                return true;
            }
        }

        return false;
    }

    public void Wakeup() => _selector.Wakeup();

    public void Dispose() => _selector.Dispose();

    // Non-blocking poll, once per loop iteration, unless the iteration follows a blocking wait.
    public void Poll()
    {
        if (_justWaited)
        {
            _justWaited = false;
            return;
        }

        if (_selector.Count == 0)
        {
            return;
        }

        int n = _selector.Select(0, _events);
        Dispatch(n);
    }

    // Blocks until readiness, a wakeup (EventLoop.Post) or the timeout.
    public void Wait(double timeoutSeconds)
    {
        int n = _selector.Select(timeoutSeconds, _events);
        Dispatch(n);
        _justWaited = true;
    }

    // Called by the trampoline for Readable, Writable and SocketOperation instructions. Returns true when
    // the task is parked; false when it keeps running (the operation completed, or failed with error).
    public bool TryPark(CoTask task, Yield y, out Exception? error)
    {
        error = null;
        IoRegistration reg;
        IoOperation? op = null;
        IoEvents direction;
        if (y.Kind == YieldKind.SocketOperation)
        {
            op = (IoOperation)y.Target!;
            reg = op.Registration;
            direction = op.Direction;
            if (reg.Closed)
            {
                error = ClosedException(reg, op.Verb);
                return false;
            }

            if (reg.Driver is null)
            {
                reg.Driver = this;
                _owned.Add(reg);
            }
            else if (!ReferenceEquals(reg.Driver, this))
            {
                error = new InvalidOperationException("This socket is used by another event loop; a socket belongs to the loop that first waited on it.");
                return false;
            }

            if (direction == IoEvents.Read ? reg.ReadHint : reg.WriteHint)
            {
                bool done;
                try
                {
                    done = op.TryComplete();
                }
                catch (Exception e)
                {
                    error = e;
                    return false;
                }

                if (done)
                {
                    error = op.TakeError();
                    return false;
                }
            }
        }
        else
        {
            direction = y.Kind == YieldKind.Readable ? IoEvents.Read : IoEvents.Write;
            var socket = (Socket)y.Target!;
            if (!_raw.TryGetValue(socket, out reg!))
            {
                reg = new IoRegistration(socket, owned: false) { Driver = this };
                _raw.Add(socket, reg);
            }
        }

        IoWaiter waiter = reg.GetOrCreateWaiter(direction, this);
        if (waiter.HasLiveWaiter)
        {
            error = new InvalidOperationException(
                "Task '" + task.Name + "' waits to " + (direction == IoEvents.Read ? "read from" : "write to") + " a socket that task '" +
                waiter.Task!.Name + "' is already waiting on. One task at a time may wait per direction.");
            return false;
        }

        try
        {
            EnsureInterest(reg, direction);
        }
        catch (Exception e)
        {
            error = e;
            ForgetIfIdle(reg);
            return false;
        }

        waiter.Clear();
        waiter.Park(task, op, y.Number, _loop);
        _waiters++;
        return true;
    }

    // Closes a CoSocket's registration: waiters are woken with ObjectDisposedException, the selector forgets it.
    public void Close(IoRegistration reg)
    {
        reg.Closed = true;
        _owned.Remove(reg);
        WakeClosed(reg.Reader, reg, "read");
        WakeClosed(reg.Writer, reg, "write");
        if (reg.Registered)
        {
            reg.Registered = false;
            reg.Interest = IoEvents.None;
            _selector.Unregister(reg.Socket);
        }
    }

    internal static ObjectDisposedException ClosedException(IoRegistration reg, string verb, CoTask? task = null) =>
        new(nameof(CoSocket), "The socket was closed" + (task is null ? string.Empty : " while task '" + task.Name + "' was waiting to " + verb) +
            "; it cannot " + verb + ".");

    internal void OnWaiterCleared() => _waiters--;

    internal void ForgetIfIdle(IoRegistration reg)
    {
        if (!reg.Owned && reg.Reader?.HasWaiter != true && reg.Writer?.HasWaiter != true)
        {
            if (reg.Registered)
            {
                reg.Registered = false;
                _selector.Unregister(reg.Socket);
            }

            _raw.Remove(reg.Socket);
        }
    }

    private static void WakeClosed(IoWaiter? waiter, IoRegistration reg, string defaultVerb)
    {
        if (waiter is null || !waiter.HasWaiter)
        {
            return;
        }

        string verb = waiter.Operation?.Verb ?? defaultVerb;
        bool live = waiter.HasLiveWaiter;
        ParkedTask parked = waiter.Clear();
        if (live)
        {
            parked.Fail(ClosedException(reg, verb, parked.Task), WakeCause.Socket);
        }
    }

    private void Dispatch(int count)
    {
        SelectorEvent[] events = _events;
        for (int i = 0; i < count; i++)
        {
            var reg = (IoRegistration)events[i].Data;
            IoEvents ready = events[i].Events;
            events[i] = default;
            if (reg.Closed || !reg.Registered)
            {
                continue;
            }

            IoEvents unwanted = IoEvents.None;
            if ((ready & IoEvents.Read) != 0)
            {
                reg.ReadHint = true;
                if (!Fire(reg.Reader))
                {
                    unwanted |= IoEvents.Read;
                }
            }

            if ((ready & IoEvents.Write) != 0)
            {
                reg.WriteHint = true;
                if (!Fire(reg.Writer))
                {
                    unwanted |= IoEvents.Write;
                }
            }

            if ((reg.Interest & unwanted) != 0)
            {
                DropInterest(reg, unwanted);
            }
            else if (!reg.Owned)
            {
                ForgetIfIdle(reg);
            }
        }
    }

    // Readiness for one direction. Returns false when nobody waits (the interest is unwanted).
    private static bool Fire(IoWaiter? waiter)
    {
        if (waiter is null || !waiter.HasWaiter)
        {
            return false;
        }

        if (!waiter.Parked.IsLive)
        {
            waiter.Clear();
            return false;
        }

        IoOperation? op = waiter.Operation;
        Exception? error = null;
        if (op is not null)
        {
            bool done;
            try
            {
                done = op.TryComplete();
            }
            catch (Exception e)
            {
                done = true;
                error = e;
            }

            if (!done)
            {
                return true;
            }

            error ??= op.TakeError();
        }

        ParkedTask parked = waiter.Clear();
        if (error is null)
        {
            parked.Wake(WakeCause.Socket);
        }
        else
        {
            parked.Fail(error, WakeCause.Socket);
        }

        return true;
    }

    private void EnsureInterest(IoRegistration reg, IoEvents direction)
    {
        if (!reg.Registered)
        {
            reg.Interest = direction;
            _selector.Register(reg.Socket, direction, reg);
            reg.Registered = true;
        }
        else if ((reg.Interest & direction) == 0)
        {
            reg.Interest |= direction;
            _selector.Modify(reg.Socket, reg.Interest, reg);
        }
    }

    private void DropInterest(IoRegistration reg, IoEvents unwanted)
    {
        reg.Interest &= ~unwanted;
        if (reg.Interest == IoEvents.None)
        {
            // Fully idle: leave the selector (epoll would keep reporting a hang-up on an idle socket).
            reg.Registered = false;
            _selector.Unregister(reg.Socket);
            if (!reg.Owned)
            {
                _raw.Remove(reg.Socket);
            }
        }
        else
        {
            try
            {
                _selector.Modify(reg.Socket, reg.Interest, reg);
            }
            catch (ObjectDisposedException)
            {
                reg.Registered = false;
                _selector.Unregister(reg.Socket);
            }
        }
    }
}
