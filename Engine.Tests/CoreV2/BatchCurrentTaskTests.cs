using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// While a ready batch runs, CurrentTask reads the task from the batch loop's own local (EventLoop.EnterBatch), not from
// a field written per step. It must say exactly what the field said: the stepping task (also after collections that
// move it), nothing during a callback of the batch, the killed task while a kill runs its finally blocks and the killer
// again afterwards, nothing once the batch is over; on the loop's batch and on a game's phase lanes, in both copies of
// the batch loop (led by a generated machine or by an iterator, Scheduling/BatchProfile.cs), and in debug mode.
[TestClass]
public sealed partial class BatchCurrentTaskTests
{
    [TestMethod]
    [DataRow(false, false)]
    [DataRow(false, true)]
    [DataRow(true, false)]
    [DataRow(true, true)]
    public void A_loop_batch_names_the_task_it_steps(bool machinesFirst, bool debug)
    {
        using var loop = new EventLoop(ClockKind.Frame) { Debug = debug };
        var log = new List<string>();
        var tasks = new List<CoTask>();
        for (int i = 0; i < 40; i++)
        {
            bool machine = (i % 2 == 0) == machinesFirst;
            var self = new CoTask?[1];
            CoTask task = loop.Spawn(machine ? Checked(loop, self, log, 5) : CheckedIterator(loop, self, log, 5));
            self[0] = task;
            tasks.Add(task);
            if (i % 7 == 3)
            {
                loop.CallSoon(() => log.Add(loop.CurrentTask is null ? "callback ok" : "callback saw " + loop.CurrentTask.Name));
            }
        }

        for (int frame = 0; frame < 8; frame++)
        {
            loop.Tick(0);
            Assert.IsNull(loop.CurrentTask, "after a tick");
        }

        CollectionAssert.DoesNotContain(log, "wrong", string.Join("\n", log));
        Assert.AreEqual(40 * 5, log.FindAll(line => line == "ok").Count);
        Assert.AreEqual(6, log.FindAll(line => line == "callback ok").Count);
        foreach (CoTask task in tasks)
        {
            Assert.IsTrue(task.IsDone && !task.IsFailed);
        }
    }

    [TestMethod]
    public void Another_thread_never_follows_the_batch_slot()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var seen = new List<string>();
        IEnumerator<Yield> Asker()
        {
            for (int i = 0; i < 3; i++)
            {
                CoTask? fromOtherThread = loop.CurrentTask; // overwritten by the thread below
                var thread = new System.Threading.Thread(() => fromOtherThread = loop.CurrentTask);
                thread.Start();
                thread.Join(); // the loop's thread waits inside the batch, so the slot is live while the other reads
                // null on .NET (the slot is the loop thread's); the netstandard build reads the field, which holds the task
                CoTask? own = loop.CurrentTask;
                seen.Add((own is not null) + "/" + (fromOtherThread is null || ReferenceEquals(fromOtherThread, own)));
                yield return Yield.NextTick;
            }
        }

        loop.Spawn(Asker());
        loop.Spawn(Asker());
        for (int frame = 0; frame < 4; frame++)
        {
            loop.Tick(0);
        }

        Assert.AreEqual(6, seen.Count);
        Assert.IsTrue(seen.TrueForAll(line => line == "True/True"), "the loop thread sees its task, another thread null: " + string.Join(", ", seen));
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_kill_from_a_batch_runs_the_finally_blocks_as_the_killed_task(bool debug)
    {
        using var loop = new EventLoop(ClockKind.Frame) { Debug = debug };
        var log = new List<string>();
        var victim = new CoTask?[1];
        victim[0] = loop.Spawn(Victim(loop, victim, log));
        var killer = new CoTask?[1];
        killer[0] = loop.Spawn(Killer(loop, killer, victim, log));
        for (int frame = 0; frame < 4; frame++)
        {
            loop.Tick(0);
        }

        CollectionAssert.AreEqual(new[] { "victim finally as itself", "killer again" }, log);
        Assert.IsNull(loop.CurrentTask);
    }

    [TestMethod]
    [DataRow(false, false)]
    [DataRow(false, true)]
    [DataRow(true, false)]
    [DataRow(true, true)]
    public void A_game_lane_batch_names_the_task_it_steps(bool machinesFirst, bool debug)
    {
        using var game = new GameLoop();
        game.Loop.Debug = debug;
        ScriptGroup[] groups = { game.CreateGroup("a"), game.CreateGroup("b") };
        GamePhase[] phases = { GamePhase.Update, GamePhase.LateUpdate, GamePhase.FixedUpdate };
        game.FixedStep = 1.0 / 60;
        var log = new List<string>();
        for (int i = 0; i < 60; i++)
        {
            bool machine = (i % 3 == 0) == machinesFirst;
            var self = new CoTask?[1];
            IEnumerator<Yield> script = machine ? Checked(game.Loop, self, log, 4) : CheckedIterator(game.Loop, self, log, 4);
            self[0] = groups[i % 2].Spawn(script, phases[i % 3]);
        }

        for (int frame = 0; frame < 8; frame++)
        {
            game.Tick(1.0 / 60);
            Assert.IsNull(game.Loop.CurrentTask, "after a frame");
        }

        CollectionAssert.DoesNotContain(log, "wrong", string.Join("\n", log));
        Assert.AreEqual(60 * 4, log.FindAll(line => line == "ok").Count);
    }

    // A generated machine that checks CurrentTask on each resume, with a compacting collection now and then so the task
    // moves while the batch holds it.
    [Coroutine]
    private static IEnumerator<Yield> Checked(EventLoop loop, CoTask?[] self, List<string> log, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Check(loop, self, log, i);
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> CheckedIterator(EventLoop loop, CoTask?[] self, List<string> log, int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            Check(loop, self, log, i);
            yield return Yield.NextTick;
        }
    }

    private static void Check(EventLoop loop, CoTask?[] self, List<string> log, int step)
    {
        if (step == 2 && self[0]!.Id % 10 == 0)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        log.Add(ReferenceEquals(loop.CurrentTask, self[0]) && ReferenceEquals(Co.CurrentTask, self[0]) ? "ok" : "wrong");
    }

    private static IEnumerator<Yield> Victim(EventLoop loop, CoTask?[] self, List<string> log)
    {
        try
        {
            while (true)
            {
                yield return Yield.NextTick;
            }
        }
        finally
        {
            log.Add(ReferenceEquals(loop.CurrentTask, self[0]) ? "victim finally as itself" : "victim finally as " + loop.CurrentTask?.Name);
        }
    }

    private static IEnumerator<Yield> Killer(EventLoop loop, CoTask?[] self, CoTask?[] victim, List<string> log)
    {
        yield return Yield.NextTick;
        victim[0]!.Kill();
        log.Add(ReferenceEquals(loop.CurrentTask, self[0]) ? "killer again" : "killer sees " + loop.CurrentTask?.Name);
    }
}
