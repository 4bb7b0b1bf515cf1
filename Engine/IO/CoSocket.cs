using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;

namespace Engine.IO;

/// <summary>
/// A non-blocking socket for coroutines: accept, connect, receive, send and send-all are <see cref="Yield"/> instructions
/// that park the task on the loop's selector only while the operation would block.
/// </summary>
/// <remarks>
/// <para>
/// Results are read from properties right after the <c>yield return</c>, which keeps the hot path free of allocation
/// (no iterator per call, no boxed byte count):
/// </para>
/// <code>
/// yield return conn.Receive(buffer);
/// int n = conn.BytesReceived;            // 0: end of stream
/// yield return conn.SendAll(buffer.AsMemory(0, n));
/// </code>
/// <para>
/// Design: one registration per socket, kept in the selector while the socket lives (interest is added when a task
/// waits and dropped only when a readiness report finds nobody waiting), and one reusable operation object per kind.
/// An operation that can complete at once does so inside the trampoline step without a trip through the ready queue;
/// one that would block is retried by the loop when the selector reports readiness, and the task resumes only when it
/// completed. At most one task waits per direction (one reader, one writer).
/// </para>
/// <para>
/// Errors: a timeout raises <see cref="TimeoutException"/> in the coroutine; <see cref="Close"/> wakes every waiter with
/// <see cref="ObjectDisposedException"/>; a connection reset while receiving is end of stream (0 bytes,
/// <see cref="WasReset"/> set); a failed send or connect raises <see cref="SocketException"/>. A CoSocket belongs to the
/// loop of the first task that waits on it, and is used from that loop's thread only.
/// </para>
/// </remarks>
public sealed class CoSocket : IDisposable
{
    private readonly IoRegistration _registration;
    private ReceiveOperation? _receive;
    private SendOperation? _send;
    private AcceptOperation? _accept;
    private ConnectOperation? _connect;

    /// <summary>Wraps <paramref name="socket"/>, switching it to non-blocking mode (and <see cref="Socket.NoDelay"/> for TCP,
    /// as asyncio does). The CoSocket owns it from now on: close it through <see cref="Close"/>.</summary>
    /// <param name="socket">An open socket, not used with .NET's own async methods.</param>
    public CoSocket(Socket socket)
    {
        if (socket is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(socket));
        }

        socket.Blocking = false; // throws ObjectDisposedException for a closed socket
        if (socket.ProtocolType == ProtocolType.Tcp)
        {
            try
            {
                socket.NoDelay = true;
            }
            catch (SocketException)
            {
                // A listening or not yet connected socket on some platforms; the option is only an optimisation.
            }
        }

