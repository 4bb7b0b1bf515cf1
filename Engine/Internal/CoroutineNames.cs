using System;
using System.Collections.Generic;

namespace Engine;

// Readable names for coroutine frames in traces, stack views and error reports.
// Compiler iterators are named like "<Main>d__3"; we show "Main". Generated machines
// show their coroutine and the site they are suspended at ("Guard.Patrol#1 (Guard.cs:12)");
// hand-written coroutine types can name themselves through ICoroutineName.
internal static class CoroutineNames
{
    public static string Of(object? frame)
    {
        if (frame is null)
        {
            return "null";
        }

        // A generated machine first: it names itself too (ICoroutineName), but its suspension site says more.
        if (frame is Machines.ICoroutineMachine machine)
        {
            Machines.CoroutineSite site = machine.Site;
            return site.IsSuspended ? site.ToString() : machine.Name;
        }

        if (frame is ICoroutineName named)
        {
            return named.CoroutineName;
        }

        Type type = frame.GetType();
        string name = type.Name;

        // Local function iterators: "<<Main>$>g__Worker|0_0>d" (or "<Outer>g__Worker|3_0>d").
        int local = name.IndexOf(">g__", StringComparison.Ordinal);
        if (local >= 0)
        {
            int start = local + 4;
            int bar = name.IndexOf('|', start);
            if (bar > start)
            {
                return name.Substring(start, bar - start);
            }
        }

        int open = name.IndexOf('<');
        int close = name.IndexOf('>');
        if (open == 0 && close > 1)
        {
            string member = name.Substring(1, close - 1);
            Type? owner = type.DeclaringType;
            return owner is null ? member : owner.Name + "." + member;
        }

        return name;
    }

    public static string Chain(IReadOnlyList<string> frames) => string.Join(" -> ", frames);
}
