using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;

namespace Engine.IO;

/// <summary>
/// A <see cref="Selector"/> on <see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/>,
/// for every platform .NET runs on. <see cref="Selector.Wakeup"/> writes a byte into a connected loopback socket pair.
/// </summary>
/// <remarks>
/// Design: the fallback, so correctness over speed. Every wait rebuilds the read and write lists from the registrations
/// (O(registered) per wait, like Python's <c>SelectSelector</c>); the lists are reused, so the selector's own bookkeeping
/// does not allocate. Errors show up as readability, which the waiter discovers by trying its operation.
/// </remarks>
public sealed class PortableSelector : Selector
{
    private readonly Dictionary<Socket, Registration> _registrations = new();
    private readonly List<Socket> _read = new();
    private readonly List<Socket> _write = new();
    private readonly List<Socket> _error = new();
    private readonly Socket _wakeReader;
    private readonly Socket _wakeWriter;
    private readonly byte[] _drain = new byte[64];
    private int _wakePending;

    /// <summary>Creates the selector and its loopback wakeup pair.</summary>
    public PortableSelector()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        _wakeWriter = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _wakeWriter.Connect(listener.LocalEndPoint!);
        _wakeReader = listener.Accept();
        _wakeWriter.NoDelay = true;
        _wakeWriter.Blocking = false;
        _wakeReader.Blocking = false;
    }

    /// <inheritdoc/>
    public override int Count => _registrations.Count;

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _wakeReader.Dispose();
            _wakeWriter.Dispose();
        }
    }

    private protected override void RegisterCore(Socket socket, IoEvents events, object data)
    {
        if (_registrations.ContainsKey(socket))
        {
            ThrowHelper.ThrowInvalidOperation("The socket is already registered with this selector; use Modify to change its events, or Unregister it first.");
        }

        _registrations.Add(socket, new Registration(events, data));
    }

    private protected override void ModifyCore(Socket socket, IoEvents events, object data)
    {
        if (!_registrations.ContainsKey(socket))
        {
            ThrowHelper.ThrowInvalidOperation("The socket is not registered with this selector.");
        }

        _registrations[socket] = new Registration(events, data);
    }

    private protected override bool UnregisterCore(Socket socket) => _registrations.Remove(socket);

    private protected override int SelectCore(int timeoutMilliseconds, SelectorEvent[] events)
    {
        _read.Clear();
        _write.Clear();
        _error.Clear();
        _read.Add(_wakeReader);
        foreach (KeyValuePair<Socket, Registration> pair in _registrations)
        {
            if ((pair.Value.Events & IoEvents.Read) != 0)
            {
                _read.Add(pair.Key);
            }

            if ((pair.Value.Events & IoEvents.Write) != 0)
            {
                _write.Add(pair.Key);
                _error.Add(pair.Key);
            }
        }

        int micro = timeoutMilliseconds < 0 ? -1 : (int)Math.Min(int.MaxValue, timeoutMilliseconds * 1000L);
        try
        {
            Socket.Select(_read, _write.Count > 0 ? _write : null, _error.Count > 0 ? _error : null, micro);
        }
        catch (ObjectDisposedException)
        {
            // A registered socket was closed without being unregistered: report every registration as ready so its
            // waiter tries its operation and gets the error, instead of waiting forever.
            return ReportAll(events);
        }

        int written = 0;
        for (int i = 0; i < _read.Count && written < events.Length; i++)
        {
            Socket s = _read[i];
            if (ReferenceEquals(s, _wakeReader))
            {
                DrainWakeup();
                continue;
            }

            if (_registrations.TryGetValue(s, out Registration reg))
            {
                events[written++] = new SelectorEvent(reg.Data, IoEvents.Read);
            }
        }

        for (int i = 0; i < _write.Count + _error.Count && written < events.Length; i++)
        {
            Socket s = i < _write.Count ? _write[i] : _error[i - _write.Count];
            if (_registrations.TryGetValue(s, out Registration reg))
            {
                events[written++] = new SelectorEvent(reg.Data, i < _write.Count ? IoEvents.Write : IoEvents.Read | IoEvents.Write);
            }
        }

        return written;
    }

    private protected override void WakeupCore()
    {
        if (Interlocked.Exchange(ref _wakePending, 1) != 0)
        {
            return;
        }

        try
        {
            _wakeWriter.Send(_drain, 0, 1, SocketFlags.None, out _);
        }
        catch (ObjectDisposedException)
        {
            // Closed concurrently: nobody is waiting any more.
        }
    }

    private int ReportAll(SelectorEvent[] events)
    {
        int written = 0;
        foreach (KeyValuePair<Socket, Registration> pair in _registrations)
        {
            if (written == events.Length)
            {
                break;
            }

            events[written++] = new SelectorEvent(pair.Value.Data, IoEvents.Read | IoEvents.Write);
        }

        return written;
    }

    private void DrainWakeup()
    {
        // Read first, then clear the flag with a full fence (see EpollSelector.DrainWakeup: clearing first loses wake-ups).
        while (_wakeReader.Available > 0)
        {
            _wakeReader.Receive(_drain, 0, _drain.Length, SocketFlags.None, out SocketError _);
        }

        Interlocked.Exchange(ref _wakePending, 0);
    }

    private readonly struct Registration
    {
        public readonly IoEvents Events;
        public readonly object Data;

        public Registration(IoEvents events, object data)
        {
            Events = events;
            Data = data;
        }
    }
}
