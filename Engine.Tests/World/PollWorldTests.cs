using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.PollWorldCoroutines;

namespace Engine.Tests.World;

// Whole-loop saves of Until/While waits: a predicate that can be named (an instance method of a saved object, here a
// Flag with a converter) is saved with its place in the check order, and a timed wait keeps its deadline; a lambda
// predicate is reported by name.
[TestClass]
public class PollWorldTests
{
    [TestMethod]
    public void NamedPredicatesAndTimedWaitsContinueAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(
            loop =>
            {
                var flag = new Flag { Threshold = 3 };
                var low = new Flag { Threshold = 1 };
                var never = new Flag { Threshold = 100 };
                return new List<CoTask>
                {
                    loop.Spawn(new WaitsUntilMachine(flag.IsUp, 0), "until"),
                    loop.Spawn(new WaitsUntilMachine(low.IsUp, 0), "until-low"),
                    loop.Spawn(new WaitsUntilMachine(never.IsUp, 2.5), "until-timed-out"),
                    loop.Spawn(new WaitsUntilMachine(flag.IsUp, 10), "until-held-in-time"),
                    loop.Spawn(new WaitsWhileMachine(low.IsUp), "while-low"),
                    loop.Spawn(new RaiserMachine(flag, 4, 1), "raiser"),
                    loop.Spawn(new RaiserMachine(low, 1, 1.5), "raiser-low"),
                };
            },
            new FlagConverter());
        Assert.IsGreaterThan(4, saves);
    }

    [TestMethod]
    public void LambdaPredicateIsReportedWithItsMethodName()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        int ticks = 0;
        loop.Spawn(new WaitsUntilMachine(() => ++ticks > 5, 0), "lambda");
        loop.RunOnce();
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(e.Message, "task 'lambda' field 'Top' coroutine 'Engine.Tests.World.PollWorldCoroutines.WaitsUntil' pending instruction Until holds a delegate to Engine.Tests.World.PollWorldTests+<>c__DisplayClass");
        StringAssert.Contains(e.Message, "a lambda, anonymous method or local function");
    }
}
