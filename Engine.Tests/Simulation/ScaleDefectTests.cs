using System.Collections.Generic;
using Engine.Simulation;
using Engine.Tests.Core;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// Shapes that were slower than linear or grew without bound: a priority resource held while its customers renege
// (withdrawn requests stayed in its heap until they reached the top), 100,000 processes interrupted at one time (the
// ready queue was searched for each, and it holds the turn of each one already finished), and a chain of any-of
// conditions with another event processed between every level (each level walked the chain below). The small runs pin
// the order; the large ones check every count and the memory the queue keeps.
[TestClass]
public sealed class ScaleDefectTests
{
    private const int Size = 100_000;

    // Requests with scrambled priorities queue for a held priority (or preemptive) resource; most renege, from anywhere
    // in the heap, past the point where the heap drops them; then the holder leaves: the others are granted by
    // (priority, arrival), exactly as a heap that kept the withdrawn ones skips them.
    [TestMethod]
    [DataRow(false, 10, EventOrder.SimPy)]
    [DataRow(true, 10, EventOrder.SimPy)]
    [DataRow(false, 500, EventOrder.SimPy)]
    [DataRow(true, 500, EventOrder.SimPy)]
    [DataRow(false, 500, EventOrder.Fast)]
    [DataRow(true, 500, EventOrder.Fast)]
    public void Priority_requests_left_after_most_renege_are_granted_by_priority_then_arrival(bool preemptive, int count, EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        PriorityResource res = preemptive ? new PreemptiveResource(env, 1) : new PriorityResource(env, 1);
        var granted = new List<int>();
        var requests = new Request[count];
        var entries = new List<int>();
        IEnumerator<Yield> Holder()
        {
            using (Request r = res.Request(-1))
            {
                yield return r;
                yield return Yield.Seconds(10);
            }
        }

        IEnumerator<Yield> Customer(int i)
        {
            yield return Yield.Seconds(1 + (i % 3));   // three arrival times, so time breaks some ties
            using (Request r = res.Request(i * 7 % 5, preempt: false))
            {
                requests[i] = r;
                yield return Yield.Seconds(100 - env.Now);   // wait until the reneger has run
                if (r.State == RequestState.Cancelled)
                {
                    yield break;
                }

                yield return r;
                granted.Add(i);
                yield return Yield.Seconds(0.001);
            }
        }

        IEnumerator<Yield> Reneger()
        {
            yield return Yield.Seconds(5);
            for (int k = 0; k < count; k++)
            {
                int i = k * 37 % count;   // scrambled: from the top, the middle and the bottom of the heap
                if (i % 4 != 0)
                {
                    requests[i].Cancel();
                }
            }

            entries.Add(res.QueueLength);
            entries.Add(res.HeapEntries);
        }

        env.Process(Holder());
        for (int i = 0; i < count; i++)
        {
            env.Process(Customer(i));
        }

        env.Process(Reneger());
        env.Run();
        var expected = new List<int>();
        for (int i = 0; i < count; i++)
        {
            if (i % 4 == 0)
            {
                expected.Add(i);
            }
        }

        // By priority, then request time (1 + i % 3), then arrival (i).
        expected.Sort((a, b) =>
        {
            int c = (a * 7 % 5).CompareTo(b * 7 % 5);
            if (c != 0)
            {
                return c;
            }

            c = (a % 3).CompareTo(b % 3);
            return c != 0 ? c : a.CompareTo(b);
        });
        CollectionAssert.AreEqual(expected, granted);
        Assert.AreEqual(expected.Count, entries[0]);
        Assert.IsTrue(entries[1] <= (2 * expected.Count) + 33, "the heap kept " + entries[1] + " entries for " + expected.Count + " waiting requests");
        Assert.AreEqual(0, res.QueueLength);
    }

    // A busy server with impatient customers: the resource stays held while 100,000 customers renege; the heap keeps
    // about as many entries as customers still waiting, not one per customer that ever came.
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_held_priority_resource_keeps_entries_for_the_waiting_customers_only(bool preemptive) => DeepStructureTests.OnSmallStack(() =>
    {
        using var env = new SimEnvironment(seed: 3);
        PriorityResource res = preemptive ? new PreemptiveResource(env, 1) : new PriorityResource(env, 1);
        RandomStream rng = env.RandomStream("customers");
        int reneged = 0, maxEntries = 0, maxWaiting = 0;
        IEnumerator<Yield> Holder()
        {
            using (Request r = res.Request(-1))
            {
                yield return r;
                yield return Yield.Seconds(1e7);
            }
        }

        IEnumerator<Yield> Customer(int priority)
        {
            using (Request r = res.Request(priority, preempt: false))
            {
                yield return env.AnyOf(r, env.Timeout(rng.Uniform(1, 20)));
                reneged += r.IsTriggered ? 0 : 1;
            }
        }

        IEnumerator<Yield> Source()
        {
            for (int i = 0; i < Size; i++)
            {
                env.Process(Customer((int)rng.Integer(0, 9)));
                yield return Yield.Seconds(rng.Exponential(1.0));
                maxEntries = System.Math.Max(maxEntries, res.HeapEntries);
                maxWaiting = System.Math.Max(maxWaiting, res.QueueLength);
            }
        }

        env.Process(Holder());
        env.Process(Source());
        env.Run();
        Assert.AreEqual(Size, reneged);
        Assert.AreEqual(0, res.QueueLength);
        Assert.IsTrue(maxWaiting < 100, "at most about 20 customers wait at a time, " + maxWaiting + " did");
        Assert.IsTrue(maxEntries <= (2 * maxWaiting) + 33, "the heap kept " + maxEntries + " entries for at most " + maxWaiting + " waiting customers");
    });

