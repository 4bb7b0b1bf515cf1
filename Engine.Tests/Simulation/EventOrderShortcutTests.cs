using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// SimPy's order with the loop's shortcuts (EventLoop.EventOrder.cs): a finished process's turn kept out of the queue
// until something asks for its event, and a triggered event that comes next taken in place by its only waiter. Each
// model runs with Run (shortcuts on) and with Step (one event at a time, shortcuts off); the logs are what SimPy 4.1
// prints for the same model, worked out from its rules (schedule order, callbacks in order, urgent process starts).
[TestClass]
public sealed class EventOrderShortcutTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_process_asked_for_after_it_finished_but_before_its_turn_resumes_its_waiter_at_that_turn(bool stepping)
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        SimProcess a = env.Process(Ends(env, 1));
        env.Process(WaitsFor(env, a, "B", log));
        env.Process(Logs(env, "C", log));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "C at 1", "B sees its process at 1" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Two_finished_processes_keep_the_order_of_their_turns_when_asked_for_in_the_other_order(bool stepping)
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        SimProcess a1 = env.Process(Ends(env, 1));
        SimProcess a2 = env.Process(Ends(env, 1));
        env.Process(WaitsFor(env, a2, "B", log));
        env.Process(LogsThenWaitsFor(env, a1, "C", log));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "C at 1", "C sees its process at 1", "B sees its process at 1" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_process_that_finished_in_an_earlier_run_is_processed_for_a_later_waiter(bool stepping)
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        SimProcess a = env.Process(Ends(env, 1));
        env.Run(2);
        Assert.IsFalse(a.IsAlive);
        env.Process(WaitsFor(env, a, "B", log));
        env.Process(Logs(env, "C", log));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "B sees its process at 3", "C at 3" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_waiter_resumed_by_an_event_with_other_waiters_does_not_take_its_grant_ahead_of_them(bool stepping)
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        var server = new Resource(env, 1);
        SimEvent signal = env.Event();
        env.Process(RequestsAfter(signal, server, "X", log, env));
        env.Process(LogsAfter(signal, "Y", log, env));
        env.Process(Signals(env, signal));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "Y at 1", "X granted at 1" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_grant_queued_behind_other_events_waits_for_its_turn(bool stepping)
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        var server = new Resource(env, 1);
        env.Process(RequestsAt(env, 1, server, "X", log));
        env.Process(Logs(env, "Y", log));
        env.Process(RequestsAt(env, 1, server, "Z", log));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "Y at 1", "X granted at 1", "X released at 1", "Z granted at 1", "Z released at 1" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_release_turn_grants_the_next_waiter_which_runs_before_later_events(bool stepping)
    {
        // SimPy: Y's timeout (made at 0) fires before H's (made at H's grant); H's release event is processed at 2 and
        // grants W's request, whose event is processed next; W releases at once and its release grants V.
        using var env = new SimEnvironment();
        var log = new List<string>();
        var server = new Resource(env, 1);
        env.Process(Holds(env, server, "H", 2, log));
        env.Process(Holds(env, server, "W", 0, log));
        env.Process(Holds(env, server, "V", 1, log));
        env.Process(LogsAt(env, 2, "Y", log));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "H granted at 0", "Y at 2", "H released at 2", "W granted at 2", "W released at 2", "V granted at 2", "V released at 3" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_grant_made_by_a_release_turn_waits_behind_events_triggered_before_that_turn(bool stepping)
    {
        // H releases and then, in the same step, triggers the event Y waits for: the release is queued first, Y's event
        // second, so W's grant (queued when the release is processed) comes after Y resumes.
        using var env = new SimEnvironment();
        var log = new List<string>();
        var server = new Resource(env, 1);
        SimEvent signal = env.Event();
        env.Process(HoldsThenSignals(env, server, signal, log));
        env.Process(Holds(env, server, "W", 0, log));
        env.Process(LogsAfter(signal, "Y", log, env));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "H granted at 0", "H released at 1", "Y at 1", "W granted at 1", "W released at 1" }, log);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_queue_length_monitor_sees_the_served_request_leave_before_its_process_goes_on(bool stepping)
    {
        // The grant taken at the release's turn runs its waiter only after the resource has finished serving: the waiter
        // sees itself out of the queue and among the users, as at the grant's own turn.
        using var env = new SimEnvironment();
        var log = new List<string>();
        var server = new Resource(env, 1) { QueueLengthMonitor = new TimeSeriesMonitor(env) };
        env.Process(Holds(env, server, "H", 1, log));
        env.Process(Holds(env, server, "W", 0, log));
        env.Process(Holds(env, server, "V", 0, log));
        env.Process(Watches(env, server, log));
        RunOrStep(env, stepping);
        CollectionAssert.AreEqual(new[] { "H granted at 0, 2 waiting", "H released at 1", "W granted at 1, 1 waiting", "W released at 1", "V granted at 1, 0 waiting", "V released at 1" }, log);
        Assert.AreEqual(0, server.QueueLength);
        Assert.AreEqual(0, server.Count);
    }

    [TestMethod]
    public void A_failed_event_taken_in_place_is_received_by_its_waiter_and_not_reported()
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        int reported = 0;
        env.Loop.ExceptionHandler = _ => reported++;
        IEnumerator<Yield> Fails()
        {
            yield return Yield.Seconds(1);
            SimEvent e = env.Event();
            e.Fail(new System.InvalidOperationException("boom"));
            yield return Yield.Catch(WaitFor(e));
            log.Add(Co.Exception?.Message + " at " + env.Now);
        }

        env.Process(Fails());
        env.Run();
        CollectionAssert.AreEqual(new[] { "boom at 1" }, log);
        Assert.AreEqual(0, reported);
    }

    private static IEnumerator<Yield> WaitFor(SimEvent e)
    {
        yield return e;
    }

    private static void RunOrStep(SimEnvironment env, bool stepping)
    {
        if (!stepping)
        {
            env.Run();
            return;
        }

        for (int i = 0; i < 1000 && !double.IsPositiveInfinity(env.Peek()); i++)
        {
            env.Step();
        }

        Assert.IsTrue(double.IsPositiveInfinity(env.Peek()));
    }

    private static IEnumerator<Yield> Ends(SimEnvironment env, double at)
    {
        yield return Yield.Seconds(at - env.Now);
    }

    private static IEnumerator<Yield> WaitsFor(SimEnvironment env, SimProcess process, string name, List<string> log)
    {
        yield return Yield.Seconds(1);
        yield return process;
        log.Add(name + " sees its process at " + env.Now);
    }

    private static IEnumerator<Yield> LogsThenWaitsFor(SimEnvironment env, SimProcess process, string name, List<string> log)
    {
        yield return Yield.Seconds(1);
        log.Add(name + " at " + env.Now);
        yield return process;
        log.Add(name + " sees its process at " + env.Now);
    }

    private static IEnumerator<Yield> Logs(SimEnvironment env, string name, List<string> log)
    {
        yield return Yield.Seconds(1);
        log.Add(name + " at " + env.Now);
    }

    private static IEnumerator<Yield> RequestsAfter(SimEvent signal, Resource server, string name, List<string> log, SimEnvironment env)
    {
        yield return signal;
        using (Request r = server.Request())
        {
            yield return r;
            log.Add(name + " granted at " + env.Now);
        }
    }

    private static IEnumerator<Yield> LogsAfter(SimEvent signal, string name, List<string> log, SimEnvironment env)
    {
        yield return signal;
        log.Add(name + " at " + env.Now);
    }

    private static IEnumerator<Yield> Signals(SimEnvironment env, SimEvent signal)
    {
        yield return Yield.Seconds(1);
        signal.Succeed();
    }

    private static IEnumerator<Yield> Holds(SimEnvironment env, Resource server, string name, double hold, List<string> log)
    {
        using (Request r = server.Request())
        {
            yield return r;
            Assert.AreEqual(1, server.Count, name + " holds the unit");
            if (server.QueueLengthMonitor is { } queue)
            {
                Assert.AreEqual(server.QueueLength, queue.Current, "the monitor follows the queue");
                log.Add(name + " granted at " + env.Now + ", " + server.QueueLength + " waiting");
            }
            else
            {
                log.Add(name + " granted at " + env.Now);
            }

            if (hold > 0)
            {
                yield return Yield.Seconds(hold);
            }
        }

        log.Add(name + " released at " + env.Now);
    }

    private static IEnumerator<Yield> HoldsThenSignals(SimEnvironment env, Resource server, SimEvent signal, List<string> log)
    {
        using (Request r = server.Request())
        {
            yield return r;
            log.Add("H granted at " + env.Now);
            yield return Yield.Seconds(1);
        }

        log.Add("H released at " + env.Now);
        signal.Succeed();
    }

    private static IEnumerator<Yield> LogsAt(SimEnvironment env, double at, string name, List<string> log)
    {
        yield return Yield.Seconds(at);
        log.Add(name + " at " + env.Now);
    }

    private static IEnumerator<Yield> Watches(SimEnvironment env, Resource server, List<string> log)
    {
        yield return Yield.Seconds(0.5);
        Assert.AreEqual(2, server.QueueLength);
        Assert.AreEqual(2, server.QueueLengthMonitor!.Current);
    }

    private static IEnumerator<Yield> RequestsAt(SimEnvironment env, double at, Resource server, string name, List<string> log)
    {
        yield return Yield.Seconds(at);
        using (Request r = server.Request())
        {
            yield return r;
            log.Add(name + " granted at " + env.Now);
        }

        log.Add(name + " released at " + env.Now);
    }
}
