using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// A group's kill leaves its tree empty even when the finally blocks it runs spawn scripts into a group of the tree the
// kill has already passed (a subgroup's script spawning into its parent, or into a sibling), or end a lifetime whose
// tasks spawn. Found by the game fault-injection fuzzer: such a script lived on after Kill returned.
[TestClass]
public sealed class KillReachesSpawnsDuringKillTests
{
    private static IEnumerator<Yield> SpawnsInFinally(ScriptGroup target, List<CoTask> spawned)
    {
        try
        {
            yield return Yield.Seconds(100);
        }
        finally
        {
            spawned.Add(target.Spawn(Forever(), "spawned-in-finally"));
        }
    }

    private static IEnumerator<Yield> Forever()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    [TestMethod]
    [DataRow("world", "world/enemies", "world")]           // a subgroup's script spawns into its parent
    [DataRow("world", "world/enemies/boss", "world")]      // two levels down
    [DataRow("world", "world/enemies/boss", "world/props")] // into a sibling subtree the kill passed
    [DataRow("world", "world", "world")]                   // into its own group (reached in the same pass)
    public void Scripts_spawned_by_cleanup_into_the_killed_tree_are_killed_too(string killed, string from, string into)
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        enemies.CreateGroup("boss");
        world.CreateGroup("props");
        var spawned = new List<CoTask>();
        game.Group(from).Spawn(SpawnsInFinally(game.Group(into), spawned));
        game.Tick(0.1);

        int count = game.Group(killed).Kill();

        Assert.AreEqual(1, spawned.Count);
        Assert.IsTrue(spawned[0].IsCancelled, "a script spawned by a finally block into the killed tree is killed before Kill returns");
        Assert.AreEqual(2, count, "Kill counts the script spawned during it");
        foreach (string path in new[] { "world", "world/enemies", "world/enemies/boss", "world/props" })
        {
            Assert.AreEqual(0, game.Group(path).TaskCount, path);
        }
    }

    [TestMethod]
    public void A_script_spawned_outside_the_killed_tree_runs_on()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup ui = game.CreateGroup("ui");
        var spawned = new List<CoTask>();
        world.Spawn(SpawnsInFinally(ui, spawned));
        game.Tick(0.1);

        Assert.AreEqual(1, world.Kill());

        Assert.IsFalse(spawned[0].IsDone);
        game.Tick(0.1);
        Assert.IsFalse(spawned[0].IsDone);
    }

    [TestMethod]
    public void A_lifetime_ended_by_the_kill_whose_script_spawns_into_the_tree_is_reached()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup ui = game.CreateGroup("ui");
        var spawned = new List<CoTask>();
        // A ui script bound to world's lifetime: the kill ends it, and its cleanup spawns into world, already passed.
        world.Lifetime.Attach(ui.Spawn(SpawnsInFinally(world, spawned)));
        world.Spawn(Forever());
        game.Tick(0.1);

        world.Kill();

        Assert.IsTrue(spawned[0].IsCancelled);
        Assert.AreEqual(0, world.TaskCount);
    }

    private static IEnumerator<Yield> MovesToLateUpdateThenSpawnsInFinally(List<CoTask> spawned)
    {
        yield return Yield.LateUpdate;
        try
        {
            yield return Yield.Seconds(100);
        }
        finally
        {
            spawned.Add(Co.Spawn(Forever(), "spawned-in-finally")); // joins the spawner's phase: late update, no group
        }
    }

    [TestMethod]
    public void Disposing_the_game_kills_what_the_finally_blocks_of_ungrouped_phase_tasks_spawn()
    {
        var loop = new EventLoop(ClockKind.Frame);
        var game = new GameLoop(loop);
        var spawned = new List<CoTask>();
        loop.Spawn(MovesToLateUpdateThenSpawnsInFinally(spawned));
        game.Tick(0.1);
        game.Tick(0.1);

        game.Dispose();

        Assert.AreEqual(1, spawned.Count);
        Assert.IsTrue(spawned[0].IsCancelled, "a task a finally block spawned during the dispose is killed too");
        loop.Dispose();
    }

    [TestMethod]
    public void A_disposed_games_groups_refuse_spawns()
    {
        var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        game.Dispose();

        Assert.IsTrue(world.IsDisposed && enemies.IsDisposed && game.Root.IsDisposed);
        ObjectDisposedException refused = Assert.ThrowsExactly<ObjectDisposedException>(() => enemies.Spawn(Forever()));
        StringAssert.Contains(refused.Message, "world/enemies");
        Assert.ThrowsExactly<ObjectDisposedException>(() => game.Root.Spawn(Forever()));
    }
}
