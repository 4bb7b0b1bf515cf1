using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Lifetimes, singletons, when-any/when-all in the same frame, timed predicate waits and progress.
[TestClass]
public sealed class LifetimeTests
{
    private static IEnumerator<Yield> Work(string name, int frames, List<string> log, GameLoop game, object? result = null)
    {
        try
        {
            yield return Yield.Frames(frames);
            log.Add(name + " done@" + game.FrameCount);
            yield return Yield.Return(result ?? name);
        }
        finally
        {
            log.Add(name + " finally@" + game.FrameCount);
        }
    }

    [TestMethod]
    public void WhenAll_resumes_the_waiter_in_the_frame_the_last_task_finishes()
    {
        using var game = new GameLoop();
        var log = new List<string>();
        CoTask a = game.Spawn(Work("a", 3, log, game));
        CoTask b = game.Spawn(Work("b", 5, log, game));
        game.Spawn(Waiter());
        for (int i = 0; i < 8; i++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(
            new[] { "a done@4", "a finally@4", "b done@6", "b finally@6", "all a,b @6" },
            log);

        IEnumerator<Yield> Waiter()
        {
            yield return Co.WhenAll(a, b);
            log.Add("all " + string.Join(",", Co.Result<object?[]>()) + " @" + game.FrameCount);
        }
    }

    [TestMethod]
    public void Awaiting_a_task_on_a_plain_frame_loop_resumes_in_the_same_frame_and_the_virtual_clock_keeps_asyncio_order()
    {
        foreach (ClockKind clock in new[] { ClockKind.Frame, ClockKind.Virtual })
        {
            using var loop = new EventLoop(clock);
            long finished = 0;
            long resumed = 0;
            CoTask child = loop.Spawn(Child());
            CoTask parent = loop.Spawn(Parent());
            if (clock == ClockKind.Frame)
            {
                for (int i = 0; i < 6; i++)
                {
                    loop.Tick(0.1);
                }

                Assert.AreEqual(finished, resumed, "frame clock: same frame");
            }
            else
            {
                loop.RunUntilComplete(parent);
                Assert.AreEqual(finished + 1, resumed, "virtual clock: next iteration, as asyncio's loop");
            }

            IEnumerator<Yield> Child()
            {
                yield return Yield.Frames(3);
                finished = Co.Loop.Frame;
            }

            IEnumerator<Yield> Parent()
            {
                yield return child;
                resumed = Co.Loop.Frame;
            }
        }
    }

    [TestMethod]
    public void WhenAny_resumes_in_the_winners_frame_after_the_losers_finally_blocks_ran()
    {
        using var game = new GameLoop();
        var log = new List<string>();
        ScriptGroup enemies = game.CreateGroup("enemies");
        CoTask slow = enemies.Spawn(Work("slow", 9, log, game));
        CoTask fast = game.Spawn(Work("fast", 2, log, game, 7));
        game.Spawn(Waiter());
        for (int i = 0; i < 6; i++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(
            new[] { "fast done@3", "fast finally@3", "slow finally@3", "winner 1 = 7 @3" },
            log);
        Assert.IsTrue(slow.IsCancelled);

        IEnumerator<Yield> Waiter()
        {
            yield return Co.WhenAny(slow, fast);
            WhenAnyResult r = Co.Result<WhenAnyResult>();
            log.Add("winner " + r.Index + " = " + r.GetResult<int>() + " @" + game.FrameCount);
        }
    }

    [TestMethod]
    public void WhenAny_of_coroutines_fails_with_the_winners_exception_and_cancelling_the_waiter_cancels_the_racers()
    {
        using var game = new GameLoop();
        var reports = new List<LoopExceptionContext>();
        game.Loop.ExceptionHandler = reports.Add;
        var log = new List<string>();
        CoTask failing = game.Spawn(Racer(), "racer");
        game.Tick(0.1); // the racer spawns both
        game.Tick(0.1); // they start
        game.Tick(0.1); // one fails: it wins
        Assert.AreEqual(1, reports.Count, "a GameLoop reports a failure nobody awaits at once");
        Assert.AreSame(failing, reports[0].Task);
        Assert.IsInstanceOfType<TimeoutException>(failing.Exception);
        CollectionAssert.Contains(log, "sleeper finally");

        CoTask cancelled = game.Spawn(Cancelled());
        game.Tick(0.1);
        game.Tick(0.1);
        cancelled.Kill();
        CollectionAssert.Contains(log, "a finally");
        CollectionAssert.Contains(log, "b finally");

        IEnumerator<Yield> Racer()
        {
            yield return Co.WhenAny(Throws(), Sleeper("sleeper"));
        }

        IEnumerator<Yield> Cancelled()
        {
            yield return Co.WhenAny(Sleeper("a"), Sleeper("b"));
        }

        static IEnumerator<Yield> Throws()
        {
            yield return Yield.NextTick;
            throw new TimeoutException("lost the race by failing");
        }

        IEnumerator<Yield> Sleeper(string name)
        {
            try
            {
                yield return Yield.Seconds(100);
            }
            finally
            {
                log.Add(name + " finally");
            }
        }
    }

    [TestMethod]
    public void Until_with_a_timeout_reports_whether_the_condition_held_and_counts_on_the_group_clock()
    {
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        enemies.TimeScale = 0.5;
        bool door = false;
        var log = new List<string>();
        game.Spawn(Wait("root", () => false, 0.5));
        enemies.Spawn(Wait("enemies", () => false, 0.5));
        game.Spawn(Wait("door", () => door, 5));
        game.Spawn(WaitWhile());
        for (int frame = 1; frame <= 12; frame++)
        {
            door = frame >= 3;
            game.Tick(0.125);
        }

        CollectionAssert.AreEqual(
            new[] { "door true @3", "while true @3", "root false @5", "enemies false @9" },
            log);

        IEnumerator<Yield> Wait(string name, Func<bool> condition, double timeout)
        {
            yield return Yield.Until(condition, timeout);
            log.Add(name + " " + (Co.Result<bool>() ? "true" : "false") + " @" + game.FrameCount);
        }

        IEnumerator<Yield> WaitWhile()
        {
            yield return Yield.While(() => !door, double.PositiveInfinity);
            log.Add("while " + (Co.Result<bool>() ? "true" : "false") + " @" + game.FrameCount);
        }
    }

    [TestMethod]
    public void A_timed_predicate_wait_on_the_virtual_clock_jumps_to_its_deadline()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        bool result = true;
        loop.Run(Main());
        Assert.IsFalse(result);
        Assert.AreEqual(3.0, loop.Time);

        IEnumerator<Yield> Main()
        {
            yield return Yield.Until(() => false, 3);
            result = Co.Result<bool>();
        }
    }

    [TestMethod]
    public void A_lifetime_kills_its_tasks_when_it_ends_whatever_the_owner_is()
    {
        using var game = new GameLoop();
        var log = new List<string>();

        // Ended by code (a Unity component's OnDestroy).
        var life = new Lifetime(game.Loop);
        life.Attach(game.Spawn(Work("a", 100, log, game)));
        Lifetime child = life.CreateChild();
        child.Attach(game.Spawn(Work("b", 100, log, game)));
        game.Tick(0.1);
        Assert.AreEqual(2, life.End("destroyed"));
        CollectionAssert.AreEqual(new[] { "a finally@1", "b finally@1" }, log);
        Assert.IsTrue(child.IsEnded);
        log.Clear();
        life.Attach(game.Spawn(Work("late", 100, log, game)));
        Assert.AreEqual(0, log.Count, "attached after the end: killed at once, before it started (nothing to clean up)");

        // Owned by a task: helpers end with their script.
        CoTask owner = game.Spawn(Work("owner", 2, log, game));
        Lifetime.Of(owner).Attach(game.Spawn(Work("helper", 100, log, game)));

        // Owned by a condition checked every frame (gameObject != null in Unity).
        bool alive = true;
        Lifetime.While(game.Loop, () => alive).Attach(game.Spawn(Work("follower", 100, log, game)));

        // Owned by a group's next kill.
        ScriptGroup enemies = game.CreateGroup("enemies");
        enemies.Lifetime.Attach(game.Spawn(Work("healthbar", 100, log, game)));
        for (int i = 0; i < 4; i++)
        {
            game.Tick(0.1);
        }

        alive = false;
        game.Tick(0.1);
        enemies.Kill();
        CollectionAssert.AreEqual(
            new[] { "owner done@4", "owner finally@4", "helper finally@4", "follower finally@6", "healthbar finally@6" },
            log);
    }

    [TestMethod]
    public void Singletons_replace_keep_or_queue_the_script_running_under_a_key()
    {
        using var game = new GameLoop();
        var log = new List<string>();
        CoTask first = game.RunSingleton("shake", Work("shake1", 10, log, game));
        game.Tick(0.1);
        CoTask second = game.RunSingleton("shake", Work("shake2", 2, log, game));
        CollectionAssert.AreEqual(new[] { "shake1 finally@1" }, log, "replaced: the old one's finally ran before RunSingleton returned");
        Assert.IsTrue(first.IsCancelled);
        Assert.AreSame(second, game.GetSingleton("shake"));

        CoTask kept = game.RunSingleton("shake", Work("shake3", 2, log, game), SingletonPolicy.KeepRunning);
        Assert.AreSame(second, kept);

        CoTask queued = game.RunSingleton("shake", Work("shake4", 1, log, game), SingletonPolicy.Queue);
        for (int i = 0; i < 6; i++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(
            new[] { "shake1 finally@1", "shake2 done@4", "shake2 finally@4", "shake4 done@5", "shake4 finally@5" },
            log);
        Assert.AreEqual("shake4", queued.Result);
        Assert.IsNull(game.GetSingleton("shake"), "the key is free again");
    }

    [TestMethod]
    public void Progress_can_be_read_and_awaited()
    {
        using var game = new GameLoop();
        var progress = new CoProgress();
        var log = new List<string>();
        game.Spawn(Loader());
        game.Spawn(Bar());
        for (int i = 0; i < 6; i++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(
            new[] { "changed 0.25 meshes @2", "half 0.5 @3", "done 1 @4" },
            log);
        Assert.IsTrue(progress.IsComplete);
        Assert.AreEqual(3L, progress.ReportCount);

        IEnumerator<Yield> Loader()
        {
            yield return Yield.NextTick;
            progress.Report(0.25, "meshes");
            yield return Yield.NextTick;
            progress.Report(0.5, "textures");
            yield return Yield.NextTick;
            progress.Report(1);
        }

        IEnumerator<Yield> Bar()
        {
            yield return progress.WaitForChange();
            log.Add("changed " + Co.Result<double>().ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + progress.Stage + " @" + game.FrameCount);
            yield return progress.WaitFor(0.5);
            log.Add("half " + progress.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " @" + game.FrameCount);
            yield return progress.WaitFor(1);
            log.Add("done " + progress.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " @" + game.FrameCount);
        }
    }

    [TestMethod]
    public void Child_lifetimes_that_ended_on_their_own_do_not_pile_up_in_a_long_lived_parent()
    {
        using var game = new GameLoop();
        var level = new Lifetime(game.Loop);
        var log = new List<string>();
        var live = new List<Lifetime>();
        for (int wave = 0; wave < 100; wave++)
        {
            var enemies = new List<Lifetime>();
            for (int i = 0; i < 1_000; i++)
            {
                Lifetime enemy = level.CreateChild();
                enemy.Attach(game.Spawn(Work("e" + wave + "." + i, 1_000, log, game)));
                enemies.Add(enemy);
            }

            game.Tick(0.1);
            live.Add(enemies[0]); // one enemy of each wave outlives the others
            for (int i = 1; i < enemies.Count; i++)
            {
                enemies[i].End("enemy died");
            }
        }

        Assert.IsTrue(level.ChildSlots <= 2_000 + 2 * live.Count, "slots kept: " + level.ChildSlots);
        Assert.AreEqual(99_900, log.Count); // every ended enemy's script ran its finally
        log.Clear();
        Assert.AreEqual(100, level.End("level unloaded"));
        Assert.AreEqual(100, log.Count);
        for (int wave = 0; wave < live.Count; wave++)
        {
            Assert.IsTrue(live[wave].IsEnded);
            Assert.AreEqual("e" + wave + ".0 finally@100", log[wave]); // the live children end in the order they were made
        }
    }
}
