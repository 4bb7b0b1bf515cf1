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
    internal static void OnSmallStack(Action body) => OnStack(1 << 20, body);

    // Runs body on a thread with a stack of size bytes and rethrows what it threw.
    internal static void OnStack(int size, Action body)
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
            size);
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

    private static IEnumerator<Yield> AwaitTask(Func<CoTask> next)
    {
        yield return Yield.NextTick;
        yield return next();
    }

    private static IEnumerator<Yield> AwaitForever()
    {
        yield return new Future<int>();
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void The_deadlock_report_of_a_100000_long_wait_chain_and_cycle_lists_every_task(bool cycle)
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var tasks = new CoTask[Depth];
            for (int i = 0; i < Depth; i++)
            {
                int k = i;
                tasks[i] = loop.Spawn(k < Depth - 1 ? AwaitTask(() => tasks[k + 1]) : cycle ? AwaitTask(() => tasks[0]) : AwaitForever());
            }

            loop.RunUntil(1);
            Engine.Observe.DeadlockReport report = loop.FindDeadlock()!;
            Assert.AreEqual(Depth, report.Blocked.Count);
            Assert.AreEqual(cycle ? 1 : 0, report.Cycles.Count);
            if (cycle)
            {
                Assert.AreEqual(Depth, report.Cycles[0].Count);
                Assert.AreEqual(tasks[0].Id, report.Cycles[0][0]);
            }
        });
    }

    private static IEnumerator<Yield> Ticker()
    {
        while (true)
        {
            yield return Yield.Seconds(1);
        }
    }

    [TestMethod]
    public void Tasks_waiting_on_a_cycle_are_listed_pass_by_pass_in_task_order()
    {
        // w1 waits on w2, w2 on a, and a and b on each other. One pass over the tasks in order finds w2 (a is in the
        // cycle) after it has passed w1, so w1 comes from a second pass: after w2.
        // A ticker keeps the loop busy (no stall), so the report lists the cycle and then the tasks that wait on it.
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(Ticker());
        CoTask? w2 = null, a = null, b = null;
        CoTask w1 = loop.Spawn(AwaitTask(() => w2!), "w1");
        w2 = loop.Spawn(AwaitTask(() => a!), "w2");
        a = loop.Spawn(AwaitTask(() => b!), "a");
        b = loop.Spawn(AwaitTask(() => a!), "b");
        loop.RunUntil(1.5);
        Engine.Observe.DeadlockReport report = loop.FindDeadlock()!;
        Assert.AreEqual(Engine.Observe.DeadlockKind.Cycle, report.Kind);
        Assert.AreEqual(1, report.Cycles.Count);
        CollectionAssert.AreEqual(new[] { a.Id, b.Id }, new List<long>(report.Cycles[0]));
        CollectionAssert.AreEqual(new[] { a.Id, b.Id, w2.Id, w1.Id }, new List<long>(report.Blocked));
    }

    private static IEnumerator<Yield> Logged(List<string> log, string name)
    {
        try
        {
            yield return new Future<int>();
        }
        finally
        {
            log.Add(name);
        }
    }

    [TestMethod]
    public void Ending_a_100000_deep_chain_of_lifetimes_kills_every_task()
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var root = new Engine.Game.Lifetime(loop);
            Engine.Game.Lifetime life = root;
            var log = new List<string>();
            for (int i = 0; i < Depth; i++)
            {
                life = life.CreateChild();
                if (i % 1000 == 0)
                {
                    life.Attach(loop.Spawn(Logged(log, "t" + i)));
                }
            }

            loop.RunUntil(1);
            Assert.AreEqual(Depth / 1000, root.End("bye"));
            Assert.IsTrue(life.IsEnded);
            Assert.AreEqual(Depth / 1000, log.Count);
            Assert.AreEqual("t0", log[0]);
            Assert.AreEqual("t99000", log[^1]);
        });
    }

    [TestMethod]
    public void Ending_a_lifetime_tree_kills_its_tasks_then_each_child_subtree_in_order()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var root = new Engine.Game.Lifetime(loop);
        Engine.Game.Lifetime first = root.CreateChild();
        Engine.Game.Lifetime firstChild = first.CreateChild();
        Engine.Game.Lifetime second = root.CreateChild();
        var log = new List<string>();
        second.Attach(loop.Spawn(Logged(log, "second")));
        firstChild.Attach(loop.Spawn(Logged(log, "first.child")));
        first.Attach(loop.Spawn(Logged(log, "first")));
        root.Attach(loop.Spawn(Logged(log, "root")));
        loop.RunUntil(1);
        Assert.AreEqual(4, root.End());
        CollectionAssert.AreEqual(new[] { "root", "first", "first.child", "second" }, log);
        Assert.AreEqual(0, first.End());
    }
}
