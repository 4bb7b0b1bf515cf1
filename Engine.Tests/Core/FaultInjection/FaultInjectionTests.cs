using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core.FaultInjection;

// Random task programs that throw from every place code can throw (a body, a finally, a Dispose, a callback, a
// done-callback, a future nobody awaits) while tasks await each other through every helper, are cancelled and killed
// (FaultProgram). Whatever the shape: every fault thrown is observed somewhere (a caught outcome, a gather's results, a
// task's outcome, or the loop's exception handler, following Co.GetContext and inner exceptions), no other error
// appears, every task ends once cancelled, and the run is the same with every body as the generated machine of the
// [Coroutine] interpreter as with the compiler's iterator.
[TestClass]
public sealed class FaultInjectionTests
{
    [TestMethod]
    public void No_fault_is_lost_and_every_task_ends()
    {
        int first = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_FAULT_FIRST"), out int f) ? f : 1;
        for (int seed = first; seed < first + Programs; seed++)
        {
            Check(FaultProgram.Generate(seed));
        }
    }

    // The same programs with every cancellation's descent deferred at the first level (Tasks/CancelPropagation.cs: the
    // path chains deeper than its limit take), so that path meets every shape the programs build.
    [TestMethod]
    public void No_fault_is_lost_and_every_task_ends_when_cancellation_defers_at_every_level()
    {
        int first = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_FAULT_FIRST"), out int f) ? f : 1;
        for (int seed = first; seed < first + (Programs / 3); seed++)
        {
            Check(FaultProgram.Generate(seed), cancelDepthLimit: 1);
        }
    }

    // The same programs with priority queues whose comparer throws now and then (FaultInterpreter.ThrowingComparer): a
    // comparison that throws inside a put, a get, a putter let in by another task's get, or while a queue takes back an
    // item it handed a task cancelled before it ran, must reach a task or the handler, and never leave the loop.
    [TestMethod]
    public void No_fault_is_lost_and_every_task_ends_when_priority_queue_comparers_throw()
    {
        int first = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_FAULT_FIRST"), out int f) ? f : 1;
        for (int seed = first; seed < first + (Programs / 3); seed++)
        {
            Check(FaultProgram.Generate(seed), priorityQueues: true);
        }
    }

    // ENGINE_FAULT_PROGRAMS and ENGINE_FAULT_FIRST run more programs, or another range of seeds.
    private static int Programs => int.TryParse(Environment.GetEnvironmentVariable("ENGINE_FAULT_PROGRAMS"), out int n) ? n : 1500;

    internal static void Check(FaultProgram program, int cancelDepthLimit = CancelPropagation.DefaultDepthLimit, bool priorityQueues = false)
    {
        Check(program, machines: false, cancelDepthLimit, priorityQueues);
        Check(program, machines: true, cancelDepthLimit, priorityQueues);
    }

    private static void Check(FaultProgram program, bool machines, int cancelDepthLimit, bool priorityQueues)
    {
        FaultInterpreter run = FaultInterpreter.Run(program, machines, cancelDepthLimit, priorityQueues);
        string context = (machines ? "generated machines\n" : "compiler iterators\n") + program + "log:\n" + string.Join("\n", run.Log) + "\nreported:\n" + string.Join("\n", run.Reported);
        var lost = new SortedSet<int>(run.Thrown);
        lost.ExceptWith(run.Observed);
        Assert.AreEqual(0, lost.Count, "lost: E" + string.Join(", E", lost) + "\n" + context);
        Assert.AreEqual(0, run.Foreign.Count, "errors no fault explains: " + string.Join("; ", run.Foreign) + "\n" + context);
        Assert.AreEqual(0, run.Pending.Count, "still running after being cancelled: " + string.Join(", ", run.Pending) + "\n" + context);
        FaultInterpreter again = FaultInterpreter.Run(program, !machines, cancelDepthLimit, priorityQueues);
        CollectionAssert.AreEqual(run.Log, again.Log, "ran differently with " + (machines ? "compiler iterators" : "generated machines") + ":\n" +
            string.Join("\n", again.Log) + "\n" + context);
        CollectionAssert.AreEqual(run.Thrown, again.Thrown, "threw different faults with " + (machines ? "compiler iterators" : "generated machines") + "\n" + context);
    }
}
