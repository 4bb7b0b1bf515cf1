using System;
using System.Net;
using System.Net.Sockets;

namespace Engine.IO;

// The four reusable operations of a CoSocket. Each is retried by the IoDriver on readiness until it
// completes; results go into the owning CoSocket's properties (BytesReceived, BytesSent, Accepted), so
// the hot path boxes nothing. "Would block" clears the socket's hint so the next attempt waits first.
internal sealed class ReceiveOperation : IoOperation
{
    private readonly CoSocket _owner;
    private Memory<byte> _buffer;

    public ReceiveOperation(CoSocket owner)
        : base(owner.Registration, IoEvents.Read)
    {
        _owner = owner;
    }

    public override string Verb => "receive";

    public void Prepare(Memory<byte> buffer) => _buffer = buffer;

    public override bool TryComplete()
    {
        int n = Registration.Socket.Receive(_buffer.Span, SocketFlags.None, out SocketError err);
        if (err == SocketError.Success)
        {
            if (n < _buffer.Length)
            {
                Registration.ReadHint = false;
            }

            _owner.BytesReceived = n;
            _buffer = default;
            return true;
        }

        if (err == SocketError.WouldBlock)
        {
            Registration.ReadHint = false;
            return false;
        }

        _buffer = default;
        if (err is SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown)
        {
            // The peer reset the connection: end of stream, as documented on CoSocket.Receive.
            _owner.BytesReceived = 0;
            _owner.WasReset = true;
            return true;
        }

        Error = new SocketException((int)err);
        return true;
    }
}

internal sealed class SendOperation : IoOperation
{
    private readonly CoSocket _owner;
    private ReadOnlyMemory<byte> _data;
    private int _sent;
    private bool _all;

    public SendOperation(CoSocket owner)
        : base(owner.Registration, IoEvents.Write)
    {
        _owner = owner;
    }

    public override string Verb => _all ? "send all" : "send";

    public void Prepare(ReadOnlyMemory<byte> data, bool all)
    {
        _data = data;
        _sent = 0;
        _all = all;
    }

    public override bool TryComplete()
    {
        Socket socket = Registration.Socket;
        while (true)
        {
            int n = socket.Send(_data.Span.Slice(_sent), SocketFlags.None, out SocketError err);
            if (err == SocketError.Success)
            {
                _sent += n;
                if (_sent == _data.Length || (!_all && n > 0))
                {
                    if (_sent < _data.Length)
                    {
                        Registration.WriteHint = false;
                    }

                    _owner.BytesSent = _sent;
                    _data = default;
                    return true;
                }

                continue;
            }

            if (err == SocketError.WouldBlock)
            {
                Registration.WriteHint = false;
                return false;
            }

            _data = default;
            Error = new SocketException((int)err);
            return true;
        }
    }
}

internal sealed class AcceptOperation : IoOperation
{
    private readonly CoSocket _owner;

    public AcceptOperation(CoSocket owner)
        : base(owner.Registration, IoEvents.Read)
    {
        _owner = owner;
    }

    public override string Verb => "accept";

    public override bool TryComplete()
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = Registration.Socket.Accept();
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain)
            {
                Registration.ReadHint = false;
                return false;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionAborted or SocketError.ConnectionReset)
            {
                // The client gave up before we accepted it: take the next one.
                continue;
            }

            _owner.Accepted = new CoSocket(accepted);
            return true;
        }
    }
}

internal sealed class ConnectOperation : IoOperation
{
    private EndPoint? _remote;
    private bool _inProgress;

    public ConnectOperation(CoSocket owner)
        : base(owner.Registration, IoEvents.Write)
    {
    }

    public override string Verb => "connect";

    public void Prepare(EndPoint remote)
    {
        _remote = remote;
        _inProgress = false;
        Registration.WriteHint = true;
    }

    public override bool TryComplete()
    {
        Socket socket = Registration.Socket;
        if (!_inProgress)
        {
            try
            {
                socket.Connect(_remote!);
                return true;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.WouldBlock or SocketError.InProgress or SocketError.AlreadyInProgress)
            {
                _inProgress = true;
                Registration.WriteHint = false;
                return false;
            }
            catch (SocketException e)
            {
                Error = e;
                return true;
            }
        }

        int code = (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Error)!;
        _inProgress = false;
        if (code != 0)
        {
            Error = new SocketException(code);
        }

        return true;
    }
}
