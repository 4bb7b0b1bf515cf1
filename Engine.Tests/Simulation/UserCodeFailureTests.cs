using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// User code that a queue runs while it serves (a filter store's get filter, a priority store's comparer, a resource
// pool's request filter) may throw, often while another process's operation is served (a put wakes the getters, and
// their filters run in the putter's turn). The operation whose code threw fails with that very exception, which the
// process waiting for it receives at its wait; the store or pool is as it was before that operation; everyone else goes
// on, and the run never stops (QueueOperation.FailServing). Before, the exception left the loop and ended Run.
[TestClass]
public sealed class UserCodeFailureTests
{
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_filter_that_throws_on_another_process_put_fails_its_own_get_only(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var store = new FilterStore<string>(env);
        var log = new List<string>();
        var broke = new FormatException("filter broke");
        IEnumerator<Yield> Picky()
        {
            yield return store.Get(s => s == "bad" ? throw broke : s == "ok");
            log.Add(env.Now + " picky got " + Co.Result<string>());
        }

        IEnumerator<Yield> Patient()
        {
            yield return Yield.Seconds(0.5);
            yield return store.Get(s => s == "bad");
            log.Add(env.Now + " patient got " + Co.Result<string>());
        }

        IEnumerator<Yield> Producer()
        {
            yield return Yield.Seconds(1);
            yield return store.Put("bad");
            log.Add(env.Now + " put bad");
            yield return Yield.Seconds(1);
            yield return store.Put("ok");
            log.Add(env.Now + " put ok, " + store.Count + " in store");
        }

        SimProcess picky = env.Process(Picky(), "picky");
        env.Process(Patient());
        env.Process(Producer());
        env.Process(Watch(picky, log, env));
        env.Run();

        Assert.AreSame(broke, picky.Task.Exception, "the get whose filter threw fails with that exception");
        CollectionAssert.AreEqual(
            new[] { "1 put bad", "1 patient got bad", "1 picky failed: filter broke", "2 put ok, 1 in store" },
            log,
            "the putter and the other getter go on; the item the broken filter saw is served to the next get that matches: " + string.Join(" | ", log));
        Assert.AreEqual(2.0, env.Now);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_filter_that_throws_on_its_own_get_fails_that_get_and_leaves_the_item(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var store = new FilterStore<int>(env);
        var log = new List<string>();
        IEnumerator<Yield> Filler()
        {
            yield return store.Put(7);
        }

        IEnumerator<Yield> Breaker()
        {
            yield return Yield.Seconds(1);
            yield return Co.Catch(store.Get(i => i / (i - 7) > 0)); // divides by zero on the item there
            log.Add(env.Now + " breaker: " + Co.Exception?.GetType().Name + ", " + store.Count + " in store");
            yield return store.Get(i => i == 7);
            log.Add(env.Now + " breaker got " + Co.Result<int>());
        }

        env.Process(Filler());
        env.Process(Breaker());
        env.Run();
        CollectionAssert.AreEqual(new[] { "1 breaker: DivideByZeroException, 1 in store", "1 breaker got 7" }, log);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_comparer_that_throws_on_a_put_fails_that_put_and_keeps_the_store_in_order(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var store = new Engine.Simulation.PriorityStore<string>(env, new Refusing("boom"));
        var log = new List<string>();
        IEnumerator<Yield> Producer()
        {
            foreach (string item in new[] { "m", "c", "x", "boom", "a", "q" })
            {
                yield return Co.Catch(store.Put(item));
                log.Add(env.Now + " put " + item + (Co.Exception is { } e ? " failed: " + e.Message : string.Empty));
            }
        }

        IEnumerator<Yield> Consumer()
        {
            yield return Yield.Seconds(1);
            while (store.Count > 0)
            {
                yield return store.Get();
                log.Add(env.Now + " got " + Co.Result<string>());
            }
        }

        env.Process(Producer());
        env.Process(Consumer());
        env.Run();
        CollectionAssert.AreEqual(
            new[]
            {
                "0 put m", "0 put c", "0 put x", "0 put boom failed: cannot compare boom", "0 put a", "0 put q",
                "1 got a", "1 got c", "1 got m", "1 got q", "1 got x",
            },
            log);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_comparer_that_throws_on_a_get_fails_that_get_and_keeps_every_item(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var comparer = new Refusing(refused: null);
        var store = new Engine.Simulation.PriorityStore<string>(env, comparer);
        var log = new List<string>();
        IEnumerator<Yield> Producer()
        {
            foreach (string item in new[] { "d", "b", "e", "a", "c", "f", "g" })
            {
                yield return store.Put(item);
            }

            comparer.Refused = "g"; // from now on nothing can be compared with "g", which a pop moves to the top and sifts down
        }

        IEnumerator<Yield> Consumer()
        {
            yield return Yield.Seconds(1);
            yield return Co.Catch(store.Get());
            log.Add(env.Now + " get: " + Co.Exception?.Message + ", " + store.Count + " in store");
            comparer.Refused = null;
            while (store.Count > 0)
            {
                yield return store.Get();
                log.Add(env.Now + " got " + Co.Result<string>());
            }
        }

        env.Process(Producer());
        env.Process(Consumer());
        env.Run();
        CollectionAssert.AreEqual(
            new[] { "1 get: cannot compare g, 7 in store", "1 got a", "1 got b", "1 got c", "1 got d", "1 got e", "1 got f", "1 got g" },
            log,
            string.Join(" | ", log));
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_pool_filter_that_throws_fails_its_request_only_and_the_pool_goes_on(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var pool = new ResourcePool<string>(env, new[] { "a", "b" });
        var log = new List<string>();
        IEnumerator<Yield> Holder()
        {
            using PoolRequest<string> first = pool.Request(x => x == "b");
            yield return first;
            log.Add(env.Now + " holder got " + first.Item);
            yield return Yield.Seconds(2);
        }

        IEnumerator<Yield> Picky()
        {
            yield return Yield.Seconds(1);
            using PoolRequest<string> request = pool.Request(x => x == "a" ? throw new FormatException("pool filter broke") : true);
            yield return Co.Catch(request);
            log.Add(env.Now + " picky: " + Co.Exception?.Message);
        }

        IEnumerator<Yield> Later()
        {
            yield return Yield.Seconds(1.5);
            using PoolRequest<string> request = pool.Request();
            yield return request;
            log.Add(env.Now + " later got " + request.Item);
        }

        env.Process(Holder());
        env.Process(Picky());
        env.Process(Later());
        env.Run();
        CollectionAssert.AreEqual(new[] { "0 holder got b", "1 picky: pool filter broke", "1.5 later got a" }, log);
        Assert.AreEqual(0, pool.InUse);
    }

    [TestMethod]
    public void A_failed_get_nobody_waits_for_is_reported_not_lost()
    {
        using var env = new SimEnvironment();
        var reported = new List<Exception>();
        env.Loop.ExceptionHandler = context => reported.Add(context.Exception!);
        var store = new FilterStore<int>(env);
        var broke = new FormatException("filter broke");
        IEnumerator<Yield> Asker()
        {
            store.Get(_ => throw broke); // made and never waited for
            yield return Yield.Seconds(1);
            yield return store.Put(1);
        }

        env.Process(Asker());
        env.Run();
        Assert.AreEqual(1, store.Count);
        Assert.IsTrue(reported.Any(e => ReferenceEquals(e, broke) || ReferenceEquals(e.InnerException, broke)), "reported: " + string.Join(", ", reported));
    }

    // The heap under a comparer that throws at random: every push and pop either happens exactly or leaves the heap as
    // it was, checked against a sorted model after every operation (items out in (key, arrival) order).
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    public void A_heap_whose_comparer_throws_at_random_stays_exact(int seed)
    {
        var random = new Random(seed);
        var comparer = new Flaky(random);
        var heap = new StableHeap<(int Key, int Id), ComparerAdapter<(int Key, int Id)>>(new ComparerAdapter<(int Key, int Id)>(comparer));
        var model = new List<(int Key, int Id)>(); // kept sorted by key, then arrival
        int failures = 0;
        for (int step = 0; step < 4000; step++)
        {
            comparer.FailOneIn = random.Next(2) == 0 ? 0 : 8;
            if (model.Count == 0 || random.Next(3) > 0)
            {
                var item = (random.Next(20), step);
                try
                {
                    heap.Push(item);
                    int at = model.FindLastIndex(m => m.Key <= item.Item1) + 1;
                    model.Insert(at, item);
                }
                catch (FormatException)
                {
                    failures++;
                }
            }
            else
            {
                try
                {
                    (int Key, int Id) popped = heap.Pop();
                    Assert.AreEqual(model[0], popped, "step " + step);
                    model.RemoveAt(0);
                }
                catch (FormatException)
                {
                    failures++;
                }
            }

            Assert.AreEqual(model.Count, heap.Count, "step " + step);
        }

        Assert.IsGreaterThan(100, failures, "the comparer threw often");
        comparer.FailOneIn = 0;
        while (heap.Count > 0)
        {
            Assert.AreEqual(model[0], heap.Pop());
            model.RemoveAt(0);
        }
    }

    private static IEnumerator<Yield> Watch(SimProcess process, List<string> log, SimEnvironment env)
    {
        yield return Yield.Catch(process.Task);
        if (process.Task.Exception is { } error)
        {
            log.Add(env.Now + " " + process.Name + " failed: " + error.Message);
        }
    }

    // Orders strings by code point; comparing anything with Refused throws.
    private sealed class Refusing : IComparer<string>
    {
        public Refusing(string? refused) => Refused = refused;

        public string? Refused { get; set; }

        public int Compare(string? x, string? y) =>
            Refused is not null && (x == Refused || y == Refused) ? throw new FormatException("cannot compare " + Refused) : string.CompareOrdinal(x, y);
    }

    private sealed class Flaky : IComparer<(int Key, int Id)>
    {
        private readonly Random _random;

        public Flaky(Random random) => _random = random;

        public int FailOneIn { get; set; }

        public int Compare((int Key, int Id) x, (int Key, int Id) y) =>
            FailOneIn > 0 && _random.Next(FailOneIn) == 0 ? throw new FormatException("flaky") : x.Key.CompareTo(y.Key);
    }
}
