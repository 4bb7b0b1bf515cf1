using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Observe;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// A fired bucket of the loop's timers is stepped from the bucket (the due batch, EventLoop.Iteration.cs) instead of going
// through the ready queue, unless a sink listens or debug timing is on. So every program here runs three ways: plain (the
// due batch), in debug mode and with a sink attached (both step every woken task through the ready queue, as before the
// due batch), and the three logs must be equal; the small shapes also spell out the order asyncio's rule gives: due
// timers after what was ready, equal times FIFO, what a step makes ready runs in the next iteration.
[TestClass]
public sealed class DueBatchOrderTests
{
    [TestMethod]
    public void Same_time_timers_resume_in_insertion_order()
    {
        List<string> log = AllWaysEqual(ClockKind.Virtual, (loop, log) =>
        {
            foreach (string name in new[] { "a", "b", "c", "d" })
            {
                loop.Spawn(Sleeps(loop, name, log, 1, 1));
            }

            loop.Spawn(Sleeps(loop, "h", log, 0.5, 0.5, 1)); // reaches 1 later than the others, joins the bucket at its end
            loop.RunUntil(3);
        });

        AssertLog(
            new[] { "h@0.5", "a@1", "b@1", "c@1", "d@1", "h@1", "a@2", "b@2", "c@2", "d@2", "h@2" },
            log);
    }

    // Ready items before the timers (a task that yields NextTick and the callback it queued, still queued when the next
    // tick fires the timers), a callback timer in the middle of a bucket (it ends the due batch: it and the later entries
    // go through the ready queue), callbacks queued by the woken steps (the next iteration).
    [TestMethod]
    public void Timers_and_ready_callbacks_keep_their_places()
    {
        List<string> log = AllWaysEqual(ClockKind.Frame, (loop, log) =>
        {
            loop.Spawn(Ticks(loop, "q", log, 1.6));
            loop.Spawn(Sleeps(loop, "a", log, 1)); // a single at 1
            loop.Spawn(Sleeps(loop, "b", log, 1)); // opens the bucket at 1
            loop.Spawn(Sleeps(loop, "c", log, 1));
            loop.Spawn(CallsLater(loop, "later", log, 1)); // its timer entry comes between c's and d's
            loop.Spawn(Sleeps(loop, "d", log, 1));
            loop.Spawn(SleepsThenCalls(loop, "e", log, 1));
            for (int i = 0; i < 5; i++)
            {
                loop.Tick(i == 0 ? 0 : 0.5);
            }
        });

        AssertLog(
            new[]
            {
                "q@0", "q-soon@0.5", "q@0.5", "q-soon@1", "q@1", "a@1", "b@1", "c@1", "later@1", "d@1", "e@1",
                "q-soon@1.5", "q@1.5", "e-soon@1.5", "q-soon@2",
            },
            log);
    }

    [TestMethod]
    public void A_task_cancelled_or_killed_by_an_earlier_step_of_the_same_iteration_ends_at_its_place()
    {
        List<string> log = AllWaysEqual(ClockKind.Virtual, (loop, log) =>
        {
            var tasks = new Dictionary<string, CoTask>();
            tasks["a"] = loop.Spawn(Acts(loop, "a", log, 1, () => tasks["d"].Cancel("by a")));
            tasks["b"] = loop.Spawn(Acts(loop, "b", log, 1, () => tasks["e"].Kill()));
            tasks["c"] = loop.Spawn(Acts(loop, "c", log, 1, () => tasks["b"].Cancel("too late"))); // b already ran
            tasks["d"] = loop.Spawn(Sleeps(loop, "d", log, 1, 1));
            tasks["e"] = loop.Spawn(Sleeps(loop, "e", log, 1, 1));
            tasks["f"] = loop.Spawn(Sleeps(loop, "f", log, 1, 1));
            loop.RunUntil(3);
        });

        AssertLog(
            new[] { "a@1", "b@1", "e-end@1", "c@1", "d-end@1", "f@1", "f@2" },
            log);
    }