        Socket = socket;
        _registration = new IoRegistration(socket, owned: true);
    }

    /// <summary>Creates an unconnected TCP socket for <see cref="Connect(EndPoint, double)"/>.</summary>
    /// <param name="family">The address family; IPv4 by default.</param>
    public CoSocket(AddressFamily family = AddressFamily.InterNetwork)
        : this(new Socket(family, SocketType.Stream, ProtocolType.Tcp))
    {
    }

    /// <summary>The wrapped socket, for options and addresses. Do not call its blocking or async methods.</summary>
    public Socket Socket { get; }

    /// <summary>The local address, or <see langword="null"/>.</summary>
    public EndPoint? LocalEndPoint => Socket.LocalEndPoint;

    /// <summary><see langword="true"/> once <see cref="Close"/> was called.</summary>
    public bool IsClosed => _registration.Closed;

    /// <summary>Bytes the last <see cref="Receive(Memory{byte}, double)"/> received; 0 means end of stream.</summary>
    public int BytesReceived { get; internal set; }

    /// <summary><see langword="true"/> if a receive found the connection reset by the peer (reported as end of stream).</summary>
    public bool WasReset { get; internal set; }

    /// <summary>Bytes the last <see cref="Send(ReadOnlyMemory{byte}, double)"/> or <see cref="SendAll(ReadOnlyMemory{byte}, double)"/> sent.</summary>
    public int BytesSent { get; internal set; }

    /// <summary>The connection the last <see cref="Accept(double)"/> accepted (the caller owns it).</summary>
    public CoSocket? Accepted { get; internal set; }

    internal IoRegistration Registration => _registration;

    /// <summary>Creates a TCP socket bound to <paramref name="endPoint"/> and listening (with <c>SO_REUSEADDR</c>).</summary>
    /// <param name="endPoint">The address to listen on; port 0 picks a free port (read it from <see cref="LocalEndPoint"/>).</param>
    /// <param name="backlog">The length of the pending-connection queue.</param>
    /// <returns>The listening socket; accept connections with <see cref="Accept(double)"/>.</returns>
    public static CoSocket Listen(IPEndPoint endPoint, int backlog = 512)
    {
        if (endPoint is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(endPoint));
        }

        if (backlog < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(backlog), backlog, "The backlog must be zero or more.");
        }

        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endPoint);
            socket.Listen(backlog);
            return new CoSocket(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A coroutine that connects a new TCP socket to <paramref name="remote"/> and returns it
    /// (read it with <c>Co.Result&lt;CoSocket&gt;()</c> after <c>yield return Yield.From(...)</c>). On failure or timeout the
    /// socket is closed and the exception propagates.</summary>
    /// <param name="remote">The address to connect to.</param>
    /// <param name="timeoutSeconds">How long the connect may take; infinite by default.</param>
    /// <returns>The coroutine.</returns>
    public static IEnumerator<Yield> Open(EndPoint remote, double timeoutSeconds = double.PositiveInfinity)
    {
        if (remote is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(remote));
        }

        return OpenCore(remote, timeoutSeconds);
    }

    /// <summary>As <see cref="Open(EndPoint, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="remote">The address to connect to.</param>
    /// <param name="timeout">How long the connect may take; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The coroutine to yield from.</returns>
    public static IEnumerator<Yield> Open(EndPoint remote, TimeSpan timeout) => Open(remote, Durations.ToSeconds(timeout));

    /// <summary>Whether <paramref name="error"/>, raised by <see cref="Accept(double)"/>, is a transient shortage of
    /// resources rather than a broken listener: the process or the system is out of file descriptors (EMFILE, ENFILE), or
    /// the kernel is out of buffers or memory. The pending connection stays queued; an accept loop should back off
    /// briefly (closing what it can) and accept again, and it will succeed once descriptors are free.</summary>
    /// <param name="error">The exception the accept raised.</param>
    /// <returns><see langword="true"/> if accepting again later can succeed.</returns>
    public static bool IsTransientAcceptError(Exception error) =>
        error is SocketException { SocketErrorCode: SocketError.TooManyOpenSockets or SocketError.NoBufferSpaceAvailable or SocketError.SystemNotReady } ||
        (error is SocketException se && se.NativeErrorCode is 23 or 24 or 12 or 105); // ENFILE, EMFILE, ENOMEM, ENOBUFS on Linux

    /// <summary>Waits for a connection on a listening socket; afterwards <see cref="Accepted"/> holds it. When the process
    /// runs out of file descriptors it raises a <see cref="SocketException"/> for which
    /// <see cref="IsTransientAcceptError(Exception)"/> is true: back off and accept again.</summary>
    /// <param name="timeoutSeconds">How long to wait; infinite by default (then <see cref="TimeoutException"/>).</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Accept(double timeoutSeconds = double.PositiveInfinity)
    {
        CheckUsable(IoEvents.Read, timeoutSeconds);
        Accepted = null;
        return Yield.Create(YieldKind.SocketOperation, timeoutSeconds, _accept ??= new AcceptOperation(this));
    }

    /// <summary>As <see cref="Accept(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Accept(TimeSpan timeout) => Accept(Durations.ToSeconds(timeout));

    /// <summary>Connects to <paramref name="remote"/>. A refused connection raises <see cref="SocketException"/>
    /// (<see cref="SocketError.ConnectionRefused"/>); one that takes longer than <paramref name="timeoutSeconds"/> raises
    /// <see cref="TimeoutException"/>, after which the socket should be closed.</summary>
    /// <param name="remote">The address to connect to.</param>
    /// <param name="timeoutSeconds">How long to wait; infinite by default.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Connect(EndPoint remote, double timeoutSeconds = double.PositiveInfinity)
    {
        if (remote is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(remote));
        }

        CheckUsable(IoEvents.Write, timeoutSeconds);
        ConnectOperation op = _connect ??= new ConnectOperation(this);
        op.Prepare(remote);
        return Yield.Create(YieldKind.SocketOperation, timeoutSeconds, op);
    }

    /// <summary>As <see cref="Connect(EndPoint, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="remote">The address to connect to.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Connect(EndPoint remote, TimeSpan timeout) => Connect(remote, Durations.ToSeconds(timeout));

    /// <summary>Receives up to <c>buffer.Length</c> bytes into <paramref name="buffer"/>, waiting until at least one byte
    /// (or end of stream) is there; afterwards <see cref="BytesReceived"/> says how many (0 at end of stream or after a reset).</summary>
    /// <param name="buffer">The caller's buffer; not empty. It must stay untouched until the instruction completes.</param>
    /// <param name="timeoutSeconds">How long to wait; infinite by default (then <see cref="TimeoutException"/>).</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="ArgumentException">The buffer is empty (a 0-byte result would look like end of stream).</exception>
    public Yield Receive(Memory<byte> buffer, double timeoutSeconds = double.PositiveInfinity)
    {
        if (buffer.IsEmpty)
        {
            ThrowEmpty(nameof(buffer), "receive into");
        }

        CheckUsable(IoEvents.Read, timeoutSeconds);
        ReceiveOperation op = _receive ??= new ReceiveOperation(this);
        op.Prepare(buffer);
        return Yield.Create(YieldKind.SocketOperation, timeoutSeconds, op);
    }

    /// <summary>As <see cref="Receive(Memory{byte}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="buffer">Where the bytes go.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Receive(Memory<byte> buffer, TimeSpan timeout) => Receive(buffer, Durations.ToSeconds(timeout));

    /// <summary>Receives into <c>buffer[offset..offset+count]</c>; see <see cref="Receive(Memory{byte}, double)"/>.</summary>
    /// <param name="buffer">The buffer.</param>
    /// <param name="offset">Where to start writing; zero or more.</param>
    /// <param name="count">The most bytes to receive; one or more, and within the buffer.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Receive(byte[] buffer, int offset, int count)
    {
        CheckRange(buffer, offset, count);
        return Receive(buffer.AsMemory(offset, count));
    }

    /// <summary>Sends some of <paramref name="data"/> (at least one byte), waiting while the send buffer is full; afterwards
    /// <see cref="BytesSent"/> says how many. A reset or closed peer raises <see cref="SocketException"/>.</summary>
    /// <param name="data">The bytes; not empty. They must stay untouched until the instruction completes.</param>
    /// <param name="timeoutSeconds">How long to wait; infinite by default.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Send(ReadOnlyMemory<byte> data, double timeoutSeconds = double.PositiveInfinity) => PrepareSend(data, timeoutSeconds, all: false);

    /// <summary>As <see cref="Send(ReadOnlyMemory{byte}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Send(ReadOnlyMemory<byte> data, TimeSpan timeout) => Send(data, Durations.ToSeconds(timeout));

    /// <summary>Sends all of <paramref name="data"/>, waiting as often as the send buffer is full (asyncio's <c>sock_sendall</c>).</summary>
    /// <param name="data">The bytes; not empty.</param>
    /// <param name="timeoutSeconds">How long each wait for buffer space may take; infinite by default.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield SendAll(ReadOnlyMemory<byte> data, double timeoutSeconds = double.PositiveInfinity) => PrepareSend(data, timeoutSeconds, all: true);

    /// <summary>As <see cref="SendAll(ReadOnlyMemory{byte}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="data">The bytes to send.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield SendAll(ReadOnlyMemory<byte> data, TimeSpan timeout) => SendAll(data, Durations.ToSeconds(timeout));

    /// <summary>Half-closes the connection: the peer reads end of stream, and this side can still receive.</summary>
    public void ShutdownSend()
    {
        ThrowIfClosed("shut down");
        Socket.Shutdown(SocketShutdown.Send);
    }

    /// <summary>Closes the socket. A task waiting on it is woken with <see cref="ObjectDisposedException"/>. Idempotent.</summary>
    public void Close()
    {
        if (_registration.Closed)
        {
            return;
        }

        if (_registration.Driver is { } driver)
        {
            driver.Close(_registration);
        }
        else
        {
            _registration.Closed = true;
        }

        Socket.Dispose();
    }

    /// <summary>Closes the socket (see <see cref="Close"/>).</summary>
    public void Dispose() => Close();

    private static IEnumerator<Yield> OpenCore(EndPoint remote, double timeoutSeconds)
    {
        var socket = new CoSocket(remote.AddressFamily);
        bool ok = false;
        try
        {
            yield return socket.Connect(remote, timeoutSeconds);
            ok = true;
        }
        finally
        {
            if (!ok)
            {
                socket.Close();
            }
        }

        yield return Yield.Return(socket);
    }

    private static void CheckRange(byte[] buffer, int offset, int count)
    {
        if (buffer is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(buffer));
        }

        if (offset < 0 || offset > buffer.Length)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(offset), offset, "The offset must be within the buffer (0.." + buffer.Length + ").");
        }

        if (count < 0 || count > buffer.Length - offset)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(count), count, "The count must be zero or more and fit in the buffer after the offset (at most " + (buffer.Length - offset) + ").");
        }
    }

    private static void ThrowEmpty(string paramName, string verb) =>
        throw new ArgumentException("Cannot " + verb + " an empty buffer.", paramName);

    private Yield PrepareSend(ReadOnlyMemory<byte> data, double timeoutSeconds, bool all)
    {
        if (data.IsEmpty)
        {
            ThrowEmpty(nameof(data), "send");
        }

        CheckUsable(IoEvents.Write, timeoutSeconds);
        SendOperation op = _send ??= new SendOperation(this);
        op.Prepare(data, all);
        return Yield.Create(YieldKind.SocketOperation, timeoutSeconds, op);
    }

    private void CheckUsable(IoEvents direction, double timeoutSeconds)
    {
        if (_registration.Closed)
        {
            ThrowIfClosed(direction == IoEvents.Read ? "receive" : "send");
        }

        Yield.CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        if (_registration.WaiterFor(direction) is { HasLiveWaiter: true } waiter)
        {
            ThrowHelper.ThrowInvalidOperation(
                "Task '" + waiter.Task!.Name + "' is already waiting to " +
                (direction == IoEvents.Read ? "receive from (or accept on)" : "send to (or connect)") + " this socket; one task at a time may wait per direction.");
        }
    }

    private void ThrowIfClosed(string verb)
    {
        if (_registration.Closed)
        {
            throw IoDriver.ClosedException(_registration, verb);
        }
    }
}
