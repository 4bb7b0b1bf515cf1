using System.Collections.Generic;
using Engine.Simulation;
using Engine.Tests.Core;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// Queues and conditions as wide and deep as a model builds them: waiters withdrawn from the middle of a queue of any
// length (reneging in any order) leave lazily, and a chain of any-of conditions builds its values without walking the
// chain below at every level. The small tests pin the exact order of service and the values; the large ones run the
// shapes at 100,000 on a 1 MB stack and check every count (they were quadratic, minutes at this size).
[TestClass]
public sealed class WideQueueTests
{
    private const int Size = 100_000;

    // Customers 0..count-1 queue for a held resource; the ones in cancelled leave in that order (each a renege from
    // the middle), then the resource frees: the others are served in arrival order, and the queue length is exact.
    [TestMethod]
    [DataRow(EventOrder.SimPy, 8)]
    [DataRow(EventOrder.Fast, 8)]
    [DataRow(EventOrder.SimPy, 100)]
    [DataRow(EventOrder.Fast, 100)]
    public void Requests_cancelled_from_the_middle_of_a_fifo_queue_leave_and_the_rest_keep_their_order(EventOrder order, int count)
    {
        using var env = new SimEnvironment(order: order);
        var res = new Resource(env, 1);
        var served = new List<int>();
        var requests = new Request[count];
        var lengths = new List<int>();
        IEnumerator<Yield> Holder()
        {
            using (Request r = res.Request())
            {
                yield return r;
                yield return Yield.Seconds(10);
            }
        }

        IEnumerator<Yield> Customer(int i)
        {
            using (Request r = res.Request())
            {
                requests[i] = r;
                yield return Yield.Seconds(1);
                if (r.State == RequestState.Cancelled)
                {
                    yield break;
                }

                yield return r;
                served.Add(i);
            }
        }

        var cancelled = new List<int>();
        for (int i = 1; i < count - 1; i += 1)
        {
            if (i % 4 != 0)
            {
                cancelled.Add(i * 7 % count);   // scrambled, each from the middle or the head
            }
        }

        IEnumerator<Yield> Reneger()
        {
            yield return Yield.Seconds(0.5);
            foreach (int i in cancelled)
            {
                if (requests[i].State == RequestState.Waiting)
                {
                    requests[i].Cancel();
                    lengths.Add(res.QueueLength);
                }
            }
        }

        env.Process(Holder());
        for (int i = 0; i < count; i++)
        {
            env.Process(Customer(i));
        }

        env.Process(Reneger());
        env.Run();
        var gone = new HashSet<int>(cancelled);
        var expected = new List<int>();
        for (int i = 0; i < count; i++)
        {
            if (!gone.Contains(i))
            {
                expected.Add(i);
            }
        }

        CollectionAssert.AreEqual(expected, served);
        var expectedLengths = new List<int>();
        for (int k = 0; k < gone.Count; k++)
        {
            expectedLengths.Add(count - 1 - k);
        }

        CollectionAssert.AreEqual(expectedLengths, lengths);
        Assert.AreEqual(0, res.QueueLength);
    }

