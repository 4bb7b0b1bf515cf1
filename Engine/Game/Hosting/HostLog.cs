using System;

namespace Engine.Game;

/// <summary>
/// Routes an event loop's errors to a host's logger, for hosts whose console does not show standard error (Unity's):
/// <c>loop.ExceptionHandler = HostLog.To(Debug.LogException, Debug.LogWarning);</c>. Each failure reaches the logger as
/// a <see cref="LoopErrorException"/> whose message says where it came from (the task and its coroutines) and whose
/// inner exception is the failure itself, with its stack trace.
/// </summary>
public static class HostLog
{
    /// <summary>A handler for <see cref="EventLoop.ExceptionHandler"/> that hands failures to <paramref name="logException"/>
    /// and warnings without an exception (debug-mode slow steps) to <paramref name="logWarning"/>.</summary>
    /// <param name="logException">Logs an exception, such as Unity's <c>Debug.LogException</c>.</param>
    /// <param name="logWarning">Logs a line, such as Unity's <c>Debug.LogWarning</c>; when omitted, warnings go to
    /// <paramref name="logException"/> as a <see cref="LoopErrorException"/> without an inner exception.</param>
    /// <returns>The handler.</returns>
    public static Action<LoopExceptionContext> To(Action<Exception> logException, Action<string>? logWarning = null)
    {
        if (logException is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(logException));
        }

        return context =>
        {
            if (context.Exception is null && logWarning is not null)
            {
                logWarning(context.ToString());
            }
            else
            {
                logException(new LoopErrorException(context));
            }
        };
    }
}
