using System;

namespace Engine;

/// <summary>Raised in tasks waiting on a <see cref="CoBarrier"/> that was aborted or reset, and by waits on a broken
/// barrier (asyncio's <c>BrokenBarrierError</c>).</summary>
public class BrokenBarrierException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public BrokenBarrierException()
        : base("The barrier is broken.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public BrokenBarrierException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public BrokenBarrierException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
