using System;

namespace Engine;

// Python's __context__ for C#: an exception raised while another one was being unwound (a finally block that throws
// during a failure or a cancellation, a cleanup error after a timeout) travels on in its place, and keeps the earlier
// one reachable here, so neither is lost. Stored in Exception.Data, since InnerException is fixed at construction.
internal static class ExceptionContext
{
    internal const string Key = "Engine.Context";

    public static Exception? Get(Exception exception)
    {
        if (exception is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(exception));
        }

        return exception.Data.Contains(Key) ? exception.Data[Key] as Exception : null;
    }

    // The exception that travels on when traveling is raised while earlier unwinds, such that both stay reachable:
    // usually traveling, with earlier attached as its context; but earlier itself when its chain already holds
    // traveling (a cleanup that rethrows what it was handed, a failure that reached two places), since attaching
    // would make the chain loop and earlier would be lost.
    public static Exception Combine(Exception traveling, Exception earlier)
    {
        if (ReferenceEquals(traveling, earlier))
        {
            return traveling;
        }

        int guard = 0;
        for (Exception? e = Get(earlier); e is not null && guard < 1000; e = Get(e), guard++)
        {
            if (ReferenceEquals(e, traveling))
            {
                return earlier;
            }
        }

        Attach(traveling, earlier);
        return traveling;
    }

    // Makes earlier reachable from traveling. If traveling already has a context, earlier goes at the end of its chain;
    // nothing is attached that would make the chain loop.
    public static void Attach(Exception traveling, Exception earlier)
    {
        Exception last = traveling;
        for (int guard = 0; guard < 1000; guard++)
        {
            if (ReferenceEquals(last, earlier))
            {
                return;
            }

            Exception? next = Get(last);
            if (next is null)
            {
                break;
            }

            last = next;
        }

        for (Exception? e = earlier; e is not null; e = Get(e))
        {
            if (ReferenceEquals(e, traveling))
            {
                return;
            }
        }

        try
        {
            last.Data[Key] = earlier;
        }
        catch (Exception)
        {
            // A read-only Data dictionary (an exception type that overrides it): the chain cannot be kept, and the
            // exception that travels on is never lost.
        }
    }
}
