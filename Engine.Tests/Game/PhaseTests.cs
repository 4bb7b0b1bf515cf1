using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Frame phases: the documented order, the fixed-step accumulator with its cap, the slow update, moving between phases by
// yielding, spawning into a phase, and hosts that drive each phase themselves.
[TestClass]
public sealed class PhaseTests
{
    private static IEnumerator<Yield> Every(string name, GameLoop game, List<string> log)
    {
        while (true)
        {
            log.Add(name + "@" + game.FrameCount);
            yield return Yield.NextTick;
        }
    }

    [TestMethod]
    public void A_frame_runs_fixed_steps_update_slow_update_late_update_and_end_of_frame_in_that_order()
    {
        using var game = new GameLoop { FixedStep = 1.0 / 64, SlowUpdateEveryFrames = 2 };
        var log = new List<string>();
        ScriptGroup world = game.CreateGroup("world");
        game.Spawn(Every("end", game, log), GamePhase.EndOfFrame);
        game.Spawn(Every("late", game, log), GamePhase.LateUpdate);
        game.Spawn(Every("slow", game, log), GamePhase.SlowUpdate);
        world.Spawn(Every("world.update", game, log));
        game.Spawn(Every("update", game, log));
        game.Spawn(Every("fixed", game, log), GamePhase.FixedUpdate);
        game.Loop.Spawn(Every("loop", game, log)); // a task of no group: the loop's own batch, first in the update phase
        game.Tick(2.0 / 64); // two fixed steps
        game.Tick(1.0 / 128); // none: half a step accumulates
        game.Tick(1.0 / 128); // one
        CollectionAssert.AreEqual(
            new[]
            {
                "fixed@1", "fixed@1", "loop@1", "update@1", "world.update@1", "late@1", "end@1",
                "loop@2", "update@2", "world.update@2", "slow@2", "late@2", "end@2",
                "fixed@3", "loop@3", "update@3", "world.update@3", "late@3", "end@3",
            },
            log);
        Assert.AreEqual(3L, game.FixedStepCount);
        Assert.AreEqual(3.0 / 64, game.FixedTime);
    }

    [TestMethod]
    public void A_long_frame_runs_at_most_MaxFixedSteps_and_drops_the_backlog()
    {
        using var game = new GameLoop { FixedStep = 1.0 / 64, MaxFixedSteps = 3 };
        var log = new List<string>();
        game.Spawn(Every("fixed", game, log), GamePhase.FixedUpdate);
        game.Tick(1.0);
        Assert.AreEqual(3L, game.FixedStepCount);
        game.Tick(1.0 / 128);
        Assert.AreEqual(3L, game.FixedStepCount, "less than a step was kept");
        game.Tick(1.0 / 128);
        Assert.AreEqual(4L, game.FixedStepCount);
    }

    [TestMethod]
    public void Slow_update_runs_every_interval_of_host_time_at_most_once_a_frame()
    {
        using var game = new GameLoop { SlowUpdateInterval = 0.25 };
        var log = new List<string>();
        game.Spawn(Every("slow", game, log), GamePhase.SlowUpdate);
        for (int i = 0; i < 8; i++)
        {
            game.Tick(0.125);
        }

        game.Tick(1.0); // one slow update, not four
        CollectionAssert.AreEqual(new[] { "slow@2", "slow@4", "slow@6", "slow@8", "slow@9" }, log);
    }

    private static IEnumerator<Yield> Mover(GameLoop game, List<string> log)
    {
        log.Add("update@" + game.FrameCount + " " + game.CurrentPhase);
        yield return Yield.LateUpdate;
        log.Add("late@" + game.FrameCount + " " + game.CurrentPhase);
        yield return Yield.EndOfFrame;
        log.Add("end@" + game.FrameCount + " " + game.CurrentPhase);
        yield return Yield.FixedUpdate;
        log.Add("fixed@" + game.FrameCount + " " + game.CurrentPhase);
        yield return Yield.NextTick; // in the fixed phase: the next fixed step
        log.Add("fixed@" + game.FrameCount + " again");
        yield return Yield.Update;
        log.Add("update@" + game.FrameCount + " " + game.PhaseOf(Co.CurrentTask!));
        yield return Yield.Seconds(0.5); // resumes in update, where it now runs
        log.Add("update@" + game.FrameCount + " after 0.5 s");
    }

