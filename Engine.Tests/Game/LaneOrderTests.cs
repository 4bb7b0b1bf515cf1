using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// The order of a group's tasks within a phase (docs/game.md, "A frame"; Scheduling/LaneQueue.cs): stable, as in a list
// of coroutines stepped each frame. Tasks ready when the phase begins run in that order; one that is ready again after
// its step keeps its place; one that waits, finishes or moves to another phase leaves it; one that becomes ready
// otherwise (spawned, woken, moved in) joins at the end, in arrival order, and first runs the next time the phase runs.
// Short lanes and long ones (thousands of tasks among other groups' in memory, where the batch prefetches) alike.
[TestClass]
public sealed class LaneOrderTests
{
    private const int Groups = 4;

    private static IEnumerator<Yield> Ticker(int id, List<int> log)
    {
        while (true)
        {
            log.Add(id);
            yield return Yield.NextTick;
        }
    }

    // Frame 1: spawns a ticker (id + Spawned) into its own group and phase in the middle of the batch.
    private static IEnumerator<Yield> Spawner(int id, List<int> log, ScriptGroup group)
    {
        log.Add(id);
        group.Spawn(Ticker(id + Spawned, log));
        yield return Yield.NextTick;
        while (true)
        {
            log.Add(id);
            yield return Yield.NextTick;
        }
    }

    // Frame 1: waits two frames (leaves its slot; woken at the start of frame 3). A wait of one frame is the same as
    // NextTick: the task is ready again at once and keeps its place.
    private static IEnumerator<Yield> Waiter(int id, List<int> log)
    {
        log.Add(id);
        yield return Yield.Frames(2);
        while (true)
        {
            log.Add(id);
            yield return Yield.NextTick;
        }
    }

    // Frame 1: moves to the late update and back to the update phase.
    private static IEnumerator<Yield> Mover(int id, List<int> log)
    {
        log.Add(id);
        yield return Yield.Phase(GamePhase.LateUpdate);
        yield return Yield.Phase(GamePhase.Update);
        while (true)
        {
            log.Add(id);
            yield return Yield.NextTick;
        }
    }

