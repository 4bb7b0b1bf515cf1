using System;
using System.Net.Sockets;
using System.Text;

namespace Engine.IO;

/// <summary>
/// Buffered writing to a <see cref="CoSocket"/> with backpressure (asyncio's <c>StreamWriter</c>): <see cref="Write(ReadOnlySpan{byte})"/>
/// never waits, <see cref="Drain(double)"/> waits while too much is buffered, <see cref="Flush(double)"/> waits until everything is sent.
/// </summary>
/// <remarks>
/// Design: <see cref="Write(ReadOnlySpan{byte})"/> first tries to hand the bytes straight to the kernel (when nothing is
/// queued, so order is kept) and buffers only what the kernel refuses. A writer whose peer stops reading therefore grows
/// its buffer only by what the program writes between drains: <c>writer.Write(data); yield return writer.Drain();</c>
/// keeps it at most <see cref="HighWaterMark"/> plus one write. Drain resumes once the buffer is down to
/// <see cref="LowWaterMark"/> (a quarter of the high mark), so a slow peer does not wake the writer for every packet.
/// </remarks>
public sealed class SocketWriter
{
    private readonly CoSocket _socket;
    private readonly int _highWaterMark;
    private readonly DrainOperation _drain;
    private byte[] _buffer = new byte[1024];
    private int _start;
    private int _end;
    private Exception? _error;

    /// <summary>Creates a writer over <paramref name="socket"/>.</summary>
    /// <param name="socket">The connection; only this writer should send on it.</param>
    /// <param name="highWaterMark">The buffered byte count above which <see cref="Drain(double)"/> waits; 64 KiB by default.</param>
    public SocketWriter(CoSocket socket, int highWaterMark = 64 * 1024)
    {
        if (socket is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(socket));
        }

        if (highWaterMark < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(highWaterMark), highWaterMark, "The high-water mark must be zero or more bytes.");
        }

        _socket = socket;
        _highWaterMark = highWaterMark;
        _drain = new DrainOperation(this);
    }

    /// <summary>Bytes written and not yet accepted by the kernel.</summary>
    public int Buffered => _end - _start;

    /// <summary>Above this many buffered bytes <see cref="Drain(double)"/> waits.</summary>
    public int HighWaterMark => _highWaterMark;

    /// <summary><see cref="Drain(double)"/> resumes once the buffer is down to this many bytes.</summary>
    public int LowWaterMark => _highWaterMark / 4;

    /// <summary>Queues <paramref name="data"/> for sending; never waits. Call <see cref="Drain(double)"/> regularly.</summary>
    /// <param name="data">The bytes.</param>
    /// <exception cref="ObjectDisposedException">The socket is closed.</exception>
    /// <exception cref="SocketException">An earlier send failed (the connection is broken).</exception>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (_socket.IsClosed)
        {
            throw IoDriver.ClosedException(_socket.Registration, "write");
        }

        if (_error is not null)
        {
            throw _error;
        }

        if (_start == _end && _socket.Registration.WriteHint)
        {
            while (!data.IsEmpty)
            {
                int n = _socket.Socket.Send(data, SocketFlags.None, out SocketError err);
                if (err == SocketError.Success)
                {
                    data = data.Slice(n);
                    continue;
                }

                if (err == SocketError.WouldBlock)
                {
                    _socket.Registration.WriteHint = false;
                    break;
                }

                _error = new SocketException((int)err);
                throw _error;
            }
        }

        if (!data.IsEmpty)
        {
            Append(data);
        }
    }

    /// <summary>Queues <paramref name="text"/> as UTF-8.</summary>
    /// <param name="text">The text.</param>
    public void Write(string text)
    {
        if (text is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(text));
        }

        Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Waits while more than <see cref="HighWaterMark"/> bytes are buffered, until at most <see cref="LowWaterMark"/>
    /// are (asyncio's <c>drain</c>); completes at once otherwise. A broken connection raises <see cref="SocketException"/>.</summary>
    /// <param name="timeoutSeconds">How long each wait may take; infinite by default.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Drain(double timeoutSeconds = double.PositiveInfinity) =>
        Wait(Buffered > _highWaterMark ? LowWaterMark : int.MaxValue, timeoutSeconds);

    /// <summary>As <see cref="Drain(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Drain(TimeSpan timeout) => Drain(Durations.ToSeconds(timeout));

    /// <summary>Waits until every buffered byte was handed to the kernel.</summary>
    /// <param name="timeoutSeconds">How long each wait may take; infinite by default.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Flush(double timeoutSeconds = double.PositiveInfinity) => Wait(0, timeoutSeconds);

    /// <summary>As <see cref="Flush(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Flush(TimeSpan timeout) => Flush(Durations.ToSeconds(timeout));

    private Yield Wait(int threshold, double timeoutSeconds)
    {
        Yield.CheckTimeout(timeoutSeconds, nameof(timeoutSeconds));
        if (_socket.IsClosed)
        {
            throw IoDriver.ClosedException(_socket.Registration, "flush");
        }

        _drain.Threshold = threshold;
        return Yield.Create(YieldKind.SocketOperation, timeoutSeconds, _drain);
    }

    private void Append(ReadOnlySpan<byte> data)
    {
        if (_buffer.Length - _end < data.Length)
        {
            int live = _end - _start;
            if (live + data.Length <= _buffer.Length)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, live);
            }
            else
            {
                int size = _buffer.Length;
                while (size < live + data.Length)
                {
                    size *= 2;
                }

                byte[] bigger = new byte[size];
                Buffer.BlockCopy(_buffer, _start, bigger, 0, live);
                _buffer = bigger;
            }

            _start = 0;
            _end = live;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    // Sends buffered bytes until at most Threshold remain, or the kernel refuses more.
    private sealed class DrainOperation : IoOperation
    {
        private readonly SocketWriter _writer;

        public DrainOperation(SocketWriter writer)
            : base(writer._socket.Registration, IoEvents.Write)
        {
            _writer = writer;
        }

        public int Threshold;

        public override string Verb => "drain";

        public override bool TryComplete()
        {
            SocketWriter w = _writer;
            if (w._error is not null)
            {
                Error = w._error;
                return true;
            }

            while (w._end - w._start > Threshold)
            {
                int n = Registration.Socket.Send(w._buffer.AsSpan(w._start, w._end - w._start), SocketFlags.None, out SocketError err);
                if (err == SocketError.Success)
                {
                    w._start += n;
                    continue;
                }

                if (err == SocketError.WouldBlock)
                {
                    Registration.WriteHint = false;
                    return false;
                }

                w._error = new SocketException((int)err);
                Error = w._error;
                return true;
            }

            if (w._start == w._end)
            {
                w._start = 0;
                w._end = 0;
            }

            return true;
        }
    }
}