    // A frame clock's tick fires several due times in one iteration: a step of the earlier bucket cancels a task of the later
    // one, already woken by then; a task cancelled before its time leaves a dead entry in the bucket, which is skipped.
    [TestMethod]
    public void Cancels_across_due_times_of_one_iteration_and_dead_entries()
    {
        List<string> log = AllWaysEqual(ClockKind.Frame, (loop, log) =>
        {
            var tasks = new Dictionary<string, CoTask>();
            tasks["a"] = loop.Spawn(Acts(loop, "a", log, 1, () => tasks["y"].Cancel()));
            tasks["b"] = loop.Spawn(Sleeps(loop, "b", log, 1));
            tasks["v"] = loop.Spawn(Sleeps(loop, "v", log, 1));
            tasks["u"] = loop.Spawn(Sleeps(loop, "u", log, 1));
            tasks["x"] = loop.Spawn(Sleeps(loop, "x", log, 2));
            tasks["y"] = loop.Spawn(Sleeps(loop, "y", log, 2));
            tasks["z"] = loop.Spawn(Sleeps(loop, "z", log, 2));
            tasks["w"] = loop.Spawn(Sleeps(loop, "w", log, 2));
            loop.Tick(0);
            tasks["v"].Cancel(); // before its time: its entries at 1 (in the due batch) and 2 are dead
            tasks["z"].Cancel();
            loop.Tick(0);
            loop.Tick(2.5);
            loop.Tick(1);
        });

        AssertLog(
            new[] { "v-end@0", "z-end@0", "a@2.5", "b@2.5", "u@2.5", "x@2.5", "y-end@2.5", "w@2.5" },
            log);
    }

    // A big bucket (prefetching wakes and steps), with dead entries, cancels and new waits at the same times, over many
    // iterations.
    [TestMethod]
    public void A_big_program_runs_the_same_every_way()
    {
        AllWaysEqual(ClockKind.Virtual, (loop, log) =>
        {
            var tasks = new List<CoTask>();
            for (int i = 0; i < 9000; i++)
            {
                double delay = 1 + (i % 3);
                int id = i;
                tasks.Add(loop.Spawn(Loops(loop, id.ToString(System.Globalization.CultureInfo.InvariantCulture), log, delay, 4, id % 97 == 0 ? tasks : null)));
            }

            for (int i = 5; i < tasks.Count; i += 311)
            {
                tasks[i].Cancel();
            }

            loop.RunUntil(6.5);
            loop.CallSoon(() => tasks[7].Cancel());
            loop.RunUntil(20);
        });
    }

    // SimEnvironment.Peek (the loop's ReadyCount) inside a woken step: Now while other woken tasks wait for their step, as
    // when they were in the ready queue; the next time once none is left.
    [TestMethod]
    public void Peek_inside_a_step_counts_the_woken_tasks_not_yet_stepped()
    {
        var seen = new List<double>[3];
        for (int way = 0; way < 3; way++)
        {
            var env = new SimEnvironment(order: EventOrder.Fast);
            env.Loop.Debug = way == 1;
            if (way == 2)
            {
                env.Loop.AddSink(new TraceRecorder());
            }

            var peeks = seen[way] = new List<double>();
            for (int i = 0; i < 3; i++)
            {
                env.Process(Peeks(env, peeks));
            }

            env.Run(2.5);
        }

        CollectionAssert.AreEqual(new[] { 1.0, 1.0, 2.0, 2.0, 2.0, 3.0 }, seen[0]);
        CollectionAssert.AreEqual(seen[1], seen[0]);
        CollectionAssert.AreEqual(seen[2], seen[0]);
    }