    // Frame 2: a child throws on its first resume of the frame; the script catches it and goes on in the same step.
    private static IEnumerator<Yield> Catcher(int id, List<int> log)
    {
        log.Add(id);
        yield return Yield.Catch(ThrowsOnSecondResume());
        Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
        while (true)
        {
            log.Add(id);
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> ThrowsOnSecondResume()
    {
        yield return Yield.NextTick;
        throw new InvalidOperationException("child");
    }

    private const int Spawned = 1_000_000;

    [TestMethod]
    public void A_task_spawned_during_a_batch_runs_after_every_task_that_stays()
    {
        using var game = new GameLoop();
        var log = new List<int>();
        ScriptGroup group = game.CreateGroup("g");
        group.Spawn(Ticker(0, log));
        group.Spawn(Spawner(1, log, group));
        group.Spawn(Ticker(2, log));
        game.Tick(0.1);
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, log, "the spawned task waits for the next frame");
        log.Clear();
        game.Tick(0.1);
        game.Tick(0.1);
        CollectionAssert.AreEqual(new[] { 0, 1, 2, 1 + Spawned, 0, 1, 2, 1 + Spawned }, log);
    }

    [TestMethod]
    public void A_task_that_waited_rejoins_at_the_end_and_keeps_that_place()
    {
        using var game = new GameLoop();
        var log = new List<int>();
        ScriptGroup group = game.CreateGroup("g");
        group.Spawn(Ticker(0, log));
        group.Spawn(Waiter(1, log));
        group.Spawn(Ticker(2, log));
        game.Tick(0.1);
        log.Clear();
        game.Tick(0.1);
        game.Tick(0.1);
        game.Tick(0.1);
        CollectionAssert.AreEqual(new[] { 0, 2, 0, 2, 1, 0, 2, 1 }, log);
    }

    [TestMethod]
    public void A_task_that_moved_to_another_phase_and_back_rejoins_at_the_end()
    {
        using var game = new GameLoop();
        var log = new List<int>();
        ScriptGroup group = game.CreateGroup("g");
        group.Spawn(Ticker(0, log));
        group.Spawn(Mover(1, log));
        group.Spawn(Ticker(2, log));
        game.Tick(0.1);
        log.Clear();
        game.Tick(0.1);
        game.Tick(0.1);
        CollectionAssert.AreEqual(new[] { 0, 2, 1, 0, 2, 1 }, log);
    }

    [TestMethod]
    public void A_task_that_catches_a_failure_in_its_step_keeps_its_place()
    {
        using var game = new GameLoop();
        var log = new List<int>();
        ScriptGroup group = game.CreateGroup("g");
        group.Spawn(Ticker(0, log));
        group.Spawn(Catcher(1, log));
        group.Spawn(Ticker(2, log));
        for (int f = 0; f < 4; f++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(new[] { 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2 }, log, "frame 2: the child throws on the batch's first resume, the script catches it and ticks in the same step");
    }

    [TestMethod]
    public void A_task_killed_by_an_earlier_one_in_the_batch_is_not_stepped_and_the_order_holds()
    {
        using var game = new GameLoop();
        var log = new List<int>();
        ScriptGroup group = game.CreateGroup("g");
        CoTask? victim = null;
        group.Spawn(Ticker(0, log));
        group.Spawn(KillsAtFrame(1, log, () => victim!, game, 2));
        victim = group.Spawn(Ticker(2, log));
        group.Spawn(Ticker(3, log));
        for (int f = 0; f < 3; f++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(new[] { 0, 1, 2, 3, 0, 1, 3, 0, 1, 3 }, log);
        Assert.IsTrue(victim.IsDone);
    }

    private static IEnumerator<Yield> KillsAtFrame(int id, List<int> log, Func<CoTask> victim, GameLoop game, long frame)
    {
        while (true)
        {
            log.Add(id);
            if (game.FrameCount == frame)
            {
                victim().Kill();
            }

            yield return Yield.NextTick;
        }
    }

    // Long lanes, interleaved in memory with three other groups' (the batch prefetches): in group 1, one script in ten
    // spawns a ticker at frame 1, one in ten waits two frames, one in ten moves to the late update and back. Frame 2
    // runs those that stayed, then the spawned ones (they arrived during frame 1's batch) and the movers (back at frame
    // 1's late update); frame 3 the same, then the waiters (woken at frame 3's start), each in its order; frame 4 again
    // in the same order.
    [TestMethod]
    [DataRow(10, true)]
    [DataRow(6_000, true)]
    [DataRow(6_000, false)]
    public void Long_lanes_keep_the_stable_order(int perGroup, bool prefetch)
    {
        bool before = Prefetch.Enabled;
        Prefetch.Enabled = prefetch;
        try
        {
            using var game = new GameLoop();
            var log = new List<int>();
            var groups = new ScriptGroup[Groups];
            for (int g = 0; g < Groups; g++)
            {
                groups[g] = game.CreateGroup("g" + g);
            }

            for (int i = 0; i < perGroup; i++)
            {
                for (int g = 0; g < Groups; g++)
                {
                    int id = (i * Groups) + g;
                    IEnumerator<Yield> script = g != 1 ? Ticker(id, log) : (i % 10) switch
                    {
                        3 => Spawner(id, log, groups[g]),
                        5 => Mover(id, log),
                        7 => Waiter(id, log),
                        _ => Ticker(id, log),
                    };
                    groups[g].Spawn(script);
                }
            }

            game.Tick(0.1);
            var stayed = new List<int>();
            var spawned = new List<int>();
            var movers = new List<int>();
            var waiters = new List<int>();
            for (int i = 0; i < perGroup; i++)
            {
                int id = (i * Groups) + 1;
                switch (i % 10)
                {
                    case 3:
                        stayed.Add(id);
                        spawned.Add(id + Spawned);
                        break;
                    case 5:
                        movers.Add(id);
                        break;
                    case 7:
                        waiters.Add(id);
                        break;
                    default:
                        stayed.Add(id);
                        break;
                }
            }

            var expected = new List<int>(stayed);
            expected.AddRange(spawned);
            expected.AddRange(movers);
            for (int frame = 2; frame <= 4; frame++)
            {
                if (frame == 3)
                {
                    expected.AddRange(waiters);
                }

                log.Clear();
                game.Tick(0.1);
                var group1 = new List<int>();
                foreach (int id in log)
                {
                    if (id >= Spawned || id % Groups == 1)
                    {
                        group1.Add(id);
                    }
                }

                CollectionAssert.AreEqual(expected, group1, "frame " + frame);
                Assert.AreEqual((perGroup * (Groups - 1)) + expected.Count, log.Count, "frame " + frame + ": the other groups' scripts once each");
            }
        }
        finally
        {
            Prefetch.Enabled = before;
        }
    }
}
