using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game.FaultInjection;

// Random game scenes that throw from every place a script can throw (a body, a finally, a Dispose, a loop callback, a
// done-callback) while scripts in nested, paused and rescaled groups wait on each other across groups, are cancelled,
// killed one by one, by group, by lifetime and by singleton replacement, also from inside finally blocks
// (GameFaultProgram). Whatever the shape: every fault thrown is observed somewhere (a caught outcome, a script's
// outcome, the loop's exception handler, or the host's call), no other error appears, nothing of the scene runs on
// after the host kills the root group, and the run is the same with every body as the generated machine of the
// [Coroutine] interpreter as with the compiler's iterator.
[TestClass]
public sealed class GameFaultInjectionTests
{
    [TestMethod]
    public void No_fault_is_lost_and_a_killed_scene_stops()
    {
        int first = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_GAME_FAULT_FIRST"), out int f) ? f : 1;
        for (int seed = first; seed < first + Programs; seed++)
        {
            Check(GameFaultProgram.Generate(seed));
        }
    }

    // The same scenes with every cancellation's descent deferred at the first level (Tasks/CancelPropagation.cs: the
    // path chains deeper than its limit take), so that path meets every kill the scenes make.
    [TestMethod]
    public void No_fault_is_lost_and_a_killed_scene_stops_when_cancellation_defers_at_every_level()
    {
        int first = int.TryParse(Environment.GetEnvironmentVariable("ENGINE_GAME_FAULT_FIRST"), out int f) ? f : 1;
        for (int seed = first; seed < first + (Programs / 3); seed++)
        {
            Check(GameFaultProgram.Generate(seed), cancelDepthLimit: 1);
        }
    }

    // ENGINE_GAME_FAULT_PROGRAMS and ENGINE_GAME_FAULT_FIRST run more programs, or another range of seeds.
    private static int Programs => int.TryParse(Environment.GetEnvironmentVariable("ENGINE_GAME_FAULT_PROGRAMS"), out int n) ? n : 1000;

    private static void Check(GameFaultProgram program, int cancelDepthLimit = CancelPropagation.DefaultDepthLimit)
    {
        Check(program, machines: false, cancelDepthLimit);
        Check(program, machines: true, cancelDepthLimit);
    }

    private static void Check(GameFaultProgram program, bool machines, int cancelDepthLimit)
    {
        GameFaultInterpreter run = GameFaultInterpreter.Run(program, machines, cancelDepthLimit);
        string context = (machines ? "generated machines\n" : "compiler iterators\n") + program + "log:\n" + string.Join("\n", run.Log) +
            "\nreported:\n" + string.Join("\n", run.Reported);
        SortedSet<int> lost = run.Ledger.Lost();
        Assert.AreEqual(0, lost.Count, "lost: E" + string.Join(", E", lost) + "\n" + context);
        Assert.AreEqual(0, run.Ledger.Foreign.Count, "errors no fault explains: " + string.Join("; ", run.Ledger.Foreign) + "\n" + context);
        Assert.AreEqual(0, run.Pending.Count, "still running after the root group's kill: " + string.Join(", ", run.Pending) + "\n" + context);
        GameFaultInterpreter again = GameFaultInterpreter.Run(program, !machines, cancelDepthLimit);
        CollectionAssert.AreEqual(run.Log, again.Log, "ran differently with " + (machines ? "compiler iterators" : "generated machines") + ":\n" +
            string.Join("\n", again.Log) + "\n" + context);
        CollectionAssert.AreEqual(run.Ledger.Thrown, again.Ledger.Thrown, "threw different faults with " +
            (machines ? "compiler iterators" : "generated machines") + "\n" + context);
    }
}
