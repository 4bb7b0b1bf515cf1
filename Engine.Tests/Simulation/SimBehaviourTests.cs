using System;
using System.Collections.Generic;
using Engine.Simulation;
using Engine.Tests.Docs;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

[TestClass]
public sealed class SimBehaviourTests
{
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_reneging_customer_leaves_no_stale_request_even_without_using(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var res = new Resource(env, 1);
        var log = new List<string>();
        IEnumerator<Yield> Impatient()
        {
            Request r = res.Request();   // no using: the any-of still withdraws it
            yield return r | env.Timeout(2);
            log.Add("reneged, queue " + res.QueueLength + ", state " + r.State);
        }

        IEnumerator<Yield> Patient()
        {
            yield return Yield.Seconds(1);
            using (Request r = res.Request())
            {
                yield return r;
                log.Add("patient served at " + env.Now);
            }
        }

        env.Process(SimBadInputTests.Hold(res, 10));
        env.Process(Impatient());
        env.Process(Patient());
        env.Run();
        CollectionAssert.AreEqual(new[] { "reneged, queue 1, state Cancelled", "patient served at 10" }, log);
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void A_get_that_timed_out_in_an_any_of_does_not_steal_a_later_item(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var store = new Store<string>(env);
        var tank = new Container(env, 100);
        string? got = null;
        IEnumerator<Yield> GiveUp()
        {
            yield return store.Get() | env.Timeout(1);
            yield return tank.Get(10) | env.Timeout(1);
        }

        IEnumerator<Yield> Later()
        {
            yield return Yield.Seconds(3);
            store.Put("item");
            tank.Put(10);
            yield return store.Get();
            got = Co.Result<string>();
            yield return tank.Get(10);
        }

        env.Process(GiveUp());
        SimProcess later = env.Process(Later());
        env.Run();
        Assert.AreEqual("item", got);
        Assert.IsTrue(later.Task.IsSucceeded);
        Assert.AreEqual(0, store.WaitingGetters);
        Assert.AreEqual(0, tank.Level);
    }

    [TestMethod]
    public void A_process_killed_while_it_waits_for_a_request_withdraws_it()
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        IEnumerator<Yield> Waiter()
        {
            using (Request r = res.Request())
            {
                yield return r;
                Assert.Fail("never granted");
            }
        }

        env.Process(SimBadInputTests.Hold(res, 10));
        SimProcess waiter = env.Process(Waiter());
        env.Run(until: 1);
        Assert.AreEqual(1, res.QueueLength);
        waiter.Task.Kill();
        Assert.AreEqual(0, res.QueueLength);
        env.Run();
        Assert.AreEqual(0, res.Count);
    }

    [TestMethod]
    public void Conditions_fail_with_a_failed_event_and_combine_futures_and_processes()
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        IEnumerator<Yield> Child()
        {
            yield return Yield.Seconds(2);
            yield return Yield.Return("child");
        }

        IEnumerator<Yield> Main()
        {
            SimEvent bad = env.Event();
            bad.Fail(new InvalidOperationException("broken"));
            yield return Co.Catch(env.AllOf(env.Timeout(1), bad).ToYield());
            log.Add("all-of failed with " + Co.Exception?.Message);
            var future = new Future<int>(env.Loop);
            env.Loop.CallLater(1, () => future.SetResult(7));
            SimProcess child = env.Process(Child());
            yield return env.AllOf(env.FromFuture(future), child);
            ConditionValue v = Co.Result<ConditionValue>();
            log.Add("both at " + env.Now + ": " + v.Count + " " + v[child.AsEvent()]);
            yield return env.AnyOf(child, env.Timeout(5));
            log.Add("child already done: " + Co.Result<ConditionValue>().Contains(child));
        }

