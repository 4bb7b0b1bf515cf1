using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Engine.Game;
using Engine.Tests.Core;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Group trees a user builds deep or wide: creating, finding, pausing, rescaling, killing, disposing, spawning into and
// saving them walks no recursion as deep as the tree (a stack overflow kills the host) and costs what the operation
// touches. Each test runs on a thread with a 1 MB stack at a size that runs in a few seconds (the scratch probe of the
// session that wrote them ran each shape at 100,000 in its own process); shallow trees pin the order the recursive
// walks had.
[TestClass]
public sealed class DeepGroupTests
{
    private const int Depth = 20_000;

    private static List<ScriptGroup> Chain(GameLoop game, int depth)
    {
        var chain = new List<ScriptGroup>(depth);
        ScriptGroup group = game.Root;
        for (int i = 0; i < depth; i++)
        {
            group = group.CreateGroup("g" + i);
            chain.Add(group);
        }

        return chain;
    }

    private static IEnumerator<Yield> WaitThenLog(double seconds, List<string> log, string name)
    {
        try
        {
            yield return Yield.Seconds(seconds);
            log.Add(name + " woke");
        }
        finally
        {
            log.Add(name + " finally");
        }
    }

    [TestMethod]
    public void KillOfTheTopOfADeepChainRunsEveryFinallyTopDown()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, Depth);
            var log = new List<string>();
            for (int i = 0; i < Depth; i++)
            {
                chain[i].Spawn(WaitThenLog(10, log, "t" + i));
            }

            game.Tick(0.1);
            Assert.AreEqual(Depth, chain[0].Kill());
            Assert.AreEqual(Depth, log.Count);
            for (int i = 0; i < Depth; i++)
            {
                Assert.AreEqual("t" + i + " finally", log[i]);
            }

            Assert.AreEqual(0, chain[Depth - 1].TaskCount);
        });
    }

    [TestMethod]
    public void PauseResumeAndScaleAtTheTopReachTheBottomOfADeepChain()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, Depth);
            ScriptGroup bottom = chain[Depth - 1];
            var log = new List<string>();
            bottom.Spawn(WaitThenLog(1, log, "deep"));
            game.Tick(0.5); // the wait starts: 1 s of the bottom's clock left

            chain[0].Pause();
            Assert.IsTrue(bottom.IsEffectivelyPaused);
            for (int i = 0; i < 10; i++)
            {
                game.Tick(0.5);
            }

            Assert.AreEqual(0, log.Count, "a paused ancestor freezes the wait");
            chain[0].Resume();
            chain[0].TimeScale = 0.5; // the remaining 1 s now takes 2 s of host time
            Assert.AreEqual(0.5, bottom.EffectiveTimeScale);
            Assert.IsFalse(bottom.IsEffectivelyPaused);
            for (int i = 0; i < 3; i++)
            {
                game.Tick(0.5);
            }

            Assert.AreEqual(0, log.Count);
            game.Tick(0.5);
            CollectionAssert.AreEqual(new[] { "deep woke", "deep finally" }, log);
        });
    }

    [TestMethod]
    public void TasksSpawnedDeepRunAndDisposeOfTheTopEndsThem()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, Depth);
            var log = new List<string>();
            for (int i = Depth - 3; i < Depth; i++)
            {
                chain[i].Spawn(WaitThenLog(0.1, log, "t" + i));
            }

            game.Tick(0.05);
            game.Tick(0.25);
            CollectionAssert.AreEqual(
                new[] { "t19997 woke", "t19997 finally", "t19998 woke", "t19998 finally", "t19999 woke", "t19999 finally" }, log);
            chain[Depth - 1].Spawn(WaitThenLog(10, log, "last"));
            game.Tick(0.1);
            chain[0].Dispose();
            Assert.AreEqual("last finally", log[^1]);
            Assert.IsTrue(chain[Depth - 1].IsDisposed);
            Assert.ThrowsExactly<ObjectDisposedException>(() => chain[Depth - 1].Spawn(WaitThenLog(1, log, "late")));
            Assert.IsFalse(game.TryGetGroup("g0", out _));
            Assert.AreEqual(0, game.Root.Children.Count);
        });
    }

    [TestMethod]
    public void DeepAndWideGroupsAreFoundByPath()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, Depth);
            var path = new StringBuilder("g0");
            for (int i = 1; i < Depth; i++)
            {
                path.Append("/g").Append(i);
            }

            Assert.AreEqual(path.ToString(), chain[Depth - 1].Path);
            Assert.AreSame(chain[Depth - 1], game.Group(path.ToString()));
            Assert.IsFalse(game.TryGetGroup(path + "/missing", out _));

            ScriptGroup wide = game.CreateGroup("wide");
            for (int i = 0; i < 100_000; i++)
            {
                wide.CreateGroup("s" + i);
            }

            Assert.AreEqual("wide/s99999", game.Group("wide/s99999").Path);
            Assert.ThrowsExactly<ArgumentException>(() => wide.CreateGroup("s5"));
            game.Group("wide/s5").Dispose();
            Assert.IsFalse(game.TryGetGroup("wide/s5", out _));
            Assert.AreEqual("s5", wide.CreateGroup("s5").Name); // the name is free again, and the new group is last
            Assert.AreEqual("s5", wide.Children[^1].Name);
        });
    }

    [TestMethod]
    public void ADeepChainSavesAndRestoresWithItsPauseAndScales()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            const int depth = 10_000;
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, depth);
            chain[10].TimeScale = 0.5;
            chain[depth / 2].Pause();
            chain[depth - 1].Unscaled = true;
            chain[depth - 1].TimeScale = 2;
            game.CreateGroup("ui");
            game.Tick(0.1);

            using GameLoop restored = GameLoop.Restore(game.Save());
            var path = new StringBuilder("g0");
            for (int i = 1; i < depth; i++)
            {
                path.Append("/g").Append(i);
            }

            ScriptGroup bottom = restored.Group(path.ToString());
            Assert.IsTrue(bottom.IsEffectivelyPaused);
            Assert.AreEqual(2, bottom.EffectiveTimeScale);
            Assert.AreEqual(0.5, bottom.Parent!.EffectiveTimeScale);
            Assert.IsTrue(bottom.Parent.IsEffectivelyPaused);
            Assert.IsFalse(restored.Group("g0").IsEffectivelyPaused);
            Assert.AreEqual(1, restored.Group("g0").EffectiveTimeScale);
            Assert.AreEqual("ui", restored.Root.Children[1].Name, "siblings keep their creation order");
            Assert.AreEqual(game.Root.Children[0].Time, restored.Root.Children[0].Time);
        });
    }

    // The order a recursive walk had, pinned on a shallow tree: a kill pass visits a group before its subgroups and
    // siblings in creation order, and reads the list of subgroups afresh at each step, so a subgroup a finally block
    // creates in a group the pass has not left yet is killed in the same pass, after the older ones.
    [TestMethod]
    public void KillVisitsGroupsInPreOrderAndReachesSubgroupsCreatedByFinallyBlocks()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup a = world.CreateGroup("a");
        ScriptGroup a1 = a.CreateGroup("a1");
        ScriptGroup b = world.CreateGroup("b");
        var log = new List<string>();
        b.Spawn(WaitThenLog(10, log, "b"));
        a1.Spawn(WaitThenLog(10, log, "a1"));
        world.Spawn(WaitThenLog(10, log, "world"));
        a.Spawn(CreateSubgroupInFinally(world, log));
        game.Tick(0.1);

        // c's script never started, so it has no finally to run; it is killed all the same, in this pass.
        Assert.AreEqual(5, world.Kill());
        CollectionAssert.AreEqual(new[] { "world finally", "a finally", "a1 finally", "b finally" }, log);
        Assert.AreEqual("c", world.Children[2].Name);
        Assert.AreEqual(0, world.Children[2].TaskCount);
    }

    private static IEnumerator<Yield> CreateSubgroupInFinally(ScriptGroup world, List<string> log)
    {
        try
        {
            yield return Yield.Seconds(10);
        }
        finally
        {
            log.Add("a finally");
            world.CreateGroup("c").Spawn(WaitThenLog(10, log, "c"));
        }
    }

    // Pause and scale reach every group below, at any depth, in one call; a group created under a paused or scaled one
    // starts with its effective state.
    [TestMethod]
    public void PauseAndScalePropagateToSubgroupsCreatedLater()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        world.TimeScale = 0.25;
        world.Pause();
        ScriptGroup boss = enemies.CreateGroup("boss");
        Assert.IsTrue(boss.IsEffectivelyPaused);
        Assert.AreEqual(0.25, boss.EffectiveTimeScale);
        world.Resume();
        enemies.TimeScale = 2;
        Assert.IsFalse(boss.IsEffectivelyPaused);
        Assert.AreEqual(0.5, boss.EffectiveTimeScale);
    }

    [TestMethod]
    public void DisposingManySiblingsOneByOneLeavesTheOthersInOrder()
    {
        using var game = new GameLoop();
        ScriptGroup parent = game.CreateGroup("parent");
        IReadOnlyList<ScriptGroup> children = parent.Children; // a live view: it sees every disposal at once
        const int Count = 50_000;
        var log = new List<string>();
        for (int i = 0; i < Count; i++)
        {
            parent.CreateGroup("s" + i).Spawn(WaitThenLog(10, log, "s" + i));
        }

        game.Tick(0.1);
        for (int i = Count - 1; i >= 0; i -= 2)
        {
            children[i].Dispose(); // odd siblings, last first: each removal reads the list again through the view
        }

        Assert.AreEqual(Count / 2, children.Count);
        Assert.AreEqual(Count / 2, log.Count);
        Assert.AreEqual("s" + (Count - 1) + " finally", log[0]);
        for (int i = 0; i < Count / 2; i++)
        {
            Assert.AreEqual("s" + (2 * i), children[i].Name);
        }

        // Disposing every other one without reading the list in between, then the frame, lookups and names.
        var survivors = new List<ScriptGroup>(children);
        for (int i = 0; i < survivors.Count; i += 2)
        {
            survivors[i].Dispose();
        }

        game.Tick(20);
        Assert.AreEqual(Count / 4, parent.Children.Count);
        Assert.AreEqual("s2", parent.Children[0].Name);
        Assert.IsFalse(game.TryGetGroup("parent/s0", out _));
        Assert.AreSame(survivors[1], game.Group("parent/s2"));
        Assert.AreEqual("s0", parent.CreateGroup("s0").Name);
        Assert.AreEqual("s0", parent.Children[^1].Name);
        Assert.AreEqual(Count / 4 + 1, parent.Children.Count);
        Assert.AreEqual(Count, log.Count(entry => entry.EndsWith(" finally", StringComparison.Ordinal)));
        Assert.AreEqual(Count / 4, log.Count(entry => entry.EndsWith(" woke", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void DisposingAFewChildrenKeepsLookupsByScanRight()
    {
        using var game = new GameLoop();
        ScriptGroup parent = game.CreateGroup("parent"); // fewer than eight children: found by scanning the list
        ScriptGroup a = parent.CreateGroup("a");
        ScriptGroup b = parent.CreateGroup("b");
        parent.CreateGroup("c");
        b.Dispose();
        Assert.IsFalse(game.TryGetGroup("parent/b", out _));
        ScriptGroup newB = parent.CreateGroup("b");
        Assert.AreNotSame(b, newB);
        Assert.AreSame(newB, game.Group("parent/b"));
        CollectionAssert.AreEqual(new[] { "a", "c", "b" }, parent.Children.Select(child => child.Name).ToArray());
        a.Dispose();
        CollectionAssert.AreEqual(new[] { "c", "b" }, parent.Children.Select(child => child.Name).ToArray());
        Assert.AreEqual("GameLoop [frame 0, groups: root, parent, parent/c, parent/b]", game.ToString());
    }

    [TestMethod]
    public void AGroupNotFoundMessageNamesWhereThePathStopsNotEveryGroup()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, Depth);
            ScriptGroup wide = game.CreateGroup("wide");
            for (int i = 0; i < 100; i++)
            {
                wide.CreateGroup("w" + i);
            }

            string message = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group("g0/g1/x/y")).Message;
            Assert.AreEqual("No script group has the path 'g0/g1/x/y': group 'g0/g1' has no subgroup 'x'. Its subgroups: g2.", message);
            message = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group("wide/w100")).Message;
            StringAssert.Contains(message, "group 'wide' has no subgroup 'w100'. Its subgroups: w0, w1, w2, ");
            StringAssert.EndsWith(message, ", w15 and 84 more.");
            message = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group("nowhere")).Message;
            Assert.AreEqual("No script group has the path 'nowhere': the root has no subgroup 'nowhere'. Its subgroups: g0, wide.", message);
            message = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group(string.Empty)).Message;
            StringAssert.Contains(message, "a path names groups below the root");
            message = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group("wide/w3/deeper")).Message;
            StringAssert.EndsWith(message, "group 'wide/w3' has no subgroup 'deeper'. It has no subgroups.");

            // At the bottom of the chain: the deep group is named by its last names, and the message stays as short as
            // the path asked for (listing every group would be 2 * 10^8 names for this chain).
            string bottom = chain[Depth - 1].Path;
            message = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group(bottom + "/missing")).Message;
            StringAssert.EndsWith(message, "group '.../g19992/g19993/g19994/g19995/g19996/g19997/g19998/g19999' has no subgroup 'missing'. It has no subgroups.");
            Assert.IsTrue(message.Length < bottom.Length + 300, "message length " + message.Length);
        });
    }

    [TestMethod]
    public void DisposingADeepChainFromTheBottomNamesEachGroupShortly()
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var game = new GameLoop();
            List<ScriptGroup> chain = Chain(game, Depth);
            var tasks = new CoTask[Depth];
            var log = new List<string>();
            for (int i = 0; i < Depth; i++)
            {
                tasks[i] = chain[i].Spawn(WaitThenLog(100, log, "t" + i));
            }

            game.Tick(0.1);
            for (int i = Depth - 1; i >= 0; i--)
            {
                chain[i].Dispose();
                Assert.AreEqual(i, game.Order.Length - 1); // the root and the groups above
            }

            Assert.AreEqual("Group 'g0' was disposed.", tasks[0].CancelMessage);
            Assert.AreEqual("Group '" + chain[31].Path + "' was disposed.", tasks[31].CancelMessage);
            Assert.AreEqual("Group '.../g25/g26/g27/g28/g29/g30/g31/g32' was disposed.", tasks[32].CancelMessage);
            Assert.AreEqual("Group '.../g19992/g19993/g19994/g19995/g19996/g19997/g19998/g19999' was disposed.", tasks[Depth - 1].CancelMessage);
            Assert.AreEqual("t" + (Depth - 1) + " finally", log[0]);
            Assert.AreEqual(Depth, log.Count);
            Assert.AreEqual(0, game.Root.Children.Count);
        });
    }
}
