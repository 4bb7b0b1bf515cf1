using System;
using System.Collections.Generic;
using System.Threading;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Bad input to the game layer gets a clear exception or a documented meaning, and the loop keeps running the other tasks.
[TestClass]
public sealed class GameBadInputTests
{
    [TestMethod]
    public void A_game_and_SimPys_event_order_refuse_to_share_a_loop()
    {
        using var sim = new Engine.Simulation.SimEnvironment();
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => new GameLoop(sim.Loop));
        StringAssert.Contains(e.Message, "SimPy's event order");

        using var loop = new EventLoop(ClockKind.Virtual);
        using var game = new GameLoop(loop);
        InvalidOperationException e2 = Assert.ThrowsExactly<InvalidOperationException>(() => loop.EnableEventOrder(_ => { }));
        StringAssert.Contains(e2.Message, "GameLoop");
    }

    [TestMethod]
    public void A_negative_NaN_or_infinite_time_scale_is_refused()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        foreach (double bad in new[] { -0.5, double.NaN, double.PositiveInfinity, double.NegativeInfinity })
        {
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => enemies.TimeScale = bad);
            StringAssert.Contains(ex.Message, "time scale");
        }

        enemies.TimeScale = 0; // documented: freezes the group's clock, its scripts keep running
        Assert.AreEqual(0.0, enemies.EffectiveTimeScale);
        Assert.AreEqual(1.0, game.Root.TimeScale, "a refused value changes nothing");
    }

    [TestMethod]
    public void A_fixed_step_of_zero_and_other_bad_frame_settings_are_refused()
    {
        using var game = new GameLoop();
        foreach (double bad in new[] { 0, -0.02, double.NaN, double.PositiveInfinity })
        {
            var ex = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.FixedStep = bad);
            StringAssert.Contains(ex.Message, "fixed step");
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.SlowUpdateInterval = bad);
        }

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.MaxFixedSteps = 0);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.SlowUpdateEveryFrames = -1);
        Assert.AreEqual(0.02, game.FixedStep);
    }

    private static IEnumerator<Yield> PausesOtherLoopsGroup(ScriptGroup group)
    {
        yield return Yield.NextTick;
        group.Pause();
    }

    private static IEnumerator<Yield> Ticks(List<int> log)
    {
        for (int i = 1; ; i++)
        {
            log.Add(i);
            yield return Yield.Seconds(1);
        }
    }

    [TestMethod]
    public void Pausing_a_group_from_a_task_of_another_loop_fails_that_task_and_both_loops_run_on()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        var enemyTicks = new List<int>();
        enemies.Spawn(Ticks(enemyTicks));

        using var other = new EventLoop(ClockKind.Virtual);
        var otherTicks = new List<int>();
        CoTask bad = other.Spawn(PausesOtherLoopsGroup(enemies));
        other.Spawn(Ticks(otherTicks));
        other.RunUntil(3);
        var ex = (InvalidOperationException)bad.Exception!;
        StringAssert.Contains(ex.Message, "another event loop");
        CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, otherTicks);
        Assert.IsFalse(enemies.IsPaused);

        Exception? fromThread = null;
        var thread = new Thread(() => fromThread = Record(() => enemies.Pause()));
        thread.Start();
        thread.Join();
        Assert.IsInstanceOfType<InvalidOperationException>(fromThread);
        StringAssert.Contains(fromThread!.Message, "thread");
        game.Tick(1);
        game.Tick(1);
        CollectionAssert.AreEqual(new[] { 1, 2 }, enemyTicks);
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    [TestMethod]
    public void A_singleton_key_of_null_and_other_bad_singleton_calls_are_refused()
    {
        using var game = new GameLoop();
        using var otherGame = new GameLoop();
        Assert.ThrowsExactly<ArgumentNullException>(() => game.RunSingleton(null!, Ticks(new List<int>())));
        Assert.ThrowsExactly<ArgumentNullException>(() => game.RunSingleton("k", null!));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.RunSingleton("k", Ticks(new List<int>()), (SingletonPolicy)42));
        Assert.ThrowsExactly<ArgumentException>(() => game.RunSingleton("k", Ticks(new List<int>()), group: otherGame.Root));
        Assert.ThrowsExactly<ArgumentNullException>(() => game.GetSingleton(null!));
        Assert.IsNull(game.GetSingleton("k"));
    }

    [TestMethod]
    public void Bad_group_names_and_paths_get_clear_exceptions()
    {
        using var game = new GameLoop();
        game.CreateGroup("world").CreateGroup("enemies");
        Assert.ThrowsExactly<ArgumentException>(() => game.CreateGroup(""));
        Assert.ThrowsExactly<ArgumentException>(() => game.CreateGroup("a/b"));
        Assert.ThrowsExactly<ArgumentNullException>(() => game.CreateGroup(null!));
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => game.CreateGroup("world")).Message, "already has a subgroup named 'world'");
        var missing = Assert.ThrowsExactly<KeyNotFoundException>(() => game.Group("world/enemy"));
        StringAssert.Contains(missing.Message, "group 'world' has no subgroup 'enemy'. Its subgroups: enemies.");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => game.Root.Dispose()).Message, "root group");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => game.Root.Spawn(Ticks(new List<int>()), (GamePhase)9));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Phase((GamePhase)(-1)));
    }

    [TestMethod]
    public void One_loop_has_at_most_one_GameLoop_and_host_phases_need_the_frame_clock()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        using var game = new GameLoop(loop);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => new GameLoop(loop)).Message, "already has a GameLoop");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => game.LateUpdate()).Message, "frame clock");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => game.Tick(0.1)).Message, "frame clock");
    }

    [TestMethod]
    public void Bad_predicate_timeouts_progress_values_and_lifetime_tasks_are_refused()
    {
        foreach (double bad in new[] { 0, -1, double.NaN })
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Until(() => true, bad));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.While(() => true, bad));
        }

        Assert.ThrowsExactly<ArgumentNullException>(() => Yield.Until(null!, 1));
        var progress = new CoProgress();
        foreach (double bad in new[] { double.NaN, -0.1, 1.5 })
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => progress.Report(bad));
        }

        using var a = new EventLoop(ClockKind.Frame);
        using var b = new EventLoop(ClockKind.Frame);
        var life = new Lifetime(a);
        Assert.ThrowsExactly<ArgumentException>(() => life.Attach(b.Spawn(Ticks(new List<int>()))));
        Assert.ThrowsExactly<ArgumentException>(() => Co.WhenAny(Array.Empty<Future>()));
    }

    [TestMethod]
    public void A_predicate_that_throws_fails_its_task_only_and_a_failing_script_is_reported_at_once()
    {
        using var game = new GameLoop();
        var reports = new List<LoopExceptionContext>();
        game.Loop.ExceptionHandler = reports.Add;
        ScriptGroup enemies = game.CreateGroup("enemies");
        var ticks = new List<int>();
        CoTask bad = enemies.Spawn(Throws(), "bad");
        enemies.Spawn(Ticks(ticks));
        game.Tick(1);
        game.Tick(1);
        game.Tick(1);
        Assert.IsInstanceOfType<DivideByZeroException>(bad.Exception);
        Assert.AreEqual(1, reports.Count);
        StringAssert.Contains(reports[0].Message, "Task 'bad'");
        CollectionAssert.AreEqual(new[] { 1, 2, 3 }, ticks);

        static IEnumerator<Yield> Throws()
        {
            int zero = 0;
            yield return Yield.Until(() => 1 / zero == 1, 5);
        }
    }
}
