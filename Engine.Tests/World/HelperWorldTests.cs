using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.HelperWorldCoroutines;

namespace Engine.Tests.World;

// Whole-loop saves of tasks inside the engine's helper coroutines: task groups (running with children, the body
// waiting, joining, a child failing, the body failing, cancelled from outside by a timeout scope, nested groups),
// Co.AsCompleted (results asked before and after they finish, a failure among them) and CoCondition.WaitUntil; each
// saved before every iteration and continued after restore with the same trace and results.
[TestClass]
public class HelperWorldTests
{
    [TestMethod]
    public void TaskGroupsContinueAfterRestore()
    {
        List<CoTask> tasks = null!;
        int saves = WorldRun.RestoreEverywhere(loop => tasks = new List<CoTask>
        {
            loop.Spawn(new GroupParentMachine("calm", 3, 0.2, -1, false), "calm"),
            loop.Spawn(new GroupParentMachine("joining", 3, 0.0, -1, false), "joining"),
            loop.Spawn(new GroupParentMachine("child-fails", 4, 2.0, 1, false), "child-fails"),
            loop.Spawn(new GroupParentMachine("fails-while-joining", 4, 0.0, 2, false), "fails-while-joining"),
            loop.Spawn(new GroupParentMachine("body-fails", 3, 0.4, -1, true), "body-fails"),
            loop.Spawn(new GroupParentMachine("empty", 0, 0.3, -1, false), "empty"),
        });
        Assert.IsGreaterThan(10, saves);
        StringAssert.StartsWith(WorldRun.State(tasks[2]), "child-fails: result TaskGroupException: 1 error in TaskGroup of task 'child-fails': 'child-fails-child-1': ArgumentException");
        StringAssert.StartsWith(WorldRun.State(tasks[4]), "body-fails: result TaskGroupException: 1 error in TaskGroup of task 'body-fails': '(body)'");
        Assert.AreEqual("empty: result done 0", WorldRun.State(tasks[5]));
    }

    [TestMethod]
    public void TaskGroupsCancelledFromOutsideAndNestedContinueAfterRestore()
    {
        List<CoTask> tasks = null!;
        int saves = WorldRun.RestoreEverywhere(loop => tasks = new List<CoTask>
        {
            loop.Spawn(new GroupInTimeoutMachine(0.65, 3, false), "timeout-cancels"),
            loop.Spawn(new GroupInTimeoutMachine(0.45, 3, true), "timeout-caught"),
            loop.Spawn(new GroupInTimeoutMachine(10, 2, false), "timeout-in-time"),
            loop.Spawn(new NestedGroupsMachine(3), "nested"),
        });
        Assert.IsGreaterThan(10, saves);
        Assert.AreEqual("timeout-cancels: result TimeoutException", WorldRun.State(tasks[0]));
        StringAssert.StartsWith(WorldRun.State(tasks[1]), "timeout-caught: result in time CancelledException");
        Assert.AreEqual("timeout-in-time: result in time plain done", WorldRun.State(tasks[2]));
    }

    [TestMethod]
    public void ParentCancelledWhileItsGroupJoinsContinuesAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            CoTask parent = loop.Spawn(new GroupParentMachine("cancelled", 3, 0.0, -1, false), "cancelled");
            return new List<CoTask> { parent, loop.Spawn(new CancellerMachine(parent, 0.45), "canceller") };
        });
        Assert.IsGreaterThan(3, saves);
    }

    [TestMethod]
    public void AsCompletedContinuesAfterRestore()
    {
        CoTask timed = null!;
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            CoTask slow = loop.Spawn(new WorldCoroutines.SleeperMachine(4, 0.5), "slow");
            CoTask quick = loop.Spawn(new WorldCoroutines.SleeperMachine(1, 0.25), "quick");
            CoTask failing = loop.Spawn(new FailAfterMachine(0.75), "failing");
            CoTask a = loop.Spawn(new WorldCoroutines.SleeperMachine(2, 0.3), "a");
            CoTask b = loop.Spawn(new WorldCoroutines.SleeperMachine(3, 0.2), "b");
            CoTask c = loop.Spawn(new WorldCoroutines.SleeperMachine(1, 0.1), "c");
            return new List<CoTask>
            {
                slow, quick, failing, a, b, c,
                loop.Spawn(new CollectorMachine(slow, quick, failing, 0.1), "collector-eager"),
                loop.Spawn(new CollectorMachine(a, b, c, 1.0), "collector-slow"),
                (timed = loop.Spawn(new TimedCollectorMachine(slow, quick, failing, 0.2, 0.5), "collector-timed")),
            };
        });
        Assert.IsGreaterThan(8, saves);

        // AsCompleted's timeout started at the first Next (0.2), so it passed at 0.7; the wait's started when it was first
        // awaited (0.7), so it passed at 1.2, when "failing" (0.75) was done and "slow" (2.0) was not.
        Assert.AreEqual("collector-timed: result 1@0.25;TimeoutException@0.7;TimeoutException@0.7; wait 2/1@1.2", WorldRun.State(timed));
    }

    [TestMethod]
    public void ConditionWaitUntilContinuesAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(
            loop =>
            {
                var condition = new CoCondition();
                var low = new Flag { Threshold = 1 };
                var high = new Flag { Threshold = 3 };
                return new List<CoTask>
                {
                    loop.Spawn(new UntilFlagMachine(condition, low, "low"), "low"),
                    loop.Spawn(new UntilFlagMachine(condition, high, "high"), "high"),
                    loop.Spawn(new UntilFlagMachine(condition, high, "high-2"), "high-2"),
                    loop.Spawn(new FlagRaiserMachine(condition, low, 1, 0.5), "raise-low"),
                    loop.Spawn(new FlagRaiserMachine(condition, high, 3, 0.4), "raise-high"),
                };
            },
            new FlagConverter());
        Assert.IsGreaterThan(6, saves);
    }

    [TestMethod]
    public void UnsavableStateInsideHelpersIsReportedWithItsTaskFrameFieldAndType()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var condition = new CoCondition();
        int ticks = 0;
        loop.Spawn(new GroupOfIteratorMachine(), "group-of-iterator");
        loop.Spawn(new UntilLambdaMachine(condition, () => ticks > 3), "until-lambda");
        loop.RunUntil(0.5);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(error.Message, "2 values cannot be saved"); // the iterator body once, at the group's pending child and (also at) the top frame
        StringAssert.Contains(error.Message, "task 'group-of-iterator' field 'Stack' [0] coroutine '" + typeof(HelperWorldCoroutines).FullName +
            ".GroupOfIterator' pending instruction From coroutine 'TaskGroup.RunCore' pending instruction Catch holds a " + typeof(HelperWorldTests).FullName + "+<IteratorBody>");
        StringAssert.Contains(error.Message, ": a compiler iterator, whose position cannot be saved: mark its method [Coroutine] so the generator makes a machine a snapshot can save (also at task 'group-of-iterator' field 'Top')");
        StringAssert.Contains(error.Message, "compiler iterator");
        StringAssert.Contains(error.Message, "task 'until-lambda' field 'Stack' [0] coroutine '" + typeof(HelperWorldCoroutines).FullName +
            ".UntilLambda' pending instruction From coroutine 'CoCondition.WaitUntilCore' field '_predicate' holds a delegate to");
        StringAssert.Contains(error.Message, "a lambda");
    }

    // A group whose body is a compiler iterator (not a [Coroutine] machine): its position cannot be saved.
    internal static IEnumerator<Yield> IteratorBody()
    {
        yield return Yield.Seconds(10);
    }
}
