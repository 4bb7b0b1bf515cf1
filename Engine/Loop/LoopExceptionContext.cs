using System;
using System.Collections.Generic;

namespace Engine;

/// <summary>What the loop hands its <see cref="EventLoop.ExceptionHandler"/>: an exception nobody else will see
/// (a task failure nobody retrieved, a callback that threw), with where it came from.</summary>
public sealed class LoopExceptionContext
{
    internal LoopExceptionContext(string message, Exception? exception, CoTask? task, IReadOnlyList<string> coroutines)
    {
        Message = message;
        Exception = exception;
        Task = task;
        Coroutines = coroutines;
    }

    /// <summary>A one-line description of what happened.</summary>
    public string Message { get; }

    /// <summary>The exception, if any (a debug warning has none).</summary>
    public Exception? Exception { get; }

    /// <summary>The task concerned, if any.</summary>
    public CoTask? Task { get; }

    /// <summary>The coroutine frames the exception passed through, innermost first.</summary>
    public IReadOnlyList<string> Coroutines { get; }

    /// <summary>The message, the coroutine chain and the exception, as the default handler writes them.</summary>
    public override string ToString()
    {
        string text = Message;
        if (Coroutines.Count > 0)
        {
            text += Environment.NewLine + "  coroutines (innermost first): " + CoroutineNames.Chain(Coroutines);
        }

        if (Exception is not null)
        {
            text += Environment.NewLine + Exception;
        }

        return text;
    }
}
