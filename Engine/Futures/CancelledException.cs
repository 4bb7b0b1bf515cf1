using System;

namespace Engine;

/// <summary>
/// Raised in a coroutine that waits for a cancelled <see cref="Future"/> or <see cref="CoTask"/>, and thrown by
/// <see cref="Future.ThrowIfFailed"/> and <see cref="EventLoop.Run(System.Collections.Generic.IEnumerator{Yield})"/>
/// when the awaited work was cancelled (asyncio's <c>CancelledError</c>).
/// </summary>
public class CancelledException : OperationCanceledException
{
    /// <summary>Creates the exception with a default message (asyncio's <c>CancelledError()</c> without arguments: a task
    /// this ends keeps no <see cref="Future.CancelMessage"/>).</summary>
    public CancelledException()
        : base("The operation was cancelled.")
    {
        HasGivenMessage = false;
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

    // False when the message is only a default text (the parameterless constructor, or a future cancelled without a
    // message): asyncio's CancelledError without arguments. A task this exception ends keeps no CancelMessage.
    internal bool HasGivenMessage { get; private set; } = true;

    // The exception for a future or task cancelled without a message: readable text, but no given message.
    internal static CancelledException WithoutMessage(string text) => new(text) { HasGivenMessage = false };

    // A restored snapshot's exception that was saved without a given message (Engine/World/ExceptionConverter).
    internal void MarkMessageNotGiven() => HasGivenMessage = false;
}