    // Interrupts delivered to many processes at one time: each is received at its wait, in the order given, and the
    // processes' ends follow in that order.
    [TestMethod]
    [DataRow(EventOrder.SimPy, 5)]
    [DataRow(EventOrder.Fast, 5)]
    [DataRow(EventOrder.SimPy, Size)]
    [DataRow(EventOrder.Fast, Size)]
    public void Interrupts_delivered_to_many_processes_at_one_time_arrive_in_order(EventOrder order, int count) => DeepStructureTests.OnSmallStack(() =>
    {
        using var env = new SimEnvironment(order: order);
        var procs = new SimProcess[count];
        var log = new List<int>(2 * count);
        IEnumerator<Yield> Worker(int i)
        {
            yield return Sim.Interruptible(Yield.Seconds(1000));
            if (Sim.Interrupted(out InterruptException? interrupt) && (int)interrupt!.Cause! == i)
            {
                log.Add(i);
            }
        }

        IEnumerator<Yield> Boss()
        {
            yield return Yield.Seconds(1);
            for (int i = count - 1; i >= 0; i--)
            {
                procs[i].Interrupt(i);
            }
        }

        for (int i = 0; i < count; i++)
        {
            procs[i] = env.Process(Worker(i));
        }

        IEnumerator<Yield> Watcher()
        {
            // Waits for every worker's end: under SimPy's order each end takes its turn in the queue.
            for (int i = 0; i < count; i++)
            {
                yield return procs[i];
            }

            log.Add(-1);
        }

        env.Process(Boss());
        env.Process(Watcher());
        env.Run();
        Assert.AreEqual(count + 1, log.Count);
        for (int k = 0; k < count; k++)
        {
            Assert.AreEqual(count - 1 - k, log[k]);
        }

        Assert.AreEqual(-1, log[count]);
    });

    // A chain of any-of conditions 100,000 deep, each over the next and an event that never happens, fired from the
    // bottom, with another event processed between every two levels' turns: every level's value is the bottom event.
    [TestMethod]
    [DataRow(EventOrder.SimPy, 4)]
    [DataRow(EventOrder.Fast, 4)]
    [DataRow(EventOrder.SimPy, Size)]
    [DataRow(EventOrder.Fast, Size)]
    public void A_chain_of_any_of_conditions_with_other_events_processed_between_the_levels_builds_each_value(EventOrder order, int depth) => DeepStructureTests.OnSmallStack(() =>
    {
        using var env = new SimEnvironment(order: order);
        SimEvent bottom = env.Event();
        var levels = new Condition[depth];
        SimEvent below = bottom;
        int others = 0;
        for (int i = 0; i < depth; i++)
        {
            Condition c = env.AnyOf(below, env.Event());
            SimEvent other = env.Event();
            other.AddCallback(_ => others++);
            c.AddCallback(_ => other.Succeed());   // processed before the next level's turn
            levels[i] = c;
            below = c;
        }

        IEnumerator<Yield> Fire()
        {
            yield return Yield.Seconds(1);
            bottom.Succeed("b");
        }

        env.Process(Fire());
        env.Run();
        Assert.AreEqual(depth, others);
        foreach (Condition c in levels)
        {
            Assert.AreEqual(1, c.Results.Count);
            Assert.AreSame(bottom, c.Results[0]);
            Assert.AreEqual("b", c.Results[bottom]);
        }
    });

    // The same chain where the event processed between two levels is one of the chain's own: it shows in the values of
    // the levels above it, and only there.
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_chain_level_sees_the_events_below_it_processed_after_the_level_below_was_built(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        const int depth = 8;
        SimEvent bottom = env.Event();
        var sides = new SimEvent[depth];
        var levels = new Condition[depth];
        SimEvent below = bottom;
        for (int i = 0; i < depth; i++)
        {
            sides[i] = env.Event();
            levels[i] = env.AnyOf(below, sides[i]);
            below = levels[i];
        }

        // Levels 2 and 5 each fire their own side event once processed. Level 3 was triggered by level 2 before that
        // (its callback on level 2 came first), so its turn comes before the side event's and it does not see it; the
        // levels from 4 up are triggered after and see it (SimPy walks the whole chain below at each level).
        levels[2].AddCallback(_ => sides[2].Succeed());
        levels[5].AddCallback(_ => sides[5].Succeed());
        bottom.Succeed();
        env.Run();
        for (int i = 0; i < depth; i++)
        {
            var expected = new List<SimEvent> { bottom };
            if (i > 3)
            {
                expected.Add(sides[2]);
            }

            if (i > 6)
            {
                expected.Add(sides[5]);
            }

            CollectionAssert.AreEqual(expected, new List<SimEvent>(levels[i].Results), "level " + i);
        }
    }
}
