using System;

namespace Engine;

/// <summary>
/// Raised in a coroutine that waits for a cancelled <see cref="Future"/> or <see cref="CoTask"/>, and thrown by
/// <see cref="Future.ThrowIfFailed"/> and <see cref="EventLoop.Run(System.Collections.Generic.IEnumerator{Yield})"/>
/// when the awaited work was cancelled (asyncio's <c>CancelledError</c>).
/// </summary>
public class CancelledException : OperationCanceledException
{
    /// <summary>Creates the exception with a default message.</summary>
    public CancelledException()
        : base("The operation was cancelled.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    /// <param name="message">What was cancelled.</param>
    public CancelledException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    /// <param name="message">What was cancelled.</param>
    /// <param name="innerException">The cause.</param>
    public CancelledException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