    // A predicate, checked after the timers fire, attaches a sink: the woken tasks take their places in the ready queue
    // and every step of the batch is seen by the sink.
    [TestMethod]
    public void A_sink_attached_between_the_timers_and_the_batch_sees_every_step()
    {
        var log = new List<string>();
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        bool attached = false;
        loop.Spawn(Calls(loop, "p", log), "p");
        loop.Spawn(Sleeps(loop, "a", log, 1), "a");
        loop.Spawn(Sleeps(loop, "b", log, 1), "b");
        loop.Spawn(Sleeps(loop, "c", log, 1), "c");
        loop.Spawn(Polls(log, () =>
        {
            if (loop.Time >= 1 && !attached)
            {
                loop.AddSink(recorder);
                attached = true;
            }

            return attached;
        }), "w");
        loop.RunUntil(2);

        CollectionAssert.AreEqual(new[] { "a@1", "b@1", "c@1", "p@1", "polled", "p-soon@1" }, log);
        List<string?> stepped = recorder.ToArray().Where(e => e.Kind == LoopEventKind.StepBegan).Select(e => e.Task?.Name).ToList();
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "p", "w" }, stepped.Take(5).ToList());
    }

    private static void AssertLog(string[] expected, List<string> log) =>
        Assert.AreEqual(string.Join(" ", expected), string.Join(" ", log), "got: " + string.Join(" ", log));

    // Runs program plainly, in debug mode and with a sink; the three logs must be equal. Returns the plain one.
    private static List<string> AllWaysEqual(ClockKind clock, Action<EventLoop, List<string>> program)
    {
        var logs = new List<string>[3];
        for (int way = 0; way < 3; way++)
        {
            using var loop = new EventLoop(clock);
            loop.Debug = way == 1;
            if (way == 2)
            {
                loop.AddSink(new TraceRecorder());
            }

            logs[way] = new List<string>();
            program(loop, logs[way]);
        }

        CollectionAssert.AreEqual(logs[1], logs[0], "debug mode (the ready queue) against the due batch");
        CollectionAssert.AreEqual(logs[2], logs[0], "a sink (the ready queue) against the due batch");
        return logs[0];
    }

    private static string At(EventLoop loop, string name) =>
        name + "@" + loop.Time.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IEnumerator<Yield> Sleeps(EventLoop loop, string name, List<string> log, params double[] delays)
    {
        bool done = false;
        try
        {
            foreach (double delay in delays)
            {
                yield return Yield.Seconds(delay);
                log.Add(At(loop, name));
            }

            done = true;
        }
        finally
        {
            if (!done)
            {
                log.Add(At(loop, name + "-end"));
            }
        }
    }

    private static IEnumerator<Yield> Ticks(EventLoop loop, string name, List<string> log, double until)
    {
        while (loop.Time < until)
        {
            log.Add(At(loop, name));
            loop.CallSoon(() => log.Add(At(loop, name + "-soon")));
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> Acts(EventLoop loop, string name, List<string> log, double delay, Action act)
    {
        yield return Yield.Seconds(delay);
        log.Add(At(loop, name));
        act();
    }

    private static IEnumerator<Yield> Calls(EventLoop loop, string name, List<string> log)
    {
        while (loop.Time < 1)
        {
            yield return Yield.Seconds(0.5);
        }

        // At 1, after the timers' tasks of the same time (it was spawned first but parks at 0.5 + 0.5: a later entry).
        log.Add(At(loop, name));
        loop.CallSoon(() => log.Add(At(loop, name + "-soon")));
    }

    private static IEnumerator<Yield> CallsLater(EventLoop loop, string name, List<string> log, double delay)
    {
        loop.CallLater(delay, () => log.Add(At(loop, name)));
        yield break;
    }

    private static IEnumerator<Yield> SleepsThenCalls(EventLoop loop, string name, List<string> log, double delay)
    {
        yield return Yield.Seconds(delay);
        log.Add(At(loop, name));
        loop.CallSoon(() => log.Add(At(loop, name + "-soon")));
    }

    private static IEnumerator<Yield> Loops(EventLoop loop, string name, List<string> log, double delay, int times, List<CoTask>? victims)
    {
        for (int i = 0; i < times; i++)
        {
            yield return Yield.Seconds(delay);
            log.Add(At(loop, name));
            if (victims is not null && victims.Count > i * 13 + 2)
            {
                victims[i * 13 + 2].Cancel(); // a task of this or a later time
            }
        }
    }

    private static IEnumerator<Yield> Peeks(SimEnvironment env, List<double> peeks)
    {
        while (true)
        {
            yield return Yield.Seconds(1);
            peeks.Add(env.Peek());
        }
    }

    private static IEnumerator<Yield> Polls(List<string> log, Func<bool> condition)
    {
        yield return Yield.Until(condition);
        log.Add("polled");
    }
}
