using System;
using System.Net.Sockets;

namespace Engine;

// The socket-readiness factories of Yield, kept beside the IO layer (Engine/IO) so the core file stays
// about scheduling. CoSocket's operations build their own SocketOperation instructions.
public readonly partial struct Yield
{
    /// <summary>Resume once <paramref name="socket"/> is readable: data, a connection to accept, end of stream or an error
    /// is waiting (the loop's selector watches it; the blocking run sleeps in it). A low-level wait for plain sockets:
    /// <see cref="IO.CoSocket"/> offers receive, send, accept and connect that wait by themselves.</summary>
    /// <param name="socket">An open socket. The loop registers it for the wait and forgets it afterwards.</param>
    /// <param name="timeoutSeconds">How long to wait at most, in seconds on the loop's clock; infinite by default. When it
    /// passes, the coroutine receives a <see cref="System.TimeoutException"/>.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.ArgumentOutOfRangeException">The timeout is negative or NaN.</exception>
    /// <remarks>Close a socket that a task waits on through <see cref="IO.CoSocket"/> (which wakes the waiter with
    /// <see cref="System.ObjectDisposedException"/>); disposing a plain <see cref="Socket"/> under a raw wait leaves that wait
    /// to its timeout.</remarks>
    public static Yield Readable(Socket socket, double timeoutSeconds = double.PositiveInfinity) => SocketWait(YieldKind.Readable, socket, timeoutSeconds);

    /// <summary>As <see cref="Readable(Socket, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="socket">An open socket.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Readable(Socket socket, TimeSpan timeout) => Readable(socket, Durations.ToSeconds(timeout));

    /// <summary>Resume once <paramref name="socket"/> is writable (send buffer space, a finished connect, or an error).</summary>
    /// <param name="socket">An open socket.</param>
    /// <param name="timeoutSeconds">How long to wait at most; infinite by default. Then the coroutine receives a <see cref="System.TimeoutException"/>.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="socket"/> is <see langword="null"/>.</exception>
    /// <exception cref="System.ArgumentOutOfRangeException">The timeout is negative or NaN.</exception>
    public static Yield Writable(Socket socket, double timeoutSeconds = double.PositiveInfinity) => SocketWait(YieldKind.Writable, socket, timeoutSeconds);

    /// <summary>As <see cref="Writable(Socket, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="socket">An open socket.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Writable(Socket socket, TimeSpan timeout) => Writable(socket, Durations.ToSeconds(timeout));

    internal static void CheckTimeout(double timeoutSeconds, string paramName)
    {
        if (!(timeoutSeconds >= 0))
        {
            ThrowHelper.ThrowArgumentOutOfRange(paramName, timeoutSeconds, "A timeout must be zero or more seconds (double.PositiveInfinity for none).");
        }
    }

    private static Yield SocketWait(YieldKind kind, Socket socket, double timeoutSeconds)
    {
        if (socket is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(socket));
        }

        CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        return new Yield(kind, timeoutSeconds, socket);
    }
}
