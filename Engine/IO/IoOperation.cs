using System;

namespace Engine.IO;

// A non-blocking socket operation the loop can retry when its socket becomes ready (the target of a
// YieldKind.SocketOperation instruction). Each CoSocket keeps one instance per kind and reuses it, so a
// receive or send allocates nothing. TryComplete returns false only for "would block"; success and
// failure both return true, with failure stored in Error for the waiting coroutine.
internal abstract class IoOperation
{
    protected IoOperation(IoRegistration registration, IoEvents direction)
    {
        Registration = registration;
        Direction = direction;
    }

    public IoRegistration Registration { get; }

    public IoEvents Direction { get; }

    public Exception? Error { get; protected set; }

    // What the operation does, for messages ("receive", "accept", ...).
    public abstract string Verb { get; }

    public abstract bool TryComplete();

    public Exception? TakeError()
    {
        Exception? e = Error;
        Error = null;
        return e;
    }
}
