using System;
using System.Collections.Generic;
using System.IO;
using Engine.Observe;

namespace Engine.Examples.Teach;

/// <summary>
/// The second lesson: watch a small program run. A cook takes orders from a queue and shares one stove (a lock) with a
/// baker; the trace shows every scheduler decision, the live view shows who waits for what at a few moments, the
/// timeline is written as a picture, and two greedy cooks then deadlock on purpose to show the wait-for graph.
/// </summary>
internal static partial class SeeItRun
{
    public static void Show(string folder)
    {
        Console.WriteLine("==== the trace: every scheduler decision of a small kitchen ====");
        using (var loop = new EventLoop(ClockKind.Virtual) { Trace = line => Console.WriteLine("    " + line) })
        {
            var recorder = new TraceRecorder();
            loop.AddSink(recorder);
            loop.Run(Kitchen(loop, momentsToShow: new[] { 0.5, 1.5 }));
            Directory.CreateDirectory(folder);
            string html = Path.Combine(folder, "kitchen-timeline.html");
            recorder.WriteHtml(html, "The kitchen: a cook, a baker, one stove");
            recorder.WriteChromeTrace(Path.Combine(folder, "kitchen-timeline.json"));
            Console.WriteLine("==== the timeline ====");
            Console.WriteLine("    written to " + html + " (open it in a browser) and kitchen-timeline.json (open it in ui.perfetto.dev)");
        }

        Console.WriteLine("==== a deliberate deadlock: two cooks, two pans, taken in opposite orders ====");
        using (var loop = new EventLoop(ClockKind.Virtual))
        {
            try
            {
                loop.Run(GreedyCooks());
            }
            catch (InvalidOperationException e) when (DeadlockReport.From(e) is { } report)
            {
                Console.WriteLine(Indent(report.ToString()));
                Console.WriteLine("    the same graph for Graphviz (dot -Tsvg):");
                Console.WriteLine(Indent(report.ToDot()));
            }
        }
    }

    private static IEnumerator<Yield> Kitchen(EventLoop loop, double[] momentsToShow)
    {
        var orders = new CoQueue<string>();
        var stove = new CoLock();
        CoTask cook = Co.Spawn(Cook(orders, stove), "cook");
        CoTask baker = Co.Spawn(Baker(stove), "baker");
        Co.Spawn(Spectator(loop, momentsToShow), "spectator");
        yield return orders.Put("soup");
        yield return Yield.Seconds(1);
        yield return orders.Put("stew");
        yield return Co.Gather(cook, baker);
    }

    private static IEnumerator<Yield> Cook(CoQueue<string> orders, CoLock stove)
    {
        for (int i = 0; i < 2; i++)
        {
            yield return orders.Get();
            string dish = Co.Result<string>();
            yield return stove.Acquire();
            try
            {
                yield return Yield.Seconds(1);
                Console.WriteLine("    >>> cook served " + dish);
            }
            finally
            {
                stove.Release();
            }
        }
    }

    private static IEnumerator<Yield> Baker(CoLock stove)
    {
        yield return Yield.Seconds(0.25);
        yield return stove.Acquire();
        try
        {
            yield return Yield.Seconds(0.75);
            Console.WriteLine("    >>> baker baked bread");
        }
        finally
        {
            stove.Release();
        }
    }

    // Prints the live view at the given moments: who runs, who waits for what, since when, held by whom.
    private static IEnumerator<Yield> Spectator(EventLoop loop, double[] moments)
    {
        foreach (double moment in moments)
        {
            yield return Yield.Seconds(moment - Co.Time);
            Console.WriteLine("    ==== the live view at t=" + moment + " ====");
            Console.WriteLine(Indent(loop.Dump()));
        }
    }

    // A generated machine ([Coroutine]), so the deadlock report can say the file and line each cook is stuck at.
    [Coroutine]
    private static IEnumerator<Yield> GreedyCook(CoLock first, CoLock second)
    {
        yield return first.Acquire();
        try
        {
            yield return Yield.Seconds(0.5);
            yield return second.Acquire();
            second.Release();
        }
        finally
        {
            first.Release();
        }
    }

    private static IEnumerator<Yield> GreedyCooks()
    {
        var pan = new CoLock();
        var pot = new CoLock();
        yield return Co.Gather(Co.Spawn(RentGreedyCook(pan, pot), "left cook"), Co.Spawn(RentGreedyCook(pot, pan), "right cook"));
    }

    private static string Indent(string text) => "    " + text.TrimEnd().Replace("\n", "\n    ", StringComparison.Ordinal);
}