        env.Process(Main());
        env.Run();
        CollectionAssert.AreEqual(new[] { "all-of failed with broken", "both at 2: 2 child", "child already done: True" }, log);
    }

    [TestMethod]
    public void An_interrupt_nobody_receives_fails_the_process_and_reaches_its_waiter()
    {
        using var env = new SimEnvironment();
        Exception? seen = null;
        IEnumerator<Yield> Worker()
        {
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Boss(SimProcess worker)
        {
            yield return Yield.Seconds(1);
            worker.Interrupt("stop");
            yield return Co.Catch(worker.ToYieldForTest());
            seen = Co.Exception;
        }

        SimProcess w = env.Process(Worker(), "worker");
        env.Process(Boss(w));
        env.Run();
        Assert.IsInstanceOfType<InterruptException>(seen);
        Assert.AreEqual("stop", ((InterruptException)seen!).Cause);
        StringAssert.Contains(seen!.Message, "Process 'worker' was interrupted (cause: stop)");
        Assert.IsTrue(w.Task.IsFailed);
    }

    [TestMethod]
    public void Interruptible_receives_interrupts_only()
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        IEnumerator<Yield> Failing()
        {
            yield return Yield.Seconds(1);
            throw new InvalidOperationException("not an interrupt");
        }

        IEnumerator<Yield> Worker()
        {
            yield return Sim.Interruptible(Yield.Seconds(1));
            log.Add("first wait interrupted: " + Sim.Interrupted(out _));
            yield return Sim.Interruptible(Yield.From(Failing()));
            log.Add("unreachable");
        }

        SimProcess w = env.Process(Worker());
        env.Run();
        CollectionAssert.AreEqual(new[] { "first wait interrupted: False" }, log);
        Assert.AreEqual("not an interrupt", w.Task.Exception!.Message);
    }

    [TestMethod]
    public void Run_control_steps_peeks_starts_late_and_runs_until_an_event()
    {
        using var env = new SimEnvironment(initialTime: 100);
        var log = new List<string>();
        IEnumerator<Yield> P()
        {
            log.Add("start " + env.Now);
            yield return Yield.Seconds(5);
            log.Add("woke " + env.Now);
            yield return Yield.Return(42);
        }

        SimProcess p = env.Process(P());
        Assert.AreEqual(100, env.Peek());
        env.Step();
        CollectionAssert.AreEqual(new[] { "start 100" }, log);
        Assert.AreEqual(105, env.Peek());
        Assert.AreEqual(42, env.Run(p));
        Assert.AreEqual(105, env.Now);
        Assert.IsTrue(env.HasStarted);
        SimEvent failing = env.Timeout(1);
        failing.AddCallback(_ => { });
        SimEvent boom = env.Event();
        failing.AddCallback(_ => boom.Fail(new TimeoutException("boom")));
        Assert.ThrowsExactly<TimeoutException>(() => env.Run(boom));
        env.Run(until: 200);
        Assert.AreEqual(200, env.Now);
        Assert.AreEqual(double.PositiveInfinity, env.Peek());
    }

    [TestMethod]
    public void A_resource_pool_hands_out_matching_objects_and_takes_them_back()
    {
        using var env = new SimEnvironment();
        var rooms = new ResourcePool<int>(env, new[] { 1, 2, 4 }, "rooms") { WaitingTimeMonitor = new SampleMonitor("wait") };
        var log = new List<string>();
        IEnumerator<Yield> Guest(string name, int beds, double arrive, double stay)
        {
            yield return Yield.Seconds(arrive);
            using (PoolRequest<int> req = rooms.Request(r => r >= beds))
            {
                yield return req;
                log.Add(env.Now + " " + name + " gets room " + Co.Result<int>());
                yield return Yield.Seconds(stay);
            }
        }

        env.Process(Guest("a", 4, 0, 5));
        env.Process(Guest("b", 3, 1, 1));
        env.Process(Guest("c", 1, 2, 1));
        env.Process(Guest("d", 1, 2, 1));
        env.Process(Guest("e", 1, 2, 1));
        env.Run();
        CollectionAssert.AreEqual(new[] { "0 a gets room 4", "2 c gets room 1", "2 d gets room 2", "3 e gets room 1", "5 b gets room 4" }, log);
        Assert.AreEqual(3, rooms.Count);
        Assert.AreEqual(5, rooms.WaitingTimeMonitor.Count);
    }

    [TestMethod]
    public void Same_seed_same_results_and_resource_monitors()
    {
        (double Util, double Queue, double Wait, long Count) Run()
        {
            using var env = new SimEnvironment(seed: 11);
            var server = new Resource(env, 1)
            {
                UtilizationMonitor = new TimeSeriesMonitor(env, "util"),
                QueueLengthMonitor = new TimeSeriesMonitor(env, "queue"),
                WaitingTimeMonitor = new SampleMonitor("wait"),
            };
            env.Process(SimulationSnippets.ServerSource(env, server, env.RandomStream("arrivals"), env.RandomStream("service"), 20_000));
            env.Run();
            return (server.UtilizationMonitor.Mean, server.QueueLengthMonitor.Mean, server.WaitingTimeMonitor.Mean, server.WaitingTimeMonitor.Count);
        }

        var first = Run();
        var second = Run();
        Assert.AreEqual(first, second);
        Assert.AreEqual(20_000, first.Count);
        Assert.AreEqual(0.8, first.Util, 0.03);
        Assert.AreEqual(3.2, first.Wait, 0.8, "M/M/1 mean wait in queue is rho/(mu - lambda) = 3.2");
    }

    [TestMethod]
    public void Requesting_and_releasing_allocates_nothing_in_steady_state()
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        IEnumerator<Yield> User()
        {
            while (true)
            {
                using (Request r = res.Request())
                {
                    yield return r;
                    yield return Yield.Seconds(1);
                }
            }
        }

        env.Process(User());
        env.Process(User());
        env.Run(until: 1000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        env.Run(until: 11_000);
        long bytes = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0, bytes, "10,000 request/wait/release cycles allocated " + bytes + " bytes");
    }

    [TestMethod]
    public void A_released_request_handle_is_spent()
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        Request kept = default;
        IEnumerator<Yield> User()
        {
            using (Request r = res.Request())
            {
                kept = r;
                yield return r;
            }

            yield return Yield.Seconds(1);
            using (Request again = res.Request())
            {
                yield return again;
            }
        }

        env.Process(User());
        env.Run();
        Assert.IsTrue(kept.IsSpent);
        kept.Dispose();   // releasing again does nothing
        StringAssert.Contains(Assert.ThrowsExactly<ObjectDisposedException>(() => _ = kept.State).Message, "was released");
    }
}

internal static class SimProcessTestExtensions
{
    public static Yield ToYieldForTest(this SimProcess process) => process;
}
