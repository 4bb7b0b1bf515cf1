using System;
using System.Collections.Generic;
using System.Runtime.ExceptionServices;
using System.Threading;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

// Structures a user builds deep (futures combined inside one another, nested simulation conditions) are walked without
// a recursion as deep as the structure: a stack overflow cannot be caught in .NET and kills the host. Each test runs on
// a thread with a 1 MB stack (Windows' and Unity's main threads; Release's main thread has 8 MB), at 100,000 levels.
[TestClass]
public sealed class DeepStructureTests
{
    private const int Depth = 100_000;

    // Runs body on a 1 MB stack and rethrows what it threw, so a failure shows as the test's own.
    internal static void OnSmallStack(Action body)
    {
        ExceptionDispatchInfo? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    body();
                }
                catch (Exception e)
                {
                    error = ExceptionDispatchInfo.Capture(e);
                }
            },
            1 << 20);
        thread.Start();
        thread.Join();
        error?.Throw();
    }

    private static IEnumerator<Yield> Await(Future future, List<string> log, string name)
    {
        yield return Co.Catch(future);
        log.Add(name + (Co.Exception is null ? " ok" : " " + Co.Exception.GetType().Name));
    }

    private static Future Nest(Future leaf, int depth, Func<Future, Future> wrap)
    {
        Future f = leaf;
        for (int i = 0; i < depth; i++)
        {
            f = wrap(f);
        }

        return f;
    }

    private static void CompletesThroughNesting(Func<Future, Future> wrap, Action<Future<int>> complete, string expected)
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var leaf = new Future<int>(loop);
            Future top = Nest(leaf, Depth, wrap);
            var log = new List<string>();
            loop.Spawn(Await(top, log, "top"));
            loop.RunUntil(1);
            complete(leaf);
            loop.RunUntil(2);
            CollectionAssert.AreEqual(new[] { "top " + expected }, log);
            Assert.IsTrue(top.IsDone);
        });
    }

    [TestMethod]
    public void Gathers_nested_100000_deep_complete_with_a_result_an_error_and_a_cancel()
    {
        CompletesThroughNesting(f => Co.Gather(f), leaf => leaf.SetResult(1), "ok");
        CompletesThroughNesting(f => Co.Gather(f), leaf => leaf.SetException(new InvalidOperationException("leaf")), nameof(InvalidOperationException));
        CompletesThroughNesting(f => Co.Gather(f), leaf => leaf.Cancel("leaf"), nameof(CancelledException));
        CompletesThroughNesting(f => Co.Gather(new[] { f }, returnExceptions: true), leaf => leaf.SetException(new InvalidOperationException("leaf")), "ok");
    }

    [TestMethod]
    public void WhenAll_WhenAny_Wait_and_shields_nested_100000_deep_complete()
    {
        CompletesThroughNesting(f => Co.WhenAll(f), leaf => leaf.SetResult(1), "ok");
        CompletesThroughNesting(f => Co.WhenAny(f), leaf => leaf.SetResult(1), "ok");
        CompletesThroughNesting(f => Co.Wait(new[] { f }), leaf => leaf.SetResult(1), "ok");
        CompletesThroughNesting(f => Co.Shield(f), leaf => leaf.SetResult(1), "ok");
        CompletesThroughNesting(f => Co.Shield(f), leaf => leaf.SetException(new InvalidOperationException("leaf")), nameof(InvalidOperationException));
    }

    [TestMethod]
    public void A_shallow_chain_keeps_the_inline_order_each_listener_chain_before_the_next_waiter()
    {
        // f <- g1 <- g2 <- ... <- top; a task waits on top, then another on g1. Inline completion reaches top's waiter
        // through g1's first waiter before g1's second waiter: the top's waiter is queued first.
        using var loop = new EventLoop(ClockKind.Virtual);
        var leaf = new Future<int>(loop);
        Future g1 = Co.Gather(leaf);
        Future top = Nest(g1, 50, f => Co.Gather(f));
        var log = new List<string>();
        loop.Spawn(Await(top, log, "top"));
        loop.Spawn(Await(g1, log, "g1"));
        loop.RunUntil(1);
        leaf.SetResult(1);
        loop.RunUntil(2);
        CollectionAssert.AreEqual(new[] { "top ok", "g1 ok" }, log);
    }

    [TestMethod]
    public void A_shield_of_shields_describes_itself_as_the_recursion_would_and_deep_without_recursing()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var leaf = new Future<int>(loop);
        Future one = Co.Shield(leaf);
        Future two = Co.Shield(one);
        Future three = Co.Shield(two);
        Assert.AreEqual("Shield of " + leaf + " [Pending]", one.ToString());
        Assert.AreEqual("Shield of Shield of " + leaf + " [Pending] [Pending]", two.ToString());
        Assert.AreEqual("Shield of Shield of Shield of " + leaf + " [Pending] [Pending] [Pending]", three.ToString());
        leaf.SetResult(1);
        Assert.AreEqual("Shield of Shield of Shield of " + leaf + " [Succeeded] [Succeeded] [Succeeded]", three.ToString());

        OnSmallStack(() =>
        {
            using var deepLoop = new EventLoop(ClockKind.Virtual);
            var deepLeaf = new Future<int>(deepLoop);
            Future top = Nest(deepLeaf, Depth, f => Co.Shield(f));
            string text = top.ToString();
            Assert.IsTrue(text.StartsWith("Shield of Shield of ", StringComparison.Ordinal), text[..40]);
            Assert.IsTrue(text.EndsWith("[Pending] [Pending]", StringComparison.Ordinal));
        });
    }

    private static IEnumerator<Yield> WaitFor(SimEvent e, List<int> got)
    {
        yield return e;
        got.Add(Co.Result<ConditionValue>().Count);
    }

    [TestMethod]
    [DataRow(true, EventOrder.SimPy)]
    [DataRow(false, EventOrder.SimPy)]
    [DataRow(true, EventOrder.Fast)]
    [DataRow(false, EventOrder.Fast)]
    public void Simulation_conditions_nested_100000_deep_happen_with_the_flattened_value(bool allOf, EventOrder order)
    {
        OnSmallStack(() =>
        {
            var env = new SimEnvironment(0, order);
            SimEvent leaf = env.Event();
            SimEvent c = leaf;
            for (int i = 0; i < Depth; i++)
            {
                c = allOf ? env.AllOf(c) : env.AnyOf(c);
            }

            var got = new List<int>();
            env.Process(WaitFor(c, got));
            env.Run(1);
            leaf.Succeed(7);
            env.Run();
            CollectionAssert.AreEqual(new[] { 1 }, got);
            Assert.IsTrue(c.IsProcessed);
            Assert.AreSame(leaf, ((Condition)c).Results[0]);
        });
    }

    [TestMethod]
    public void A_condition_value_flattens_nested_conditions_in_order_including_events_processed_after_a_nested_one()
    {
        var env = new SimEnvironment();
        SimEvent a = env.Event();
        SimEvent b = env.Event();
        SimEvent c = env.Event();
        Condition inner = env.AnyOf(a, b);      // happens with a; b is processed later
        Condition settled = env.AllOf(c);       // every event processed when it happens: its value is final
        Condition outer = env.AllOf(inner, settled, b);
        a.Succeed(1);
        env.Run();
        c.Succeed(3);
        env.Run();
        Assert.IsTrue(inner.IsProcessed && settled.IsProcessed);
        Assert.IsFalse(outer.IsTriggered);
        b.Succeed(2);
        env.Run();
        CollectionAssert.AreEqual(new SimEvent[] { a }, new List<SimEvent>(inner.Results));
        CollectionAssert.AreEqual(new SimEvent[] { a, b, c, b }, new List<SimEvent>(outer.Results));
    }
}
