using System;
using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// Issue 11's bad input list: each gets a clear exception naming the problem, and the simulation keeps running the
// other processes (a bystander process runs to its end in every scenario).
[TestClass]
public sealed class SimBadInputTests
{
    [TestMethod]
    public void Negative_or_zero_capacities_are_refused()
    {
        using var env = new SimEnvironment();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Resource(env, -1)).Message, "capacity");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new PriorityResource(env, 0)).Message, "capacity");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Store<int>(env, -5)).Message, "capacity");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Container(env, -10)).Message, "capacity");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Container(env, 10, initial: 11)).Message, "initial level");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Container(env, 10, initial: -1)).Message, "initial level");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new Container(env, 10, initial: 1.5, discrete: true)).Message, "whole");
        Assert.ThrowsExactly<ArgumentException>(() => new ResourcePool<string>(env, Array.Empty<string>()));
    }

    [TestMethod]
    public void Bad_container_amounts_fail_the_process_that_asked_and_the_others_go_on()
    {
        using var env = new SimEnvironment();
        var tank = new Container(env, capacity: 100, initial: 50);
        var discrete = new Container(env, capacity: 10, discrete: true);
        var errors = new List<string>();
        IEnumerator<Yield> Bad(Func<SimEvent> op)
        {
            yield return Yield.Seconds(1);
            yield return op();
        }

        SimProcess[] bad =
        {
            env.Process(Bad(() => tank.Get(-5))),
            env.Process(Bad(() => tank.Put(0))),
            env.Process(Bad(() => tank.Get(150))),
            env.Process(Bad(() => tank.Put(101))),
            env.Process(Bad(() => discrete.Put(0.5))),
        };
        SimProcess bystander = env.Process(Bystander(env));
        env.Run();
        foreach (SimProcess p in bad)
        {
            Assert.IsTrue(p.Task.IsFailed);
            errors.Add(p.Task.Exception!.Message);
        }

        StringAssert.Contains(errors[0], "greater than zero");
        StringAssert.Contains(errors[1], "greater than zero");
        StringAssert.Contains(errors[2], "exceeds its capacity 100");
        StringAssert.Contains(errors[3], "exceeds its capacity 100");
        StringAssert.Contains(errors[4], "whole amounts");
        Assert.AreEqual("done", bystander.Value);
        Assert.AreEqual(50, tank.Level);
    }

    [TestMethod]
    public void Releasing_another_process_request_fails_that_process_only()
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        Request stolen = default;
        IEnumerator<Yield> Owner()
        {
            using (Request req = res.Request())
            {
                stolen = req;
                yield return req;
                yield return Yield.Seconds(5);
            }
        }

        IEnumerator<Yield> Thief()
        {
            yield return Yield.Seconds(1);
            stolen.Dispose();
        }

        SimProcess owner = env.Process(Owner(), "owner");
        SimProcess thief = env.Process(Thief(), "thief");
        SimProcess bystander = env.Process(Bystander(env));
        env.Run(until: 2);
        Assert.IsTrue(thief.Task.IsFailed);
        StringAssert.Contains(thief.Task.Exception!.Message, "Only the process that made a request may release it");
        StringAssert.Contains(thief.Task.Exception!.Message, "'owner'");
        Assert.AreEqual(1, res.Count, "the owner still holds the unit");
        env.Run();
        Assert.IsTrue(owner.Task.IsSucceeded);
        Assert.AreEqual(0, res.Count);
        Assert.AreEqual("done", bystander.Value);
    }

    [TestMethod]
    public void Interrupting_a_finished_process_or_itself_is_refused()
    {
        using var env = new SimEnvironment();
        SimProcess quick = env.Process(Quick());
        string? selfError = null;
        SimProcess self = default;
        IEnumerator<Yield> Selfish()
        {
            yield return Yield.Seconds(1);
            try
            {
                self.Interrupt("me");
            }
            catch (InvalidOperationException e)
            {
                selfError = e.Message;
            }
        }

        self = env.Process(Selfish(), "selfish");
        SimProcess late = env.Process(InterruptLater(quick));
        SimProcess bystander = env.Process(Bystander(env));
        env.Run();
        StringAssert.Contains(selfError, "tried to interrupt itself");
        Assert.IsTrue(late.Task.IsFailed);
        StringAssert.Contains(late.Task.Exception!.Message, "has finished and cannot be interrupted");
        Assert.AreEqual("done", bystander.Value);
    }

    [TestMethod]
    public void Distribution_with_invalid_parameters_fails_the_drawing_process_only()
    {
        using var env = new SimEnvironment(seed: 3);
        RandomStream rng = env.RandomStream("r");
        IEnumerator<Yield> Drawer()
        {
            yield return Yield.Seconds(rng.ExponentialRate(-2));
        }

        SimProcess drawer = env.Process(Drawer());
        SimProcess bystander = env.Process(Bystander(env));
        env.Run();
        StringAssert.Contains(drawer.Task.Exception!.Message, "rate");
        Assert.AreEqual("done", bystander.Value);
    }

    [TestMethod]
    public void A_random_stream_requested_after_the_run_started_is_refused()
    {
        using var env = new SimEnvironment(seed: 3);
        env.RandomStream("declared");
        IEnumerator<Yield> Late()
        {
            yield return Yield.Seconds(1);
            env.RandomStream("declared").NextDouble();   // existing streams are fine
            env.RandomStream("new");
        }

        SimProcess late = env.Process(Late());
        SimProcess bystander = env.Process(Bystander(env));
        env.Run();
        StringAssert.Contains(late.Task.Exception!.Message, "Random stream 'new' was requested after the simulation started");
        Assert.AreEqual("done", bystander.Value);
    }

    [TestMethod]
    public void Other_misuse_gets_clear_exceptions()
    {
        using var env = new SimEnvironment();
        using var other = new SimEnvironment();
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Run(until: 0)).Message, "after the current simulated time");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => env.Timeout(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SimEnvironment(initialTime: double.NaN));
        SimEvent e = env.Event().Succeed(1);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => e.Succeed(2)).Message, "already been triggered");
        Assert.ThrowsExactly<ArgumentNullException>(() => env.Event().Fail(null!));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => env.AnyOf(e, other.Event())).Message, "another simulation environment");
        Assert.ThrowsExactly<ArgumentException>(() => env.AllOf(e, null!));
        using (var empty = new SimEnvironment())
        {
            StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => empty.Step()).Message, "No event is left");
        }

        Assert.ThrowsExactly<InvalidOperationException>(() => default(SimProcess).Interrupt());
        Assert.ThrowsExactly<InvalidOperationException>(() => env.Event().Value);
        SimEvent never = env.Event();
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => env.Run(until: never)).Message, "has not happened");
    }

    [TestMethod]
    public void Waiting_for_a_cancelled_request_or_another_environment_s_event_fails_clearly()
    {
        using var env = new SimEnvironment();
        using var other = new SimEnvironment();
        var res = new Resource(env, 1);
        SimEvent foreign = other.Event();
        IEnumerator<Yield> Canceller()
        {
            using (Request r = res.Request())
            {
                r.Cancel();
                yield return r;
            }
        }

        IEnumerator<Yield> Foreign()
        {
            yield return foreign;
        }

        env.Process(Hold(res, 10));
        SimProcess canceller = env.Process(Canceller());
        SimProcess stranger = env.Process(Foreign());
        env.Run();
        StringAssert.Contains(canceller.Task.Exception!.Message, "was cancelled before it was granted");
        StringAssert.Contains(stranger.Task.Exception!.Message, "another simulation environment");
    }

    internal static IEnumerator<Yield> Bystander(SimEnvironment env)
    {
        for (int i = 0; i < 3; i++)
        {
            yield return env.Timeout(1);
        }

        yield return Yield.Return("done");
    }

    // Holds one unit of res for a while.
    internal static IEnumerator<Yield> Hold(Resource res, double seconds)
    {
        using (Request r = res.Request())
        {
            yield return r;
            yield return Yield.Seconds(seconds);
        }
    }

    private static IEnumerator<Yield> Quick()
    {
        yield return Yield.Seconds(0.5);
    }

    private static IEnumerator<Yield> InterruptLater(SimProcess target)
    {
        yield return Yield.Seconds(1);
        target.Interrupt("too late");
    }
}
