using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Engine;

// Python's __context__ for C#: an exception raised while another one was being unwound (a finally block that throws
// during a failure or a cancellation, a cleanup error after a timeout) travels on in its place, and keeps the earlier
// one reachable here, so neither is lost. Stored in Exception.Data, since InnerException is fixed at construction.
internal static class ExceptionContext
{
    internal const string Key = "Engine.Context";

    // Shortcuts down the chains: an exception maps to an exception further down its chain (see Tail). Kept beside the
    // exceptions, not in their Data, so users who log Data see only the context, and collected with them.
    private static readonly ConditionalWeakTable<Exception, Shortcut> Tails = new();

    // Bumped by Detach: a shortcut taken in an earlier generation may skip a link that is gone.
    private static int s_generation;

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

        if (ReferenceEquals(Tail(traveling), Tail(earlier)) && Reaches(earlier, traveling))
        {
            return earlier;
        }

        Attach(traveling, earlier);
        return traveling;
    }

    // Makes earlier reachable from traveling. If traveling already has a context, earlier goes at the end of its chain;
    // nothing is attached that would make the chain loop.
    //
    // Each exception has at most one context, so two chains that share an exception share their end from there on:
    // attaching earlier at the end of traveling's chain makes a loop exactly when both chains end at the same exception.
    // Comparing the two ends keeps a chain of n cleanup errors, each attaching the one before, linear: the end is found
    // through shortcuts (Tails), not by walking every exception each time. Chains that end alike without either holding
    // the other met further down (one exception object thrown again in two places): earlier is spliced in where they
    // meet (Splice).
    public static void Attach(Exception traveling, Exception earlier)
    {
        Exception last = Tail(traveling);
        if (ReferenceEquals(last, Tail(earlier)))
        {
            // Earlier is already reachable from traveling, or traveling from earlier, or the two chains meet: attaching
            // at the end would make the chain loop.
            if (!Reaches(traveling, earlier) && !Reaches(earlier, traveling))
            {
                Splice(traveling, earlier);
            }

            return;
        }

        SetContext(last, earlier);
    }

    // Two chains that meet (traveling: T, ..., P, M, ...; earlier: E, ..., M, ...; neither holds the other's first
    // exception): P's context becomes E, so traveling's chain runs T, ..., P, E, ..., M, ... Everything either chain held
    // stays reachable from it, in the same order, and no chain loops (P is not on earlier's chain). Walks both chains:
    // only reached when one exception object was thrown again in two places, never by a chain of cleanup errors.
    private static void Splice(Exception traveling, Exception earlier)
    {
        var onEarlier = new HashSet<Exception>(ReferenceComparer.Instance);
        for (Exception? e = earlier; e is not null; e = Get(e))
        {
            onEarlier.Add(e);
        }

        Exception before = traveling;
        while (Get(before) is { } next && !onEarlier.Contains(next))
        {
            before = next;
        }

        if (SetContext(before, earlier))
        {
            // A link changed in the middle of a chain: every end found so far is still right, but a shortcut is only
            // trusted while no link it skips changes (as after Detach).
            Interlocked.Increment(ref s_generation);
        }
    }

    private static bool SetContext(Exception exception, Exception context)
    {
        try
        {
            exception.Data[Key] = context;
            return true;
        }
        catch (Exception)
        {
            // A read-only Data dictionary (an exception type that overrides it): the chain cannot be kept, and the
            // exception that travels on is never lost.
            return false;
        }
    }

    // Whether target is on from's chain (from itself included). Walks the chain: only asked when both chains end at the
    // same exception, which a chain of cleanup errors each attaching the one before never does.
    private static bool Reaches(Exception from, Exception target)
    {
        for (Exception? e = from; e is not null; e = Get(e))
        {
            if (ReferenceEquals(e, target))
            {
                return true;
            }
        }

        return false;
    }

    // Takes exception's context away (its chain then ends at exception). The only way a chain shrinks: every shortcut
    // taken so far may skip the link removed, so all of them are dropped (rare: one timeout shape, Co.WaitFor).
    public static void Detach(Exception exception)
    {
        exception.Data.Remove(Key);
        Interlocked.Increment(ref s_generation);
    }

    // The last exception of exception's chain. A chain only grows at its end (Attach sets a context only where there was
    // none; Detach drops every shortcut), so an exception found on a chain stays on it: each exception walked remembers
    // the end found, and the next walk starts from there (path compression), which keeps n attachments near linear.
    private static Exception Tail(Exception exception)
    {
        int generation = Volatile.Read(ref s_generation);
        Exception e = exception;
        while (Next(e, generation) is { } next)
        {
            e = next;
        }

        for (Exception walked = exception; !ReferenceEquals(walked, e);)
        {
            Exception next = Next(walked, generation)!;
            Shortcut shortcut = Tails.GetValue(walked, static _ => new Shortcut());
            shortcut.Tail = e;
            shortcut.Generation = generation;
            walked = next;
        }

        return e;
    }

    // The next exception on exception's chain that a walk to its end visits: its shortcut when it has a current one,
    // else its context; null at the end.
    private static Exception? Next(Exception exception, int generation)
    {
        if (Tails.TryGetValue(exception, out Shortcut? shortcut) && shortcut.Generation == generation
            && shortcut.Tail is { } tail && !ReferenceEquals(tail, exception))
        {
            return tail;
        }

        return Get(exception);
    }

    private sealed class Shortcut
    {
        public Exception? Tail;
        public int Generation;
    }
}
