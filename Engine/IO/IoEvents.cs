using System;

namespace Engine.IO;

/// <summary>The readiness a <see cref="Selector"/> watches for or reports (Python's <c>EVENT_READ</c> / <c>EVENT_WRITE</c>).</summary>
[Flags]
public enum IoEvents
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>The socket is readable: data, a pending connection, end of stream or an error is waiting.</summary>
    Read = 1,

    /// <summary>The socket is writable: send buffer space is free, a connect finished, or an error is waiting.</summary>
    Write = 2,
}
