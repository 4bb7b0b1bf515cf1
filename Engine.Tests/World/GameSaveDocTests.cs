using System;
using System.Collections.Generic;
using System.Text.Json;
using Engine.Game;
using Engine.Persist;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// The examples of docs/game.md and docs/save-restore.md on saving a game, compiled and checked.
public static partial class Arena
{
    [Coroutine]
    public static IEnumerator<Yield> Patrol(List<string> log, int legs)
    {
        for (int leg = 1; leg <= legs; leg++)
        {
            yield return Yield.Seconds(1);                   // on its group's clock: paused and scaled with it
            log.Add("leg " + leg + " at " + ScriptGroup.Current!.Time);
        }
    }
}

// A host's entity (a Unity GameObject, say) that scripts end with, and the converter that saves it as its id.
public sealed class Npc
{
    public Npc(int id) => Id = id;

    public int Id { get; }
}

public sealed class NpcConverter : ISaveConverter
{
    private readonly Dictionary<int, Npc> _world;   // the host's entities by id (after a restore: the reloaded scene's)

    public NpcConverter(Dictionary<int, Npc> world) => _world = world;

    public bool CanConvert(Type type) => type == typeof(Npc);

    public void Write(object value, FieldWriter fields) => fields.Add("Id", ((Npc)value).Id);

    public object Read(Type type, FieldReader fields) => _world[fields.Get<int>("Id")];
}

[TestClass]
public class GameSaveDocTests
{
    [TestMethod]
    public void SaveAPausedGroupMidWaitAndResume()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        var log = new List<string>();
        enemies.Spawn(new Arena.PatrolMachine(log, 5), "patrol");
        for (int frame = 0; frame < 30; frame++)
        {
            game.Tick(0.05);                                 // 1.5 s: the first leg is done
        }

        enemies.Pause();                                     // mid-wait: 0.5 s of the second leg left
        enemies.TimeScale = 0.5;
        string json = JsonSerializer.Serialize(game.Save()); // between frames; the loop, its tasks and the game

        using GameLoop restored = GameLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(json)!);
        restored.Group("enemies").Resume();                  // same tree, settings, clocks and pending waits
        for (int frame = 0; frame < 100; frame++)
        {
            restored.Tick(0.05);
        }

        Assert.AreEqual(1, log.Count, "the original log is not the restored one");
        CoTask patrol = Array.Find(restored.Loop.GetTasks(), t => t.Name == "patrol") ?? throw new AssertFailedException("patrol lives");
        Assert.IsFalse(patrol.IsDone, "5 s of host time at half speed: 2.5 s of group time");
        Assert.AreEqual(4, restored.Group("enemies").Time, 1e-9);
    }

    [TestMethod]
    public void LifetimeOwnersAreSavedByTheHostsConverter()
    {
        var scene = new Dictionary<int, Npc> { [7] = new Npc(7) };
        using var game = new GameLoop();
        Lifetime life = game.CreateLifetime(scene[7]);      // the host ends it in the NPC's OnDestroy
        life.Attach(game.Spawn(new Arena.PatrolMachine(new List<string>(), 10), "npc-7"));
        game.Tick(0.1);
        WorldSnapshot snapshot = game.Save(new NpcConverter(scene));

        var reloaded = new Dictionary<int, Npc> { [7] = new Npc(7) };   // the host reloads its scene
        using GameLoop restored = GameLoop.Restore(snapshot, new NpcConverter(reloaded));
        restored.LifetimeOf(reloaded[7])!.End("NPC 7 destroyed");       // OnDestroy of the reloaded NPC

        Assert.IsTrue(Array.Find(restored.Loop.GetTasks(), t => t.Name == "npc-7") is null, "its script ended with it");
        var error = Assert.ThrowsExactly<NotSupportedException>(() => game.Save());
        StringAssert.Contains(error.Message, "owner is a host object of type " + typeof(Npc).FullName);
    }
}
