using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.FutureWorldCoroutines;

namespace Engine.Tests.World;

// Whole-loop saves of futures that are not tasks and of the combinators: a plain Future<T> with its waiters in order,
// Co.Gather/WhenAll, Co.WhenAny (losers killed), Co.Wait (a timeout in the timer queue) and Co.Shield, each saved before
// every iteration and continued after restore with the same trace and results.
[TestClass]
public class FutureWorldTests
{
    [TestMethod]
    public void PlainFuturesKeepStateResultAndWaiterOrder()
    {
        WorldRun.RestoreEverywhere(loop =>
        {
            var good = new Future<int>(loop);
            var bad = new Future<int>(loop);
            return new List<CoTask>
            {
                loop.Spawn(new FutureWaiterMachine(good, 1), "waiter-1"),
                loop.Spawn(new FutureCatcherMachine(good), "catcher"),
                loop.Spawn(new FutureWaiterMachine(good, 2), "waiter-2"),
                loop.Spawn(new FutureCatcherMachine(bad), "bad-catcher"),
                loop.Spawn(new FutureSetterMachine(good, 1.5, 40), "setter"),
                loop.Spawn(new FutureSetterMachine(bad, 1, -1), "bad-setter"),
                loop.Spawn(new FutureWaiterMachine(bad, 3), "bad-waiter"),
            };
        });
    }

    [TestMethod]
    public void GatherWhenAllWhenAnyWaitAndShieldContinueAfterRestore()
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            var future = new Future<int>(loop);
            CoTask slow = loop.Spawn(new WorldCoroutines.SleeperMachine(2, 1.0), "slow");
            CoTask fast = loop.Spawn(new WorldCoroutines.SleeperMachine(3, 0.5), "fast");
            CoTask shielder = loop.Spawn(new ShielderMachine(slow), "shielder");
            return new List<CoTask>
            {
                slow,
                fast,
                loop.Spawn(new FutureSetterMachine(future, 1.25, 5), "setter"),
                loop.Spawn(new GathererMachine(slow, fast, future), "gatherer"),
                loop.Spawn(new SpawningGathererMachine(2), "when-all"),
                loop.Spawn(new RacerMachine(slow, fast), "racer"),
                loop.Spawn(new WaiterMachine(slow, fast, WaitMode.FirstCompleted, double.PositiveInfinity), "wait-first"),
                loop.Spawn(new WaiterMachine(slow, fast, WaitMode.AllCompleted, 0.75), "wait-timeout"),
                loop.Spawn(new WaiterMachine(slow, fast, WaitMode.AllCompleted, double.PositiveInfinity), "wait-all"),
                shielder,
                loop.Spawn(new FaultWorldCoroutines.CancellerMachine(shielder, 0.5, "leave the shield"), "canceller"),
            };
        });
        Assert.IsGreaterThan(5, saves);
    }

    [TestMethod]
    public void DoneCallbackLambdaIsReported()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var future = new Future<int>(loop);
        loop.Spawn(new FutureWaiterMachine(future, 1), "waiter");
        int seen = 0;
        future.OnCompleted(_ => seen++);
        loop.RunOnce();
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(e.Message, "Future`1 [Pending] field 'Waiters' [0] holds a delegate to Engine.Tests.World.FutureWorldTests+<>c__DisplayClass");
    }
}
