using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Whole-simulation snapshots of a small model that uses every kind of state a snapshot saves: plain, priority and
// preemptive resources, a container, plain events triggered by a process, all-of and any-of conditions, timeouts, a
// process waiting for another, interrupts, monitors and random streams. Saved after every second event under both event
// orders, through JSON, restored and run to the end: the log and the final figures equal the uninterrupted run's.
// Then each type's state is checked after a round trip, and every unsavable thing gets its clear error.
[TestClass]
public sealed partial class SimSnapshotTests
{
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void Every_saveable_type_restored_after_every_event_continues_identically(EventOrder order)
    {
        string expected = RunWhole(order);
        foreach (string happens in new[] { "gave up", "preempted by", "supplied", "signal at", "awaiter returned 2", " done" })
        {
            StringAssert.Contains(expected, happens, "the model exercises this within its run");
        }

        var log = new StringWriter { NewLine = "\n" };
        using var env = new SimEnvironment(order: order, seed: 7);
        Workshop model = Workshop.Start(env, log);
        int restores = 0, events = 0;
        while (env.Peek() < Workshop.End)
        {
            env.Step();
            if (++events % 2 != 0)
            {
                continue;
            }

            SimSnapshot snapshot = env.Save(model);
            string json = JsonSerializer.Serialize(snapshot);
            var restoredLog = new StringWriter { NewLine = "\n" };
            restoredLog.Write(log.ToString());
            using SimEnvironment restored = SimEnvironment.Restore(JsonSerializer.Deserialize<SimSnapshot>(json)!, out Workshop copy, new object[] { restoredLog });
            restored.Run(Workshop.End);
            copy.Report(restoredLog);
            Assert.AreEqual(expected, restoredLog.ToString(), order + " order, restored at " + env.Now.ToString("R", CultureInfo.InvariantCulture));
            restores++;
        }

        Assert.IsGreaterThan(30, restores);
    }

    [TestMethod]
    public void Each_type_keeps_its_state_and_identity_through_a_round_trip()
    {
        using var env = new SimEnvironment(seed: 3);
        Workshop model = Workshop.Start(env, TextWriter.Null);
        env.Run(13.5);
        RandomStream stream = env.RandomStream("jobs");
        RandomStream copyOfStream = stream.Clone();
        using SimEnvironment restored = SimEnvironment.Restore(RoundTrip(env.Save(model)), out Workshop copy, new object[] { TextWriter.Null });

        Assert.AreEqual(env.Now, restored.Now);
        Assert.AreEqual(env.Seed, restored.Seed);
        Assert.AreEqual(env.Order, restored.Order);
        Assert.AreEqual(env.Loop.TaskCount, restored.Loop.TaskCount);
        Assert.AreSame(copy.Env, restored, "the model's environment is the restored one");
        Assert.AreSame(restored.RandomStream("jobs"), copy.Jobs, "the environment's stream table and the model share one stream");
        Assert.AreEqual(copyOfStream.NextUInt64(), copy.Jobs.NextUInt64(), "the generator continues where it was");
        Assert.AreEqual(model.Tank.Level, copy.Tank.Level);
        Assert.AreEqual(model.Tank.WaitingGetters, copy.Tank.WaitingGetters);
        Assert.AreEqual(model.Tank.WaitingPutters, copy.Tank.WaitingPutters);
        Assert.AreEqual(model.Desk.Count, copy.Desk.Count);
        Assert.AreEqual(model.Desk.QueueLength, copy.Desk.QueueLength);
        Assert.AreEqual(model.Crane.Count, copy.Crane.Count);
        Assert.AreEqual(model.Crane.QueueLength, copy.Crane.QueueLength);
        Assert.AreEqual(model.Saw.QueueLength, copy.Saw.QueueLength);
        Assert.AreEqual(model.Waits.Count, copy.Waits.Count);
        Assert.AreEqual(model.Waits.Mean, copy.Waits.Mean);
        Assert.AreEqual(model.Waits.Percentile(90), copy.Waits.Percentile(90));
        Assert.AreEqual(model.Busy.Mean, copy.Busy.Mean);
        Assert.AreEqual(model.Busy.Current, copy.Busy.Current);
        Assert.AreEqual(model.Busy.Histogram(4).ToString(), copy.Busy.Histogram(4).ToString());
        Assert.AreEqual(model.Signal.State, copy.Signal.State);
    }

