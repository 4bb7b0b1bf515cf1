using System;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Engine.IO;

/// <summary>
/// Waits until registered sockets are ready, like Python's <c>selectors</c> module: register a socket with the events
/// to watch and an object of your own, then <see cref="Select(double, SelectorEvent[])"/> reports which are ready.
/// </summary>
/// <remarks>
/// <para>
/// Two implementations: <see cref="EpollSelector"/> (Linux, epoll through libc, O(ready) per wait) and
/// <see cref="PortableSelector"/> (every OS, <see cref="Socket.Select(System.Collections.IList, System.Collections.IList, System.Collections.IList, int)"/>,
/// O(registered) per wait). <see cref="CreateDefault"/> picks the best available. An <see cref="EventLoop"/> creates
/// one on first socket use, or takes yours through <see cref="EventLoop(ClockKind, Selector)"/>.
/// </para>
/// <para>
/// Readiness is level-triggered: a socket that stays readable is reported by every <see cref="Select(double, SelectorEvent[])"/>
/// until it is read or its interest is removed. <see cref="Wakeup"/> is the one member that may be called from any thread;
/// it makes a blocked (or the next) <see cref="Select(double, SelectorEvent[])"/> return early.
/// </para>
/// </remarks>
public abstract class Selector : IDisposable
{
    private bool _disposed;

    /// <summary>The number of registered sockets.</summary>
    public abstract int Count { get; }

    /// <summary><see langword="true"/> once <see cref="Dispose()"/> was called.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>Creates the best selector for this platform: <see cref="EpollSelector"/> on Linux, otherwise <see cref="PortableSelector"/>.</summary>
    /// <returns>A new selector; the caller owns it.</returns>
    public static Selector CreateDefault() => EpollSelector.IsSupported ? new EpollSelector() : new PortableSelector();

    /// <summary>Starts watching <paramref name="socket"/> for <paramref name="events"/>.</summary>
    /// <param name="socket">An open socket not yet registered with this selector.</param>
    /// <param name="events">What to watch for; <see cref="IoEvents.None"/> keeps it registered but quiet.</param>
    /// <param name="data">Any object; it comes back in <see cref="SelectorEvent.Data"/>.</param>
    /// <exception cref="ObjectDisposedException">The socket or the selector is closed.</exception>
    /// <exception cref="InvalidOperationException">The socket is already registered.</exception>
    public void Register(Socket socket, IoEvents events, object data)
    {
        CheckArguments(socket, events, data);
        RegisterCore(socket, events, data);
    }

    /// <summary>Changes what a registered socket is watched for.</summary>
    /// <param name="socket">A registered socket.</param>
    /// <param name="events">The new interest.</param>
    /// <param name="data">The new data object.</param>
    /// <exception cref="InvalidOperationException">The socket is not registered.</exception>
    public void Modify(Socket socket, IoEvents events, object data)
    {
        CheckArguments(socket, events, data);
        ModifyCore(socket, events, data);
    }

    /// <summary>Stops watching <paramref name="socket"/>. Call it before closing the socket. A closed socket is tolerated.</summary>
    /// <param name="socket">The socket.</param>
    /// <returns><see langword="false"/> if it was not registered.</returns>
    public bool Unregister(Socket socket)
    {
        if (socket is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(socket));
        }

        return !_disposed && UnregisterCore(socket);
    }

    /// <summary>Waits until at least one registered socket is ready, <paramref name="timeoutSeconds"/> pass, or
    /// <see cref="Wakeup"/> is called, and fills <paramref name="events"/> with what is ready.</summary>
    /// <param name="timeoutSeconds">Zero polls without blocking; <see cref="double.PositiveInfinity"/> (or any negative value) waits without limit.</param>
    /// <param name="events">Receives the reports; at most its length are returned per call.</param>
    /// <returns>The number of reports written (0 on timeout or wakeup).</returns>
    public int Select(double timeoutSeconds, SelectorEvent[] events)
    {
        if (events is null || events.Length == 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(events), events?.Length, "Select needs a non-empty array to write events into.");
        }

        ThrowIfDisposed();
        return SelectCore(ToMilliseconds(timeoutSeconds), events);
    }

    /// <summary>As <see cref="Select(double, SelectorEvent[])"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="timeout">How long to wait at most; zero polls; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <param name="events">Receives what is ready.</param>
    /// <returns>How many entries of <paramref name="events"/> were filled.</returns>
    public int Select(TimeSpan timeout, SelectorEvent[] events) => Select(Durations.ToSeconds(timeout), events);

    /// <summary>Makes a blocked <see cref="Select(double, SelectorEvent[])"/> return now, or the next one return at once.
    /// Thread-safe; a no-op after <see cref="Dispose()"/>.</summary>
    public void Wakeup()
    {
        if (!_disposed)
        {
            WakeupCore();
        }
    }

    /// <summary>Closes the selector's own handles. Registered sockets are not closed.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the selector's handles.</summary>
    /// <param name="disposing"><see langword="true"/> from <see cref="Dispose()"/>, <see langword="false"/> from a finalizer.</param>
    protected abstract void Dispose(bool disposing);

    private protected abstract void RegisterCore(Socket socket, IoEvents events, object data);

    private protected abstract void ModifyCore(Socket socket, IoEvents events, object data);

    private protected abstract bool UnregisterCore(Socket socket);

    private protected abstract int SelectCore(int timeoutMilliseconds, SelectorEvent[] events);

    private protected abstract void WakeupCore();

    private protected void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(GetType().Name, "The selector is closed.");
        }
    }

    internal static int ToMilliseconds(double timeoutSeconds)
    {
        if (double.IsNaN(timeoutSeconds) || timeoutSeconds < 0 || double.IsPositiveInfinity(timeoutSeconds))
        {
            return -1;
        }

        double ms = Math.Ceiling(timeoutSeconds * 1000);
        return ms >= int.MaxValue ? int.MaxValue : (int)ms;
    }

    // Socket.Handle does not throw once the socket is disposed, so check the handle itself.
    internal static void ThrowIfSocketClosed(Socket socket)
    {
        if (IsClosed(socket))
        {
            throw new ObjectDisposedException(nameof(Socket), "The socket is closed; it cannot be registered or waited on.");
        }
    }

    internal static bool IsClosed(Socket socket)
    {
#if NET
        return socket.SafeHandle.IsClosed || socket.SafeHandle.IsInvalid;
#else
        // No SafeHandle here, and Handle does not throw once disposed: read an option that has no side effect.
        // LocalEndPoint, RemoteEndPoint and Connected would poll a connecting socket and consume its pending error,
        // so a refused connect would look successful.
        try
        {
            _ = socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Type);
            return false;
        }
        catch (ObjectDisposedException)
        {
            return true;
        }
#endif
    }

    internal static bool IsLinux() => RuntimeInformation.IsOSPlatform(OSPlatform.Linux);

    private void CheckArguments(Socket socket, IoEvents events, object data)
    {
        if (socket is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(socket));
        }

        if (data is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(data));
        }

        if ((events & ~(IoEvents.Read | IoEvents.Write)) != 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(events), events, "Events must be a combination of IoEvents.Read and IoEvents.Write.");
        }

        ThrowIfDisposed();
        ThrowIfSocketClosed(socket);
    }
}
