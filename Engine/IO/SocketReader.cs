using System;
using System.Collections.Generic;
using System.IO;
using System.Text;

namespace Engine.IO;

/// <summary>
/// Buffered reading from a <see cref="CoSocket"/> (asyncio's <c>StreamReader</c>): lines, delimited records and
/// exact-length blocks. Each method is a coroutine; run it with <c>yield return Yield.From(reader.ReadLine())</c> and read
/// the value with <see cref="Co.Result{T}"/>.
/// </summary>
/// <remarks>
/// Design: one byte buffer with a start and an end; data is compacted to the front only when space runs out, and the
/// buffer doubles up to <see cref="Limit"/>. A record longer than the limit fails with <see cref="InvalidDataException"/>
/// rather than growing without bound (a peer that never sends a newline cannot exhaust memory). Convenience over raw
/// speed: each call allocates its iterator and its result; the hot path of a server is <see cref="CoSocket.Receive(Memory{byte}, double)"/>.
/// <para>
/// Two deadlines guard a server from slow peers: the per-receive timeout (how long one wait for data may take) and the
/// message timeout (how long a whole line, record or block may take to arrive, counted from its first byte, so an idle
/// peer is not a slow one), so a client dripping one byte just inside every per-receive timeout still times out. Each
/// read method can also take its own message timeout.
/// </para>
/// </remarks>
public sealed class SocketReader
{
    private readonly CoSocket _socket;
    private readonly int _limit;
    private readonly double _timeout;
    private readonly double _messageTimeout;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Creates a reader over <paramref name="socket"/>.</summary>
    /// <param name="socket">The connection to read from; only this reader should receive from it.</param>
    /// <param name="limit">The longest line or record, in bytes (64 KiB by default, like asyncio).</param>
    /// <param name="timeoutSeconds">How long each wait for data may take; infinite by default (then <see cref="TimeoutException"/>).</param>
    /// <param name="messageTimeoutSeconds">How long a whole line, record or block may take to arrive, from its first
    /// byte to its last; infinite by default (then <see cref="TimeoutException"/>).</param>
    public SocketReader(CoSocket socket, int limit = 64 * 1024, double timeoutSeconds = double.PositiveInfinity, double messageTimeoutSeconds = double.PositiveInfinity)
    {
        if (socket is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(socket));
        }