    [TestMethod]
    public void Yielding_a_phase_moves_a_task_there_until_it_yields_another()
    {
        using var game = new GameLoop { FixedStep = 0.25 };
        var log = new List<string>();
        ScriptGroup enemies = game.CreateGroup("enemies");
        CoTask t = enemies.Spawn(Mover(game, log));
        for (int i = 0; i < 8 && !t.IsDone; i++)
        {
            game.Tick(0.125); // a fixed step every other frame
        }

        CollectionAssert.AreEqual(
            new[]
            {
                "update@1 Update", "late@1 LateUpdate", "end@1 EndOfFrame", "fixed@2 FixedUpdate", "fixed@4 again",
                "update@4 Update", "update@8 after 0.5 s",
            },
            log);
        Assert.AreSame(enemies, ScriptGroup.Of(t), "moving between phases keeps the group");
    }

    [TestMethod]
    public void A_task_of_no_group_moves_between_phases_too_and_keeps_the_loop_clock()
    {
        using var game = new GameLoop { FixedStep = 0.25 };
        game.Root.TimeScale = 0.5; // does not apply: the task is in no group
        var log = new List<string>();
        CoTask t = game.Loop.Spawn(Mover(game, log));
        for (int i = 0; i < 12 && !t.IsDone; i++)
        {
            game.Tick(0.125);
        }

        Assert.AreEqual("update@8 after 0.5 s", log[^1]);
        Assert.IsNull(ScriptGroup.Of(t));
    }

    [TestMethod]
    public void Without_a_GameLoop_a_phase_instruction_fails_only_the_task_that_yields_it()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        CoTask bad = loop.Spawn(Late());
        CoTask good = loop.Spawn(Count());
        loop.Tick(0.1);
        loop.Tick(0.1);
        Assert.IsInstanceOfType<System.InvalidOperationException>(bad.Exception);
        StringAssert.Contains(bad.Exception!.Message, "GameLoop");
        loop.Tick(0.1);
        CollectionAssert.AreEqual(new[] { "1", "2", "3" }, log);
        Assert.IsFalse(good.IsDone);

        static IEnumerator<Yield> Late()
        {
            yield return Yield.LateUpdate;
        }

        IEnumerator<Yield> Count()
        {
            for (int i = 1; ; i++)
            {
                log.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                yield return Yield.NextTick;
            }
        }
    }

    [TestMethod]
    public void A_host_drives_fixed_update_update_late_update_and_end_of_frame_itself()
    {
        using var game = new GameLoop();
        var log = new List<string>();
        game.Spawn(Every("fixed", game, log), GamePhase.FixedUpdate);
        game.Spawn(Every("update", game, log));
        game.Spawn(Every("late", game, log), GamePhase.LateUpdate);
        game.Spawn(Every("end", game, log), GamePhase.EndOfFrame);

        // Frame 1 as Unity runs it: FixedUpdate (twice), Update, LateUpdate, end of frame.
        game.FixedUpdate();
        game.FixedUpdate();
        game.Update(1.0 / 30);
        log.Add("-- after Update");
        game.LateUpdate();
        game.EndOfFrame();
        game.Update(1.0 / 30); // frame 2 without fixed steps: Update alone runs no other phase
        CollectionAssert.AreEqual(
            new[] { "fixed@0", "fixed@0", "update@1", "-- after Update", "late@1", "end@1", "update@2" },
            log);
        Assert.AreEqual(2L, game.FixedStepCount);
    }

    [TestMethod]
    public void Spawning_into_a_phase_of_a_paused_group_waits_for_resume()
    {
        using var game = new GameLoop();
        ScriptGroup ui = game.CreateGroup("ui");
        var log = new List<string>();
        ui.Pause();
        ui.Spawn(Every("late", game, log), GamePhase.LateUpdate);
        game.Tick(0.1);
        Assert.AreEqual(0, log.Count);
        ui.Resume();
        game.Tick(0.1);
        CollectionAssert.AreEqual(new[] { "late@2" }, log);
        Assert.AreEqual(GamePhase.LateUpdate, game.PhaseOf(ui.GetTasks()[0]));
    }
}
