using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class DeterminismTests
{
    private static IEnumerator<Yield> Worker(int id, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            yield return (id + i) % 3 == 0 ? Yield.NextTick : Yield.Seconds(((id * 7) + i) % 5 * 0.25);
        }

        yield return Yield.Return(id);
    }

    private static IEnumerator<Yield> Program()
    {
        var tasks = new List<Future>();
        for (int i = 0; i < 20; i++)
        {
            tasks.Add(Co.Spawn(Worker(i, 10 + (i % 4))));
        }

        yield return Co.Gather(tasks, returnExceptions: false);
    }

    private static List<string> TraceVirtual()
    {
        var trace = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { Trace = trace.Add };
        loop.Run(Program());
        return trace;
    }

    private static List<string> TraceFrame()
    {
        var trace = new List<string>();
        using var loop = new EventLoop(ClockKind.Frame) { Trace = trace.Add };
        loop.Spawn(Program());
        for (int i = 0; i < 200; i++)
        {
            loop.Tick(0.1);
        }

        return trace;
    }

    [TestMethod]
    public void Two_runs_on_the_virtual_clock_give_identical_traces()
    {
        List<string> a = TraceVirtual();
        List<string> b = TraceVirtual();
        Assert.IsGreaterThan(200, a.Count);
        CollectionAssert.AreEqual(a, b);
    }

    [TestMethod]
    public void Two_runs_on_the_frame_clock_give_identical_traces()
    {
        List<string> a = TraceFrame();
        List<string> b = TraceFrame();
        Assert.IsGreaterThan(200, a.Count);
        CollectionAssert.AreEqual(a, b);
    }

    [TestMethod]
    public void Trace_lines_show_time_task_and_instruction()
    {
        List<string> trace = TraceVirtual();
        Assert.AreEqual("0.000 main spawn DeterminismTests.Program", trace[0]);
        CollectionAssert.Contains(trace, "0.000 Task-2 spawn DeterminismTests.Worker by main");
        CollectionAssert.Contains(trace, "0.000 Task-3 yield Seconds(0.5) until 0.500");
        CollectionAssert.Contains(trace, "0.500 Task-3 woken by timer");
        CollectionAssert.Contains(trace, "frame 2");
    }
}
