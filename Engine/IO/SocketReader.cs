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
/// </remarks>
public sealed class SocketReader
{
    private readonly CoSocket _socket;
    private readonly int _limit;
    private readonly double _timeout;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>Creates a reader over <paramref name="socket"/>.</summary>
    /// <param name="socket">The connection to read from; only this reader should receive from it.</param>
    /// <param name="limit">The longest line or record, in bytes (64 KiB by default, like asyncio).</param>
    /// <param name="timeoutSeconds">How long each wait for data may take; infinite by default (then <see cref="TimeoutException"/>).</param>
    public SocketReader(CoSocket socket, int limit = 64 * 1024, double timeoutSeconds = double.PositiveInfinity)
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
        _socket = socket;
        _limit = limit;
        _timeout = timeoutSeconds;
        _buffer = new byte[Math.Min(limit, 4096)];
    }

    /// <summary>The longest line or record accepted, in bytes.</summary>
    public int Limit => _limit;

    /// <summary>Bytes received and not yet returned.</summary>
    public int Buffered => _end - _start;

    /// <summary><see langword="true"/> once the peer ended the stream and the buffer is empty.</summary>
    public bool AtEnd => _eof && _start == _end;

    /// <summary>Reads one line ending in <c>\n</c> and returns it as UTF-8 text without the <c>\n</c> (or <c>\r\n</c>).
    /// At end of stream it returns the unterminated rest if any, and <see langword="null"/> after that.</summary>
    /// <returns>A coroutine whose result is a <see cref="string"/> or <see langword="null"/>.</returns>
    /// <exception cref="InvalidDataException">(in the coroutine) The line is longer than <see cref="Limit"/>.</exception>
    public IEnumerator<Yield> ReadLine()
    {
        int sep = -1;
        while ((sep = IndexOf((byte)'\n', 0)) < 0 && !_eof)
        {
            yield return Yield.From(Fill());
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
    public IEnumerator<Yield> ReadUntil(byte separator)
    {
        int sep;
        while ((sep = IndexOf(separator, 0)) < 0)
        {
            if (_eof)
            {
                throw new EndOfStreamException("The stream ended after " + (_end - _start) + " bytes without the separator " + separator + ".");
            }

            yield return Yield.From(Fill());
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

        return ReadExactlyCore(new byte[count]);
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

        return ReadExactlyCore(destination);
    }

    private IEnumerator<Yield> ReadExactlyCore(byte[] destination)
    {
        int got = 0;
        while (got < destination.Length)
        {
            if (_start == _end)
            {
                if (_eof)
                {
                    throw new EndOfStreamException("The stream ended after " + got + " of " + destination.Length + " bytes.");
                }

                yield return Yield.From(Fill());
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

    // Receives more data at the end of the buffer, compacting or growing it first when full.
    private IEnumerator<Yield> Fill()
    {
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

        yield return _socket.Receive(_buffer.AsMemory(_end), _timeout);
        int n = _socket.BytesReceived;
        if (n == 0)
        {
            _eof = true;
        }

        _end += n;
    }
}