    // The same for store getters and container getters withdrawn by an any-of with a timeout: the patience of each is
    // scrambled, so they leave from the middle; the items and amounts put afterwards go to the patient ones in order.
    [TestMethod]
    [DataRow(EventOrder.SimPy, 10)]
    [DataRow(EventOrder.Fast, 10)]
    [DataRow(EventOrder.SimPy, 100)]
    [DataRow(EventOrder.Fast, 100)]
    public void Getters_reneging_from_the_middle_of_store_and_container_queues_leave_and_the_rest_keep_their_order(EventOrder order, int count)
    {
        using var env = new SimEnvironment(order: order);
        var store = new Store<int>(env);
        var tank = new Container(env, capacity: 1000);
        var log = new List<string>();
        var waiting = new List<string>();
        IEnumerator<Yield> StoreGetter(int i, double patience)
        {
            StoreGet<int> get = store.Get();
            yield return env.AnyOf(get, env.Timeout(patience));
            if (get.IsTriggered)
            {
                log.Add(env.Now + " store " + i + " got " + get.Item);
            }
        }

        IEnumerator<Yield> TankGetter(int i, double patience)
        {
            ContainerGet get = tank.Get(1);
            yield return env.AnyOf(get, env.Timeout(patience));
            if (get.IsTriggered)
            {
                log.Add(env.Now + " tank " + i);
            }
        }

        var patient = new List<int>();
        for (int i = 0; i < count; i++)
        {
            bool stays = i % 3 == 0;
            double patience = stays ? 1000 : 1 + i * 37 % count;   // leave at scrambled times before 1000
            if (stays)
            {
                patient.Add(i);
            }

            env.Process(StoreGetter(i, patience));
            env.Process(TankGetter(i, patience));
        }

        IEnumerator<Yield> Supplier()
        {
            yield return Yield.Seconds(count + 10);
            waiting.Add(store.WaitingGetters + "/" + tank.WaitingGetters);
            for (int k = 0; k < patient.Count; k++)
            {
                store.Put(100 + k);
            }

            tank.Put(patient.Count);
        }

        env.Process(Supplier());
        env.Run();
        var expected = new List<string>();
        for (int k = 0; k < patient.Count; k++)
        {
            expected.Add((count + 10) + " store " + patient[k] + " got " + (100 + k));
        }

        var tankExpected = new List<string>();
        foreach (int i in patient)
        {
            tankExpected.Add((count + 10) + " tank " + i);
        }

        var storeLog = log.FindAll(s => s.Contains(" store "));
        var tankLog = log.FindAll(s => s.Contains(" tank "));
        CollectionAssert.AreEqual(expected, storeLog);
        CollectionAssert.AreEqual(tankExpected, tankLog);
        CollectionAssert.AreEqual(new[] { patient.Count + "/" + patient.Count }, waiting);
        Assert.AreEqual(0, store.WaitingGetters);
        Assert.AreEqual(0, tank.WaitingGetters);
    }

    // A chain of any-of conditions, each over the next and an event that never happens, fired from the bottom: every
    // level's value is the bottom event; an event processed between two levels' turns shows in the upper levels' values
    // (the cached value of the level below is not reused then).
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_chain_of_any_of_conditions_flattens_the_events_processed_below_each_level(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        SimEvent bottom = env.Event(), e2 = env.Event(), e1 = env.Event(), e0 = env.Event(), never = env.Event();
        Condition c3 = env.AnyOf(bottom, never);
        Condition c2 = env.AnyOf(c3, e2);
        c2.AddCallback(_ => e2.Succeed("late"));   // e2 is processed after c2, before c1's turn
        Condition c1 = env.AnyOf(c2, e1);
        Condition c0 = env.AnyOf(c1, e0);
        IEnumerator<Yield> Fire()
        {
            yield return Yield.Seconds(1);
            bottom.Succeed("b");
        }

        env.Process(Fire());
        env.Run();
        CollectionAssert.AreEqual(new[] { bottom }, new List<SimEvent>(c3.Results));
        CollectionAssert.AreEqual(new[] { bottom }, new List<SimEvent>(c2.Results));
        CollectionAssert.AreEqual(new[] { bottom, e2 }, new List<SimEvent>(c1.Results));
        CollectionAssert.AreEqual(new[] { bottom, e2 }, new List<SimEvent>(c0.Results));
    }

    [TestMethod]
    public void A_chain_of_any_of_conditions_100000_deep_fired_from_the_bottom_completes() => DeepStructureTests.OnSmallStack(() =>
    {
        using var env = new SimEnvironment();
        SimEvent bottom = env.Event();
        SimEvent top = bottom;
        for (int i = 0; i < Size; i++)
        {
            top = env.AnyOf(top, env.Event());
        }

        ConditionValue? value = null;
        IEnumerator<Yield> Waiter()
        {
            yield return top;
            value = Co.Result<ConditionValue>();
        }

        env.Process(Waiter());
        bottom.Succeed();
        env.Run();
        Assert.AreEqual(1, value!.Count);
        Assert.AreSame(bottom, value[0]);
    });