        if (limit < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(limit), limit, "The limit must be at least one byte.");
        }

        Yield.CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        Yield.CheckTimeout(messageTimeoutSeconds, nameof(messageTimeoutSeconds));
        _socket = socket;
        _limit = limit;
        _timeout = timeoutSeconds;
        _messageTimeout = messageTimeoutSeconds;
        _buffer = new byte[Math.Min(limit, 4096)];
    }

    /// <summary>As <see cref="SocketReader(CoSocket, int, double, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="socket">The socket to read from.</param>
    /// <param name="limit">The most bytes one line or message may hold.</param>
    /// <param name="timeout">How long each read may wait for bytes; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <param name="messageTimeout">How long one whole line or message may take from its first byte; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    public SocketReader(CoSocket socket, int limit, TimeSpan timeout, TimeSpan messageTimeout)
        : this(socket, limit, Durations.ToSeconds(timeout), Durations.ToSeconds(messageTimeout))
    {
    }

    /// <summary>The longest line or record accepted, in bytes.</summary>
    public int Limit => _limit;

    /// <summary>Bytes received and not yet returned.</summary>
    public int Buffered => _end - _start;

    /// <summary><see langword="true"/> once the peer ended the stream and the buffer is empty.</summary>
    public bool AtEnd => _eof && _start == _end;

    /// <summary>How long a whole line, record or block may take to arrive (the constructor's message timeout).</summary>
    public double MessageTimeout => _messageTimeout;

    /// <summary>Reads one line ending in <c>\n</c> and returns it as UTF-8 text without the <c>\n</c> (or <c>\r\n</c>).
    /// At end of stream it returns the unterminated rest if any, and <see langword="null"/> after that.</summary>
    /// <returns>A coroutine whose result is a <see cref="string"/> or <see langword="null"/>.</returns>
    /// <exception cref="InvalidDataException">(in the coroutine) The line is longer than <see cref="Limit"/>.</exception>
    /// <exception cref="TimeoutException">(in the coroutine) The line did not arrive within <see cref="MessageTimeout"/>.</exception>
    public IEnumerator<Yield> ReadLine() => ReadLine(_messageTimeout);

    /// <summary>Reads one line like <see cref="ReadLine()"/>, which must arrive whole within <paramref name="timeoutSeconds"/>.</summary>
    /// <param name="timeoutSeconds">How long the whole line may take from its first byte; not NaN; infinity for no limit.</param>
    /// <returns>A coroutine whose result is a <see cref="string"/> or <see langword="null"/>.</returns>
    public IEnumerator<Yield> ReadLine(double timeoutSeconds)
    {
        Yield.CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        return ReadLineCore(timeoutSeconds);
    }

    /// <summary>As <see cref="ReadLine(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="timeout">How long the whole line may take; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The coroutine to yield from.</returns>
    public IEnumerator<Yield> ReadLine(TimeSpan timeout) => ReadLine(Durations.ToSeconds(timeout));

    private IEnumerator<Yield> ReadLineCore(double timeoutSeconds)
    {
        double deadline = double.PositiveInfinity;
        int sep = -1;
        while ((sep = IndexOf((byte)'\n', 0)) < 0 && !_eof)
        {
            yield return Yield.From(Fill(deadline = MessageDeadline(deadline, timeoutSeconds, _start != _end), "line"));
        }

        if (sep < 0)
        {
            if (_start == _end)
            {
                yield return Yield.Return(null);
                yield break;
            }

            sep = _end - _start;
        }

        int length = sep;
        int consumed = Math.Min(sep + 1, _end - _start);
        if (length > 0 && _buffer[_start + length - 1] == (byte)'\r')
        {
            length--;
        }

        string line = Encoding.UTF8.GetString(_buffer, _start, length);
        _start += consumed;
        yield return Yield.Return(line);
    }

    /// <summary>Reads up to and including <paramref name="separator"/> (asyncio's <c>readuntil</c>).</summary>
    /// <param name="separator">The byte that ends a record.</param>
    /// <returns>A coroutine whose result is a <see cref="T:byte[]"/> ending in <paramref name="separator"/>.</returns>
    /// <exception cref="EndOfStreamException">(in the coroutine) The stream ended before the separator.</exception>
    /// <exception cref="InvalidDataException">(in the coroutine) No separator within <see cref="Limit"/> bytes.</exception>
    /// <exception cref="TimeoutException">(in the coroutine) The record did not arrive within <see cref="MessageTimeout"/>.</exception>
    public IEnumerator<Yield> ReadUntil(byte separator) => ReadUntil(separator, _messageTimeout);

    /// <summary>Reads a record like <see cref="ReadUntil(byte)"/>, which must arrive whole within <paramref name="timeoutSeconds"/>.</summary>
    /// <param name="separator">The byte that ends a record.</param>
    /// <param name="timeoutSeconds">How long the whole record may take from its first byte; not NaN; infinity for no limit.</param>
    /// <returns>A coroutine whose result is a <see cref="T:byte[]"/> ending in <paramref name="separator"/>.</returns>
    public IEnumerator<Yield> ReadUntil(byte separator, double timeoutSeconds)
    {
        Yield.CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        return ReadUntilCore(separator, timeoutSeconds);
    }

    /// <summary>As <see cref="ReadUntil(byte, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="separator">The byte that ends the message.</param>
    /// <param name="timeout">How long the whole message may take; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The coroutine to yield from.</returns>
    public IEnumerator<Yield> ReadUntil(byte separator, TimeSpan timeout) => ReadUntil(separator, Durations.ToSeconds(timeout));

    private IEnumerator<Yield> ReadUntilCore(byte separator, double timeoutSeconds)
    {
        double deadline = double.PositiveInfinity;
        int sep;
        while ((sep = IndexOf(separator, 0)) < 0)
        {
            if (_eof)
            {
                throw new EndOfStreamException("The stream ended after " + (_end - _start) + " bytes without the separator " + separator + ".");
            }

            yield return Yield.From(Fill(deadline = MessageDeadline(deadline, timeoutSeconds, _start != _end), "record"));
        }

        byte[] record = new byte[sep + 1];
        Buffer.BlockCopy(_buffer, _start, record, 0, sep + 1);
        _start += sep + 1;
        yield return Yield.Return(record);
    }

    /// <summary>Reads exactly <paramref name="count"/> bytes (asyncio's <c>readexactly</c>).</summary>
    /// <param name="count">Zero or more bytes.</param>
    /// <returns>A coroutine whose result is a <see cref="T:byte[]"/> of length <paramref name="count"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative.</exception>
    /// <exception cref="EndOfStreamException">(in the coroutine) The stream ended first.</exception>
    public IEnumerator<Yield> ReadExactly(int count)
    {
        if (count < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(count), count, "ReadExactly needs a count of zero or more bytes.");
        }

        return ReadExactlyCore(new byte[count], _messageTimeout);
    }

    /// <summary>Fills <paramref name="destination"/> completely; the coroutine's result is <paramref name="destination"/>.</summary>
    /// <param name="destination">The buffer to fill.</param>
    /// <returns>A coroutine.</returns>
    /// <exception cref="EndOfStreamException">(in the coroutine) The stream ended first.</exception>
    public IEnumerator<Yield> ReadExactly(byte[] destination)
    {
        if (destination is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(destination));
        }

        return ReadExactlyCore(destination, _messageTimeout);
    }

    /// <summary>Fills <paramref name="destination"/> completely within <paramref name="timeoutSeconds"/>; see
    /// <see cref="ReadExactly(byte[])"/>.</summary>
    /// <param name="destination">The buffer to fill.</param>
    /// <param name="timeoutSeconds">How long the whole block may take from its first byte; not NaN; infinity for no limit.</param>
    /// <returns>A coroutine.</returns>
    public IEnumerator<Yield> ReadExactly(byte[] destination, double timeoutSeconds)
    {
        if (destination is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(destination));
        }

        Yield.CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        return ReadExactlyCore(destination, timeoutSeconds);
    }

    /// <summary>As <see cref="ReadExactly(byte[], double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="destination">Filled completely.</param>
    /// <param name="timeout">How long the whole read may take; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The coroutine to yield from.</returns>
    public IEnumerator<Yield> ReadExactly(byte[] destination, TimeSpan timeout) => ReadExactly(destination, Durations.ToSeconds(timeout));

    private IEnumerator<Yield> ReadExactlyCore(byte[] destination, double timeoutSeconds)
    {
        double deadline = double.PositiveInfinity;
        int got = 0;
        while (got < destination.Length)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    throw new EndOfStreamException("The stream ended after " + got + " of " + destination.Length + " bytes.");
                }

                yield return Yield.From(Fill(deadline = MessageDeadline(deadline, timeoutSeconds, got > 0), "block of " + destination.Length + " bytes"));
                continue;
            }

            int n = Math.Min(_end - _start, destination.Length - got);
            Buffer.BlockCopy(_buffer, _start, destination, got, n);
            _start += n;
            got += n;
        }

        yield return Yield.Return(destination);
    }

    private int IndexOf(byte value, int from)
    {
        int i = Array.IndexOf(_buffer, value, _start + from, _end - _start - from);
        if (i >= 0)
        {
            return i - _start;
        }

        if (_end - _start >= _limit)
        {
            throw new InvalidDataException("No separator within the reader's limit of " + _limit + " bytes; raise SocketReader's limit or check the peer.");
        }

        return -1;
    }

    // A message's deadline starts with its first byte: none while nothing of it has arrived.
    private static double MessageDeadline(double deadline, double timeoutSeconds, bool started) =>
        started && double.IsPositiveInfinity(deadline) && !double.IsPositiveInfinity(timeoutSeconds) ? Co.Time + timeoutSeconds : deadline;

    // Receives more data at the end of the buffer, compacting or growing it first when full. The wait is bounded by
    // the per-receive timeout and by what is left of the message's deadline.
    private IEnumerator<Yield> Fill(double deadline, string what)
    {
        double wait = _timeout;
        bool deadlineGoverns = false;
        if (!double.IsPositiveInfinity(deadline))
        {
            double left = deadline - Co.Time;
            if (left <= 0)
            {
                throw MessageTimedOut(what);
            }

            if (left < wait)
            {
                wait = left;
                deadlineGoverns = true;
            }
        }

        if (_end == _buffer.Length)
        {
            int live = _end - _start;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            }
            else
            {
                byte[] bigger = new byte[Math.Min(Math.Max(_buffer.Length * 2, 16), Math.Max(_limit, _buffer.Length * 2))];
                Buffer.BlockCopy(_buffer, 0, bigger, 0, live);
                _buffer = bigger;
            }

            _start = 0;
            _end = live;
        }

        if (deadlineGoverns)
        {
            yield return Co.Catch(_socket.Receive(_buffer.AsMemory(_end), wait));
            if (Co.Exception is TimeoutException receiveTimedOut)
            {
                TimeoutException error = MessageTimedOut(what);
                ExceptionContext.Attach(error, receiveTimedOut);
                throw error;
            }

            if (Co.Exception is { } other)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(other).Throw();
            }
        }
        else
        {
            yield return _socket.Receive(_buffer.AsMemory(_end), wait);
        }

        int n = _socket.BytesReceived;
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }

    private TimeoutException MessageTimedOut(string what) =>
        new("The whole " + what + " did not arrive within its time limit (" + Buffered + " bytes received so far): the peer is too slow.");
}