    [TestMethod]
    public void A_compiler_iterator_process_is_named_in_the_error()
    {
        using var env = new SimEnvironment();
        env.Process(PlainIterator(env), "plain");
        env.Run(0.5);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.Save());
        StringAssert.Contains(error.Message, "task 'plain'");
        StringAssert.Contains(error.Message, "compiler iterator");
    }

    [TestMethod]
    public void A_lambda_callback_is_named_in_the_error_with_every_other_offender()
    {
        using var env = new SimEnvironment();
        SimEvent e = env.Event();
        e.AddCallback(_ => { });
        SimTimeout t = env.Timeout(5);
        t.AddCallback(_ => { });
        var parts = new FilterStore<int>(env, name: "parts");
        parts.Get(part => part > 2);
        var holder = new Holder { Event = e, Timeout = t, Store = parts };
        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.Save(holder));
        StringAssert.Contains(error.Message, "3 values cannot be saved");
        StringAssert.Contains(error.Message, "SimEvent [pending] has a callback");
        StringAssert.Contains(error.Message, "Timeout(5) [triggered] has a callback");
        StringAssert.Contains(error.Message, "a delegate");
        StringAssert.Contains(error.Message, "Get from parts");
    }

    [TestMethod]
    public void A_model_class_without_SimModel_is_named_as_the_processes_this()
    {
        using var env = new SimEnvironment();
        var unmarked = new Unmarked(env);
        env.Process(new Unmarked.TickMachine(unmarked), "ticker");
        env.Run(0.5);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.Save());
        StringAssert.Contains(error.Message, "task 'ticker'");
        StringAssert.Contains(error.Message, "field 'this'");
        StringAssert.Contains(error.Message, typeof(Unmarked).FullName!);
    }

    [TestMethod]
    public void A_loop_in_SimPys_order_is_saved_through_its_environment()
    {
        using var env = new SimEnvironment();
        var error = Assert.ThrowsExactly<InvalidOperationException>(() => env.Loop.Save());
        StringAssert.Contains(error.Message, "SimEnvironment's Save()");
    }

    [TestMethod]
    public void The_model_type_is_checked_on_restore()
    {
        using var env = new SimEnvironment();
        Workshop model = Workshop.Start(env, TextWriter.Null);
        SimSnapshot snapshot = env.Save(model);
        Assert.ThrowsExactly<ArgumentException>(() => SimEnvironment.Restore(snapshot, out Holder _));
    }

    private static IEnumerator<Yield> PlainIterator(SimEnvironment env)
    {
        yield return env.Timeout(1);
    }

    private static SimSnapshot RoundTrip(SimSnapshot snapshot) => JsonSerializer.Deserialize<SimSnapshot>(JsonSerializer.Serialize(snapshot))!;

    private static string RunWhole(EventOrder order)
    {
        var log = new StringWriter { NewLine = "\n" };
        using var env = new SimEnvironment(order: order, seed: 7);
        Workshop model = Workshop.Start(env, log);
        env.Run(Workshop.End);
        model.Report(log);
        return log.ToString();
    }

    internal sealed partial class Unmarked
    {
        private readonly SimEnvironment _env;

        public Unmarked(SimEnvironment env) => _env = env;

        [Engine.Coroutine]
        internal IEnumerator<Yield> Tick()
        {
            while (true)
            {
                yield return _env.Timeout(1);
            }
        }
    }

    [SimModel]
    private sealed class Holder
    {
        public SimEvent? Event;
        public SimTimeout? Timeout;
        public Store<int>? Store;
    }
}