    [TestMethod]
    public void An_any_of_over_100000_queued_requests_withdraws_them_all() => DeepStructureTests.OnSmallStack(() =>
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        int queuedWhileWaiting = -1;
        IEnumerator<Yield> Holder()
        {
            using (Request r = res.Request())
            {
                yield return r;
                yield return Yield.Seconds(10);
            }
        }

        IEnumerator<Yield> Wide()
        {
            yield return Yield.Seconds(1);
            var legs = new SimEvent[Size + 1];
            for (int i = 0; i < Size; i++)
            {
                legs[i] = res.Request();
            }

            legs[Size] = env.Timeout(1);
            queuedWhileWaiting = res.QueueLength;
            yield return env.AnyOf(legs);
        }

        env.Process(Holder());
        env.Process(Wide());
        env.Run();
        Assert.AreEqual(Size, queuedWhileWaiting);
        Assert.AreEqual(0, res.QueueLength);
        Assert.AreEqual(0, res.Count);
    });

    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(2)]
    public void Reneging_100000_customers_leave_every_kind_of_queue_empty(int kind) => DeepStructureTests.OnSmallStack(() =>
    {
        using var env = new SimEnvironment(seed: 7);
        Resource res = kind == 0 ? new Resource(env, 1) : new PriorityResource(env, 1);
        var store = new Store<int>(env);
        RandomStream patience = env.RandomStream("patience");
        int reneged = 0;
        IEnumerator<Yield> Holder()
        {
            using (Request r = res.Request())
            {
                yield return r;
                yield return Yield.Seconds(1e6);
            }
        }

        IEnumerator<Yield> Customer(double wait)
        {
            if (kind == 2)
            {
                StoreGet<int> get = store.Get();
                yield return env.AnyOf(get, env.Timeout(wait));
                reneged += get.IsTriggered ? 0 : 1;
                yield break;
            }

            using (Request r = res.Request())
            {
                yield return env.AnyOf(r, env.Timeout(wait));
                reneged += r.IsTriggered ? 0 : 1;
            }
        }

        env.Process(Holder());
        for (int i = 0; i < Size; i++)
        {
            env.Process(Customer(patience.Uniform(1, 1000)));
        }

        env.Run();
        Assert.AreEqual(Size, reneged);
        Assert.AreEqual(0, res.QueueLength);
        Assert.AreEqual(0, store.WaitingGetters);
    });

    // A filter store serves any waiting get whose filter matches, so each new get walks every waiting one; with no item
    // in the store none can match and no filter is called, and under SimPy's order the walk is skipped (100,000 gets
    // queued on an empty filter store were quadratic). Items then go to the gets in arrival order, each filter called as
    // SimPy's walk calls it.
    [TestMethod]
    [DataRow(EventOrder.SimPy, 6)]
    [DataRow(EventOrder.Fast, 6)]
    [DataRow(EventOrder.SimPy, Size)]
    public void Gets_queued_on_an_empty_filter_store_are_served_in_arrival_order(EventOrder order, int count)
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var env = new SimEnvironment(order: order);
            var store = new FilterStore<int>(env);
            var got = new List<(int Getter, int Item)>();
            long filterCalls = 0;
            IEnumerator<Yield> Getter(int i)
            {
                yield return store.Get(item => { filterCalls++; return item % 2 == i % 2; }); // even getters take even items
                got.Add((i, Co.Result<int>()));
            }

            IEnumerator<Yield> Producer()
            {
                yield return Yield.Seconds(1);
                for (int item = 0; item < count; item++)
                {
                    yield return store.Put(item);
                }
            }

            for (int i = 0; i < count; i++)
            {
                env.Process(Getter(i));
            }

            env.Process(Producer());
            env.Run();
            Assert.AreEqual(count, got.Count);
            for (int k = 0; k < count; k++)
            {
                Assert.AreEqual(k, got[k].Item);
                Assert.AreEqual(k % 2 == 0 ? k / 2 * 2 : ((k - 1) / 2 * 2) + 1, got[k].Getter); // the oldest waiting getter of its parity
            }

            Assert.AreEqual(0, store.WaitingGetters);
            if (count == 6)
            {
                // Each put's walk finds the oldest waiting get of the item's parity first, and stops once the store is
                // empty: one filter call per item, as in SimPy, whose walk goes on over the other gets calling no filter.
                Assert.AreEqual(6, filterCalls);
            }
        });
    }
}
