using System;
using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// The LIFO, priority and filter stores, one behaviour per test: which item a get takes, how waiting getters and putters
// are served, and when. Every test asserts the exact times and order of what happened, under both event orders where
// they agree, and under each where they differ (SimPy's order serves getters when a put is processed, so two puts made
// at the same moment are both in the store before either is handed out; the engine's own order hands each out at once).
[TestClass]
public sealed class StoreKindTests
{
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_lifo_store_gives_the_last_item_put_and_holds_putters_while_full(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var stack = new Engine.Simulation.LifoStore<string>(env, capacity: 2);
        var log = new List<string>();
        IEnumerator<Yield> Producer()
        {
            foreach (string item in new[] { "a", "b", "c", "d" })
            {
                yield return stack.Put(item);
                log.Add(env.Now + " put " + item);
            }
        }

        IEnumerator<Yield> Consumer()
        {
            for (int i = 0; i < 4; i++)
            {
                yield return Yield.Seconds(1);
                yield return stack.Get();
                log.Add(env.Now + " got " + Co.Result<string>() + ", " + stack.Count + " left, " + stack.WaitingPutters + " putters waiting");
            }
        }

        env.Process(Producer());
        env.Process(Consumer());
        env.Run(until: 0.5);
        CollectionAssert.AreEqual(new[] { "b", "a" }, new List<string>(stack.Items), "Items lists the next item to be taken first");
        Assert.AreEqual(1, stack.WaitingPutters, "c waits for room");
        env.Run();
        CollectionAssert.AreEqual(
            new[]
            {
                "0 put a", "0 put b",
                "1 got b, 2 left, 0 putters waiting", "1 put c",     // the get made room: c went in at once
                "2 got c, 2 left, 0 putters waiting", "2 put d",
                "3 got d, 1 left, 0 putters waiting",
                "4 got a, 0 left, 0 putters waiting",
            },
            log);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy, "z")]
    [DataRow(EventOrder.Fast, "y")]
    public void A_lifo_store_serves_waiting_getters_in_the_order_they_came(EventOrder order, string secondGets)
    {
        using var env = new SimEnvironment(order: order);
        var stack = new Engine.Simulation.LifoStore<string>(env);
        var log = new List<string>();
        IEnumerator<Yield> Getter(string name)
        {
            yield return stack.Get();
            log.Add(env.Now + " " + name + " got " + Co.Result<string>());
        }

        IEnumerator<Yield> Putter()
        {
            yield return Yield.Seconds(1);
            stack.Put("x");
            yield return Yield.Seconds(1);
            stack.Put("y");
            stack.Put("z");
        }

        env.Process(Getter("G1"));
        env.Process(Getter("G2"));
        env.Process(Putter());
        env.Run(until: 0.5);
        Assert.AreEqual(2, stack.WaitingGetters);
        env.Run();
        string left = secondGets == "z" ? "y" : "z";
        CollectionAssert.AreEqual(new[] { "1 G1 got x", "2 G2 got " + secondGets }, log);
        CollectionAssert.AreEqual(new[] { left }, new List<string>(stack.Items));
        Assert.AreEqual(0, stack.WaitingGetters);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_priority_store_gives_the_smallest_item_and_equal_priorities_in_put_order(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var jobs = new Engine.Simulation.PriorityStore<(int Priority, string Name)>(env, ByPriority);
        var got = new List<string>();
        IEnumerator<Yield> Putter()
        {
            // Enough items of three priorities that the heap reorders them many times over.
            for (int i = 0; i < 30; i++)
            {
                yield return jobs.Put(((i * 7) % 3, "j" + i));
            }
        }

        IEnumerator<Yield> Getter()
        {
            yield return Yield.Seconds(1);
            for (int i = 0; i < 30; i++)
            {
                yield return jobs.Get();
                got.Add(env.Now + " " + Co.Result<(int Priority, string Name)>().Name);
            }
        }

        env.Process(Putter());
        env.Process(Getter());
        env.Run();
        var expected = new List<string>();
        for (int priority = 0; priority < 3; priority++)
        {
            for (int i = 0; i < 30; i++)
            {
                if ((i * 7) % 3 == priority)
                {
                    expected.Add("1 j" + i);
                }
            }
        }

        CollectionAssert.AreEqual(expected, got);
        Assert.AreEqual(0, jobs.Count);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy, "z", "y")]
    [DataRow(EventOrder.Fast, "y", "z")]
    public void A_priority_store_serves_waiting_getters_in_the_order_they_came(EventOrder order, string secondGets, string thirdGets)
    {
        using var env = new SimEnvironment(order: order);
        var jobs = new Engine.Simulation.PriorityStore<(int Priority, string Name)>(env, ByPriority);
        var log = new List<string>();
        IEnumerator<Yield> Getter(string name)
        {
            yield return jobs.Get();
            log.Add(env.Now + " " + name + " got " + Co.Result<(int Priority, string Name)>().Name);
        }

        IEnumerator<Yield> Putter()
        {
            yield return Yield.Seconds(1);
            jobs.Put((5, "x"));
            yield return Yield.Seconds(1);
            jobs.Put((3, "y"));
            jobs.Put((1, "z"));
        }

        env.Process(Getter("G1"));
        env.Process(Getter("G2"));
        env.Process(Getter("G3"));
        env.Process(Putter());
        env.Run(until: 1.5);
        CollectionAssert.AreEqual(new[] { "1 G1 got x" }, log);
        Assert.AreEqual(2, jobs.WaitingGetters);
        env.Run();
        CollectionAssert.AreEqual(new[] { "1 G1 got x", "2 G2 got " + secondGets, "2 G3 got " + thirdGets }, log);
        Assert.AreEqual(0, jobs.Count);
        Assert.AreEqual(0, jobs.WaitingGetters);
        Assert.AreEqual(0, jobs.WaitingPutters);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_priority_store_at_capacity_lets_putters_in_as_gets_make_room(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var jobs = new Engine.Simulation.PriorityStore<int>(env, capacity: 2);
        var log = new List<string>();
        IEnumerator<Yield> Putter(int item)
        {
            yield return jobs.Put(item);
            log.Add(env.Now + " put " + item);
        }

        IEnumerator<Yield> Getter()
        {
            for (int i = 0; i < 4; i++)
            {
                yield return Yield.Seconds(1);
                yield return jobs.Get();
                log.Add(env.Now + " got " + Co.Result<int>());
            }
        }

        foreach (int item in new[] { 40, 30, 20, 10 })
        {
            env.Process(Putter(item));
        }

        env.Process(Getter());
        env.Run();
        // 40 and 30 fit; 20 and 10 wait in the order they came, and each enters when a get makes room.
        CollectionAssert.AreEqual(
            new[] { "0 put 40", "0 put 30", "1 got 30", "1 put 20", "2 got 20", "2 put 10", "3 got 10", "4 got 40" },
            log);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_filter_store_gives_the_first_matching_item_in_arrival_order(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var parts = new FilterStore<string>(env);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            foreach (string p in new[] { "a1", "b1", "a2", "b2", "c1" })
            {
                parts.Put(p);
            }

            yield return parts.Get(p => p[0] == 'b');
            log.Add(Co.Result<string>());
            yield return parts.Get(p => p[0] == 'a');
            log.Add(Co.Result<string>());
            yield return parts.Get(p => p[0] == 'b');
            log.Add(Co.Result<string>());
            yield return parts.Get();
            log.Add(Co.Result<string>());
        }

        env.Process(Main());
        env.Run();
        CollectionAssert.AreEqual(new[] { "b1", "a1", "b2", "a2" }, log);
        CollectionAssert.AreEqual(new[] { "c1" }, new List<string>(parts.Items));
        Assert.AreEqual(0, env.Now);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_filter_store_get_that_matches_nothing_waits_and_the_right_put_wakes_it(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var parts = new FilterStore<string>(env);
        var log = new List<string>();
        IEnumerator<Yield> Getter(string name, char kind, double arrive = 0)
        {
            yield return Yield.Seconds(arrive);
            yield return parts.Get(p => p[0] == kind);
            log.Add(env.Now + " " + name + " got " + Co.Result<string>() + ", " + parts.WaitingGetters + " still waiting");
        }

        IEnumerator<Yield> Putter()
        {
            foreach (string p in new[] { "z1", "a1", "b1", "a2", "c1" })
            {
                yield return Yield.Seconds(1);
                parts.Put(p);
            }
        }

        env.Process(Getter("wants-c", 'c'));
        env.Process(Getter("wants-b", 'b'));
        env.Process(Getter("wants-a", 'a'));
        env.Process(Getter("wants-a-too", 'a'));
        env.Process(Getter("wants-z", 'z', arrive: 1.5));
        env.Process(Putter());
        env.Run(until: 1.25);
        Assert.AreEqual(4, parts.WaitingGetters, "z1 matches nobody waiting, so it stays and every getter waits");
        CollectionAssert.AreEqual(new[] { "z1" }, new List<string>(parts.Items));
        env.Run();
        CollectionAssert.AreEqual(
            new[]
            {
                "1.5 wants-z got z1, 4 still waiting",          // an item already there is taken at once
                "2 wants-a got a1, 3 still waiting",             // the earlier of two getters for the same kind
                "3 wants-b got b1, 2 still waiting",             // came before wants-a-too but wanted something else
                "4 wants-a-too got a2, 1 still waiting",
                "5 wants-c got c1, 0 still waiting",
            },
            log);
        Assert.AreEqual(0, parts.Count);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_filter_store_put_serves_every_getter_it_can_not_just_the_first(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var parts = new FilterStore<string>(env);
        var log = new List<string>();
        IEnumerator<Yield> Getter(string name, char kind)
        {
            yield return parts.Get(p => p[0] == kind);
            log.Add(env.Now + " " + name + " got " + Co.Result<string>());
        }

        IEnumerator<Yield> Putter()
        {
            yield return Yield.Seconds(1);
            parts.Put("c1");
            parts.Put("a1");
            parts.Put("b1");
        }

        env.Process(Getter("wants-a", 'a'));
        env.Process(Getter("wants-b", 'b'));
        env.Process(Getter("wants-d", 'd'));
        env.Process(Putter());
        env.Run();
        CollectionAssert.AreEqual(new[] { "1 wants-a got a1", "1 wants-b got b1" }, log);
        CollectionAssert.AreEqual(new[] { "c1" }, new List<string>(parts.Items));
        Assert.AreEqual(1, parts.WaitingGetters, "wants-d still waits");
    }

    private static readonly IComparer<(int Priority, string Name)> ByPriority =
        Comparer<(int Priority, string Name)>.Create((x, y) => x.Priority.CompareTo(y.Priority));

    internal static Store<string> MakeStore(SimEnvironment env, string kind, int capacity = int.MaxValue) => kind switch
    {
        "fifo" => new Store<string>(env, capacity),
        "lifo" => new Engine.Simulation.LifoStore<string>(env, capacity),
        "priority" => new Engine.Simulation.PriorityStore<string>(env, StringComparer.Ordinal, capacity),
        "filter" => new FilterStore<string>(env, capacity),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown store kind."),
    };
}
