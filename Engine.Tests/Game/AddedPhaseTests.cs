using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Phases a game adds (GameLoop.AddPhase): each runs right after its anchor each time the anchor runs, in the order
// added; tasks spawn into them, move to them, pause with their group; unknown phases are refused by name.
[TestClass]
public sealed class AddedPhaseTests
{
    private static IEnumerator<Yield> Every(string name, GameLoop game, List<string> log)
    {
        while (true)
        {
            log.Add(name + "@" + game.FrameCount + ":" + game.PhaseName(game.CurrentPhase!.Value));
            yield return Yield.NextTick;
        }
    }

    [TestMethod]
    public void Added_phases_run_right_after_their_anchor_in_the_order_added()
    {
        using var game = new GameLoop { FixedStep = 0.5, SlowUpdateEveryFrames = 2 };
        GamePhase physicsDone = game.AddPhase("PhysicsDone", GamePhase.FixedUpdate);
        GamePhase animation = game.AddPhase("Animation", GamePhase.Update);
        GamePhase ik = game.AddPhase("IK", animation);
        GamePhase camera = game.AddPhase("Camera", GamePhase.Update);
        GamePhase rare = game.AddPhase("AfterSlow", GamePhase.SlowUpdate);
        GamePhase ui = game.AddPhase("UI", GamePhase.LateUpdate);
        Assert.AreEqual(11, game.PhaseCount);
        var log = new List<string>();
        ScriptGroup world = game.CreateGroup("world");
        game.Spawn(Every("ui", game, log), ui);
        game.Spawn(Every("camera", game, log), camera);
        world.Spawn(Every("ik", game, log), ik);
        game.Spawn(Every("anim", game, log), animation);
        game.Spawn(Every("rare", game, log), rare);
        world.Spawn(Every("physics", game, log), physicsDone);
        game.Spawn(Every("late", game, log), GamePhase.LateUpdate);
        game.Spawn(Every("update", game, log));
        game.Tick(1.0); // two fixed steps; no slow update (every second frame)
        game.Tick(0.25); // no fixed step; a slow update
        CollectionAssert.AreEqual(
            new[]
            {
                "physics@1:PhysicsDone", "physics@1:PhysicsDone", "update@1:Update", "anim@1:Animation", "ik@1:IK",
                "camera@1:Camera", "late@1:LateUpdate", "ui@1:UI",
                "update@2:Update", "anim@2:Animation", "ik@2:IK", "camera@2:Camera", "rare@2:AfterSlow", "late@2:LateUpdate",
                "ui@2:UI",
            },
            log);
    }

    [TestMethod]
    public void A_task_moves_into_an_added_phase_and_back_and_waits_there_with_its_group()
    {
        using var game = new GameLoop();
        GamePhase afterLate = game.AddPhase("AfterLate", GamePhase.LateUpdate);
        ScriptGroup world = game.CreateGroup("world");
        var log = new List<string>();
        IEnumerator<Yield> Mover()
        {
            log.Add("start " + game.PhaseName(game.CurrentPhase!.Value) + "@" + game.FrameCount);
            yield return Yield.Phase(afterLate);
            log.Add("moved " + game.PhaseName(game.CurrentPhase!.Value) + "@" + game.FrameCount);
            yield return Yield.Seconds(0.5);
            log.Add("slept " + game.PhaseName(game.CurrentPhase!.Value) + "@" + game.FrameCount);
            yield return Yield.Update;
            log.Add("back " + game.PhaseName(game.CurrentPhase!.Value) + "@" + game.FrameCount);
        }

        world.Spawn(Mover());
        game.Tick(0.25); // start, moved (same frame: the added phase runs after late update)
        world.Pause();
        game.Tick(0.25);
        game.Tick(0.25); // paused: the group's clock stands still
        world.Resume();
        game.Tick(0.25);
        game.Tick(0.25); // 0.5 s of the group's time: slept; then back in the next update
        game.Tick(0.25);
        CollectionAssert.AreEqual(new[] { "start Update@1", "moved AfterLate@1", "slept AfterLate@5", "back Update@6" }, log);
    }

    [TestMethod]
    public void Host_driven_phases_run_their_added_phases_after_them()
    {
        using var game = new GameLoop();
        GamePhase afterFixed = game.AddPhase("AfterFixed", GamePhase.FixedUpdate);
        GamePhase afterEnd = game.AddPhase("AfterEnd", GamePhase.EndOfFrame);
        var log = new List<string>();
        game.Spawn(Every("a", game, log), afterFixed);
        game.Spawn(Every("b", game, log), afterEnd);
        game.Update(0.02);
        Assert.AreEqual(0, log.Count, "the host runs fixed steps and the end of frame itself");
        game.FixedUpdate();
        game.LateUpdate();
        game.EndOfFrame();
        CollectionAssert.AreEqual(new[] { "a@1:AfterFixed", "b@1:AfterEnd" }, log);
    }

    [TestMethod]
    public void Unknown_and_bad_phases_are_refused_with_their_names()
    {
        using var game = new GameLoop();
        game.AddPhase("Animation", GamePhase.Update);
        ArgumentException taken = Assert.ThrowsExactly<ArgumentException>(() => game.AddPhase("Animation", GamePhase.Update));
        StringAssert.Contains(taken.Message, "'Animation'");
        Assert.ThrowsExactly<ArgumentException>(() => game.AddPhase("LateUpdate", GamePhase.Update));
        Assert.ThrowsExactly<ArgumentException>(() => game.AddPhase(string.Empty, GamePhase.Update));
        ArgumentOutOfRangeException unknownAnchor = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.AddPhase("X", (GamePhase)9));
        StringAssert.Contains(unknownAnchor.Message, "Update, FixedUpdate, SlowUpdate, LateUpdate, EndOfFrame, Animation");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.Spawn(Every("x", game, new List<string>()), (GamePhase)6));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Phase((GamePhase)(-1)));

        // A task that yields a phase its game does not have receives the error at the yield and can carry on.
        var log = new List<string>();
        IEnumerator<Yield> Lost()
        {
            yield return Yield.Catch(Do(Yield.Phase((GamePhase)7)));
            log.Add(Co.Exception?.GetType().Name + ": " + Co.Exception?.Message.Split('\n')[0]);
            yield return Yield.Phase((GamePhase)5); // Animation exists
            log.Add("in " + game.PhaseName(game.CurrentPhase!.Value));
        }

        game.Spawn(Lost());
        game.Tick(0.1);
        Assert.AreEqual(2, log.Count);
        StringAssert.StartsWith(log[0], "ArgumentOutOfRangeException: Phase 7 is not a phase of this GameLoop");
        Assert.AreEqual("in Animation", log[1]);

        IEnumerator<Yield> AddWhileRunning()
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => game.AddPhase("Late", GamePhase.Update));
            yield break;
        }

        CoTask adder = game.Spawn(AddWhileRunning());
        game.Tick(0.1);
        Assert.IsTrue(adder.IsSucceeded);
    }

    private static IEnumerator<Yield> Do(Yield instruction)
    {
        yield return instruction;
    }
}
