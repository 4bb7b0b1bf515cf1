using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Script groups: pause and time scale freeze or stretch in-flight waits exactly, scales compose, unscaled groups ignore
// their ancestors' scale, kill reaches subgroups and runs finally blocks before it returns, and tasks of different groups
// wait for each other without polling.
[TestClass]
public sealed class GroupTests
{
    private static IEnumerator<Yield> SleepThenLog(double seconds, GameLoop game, List<long> log)
    {
        yield return Yield.Seconds(seconds);
        log.Add(game.FrameCount);
    }

    private static IEnumerator<Yield> FramesThenLog(int frames, GameLoop game, List<long> log)
    {
        yield return Yield.Frames(frames);
        log.Add(game.FrameCount);
    }

    private static long FrameOfWake(double seconds, int pauseFrom, int pauseFrames)
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        var log = new List<long>();
        enemies.Spawn(SleepThenLog(seconds, game, log));
        for (int frame = 1; frame <= 400 && log.Count == 0; frame++)
        {
            if (frame == pauseFrom)
            {
                enemies.Pause();
            }

            if (frame == pauseFrom + pauseFrames)
            {
                enemies.Resume();
            }

            game.Tick(1.0 / 60);
        }

        Assert.AreEqual(1, log.Count, "the wait finished");
        return log[0];
    }

    [TestMethod]
    public void A_seconds_wait_started_before_a_60_frame_pause_finishes_exactly_60_frames_later()
    {
        foreach (double seconds in new[] { 1.0, 0.5, 1.0 / 3, 2.25 })
        {
            long unpaused = FrameOfWake(seconds, pauseFrom: 400, pauseFrames: 0);
            long paused = FrameOfWake(seconds, pauseFrom: 10, pauseFrames: 60);
            Assert.AreEqual(unpaused + 60, paused, "Seconds(" + seconds + ")");
        }
    }

    [TestMethod]
    public void Frames_waits_count_only_unpaused_frames()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        var log = new List<long>();
        enemies.Spawn(FramesThenLog(10, game, log));
        game.Tick(0.1);            // frame 1: the wait starts (group frame 1, due at group frame 11)
        for (int i = 0; i < 4; i++)
        {
            game.Tick(0.1);        // frames 2-5: group frames 2-5
        }

        enemies.Pause();
        for (int i = 0; i < 7; i++)
        {
            game.Tick(0.1);        // frames 6-12: not counted
        }

        enemies.Resume();
        for (int i = 0; i < 10 && log.Count == 0; i++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(new long[] { 11 + 7 }, log);
        Assert.AreEqual(11L, enemies.Frame);
    }

    [TestMethod]
    public void Changing_the_time_scale_mid_wait_rescales_the_remaining_time_exactly()
    {
        // dt = 1/64 keeps every sum exact: the task starts at group time 1/64 and is due at 65/64. After 32 frames
        // (0.5 s), 33/64 s of local time remain; at scale 0.5 they take 66 frames of 1/128 local time each.
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        var log = new List<long>();
        enemies.Spawn(SleepThenLog(1, game, log));
        for (int frame = 1; frame <= 32; frame++)
        {
            game.Tick(1.0 / 64);
        }

        enemies.TimeScale = 0.5;
        for (int frame = 33; frame <= 200 && log.Count == 0; frame++)
        {
            game.Tick(1.0 / 64);
        }

        CollectionAssert.AreEqual(new long[] { 32 + 66 }, log);
        Assert.AreEqual(0.5, enemies.EffectiveTimeScale);
    }

    [TestMethod]
    public void Scales_compose_with_the_parent_and_an_unscaled_group_ignores_its_ancestors_scale()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        ScriptGroup hud = world.CreateGroup("hud");
        ScriptGroup ui = game.CreateGroup("ui");
        game.Root.TimeScale = 2;
        world.TimeScale = 0.5;
        enemies.TimeScale = 0.5;
        hud.Unscaled = true;
        Assert.AreEqual(2.0, world.EffectiveTimeScale * 2);
        Assert.AreEqual(0.5, enemies.EffectiveTimeScale);
        Assert.AreEqual(1.0, hud.EffectiveTimeScale);
        Assert.AreEqual(2.0, ui.EffectiveTimeScale);

        var log = new List<string>();
        enemies.Spawn(Named("enemies", 1, log));
        hud.Spawn(Named("hud", 1, log));
        ui.Spawn(Named("ui", 1, log));
        game.Tick(0); // all three start at their group time 0
        for (int i = 0; i < 8; i++)
        {
            game.Tick(0.25);
        }

        // ui runs at 2: 1 s after 0.5 s of host time; hud at 1: after 1 s; enemies at 0.5: after 2 s.
        CollectionAssert.AreEqual(new[] { "ui@3", "hud@5", "enemies@9" }, log);
        Assert.AreEqual(1.0, enemies.Time);
        Assert.AreEqual(0.125, enemies.DeltaTime);

        IEnumerator<Yield> Named(string name, double seconds, List<string> into)
        {
            yield return Yield.Seconds(seconds);
            into.Add(name + "@" + game.FrameCount);
        }
    }

    [TestMethod]
    public void Pausing_a_parent_pauses_its_subgroups_and_their_predicates_are_not_checked()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        int checks = 0;
        bool open = false;
        var log = new List<long>();
        enemies.Spawn(WaitForDoor());
        game.Tick(0.1);
        game.Tick(0.1);
        world.Pause();
        Assert.IsTrue(enemies.IsEffectivelyPaused);
        Assert.IsFalse(enemies.IsPaused);
        int checksBeforePause = checks;
        open = true;
        game.Tick(0.1);
        game.Tick(0.1);
        Assert.AreEqual(checksBeforePause, checks, "a paused group's predicates are not evaluated");
        Assert.AreEqual(0, log.Count);
        world.Resume();
        game.Tick(0.1);
        CollectionAssert.AreEqual(new long[] { 5 }, log);

        IEnumerator<Yield> WaitForDoor()
        {
            yield return Yield.Until(() =>
            {
                checks++;
                return open;
            });
            log.Add(game.FrameCount);
        }
    }

    private static IEnumerator<Yield> Boss(List<string> log)
    {
        try
        {
            yield return Yield.Frames(5);
            log.Add("boss done");
            yield return Yield.Return(42);
        }
        finally
        {
            log.Add("boss finally");
        }
    }

    private static IEnumerator<Yield> Cutscene(CoTask boss, GameLoop game, List<string> log)
    {
        yield return boss;
        log.Add("cutscene sees " + Co.Result<int>() + " at frame " + game.FrameCount);
    }

    [TestMethod]
    public void A_task_in_one_group_awaits_a_task_in_another_without_polling_and_resumes_in_the_same_frame()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        ScriptGroup ui = game.CreateGroup("ui");
        var log = new List<string>();
        CoTask boss = enemies.Spawn(Boss(log), "boss");
        CoTask cutscene = ui.Spawn(Cutscene(boss, game, log), "cutscene");
        game.Tick(0.1);
        game.Tick(0.1);
        StringAssert.StartsWith(cutscene.WaitingFor, "Await(Task 'boss'", "parked on the boss, not polling");
        enemies.Pause();
        for (int i = 0; i < 10; i++)
        {
            game.Tick(0.1);
        }

        Assert.AreEqual(0, log.Count, "the paused boss does not finish, the cutscene keeps waiting");
        enemies.Resume();
        for (int i = 0; i < 10 && !cutscene.IsDone; i++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(new[] { "boss done", "boss finally", "cutscene sees 42 at frame 16" }, log);
    }

    private static IEnumerator<Yield> Guarded(string name, List<string> log, Future? awaits = null)
    {
        try
        {
            if (awaits is not null)
            {
                yield return awaits;
            }

            while (true)
            {
                yield return Yield.Seconds(1);
            }
        }
        finally
        {
            log.Add(name + " cleaned up");
        }
    }

    [TestMethod]
    public void Kill_reaches_subgroups_and_their_finally_blocks_run_before_it_returns()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        ScriptGroup ui = game.CreateGroup("ui");
        var log = new List<string>();
        var helper = game.Loop.Spawn(Guarded("helper", log), "helper"); // no group: killed because the boss awaits it
        world.Spawn(Guarded("weather", log));
        enemies.Spawn(Guarded("boss", log, helper));
        enemies.Spawn(Guarded("minion", log));
        CoTask menu = ui.Spawn(Guarded("menu", log));
        game.Tick(0.1);
        int killed = world.Kill("level over");
        Assert.AreEqual(3, killed);
        CollectionAssert.AreEqual(new[] { "weather cleaned up", "helper cleaned up", "boss cleaned up", "minion cleaned up" }, log);
        Assert.AreEqual(0, world.TaskCount + enemies.TaskCount);
        Assert.IsFalse(menu.IsDone);
        Assert.IsTrue(helper.IsCancelled);
        game.Tick(0.1);
        enemies.Spawn(Guarded("next wave", log));
        game.Tick(0.1);
        Assert.AreEqual(1, enemies.TaskCount, "a killed group stays usable");
    }

    private static IEnumerator<Yield> KillsOwnGroup(ScriptGroup group, List<string> log)
    {
        try
        {
            yield return Yield.NextTick;
            log.Add("killing");
            group.Kill();
            log.Add("after kill, still in my step");
            yield return Yield.NextTick;
            log.Add("never");
        }
        finally
        {
            log.Add("killer cleaned up");
        }
    }

    [TestMethod]
    public void A_task_killing_its_own_group_finishes_when_its_step_yields_and_the_loop_runs_on()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        ScriptGroup ui = game.CreateGroup("ui");
        var log = new List<string>();
        CoTask killer = enemies.Spawn(KillsOwnGroup(enemies, log));
        enemies.Spawn(Guarded("minion", log));
        var uiFrames = new List<long>();
        ui.Spawn(FramesThenLog(3, game, uiFrames));
        game.Tick(0.1);
        game.Tick(0.1);
        CollectionAssert.AreEqual(new[] { "killing", "minion cleaned up", "after kill, still in my step", "killer cleaned up" }, log);
        Assert.IsTrue(killer.IsCancelled);
        game.Tick(0.1);
        game.Tick(0.1);
        CollectionAssert.AreEqual(new long[] { 4 }, uiFrames, "the other group kept running");
    }

    [TestMethod]
    public void Tasks_spawned_from_a_grouped_task_join_its_group_and_die_with_it()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        var log = new List<string>();
        CoTask child = null!;
        enemies.Spawn(Parent());
        game.Tick(0.1); // the parent spawns the child
        game.Tick(0.1); // the child starts (its finally block is now pending)
        Assert.AreSame(enemies, ScriptGroup.Of(child));
        enemies.Pause();
        game.Tick(0.1);
        enemies.Kill();
        CollectionAssert.Contains(log, "child cleaned up");

        IEnumerator<Yield> Parent()
        {
            child = Co.Spawn(Guarded("child", log));
            Assert.AreSame(enemies, ScriptGroup.Current);
            yield return Yield.Seconds(10);
        }
    }

    [TestMethod]
    public void Dispose_removes_a_group_and_its_subgroups()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        Assert.AreSame(enemies, game.Group("world/enemies"));
        var log = new List<string>();
        enemies.Spawn(Guarded("boss", log));
        game.Tick(0.1);
        world.Dispose();
        CollectionAssert.AreEqual(new[] { "boss cleaned up" }, log);
        Assert.IsTrue(enemies.IsDisposed);
        Assert.IsFalse(game.TryGetGroup("world/enemies", out _));
        Assert.ThrowsExactly<ObjectDisposedException>(() => enemies.Spawn(Guarded("late", log)));
        Assert.AreEqual(0, game.Root.Children.Count);
    }

    [TestMethod]
    public void On_the_virtual_clock_the_loop_jumps_to_the_next_event_across_groups_in_loop_time()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        using var game = new GameLoop(loop);
        ScriptGroup slow = game.CreateGroup("slow");
        ScriptGroup fast = game.CreateGroup("fast");
        ScriptGroup paused = game.CreateGroup("paused");
        ScriptGroup frozen = game.CreateGroup("frozen");
        slow.TimeScale = 0.5;
        fast.TimeScale = 4;
        paused.Pause();
        frozen.TimeScale = 0;
        var log = new List<string>();
        slow.Spawn(At("slow", 1));
        fast.Spawn(At("fast", 1));
        paused.Spawn(At("paused", 1));
        frozen.Spawn(At("frozen", 1));
        loop.RunUntil(double.PositiveInfinity);
        CollectionAssert.AreEqual(new[] { "fast@0.25", "slow@2" }, log, "paused and frozen groups never come due");
        Assert.AreEqual(2.0, loop.Time);

        IEnumerator<Yield> At(string name, double seconds)
        {
            yield return Yield.Seconds(seconds);
            log.Add(name + "@" + loop.Time.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [TestMethod]
    public void On_the_virtual_clock_waiting_for_a_paused_group_is_a_deadlock()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        using var game = new GameLoop(loop);
        ScriptGroup paused = game.CreateGroup("paused");
        paused.Pause();
        CoTask sleeper = paused.Spawn(Guarded("sleeper", new List<string>()), "sleeper");
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => loop.RunUntilComplete(sleeper));
        StringAssert.Contains(ex.Message, "Deadlock");
    }

    [TestMethod]
    public void On_the_real_clock_a_scaled_group_sleeps_until_its_timer_in_loop_time()
    {
        using var loop = new EventLoop(ClockKind.Real);
        using var game = new GameLoop(loop);
        ScriptGroup fast = game.CreateGroup("fast");
        fast.TimeScale = 10;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        CoTask t = fast.Spawn(Sleep(1));
        loop.RunUntilComplete(t);
        Assert.IsTrue(t.IsSucceeded);
        Assert.IsLessThan(0.9, sw.Elapsed.TotalSeconds, "1 s at scale 10 takes about 0.1 s of host time (generous bound)");
        Assert.IsGreaterThanOrEqualTo(0.09, sw.Elapsed.TotalSeconds);

        static IEnumerator<Yield> Sleep(double seconds)
        {
            yield return Yield.Seconds(seconds);
        }
    }
}
