using System;

namespace Engine.Game;

/// <summary>
/// An error an event loop reported to its <see cref="EventLoop.ExceptionHandler"/>, wrapped for a host logger by
/// <see cref="HostLog.To"/>: the message is the loop's description (which task failed, and the coroutines the failure
/// passed through, innermost first); <see cref="Exception.InnerException"/> is the failure.
/// </summary>
public sealed class LoopErrorException : Exception
{
    /// <summary>Wraps <paramref name="context"/>.</summary>
    /// <param name="context">What the loop reported.</param>
    public LoopErrorException(LoopExceptionContext context)
        : base(Describe(context), context?.Exception)
    {
        Context = context!;
    }

    /// <summary>What the loop reported.</summary>
    public LoopExceptionContext Context { get; }

    private static string Describe(LoopExceptionContext? context)
    {
        if (context is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(context));
        }

        return context.Coroutines.Count > 0
            ? context.Message + " Coroutines (innermost first): " + CoroutineNames.Chain(context.Coroutines)
            : context.Message;
    }
}
