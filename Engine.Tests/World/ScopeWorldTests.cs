using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.ScopeWorldCoroutines;

namespace Engine.Tests.World;

// Whole-loop saves of tasks inside the engine's helper coroutines (hand-written machines): Co.Catch of a single
// instruction, timeout scopes (Co.Timeout, MoveOnAfter, FailAt with Reschedule, nested scopes) and Co.WaitFor, each saved before
// every iteration and continued after restore with the same trace and results.
[TestClass]
public class ScopeWorldTests
{
    [TestMethod]
    public void CatchOfASingleInstructionContinuesAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            var ev = new CoEvent();
            return new List<CoTask>
            {
                loop.Spawn(new SingleCatcherMachine(ev, 0.5), "catcher-1"),
                loop.Spawn(new SingleCatcherMachine(ev, 1.5), "catcher-2"),
                loop.Spawn(new EventSetterMachine(ev, 1.0), "setter"),
            };
        });
        Assert.IsGreaterThan(3, saves);
    }

    [TestMethod]
    public void TimeoutScopesContinueAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(loop => new List<CoTask>
        {
            loop.Spawn(new FailAfterMachine(1.0, 5, 0.4), "fail-after"),
            loop.Spawn(new FailAfterMachine(5.0, 2, 0.25), "in-time"),
            loop.Spawn(new MoveOnMachine(0.7, 3, 0.5), "move-on"),
            loop.Spawn(new MoveOnMachine(2.0, 2, 0.5), "move-on-in-time"),
            loop.Spawn(new RescheduledMachine(3.0, 1.2), "rescheduled"),
            loop.Spawn(new RescheduledMachine(0.5, 10.0), "rescheduled-late"),
            loop.Spawn(new NestedMachine(1.0, 3.0), "nested-outer"),
            loop.Spawn(new NestedMachine(3.0, 0.5), "nested-inner"),
        });
        Assert.IsGreaterThan(8, saves);
    }

    [TestMethod]
    public void WaitForContinuesAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            CoTask slow = loop.Spawn(new WorldCoroutines.SleeperMachine(4, 0.5), "slow");
            CoTask quick = loop.Spawn(new WorldCoroutines.SleeperMachine(2, 0.25), "quick");
            return new List<CoTask>
            {
                slow,
                quick,
                loop.Spawn(new WaitForTaskMachine(slow, 0.75), "wait-for-slow"),
                loop.Spawn(new WaitForTaskMachine(quick, 2.0), "wait-for-quick"),
                loop.Spawn(new WaitForTaskMachine(quick, 0), "wait-for-zero"),
                loop.Spawn(new WaitForWorkMachine(3, 0.5, 1.0), "wait-for-work"),
                loop.Spawn(new WaitForWorkMachine(2, 0.25, double.PositiveInfinity), "wait-for-ever"),
            };
        });
        Assert.IsGreaterThan(5, saves);
    }

    [TestMethod]
    public void TimeoutScopeDeadlineIsATimerInTheSnapshot()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask task = loop.Spawn(new MoveOnMachine(0.7, 3, 0.5), "move-on");
        loop.RunOnce();
        string[] stack = task.GetStack();
        CollectionAssert.Contains(stack, "TimeoutScope.RunCore");
        Engine.World.WorldSnapshot snapshot = loop.Save();
        using EventLoop restored = EventLoop.Restore(snapshot);
        CoTask again = restored.GetTasks()[0];
        CollectionAssert.AreEqual(stack, again.GetStack());
        while (restored.RunOnce())
        {
        }

        while (loop.RunOnce())
        {
        }

        StringAssert.StartsWith((string)again.Result!, "moved on at 0.");
        Assert.AreEqual(task.Result, again.Result);
    }
}
