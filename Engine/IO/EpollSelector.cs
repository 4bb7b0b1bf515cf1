using System;
using System.Collections.Generic;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;

namespace Engine.IO;

/// <summary>
/// A <see cref="Selector"/> on Linux epoll (libc <c>epoll_create1</c>, <c>epoll_ctl</c>, <c>epoll_wait</c>), with an
/// <c>eventfd</c> for <see cref="Selector.Wakeup"/>.
/// </summary>
/// <remarks>
/// Design: level-triggered, so a wait never misses data that arrived before it began. Each registration takes a slot
/// in a table; the epoll data word carries the slot and a generation number, so a report for a socket that was
/// unregistered earlier in the same batch (and whose slot was reused) is recognised as stale and dropped. Reports go
/// into a native buffer read with the platform's <c>epoll_event</c> layout (packed on x86-64). A wait allocates nothing.
/// </remarks>
public sealed unsafe class EpollSelector : Selector
{
    private const ulong WakeData = ulong.MaxValue;
    private static readonly bool s_supported = ProbeSupport();

    private readonly Dictionary<Socket, int> _slotOf = new();
    private object?[] _data = new object?[64];
    private int[] _fds = new int[64];
    private uint[] _generation = new uint[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _slotCount;
    private int _epfd;
    private int _eventFd;
    private byte* _buffer;
    private int _bufferEvents;
    private int _wakePending;

    /// <summary>Creates an epoll instance and its wakeup eventfd.</summary>
    /// <exception cref="PlatformNotSupportedException">Not on Linux, or libc's epoll is unavailable (see <see cref="IsSupported"/>).</exception>
    public EpollSelector()
    {
        if (!s_supported)
        {
            throw new PlatformNotSupportedException("EpollSelector needs Linux with libc epoll; use PortableSelector (Selector.CreateDefault picks it).");
        }

        _epfd = EpollNative.epoll_create1(EpollNative.EpollCloexec);
        if (_epfd < 0)
        {
            throw new SocketException(EpollNative.LastError());
        }

        _eventFd = EpollNative.eventfd(0, EpollNative.EfdNonblock | EpollNative.EfdCloexec);
        if (_eventFd < 0)
        {
            int err = EpollNative.LastError();
            EpollNative.close(_epfd);
            throw new SocketException(err);
        }

        Ctl(EpollNative.CtlAdd, _eventFd, EpollNative.EpollIn, WakeData);
        _bufferEvents = 256;
        _buffer = (byte*)Marshal.AllocHGlobal(_bufferEvents * EpollNative.EventSize);
    }

    /// <summary>Finalizer: closes the epoll and eventfd descriptors if <see cref="Selector.Dispose()"/> was not called.</summary>
    ~EpollSelector()
    {
        Dispose(false);
    }

    /// <summary><see langword="true"/> on Linux when libc's epoll can be called.</summary>
    public static bool IsSupported => s_supported;

    /// <inheritdoc/>
    public override int Count => _slotOf.Count;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (_epfd > 0)
        {
            EpollNative.close(_epfd);
            _epfd = -1;
        }

        if (_eventFd > 0)
        {
            EpollNative.close(_eventFd);
            _eventFd = -1;
        }

        if (_buffer is not null)
        {
            Marshal.FreeHGlobal((IntPtr)_buffer);
            _buffer = null;
        }
    }

    private protected override void RegisterCore(Socket socket, IoEvents events, object data)
    {
        if (_slotOf.ContainsKey(socket))
        {
            ThrowHelper.ThrowInvalidOperation("The socket is already registered with this selector; use Modify to change its events, or Unregister it first.");
        }

        int fd = (int)socket.Handle;
        int slot = _freeCount > 0 ? _freeSlots[--_freeCount] : NewSlot();
        uint gen = ++_generation[slot];
        int rc = Ctl(EpollNative.CtlAdd, fd, ToEpoll(events), ((ulong)gen << 32) | (uint)slot, throwOnError: false);
        if (rc != 0)
        {
            _freeSlots[_freeCount++] = slot;
            throw new SocketException(rc);
        }

        _data[slot] = data;
        _fds[slot] = fd;
        _slotOf.Add(socket, slot);
    }

    private protected override void ModifyCore(Socket socket, IoEvents events, object data)
    {
        if (!_slotOf.TryGetValue(socket, out int slot))
        {
            ThrowHelper.ThrowInvalidOperation("The socket is not registered with this selector.");
        }

        _data[slot] = data;
        Ctl(EpollNative.CtlMod, _fds[slot], ToEpoll(events), ((ulong)_generation[slot] << 32) | (uint)slot);
    }

