using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// The text trace (EventLoop.Trace): one readable line per decision, a line per frame, the same on every run.
[TestClass]
public sealed class TraceTextTests
{
    private static IEnumerator<Yield> Cook(CoQueue<string> orders)
    {
        yield return orders.Get();
        yield return Yield.Seconds(1);
        yield return Yield.Return(Co.Result<string>().Length);
    }

    private static IEnumerator<Yield> Kitchen()
    {
        var orders = new CoQueue<string>();
        CoTask cook = Co.Spawn(Cook(orders), "cook");
        yield return Yield.Seconds(0.5);
        yield return orders.Put("soup");
        yield return cook;
    }

    private static List<string> Trace()
    {
        var lines = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { Trace = lines.Add };
        loop.Run(Kitchen());
        return lines;
    }

    [TestMethod]
    public void The_trace_tells_the_whole_story()
    {
        List<string> trace = Trace();
        string[] expected =
        {
            "0.000 main spawn TraceTextTests.Kitchen",
            "frame 1",
            "0.000 main step TraceTextTests.Kitchen",
            "0.000 cook spawn TraceTextTests.Cook by main",
            "0.000 main yield Seconds(0.5) until 0.500",
            "0.000 main waits for timer until 0.500",
            "frame 2",
            "0.000 cook step TraceTextTests.Cook",
            "0.000 cook yield Wait(CoQueue.Get)",
            "0.000 cook waits for CoQueue.Get",
            "0.500 clock jumps from 0.000",
            "frame 3",
            "0.500 timers due at 0.500 fire (1)",
            "0.500 main woken by timer",
            "0.500 main step TraceTextTests.Kitchen",
            "0.500 cook woken by CoQueue.Get (main)",
            "0.500 main yield Wait(Completed)",
            "0.500 main yield Await(Task 'cook' [Pending])",
            "0.500 main waits for task #2 'cook'",
            "frame 4",
            "0.500 cook step TraceTextTests.Cook",
            "0.500 cook yield Seconds(1) until 1.500",
            "0.500 cook waits for timer until 1.500",
            "1.500 clock jumps from 0.500",
            "frame 5",
            "1.500 timers due at 1.500 fire (1)",
            "1.500 cook woken by timer",
            "1.500 cook step TraceTextTests.Cook",
            "1.500 cook yield Return(4)",
            "1.500 main woken by task #2 'cook' finishing",
            "1.500 cook completed with Int32",
            "1.500 cook step ends",
            "frame 6",
            "1.500 main step TraceTextTests.Kitchen",
            "1.500 main completed",
            "1.500 main step ends",
        };
        CollectionAssert.AreEqual(expected, trace, string.Join("\n", trace));
    }

    [TestMethod]
    public void Setting_Trace_again_replaces_the_sink_and_null_removes_it()
    {
        var first = new List<string>();
        var second = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { Trace = first.Add };
        loop.Trace = second.Add;
        loop.Run(Kitchen());
        Assert.IsEmpty(first);
        Assert.IsNotEmpty(second);
        loop.Trace = null;
        Assert.IsNull(loop.Observer);
    }

    [TestMethod]
    public void A_trace_that_throws_is_removed_and_reported()
    {
        var reports = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = reports.Add };
        loop.Trace = _ => throw new InvalidOperationException("console gone");
        loop.Run(Kitchen());
        Assert.IsNull(loop.Trace);
        Assert.HasCount(1, reports);
        StringAssert.Contains(reports[0].Message, "Trace threw and was removed");
    }
}
