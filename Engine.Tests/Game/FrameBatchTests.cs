using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// How a frame steps a lane's ready tasks: a batch runs each task queued when it began exactly once, in the lane's order,
// whether it prefetches (long batches whose tasks lie apart in memory: Scheduling/Prefetch.cs) or not, and a task that
// kills or pauses its own group in the middle of a batch stops the batch there without stepping a killed task or one
// queued during the batch.
[TestClass]
public sealed class FrameBatchTests
{
    private const int Groups = 4;

    private static IEnumerator<Yield> Ticker(int id, List<int> order)
    {
        while (true)
        {
            order.Add(id);
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> KillsOwnGroupAtFrame(int id, List<int> order, ScriptGroup group, long frame)
    {
        while (true)
        {
            order.Add(id);
            if (group.Game.FrameCount == frame)
            {
                group.Kill();
            }

            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> PausesOwnGroupAtFrame(int id, List<int> order, ScriptGroup group, long frame)
    {
        while (true)
        {
            order.Add(id);
            if (group.Game.FrameCount == frame)
            {
                group.Pause();
            }

            yield return Yield.NextTick;
        }
    }

    [TestMethod]
    [DataRow(10)]
    [DataRow(3_000)] // 12,000 scripts, 3,000 per lane, spread among the groups in memory: long batches
    [DataRow(6_000)]
    public void A_task_killing_its_own_group_mid_batch_stops_the_batch_and_the_frame_goes_on(int perGroup)
    {
        using var game = new GameLoop();
        var order = new List<int>();
        ScriptGroup[] groups = SpawnInterleaved(game, perGroup, order, out int killerId, KillsOwnGroupAtFrame, 1);
        game.Tick(0.1); // frame 1: everyone runs once; the killer kills group 1 in the middle of its batch
        int killerAt = order.IndexOf(killerId);
        Assert.IsTrue(killerAt > 0);
        var expected = new List<int>();
        for (int g = 0; g < Groups; g++)
        {
            for (int i = 0; i < perGroup; i++)
            {
                int id = (i * Groups) + g;
                if (g == 1 && i > perGroup / 2)
                {
                    continue; // killed before its step
                }

                expected.Add(id);
            }
        }

        CollectionAssert.AreEqual(expected, order, "the batch stops at the killer; later groups still run once each");
        Assert.AreEqual(0, groups[1].TaskCount);
        order.Clear();
        game.Tick(0.1);
        Assert.AreEqual(perGroup * (Groups - 1), order.Count, "the other groups run on");
    }

    [TestMethod]
    [DataRow(10)]
    [DataRow(6_000)]
    public void A_task_pausing_its_own_group_mid_batch_leaves_the_rest_queued_in_order(int perGroup)
    {
        using var game = new GameLoop();
        var order = new List<int>();
        ScriptGroup[] groups = SpawnInterleaved(game, perGroup, order, out _, PausesOwnGroupAtFrame, 1);
        game.Tick(0.1);
        Assert.AreEqual((perGroup * Groups) - (perGroup - 1 - (perGroup / 2)), order.Count, "group 1 stops after the pausing task");
        order.Clear();
        groups[1].Resume();
        game.Tick(0.1);
        var group1 = new List<int>();
        foreach (int id in order)
        {
            if (id % Groups == 1)
            {
                group1.Add(id);
            }
        }

        var expected = new List<int>();
        for (int i = 0; i < perGroup; i++)
        {
            expected.Add((i * Groups) + 1); // the lane keeps its order: those the pause left queued stay behind the others
        }

        CollectionAssert.AreEqual(expected, group1);
    }

    [TestMethod]
    public void Prefetching_batches_step_the_same_tasks_in_the_same_order()
    {
        List<int> with = RunScene(prefetch: true);
        List<int> without = RunScene(prefetch: false);
        Assert.AreEqual(5 * 24_000, with.Count);
        CollectionAssert.AreEqual(without, with);
    }

    private static List<int> RunScene(bool prefetch)
    {
        bool before = Prefetch.Enabled;
        Prefetch.Enabled = prefetch;
        try
        {
            using var game = new GameLoop();
            var order = new List<int>();
            SpawnInterleaved(game, 6_000, order, out _, (id, log, group, frame) => Ticker(id, log), 0);
            for (int f = 0; f < 5; f++)
            {
                game.Tick(0.1);
            }

            return order;
        }
        finally
        {
            Prefetch.Enabled = before;
        }
    }

    // perGroup scripts in each of four groups, spawned in turn (so a group's scripts lie apart in memory); the script in
    // the middle of group 1 is special(id, order, group, frame).
    private static ScriptGroup[] SpawnInterleaved(
        GameLoop game,
        int perGroup,
        List<int> order,
        out int specialId,
        System.Func<int, List<int>, ScriptGroup, long, IEnumerator<Yield>> special,
        long frame)
    {
        var groups = new ScriptGroup[Groups];
        for (int g = 0; g < Groups; g++)
        {
            groups[g] = game.CreateGroup("g" + g);
        }

        specialId = ((perGroup / 2) * Groups) + 1;
        for (int i = 0; i < perGroup; i++)
        {
            for (int g = 0; g < Groups; g++)
            {
                int id = (i * Groups) + g;
                groups[g].Spawn(id == specialId ? special(id, order, groups[g], frame) : Ticker(id, order));
            }
        }

        return groups;
    }
}