    private protected override bool UnregisterCore(Socket socket)
    {
        if (!_slotOf.TryGetValue(socket, out int slot))
        {
            return false;
        }

        _slotOf.Remove(socket);
        // Closing the descriptor already removed it from the epoll set; its number may belong to someone else now.
        if (!IsClosed(socket))
        {
            Ctl(EpollNative.CtlDel, _fds[slot], 0, 0, throwOnError: false);
        }

        _generation[slot]++;
        _data[slot] = null;
        _fds[slot] = -1;
        _freeSlots[_freeCount++] = slot;
        return true;
    }

    private protected override int SelectCore(int timeoutMilliseconds, SelectorEvent[] events)
    {
        int max = Math.Min(events.Length, _bufferEvents);
        int n = EpollNative.epoll_wait(_epfd, _buffer, max, timeoutMilliseconds);
        if (n < 0)
        {
            int err = EpollNative.LastError();
            if (err == EpollNative.Eintr)
            {
                return 0;
            }

            throw new SocketException(err);
        }

        int size = EpollNative.EventSize;
        int dataOffset = EpollNative.DataOffset;
        int written = 0;
        for (int i = 0; i < n; i++)
        {
            byte* ev = _buffer + (i * size);
            uint mask = *(uint*)ev;
            ulong data = *(ulong*)(ev + dataOffset);
            if (data == WakeData)
            {
                DrainWakeup();
                continue;
            }

            int slot = (int)(uint)data;
            if ((uint)slot >= (uint)_slotCount || _generation[slot] != (uint)(data >> 32) || _data[slot] is not object target)
            {
                continue;
            }

            IoEvents ready = IoEvents.None;
            if ((mask & (EpollNative.EpollIn | EpollNative.EpollErr | EpollNative.EpollHup | EpollNative.EpollRdHup)) != 0)
            {
                ready |= IoEvents.Read;
            }

            if ((mask & (EpollNative.EpollOut | EpollNative.EpollErr | EpollNative.EpollHup)) != 0)
            {
                ready |= IoEvents.Write;
            }

            events[written++] = new SelectorEvent(target, ready);
        }

        return written;
    }

    private protected override void WakeupCore()
    {
        // Coalesce: one eventfd write until the loop drains it.
        if (Interlocked.Exchange(ref _wakePending, 1) != 0)
        {
            return;
        }

        ulong one = 1;
        EpollNative.write(_eventFd, (byte*)&one, 8);
    }

    private static bool ProbeSupport()
    {
        if (!IsLinux())
        {
            return false;
        }

        try
        {
            int fd = EpollNative.epoll_create1(EpollNative.EpollCloexec);
            if (fd < 0)
            {
                return false;
            }

            EpollNative.close(fd);
            return true;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    private static uint ToEpoll(IoEvents events)
    {
        uint mask = 0;
        if ((events & IoEvents.Read) != 0)
        {
            mask |= EpollNative.EpollIn | EpollNative.EpollRdHup;
        }

        if ((events & IoEvents.Write) != 0)
        {
            mask |= EpollNative.EpollOut;
        }

        return mask;
    }

    private void DrainWakeup()
    {
        // Read first, then clear the flag with a full fence: a Wakeup that saw the flag still set (and so wrote nothing)
        // enqueued its work before that, so the loop finds the work when it next looks. Clearing first would let such a
        // Wakeup's write be consumed here and the next Wakeup skip its write: a lost wake-up and a loop asleep forever.
        ulong value;
        EpollNative.read(_eventFd, (byte*)&value, 8);
        Interlocked.Exchange(ref _wakePending, 0);
    }

    private int NewSlot()
    {
        if (_slotCount == _data.Length)
        {
            int size = _data.Length * 2;
            Array.Resize(ref _data, size);
            Array.Resize(ref _fds, size);
            Array.Resize(ref _generation, size);
            Array.Resize(ref _freeSlots, size);
        }

        return _slotCount++;
    }

    private int Ctl(int op, int fd, uint events, ulong data, bool throwOnError = true)
    {
        byte* ev = stackalloc byte[16];
        *(uint*)ev = events;
        *(ulong*)(ev + EpollNative.DataOffset) = data;
        if (EpollNative.epoll_ctl(_epfd, op, fd, ev) == 0)
        {
            return 0;
        }

        int err = EpollNative.LastError();
        if (throwOnError)
        {
            throw new SocketException(err);
        }

        return err;
    }
}
