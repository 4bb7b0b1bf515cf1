using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using Engine.Game;
using Engine.Persist;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Whole-loop snapshots of a loop with a game layer: each scenario runs frame by frame, saving (through JSON) after
// every frame; each save is restored into a fresh GameLoop and run to the end, and the restored run's log (which lives
// in the saved world), trace and final game state must equal the uninterrupted run's.
[TestClass]
public class GameSnapshotTests
{
    private sealed class Scenario
    {
        public required Action<GameLoop, GameLog, object?> Build { get; init; }

        public int Frames { get; init; } = 80;

        public double Dt { get; init; } = 0.03;

        // Host actions before frame n (n from 0), on the original and on every restored game alike.
        public Action<GameLoop, int, object?>? Host { get; init; }

        // Converters for the scenario's host objects; called once per save and once per restore.
        public Func<object?, ISaveConverter[]>? Converters { get; init; }

        // The host state a restore needs (a fresh registry of host objects).
        public Func<object?>? NewHost { get; init; }
    }

    private static WorldSnapshot RoundTrip(WorldSnapshot snapshot) =>
        JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(snapshot))!;

    private static string State(GameLoop game)
    {
        var text = new List<string>
        {
            "frames " + game.FrameCount + " time " + game.Loop.Time.ToString("R", CultureInfo.InvariantCulture),
            "fixed " + game.FixedStepCount + " " + game.FixedTime.ToString("R", CultureInfo.InvariantCulture),
        };
        foreach (ScriptGroup group in Groups(game.Root))
        {
            text.Add(group.ToString() + " t" + group.Time.ToString("R", CultureInfo.InvariantCulture) + " f" + group.Frame + " dt" +
                group.DeltaTime.ToString("R", CultureInfo.InvariantCulture) + " unscaled " + group.Unscaled);
        }

        foreach (CoTask task in game.Loop.GetTasks())
        {
            text.Add(task.Id + " " + task.Name + " " + task.State + " " + game.PhaseOf(task) + " " + task.WaitingFor);
        }

        return string.Join("\n", text);
    }

    private static IEnumerable<ScriptGroup> Groups(ScriptGroup group)
    {
        yield return group;
        foreach (ScriptGroup child in group.Children)
        {
            foreach (ScriptGroup g in Groups(child))
            {
                yield return g;
            }
        }
    }

    private static int AssertEveryFrameRestores(Scenario scenario, int every = 1)
    {
        // One host step per frame: the host's actions, then the frame's Tick.
        var steps = new List<Action<GameLoop, object?>>();
        for (int frame = 0; frame < scenario.Frames; frame++)
        {
            int n = frame;
            steps.Add((game, host) =>
            {
                scenario.Host?.Invoke(game, n, host);
                game.Tick(scenario.Dt);
            });
        }

        return AssertEveryStepRestores(scenario, steps, step => step % every == 0);
    }

    // Runs the host's steps (each one call or a few into the game), saving before each step that saveBefore picks;
    // each save is restored and runs the remaining steps, and must end with the uninterrupted run's log, state and trace.
    private static int AssertEveryStepRestores(Scenario scenario, List<Action<GameLoop, object?>> steps, Func<int, bool> saveBefore)
    {
        var log = new GameLog();
        var saves = new List<(WorldSnapshot Snapshot, int Step, int TraceAt)>();
        var trace = new List<string>();
        string expectedLog;
        string expectedState;
        int traceEnd;
        object? host = scenario.NewHost?.Invoke();
        using (var game = new GameLoop())
        {
            game.Loop.Trace = trace.Add;
            scenario.Build(game, log, host);
            game.Spawn(new GameWorldCoroutines.KeeperMachine(log, 1000), "keeper");
            for (int step = 0; step < steps.Count; step++)
            {
                if (saveBefore(step))
                {
                    saves.Add((RoundTrip(game.Save(Converters(scenario, new GameLogConverter(null), host))), step, trace.Count));
                }

                steps[step](game, host);
            }

            expectedLog = string.Join("\n", log.Lines);
            expectedState = State(game);
            traceEnd = trace.Count; // before the dispose's cancellations
        }

        trace.RemoveRange(traceEnd, trace.Count - traceEnd);

        foreach ((WorldSnapshot snapshot, int savedAt, int traceAt) in saves)
        {
            var restoredLog = new GameLog();
            object? restoredHost = scenario.NewHost?.Invoke();
            var restoredTrace = new List<string>();
            using GameLoop game = GameLoop.Restore(snapshot, Converters(scenario, new GameLogConverter(restoredLog), restoredHost));
            game.Loop.Trace = restoredTrace.Add;
            for (int step = savedAt; step < steps.Count; step++)
            {
                steps[step](game, restoredHost);
            }

            string actual = string.Join("\n", restoredLog.Lines);
            if (actual != expectedLog)
            {
                Assert.Fail("Log after restoring the save before step " + savedAt + " differs:\n" + Diff(expectedLog, actual));
            }

            Assert.AreEqual(expectedState, State(game), "game state at the end, restored before step " + savedAt);
            TraceAssert.Continues(Live(trace, traceAt, out int at), at, Live(restoredTrace, 0, out _), "restored before step " + savedAt);
        }

        return saves.Count;
    }

    // A trace's "timers due at T fire (N)" counts the bucket's registrations, stale ones included (a killed task's
    // timer stays in its bucket until due); a snapshot keeps only live registrations. What the timers do is in the
    // "woken by timer" lines, which are compared; the bucket lines are left out of the comparison, and so are the frame
    // headers (a frame whose only event was a stale bucket has a header; the log lines carry each frame's time).
    private static List<string> Live(List<string> trace, int from, out int at)
    {
        var kept = new List<string>();
        at = 0;
        for (int i = 0; i < trace.Count; i++)
        {
            if (i == from)
            {
                at = kept.Count;
            }

            if (!trace[i].Contains(" timers due at ", StringComparison.Ordinal) && !trace[i].StartsWith("frame ", StringComparison.Ordinal))
            {
                kept.Add(trace[i]);
            }
        }

        if (from >= trace.Count)
        {
            at = kept.Count;
        }

        return kept;
    }

    private static ISaveConverter[] Converters(Scenario scenario, ISaveConverter log, object? host) =>
        new[] { log }.Concat(scenario.Converters?.Invoke(host) ?? Array.Empty<ISaveConverter>()).ToArray();

    private static string Diff(string expected, string actual)
    {
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            string el = i < e.Length ? e[i] : "(end)";
            string al = i < a.Length ? a[i] : "(end)";
            if (el != al)
            {
                return "line " + i + "\n expected: " + el + "\n actual:   " + al;
            }
        }

        return "(same lines)";
    }

    [TestMethod]
    public void PauseScaleAndNestingMidWaitRestoreExactly()
    {
        int saves = AssertEveryFrameRestores(new Scenario
        {
            Frames = 110,
            Build = (game, log, _) =>
            {
                ScriptGroup world = game.CreateGroup("world");
                ScriptGroup enemies = world.CreateGroup("enemies");
                ScriptGroup ui = game.CreateGroup("ui");
                ui.Unscaled = true;
                world.Spawn(new GameWorldCoroutines.TickerMachine(log, "world", 0.25, 12), "world-ticker");
                enemies.Spawn(new GameWorldCoroutines.TickerMachine(log, "enemy", 0.17, 14), "enemy-ticker");
                enemies.Spawn(new GameWorldCoroutines.FrameCounterMachine(log, "enemy", 7, 12), "enemy-frames");
                ui.Spawn(new GameWorldCoroutines.TickerMachine(log, "ui", 0.2, 15), "ui-ticker");
                ui.Spawn(new GameWorldCoroutines.DirectorMachine(log, world, enemies), "director");
            },
        });
        Assert.AreEqual(110, saves);
    }

    [TestMethod]
    public void GlobalTimeScaleAndRootPauseRestoreExactly()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 90,
            Dt = 1.0 / 60,
            Build = (game, log, _) =>
            {
                ScriptGroup ui = game.CreateGroup("ui");
                ui.Unscaled = true;
                game.Spawn(new GameWorldCoroutines.TickerMachine(log, "root", 0.1, 20), "root-ticker");
                ui.Spawn(new GameWorldCoroutines.TickerMachine(log, "ui", 0.1, 20), "ui-ticker");
            },
            Host = (game, frame, _) =>
            {
                if (frame == 20)
                {
                    game.Root.TimeScale = 0.25;
                }
                else if (frame == 50)
                {
                    game.Root.TimeScale = 1.5;
                }
                else if (frame == 60)
                {
                    game.Root.Pause();
                }
                else if (frame == 75)
                {
                    game.Root.Resume();
                }
            },
        });
    }

    [TestMethod]
    [DataRow(0.03, 0)]
    [DataRow(0.05, 0)]
    [DataRow(0.013, 3)]
    public void FixedStepAccumulatorAndSlowUpdateRestoreMidFrame(double dt, int slowEveryFrames)
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 70,
            Dt = dt,
            Build = (game, log, _) =>
            {
                game.FixedStep = 0.02;
                game.MaxFixedSteps = 2;
                if (slowEveryFrames > 0)
                {
                    game.SlowUpdateEveryFrames = slowEveryFrames;
                }
                else
                {
                    game.SlowUpdateInterval = 0.11;
                }

                ScriptGroup physics = game.CreateGroup("physics");
                physics.Spawn(new GameWorldCoroutines.FixedMachine(log, game, 60), "fixed");
                game.Spawn(new GameWorldCoroutines.SlowMachine(log, 30), "slow");
                game.Loop.Spawn(new GameWorldCoroutines.FixedMachine(log, game, 40), "ungrouped-fixed");
            },
        });
    }

    // A host that owns its loop (Unity) calls each phase itself: zero to two FixedUpdate calls, Update, LateUpdate and
    // EndOfFrame per frame. A save between any two of those calls (mid-frame too) restores into a game that the host
    // goes on driving call by call, with the same log, state and trace.
    [TestMethod]
    public void HostDrivenPhasesRestoreBetweenAnyTwoCalls()
    {
        const double Dt = 1.0 / 40;
        var steps = new List<Action<GameLoop, object?>>();
        for (int frame = 0; frame < 45; frame++)
        {
            for (int fixedSteps = frame % 3; fixedSteps > 0; fixedSteps--)
            {
                steps.Add((game, _) => game.FixedUpdate());
            }

            steps.Add((game, _) => game.Update(Dt));
            steps.Add((game, _) => game.LateUpdate());
            steps.Add((game, _) => game.EndOfFrame());
        }

        int saves = AssertEveryStepRestores(
            new Scenario
            {
                Build = (game, log, _) =>
                {
                    GamePhase afterLate = game.AddPhase("AfterLate", GamePhase.LateUpdate);
                    ScriptGroup world = game.CreateGroup("world");
                    world.TimeScale = 0.75;
                    world.Spawn(new GameWorldCoroutines.WandererMachine(log, "w1", afterLate, 5), "w1");
                    world.Spawn(new GameWorldCoroutines.FixedMachine(log, game, 20), "fixed");
                    game.Spawn(new GameWorldCoroutines.WandererMachine(log, "r1", afterLate, 5), "r1");
                    game.Spawn(new GameWorldCoroutines.TickerMachine(log, "ticker", 0.07, 12), "ticker");
                    game.Spawn(new GameWorldCoroutines.FrameCounterMachine(log, "frames", 3, 10), "frames");
                },
            },
            steps,
            step => true);
        Assert.AreEqual(steps.Count, saves);
    }

    [TestMethod]
    public void PhaseMovesAndAddedPhasesRestoreInOrder()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 60,
            Dt = 0.025,
            Build = (game, log, _) =>
            {
                GamePhase afterLate = game.AddPhase("AfterLate", GamePhase.LateUpdate);
                game.AddPhase("AfterFixed", GamePhase.FixedUpdate);
                ScriptGroup a = game.CreateGroup("a");
                ScriptGroup b = game.CreateGroup("b");
                b.TimeScale = 0.5;
                a.Spawn(new GameWorldCoroutines.WandererMachine(log, "a1", afterLate, 6), "a1");
                b.Spawn(new GameWorldCoroutines.WandererMachine(log, "b1", afterLate, 6), "b1");
                a.Spawn(new GameWorldCoroutines.WandererMachine(log, "a2", afterLate, 6), "a2");
                game.Loop.Spawn(new GameWorldCoroutines.WandererMachine(log, "loose", afterLate, 6), "loose");
            },
        });
    }

    [TestMethod]
    public void SingletonQueueKeepAndReplaceRestore()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 80,
            Dt = 0.02,
            Build = (game, log, _) =>
            {
                ScriptGroup fx = game.CreateGroup("fx");
                game.Spawn(new GameWorldCoroutines.SingletonDirectorMachine(log, game, fx), "singleton-director");
            },
        });
    }

    [TestMethod]
    public void LifetimesWithHostOwnersRestore()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 60,
            Dt = 0.025,
            NewHost = () => new Dictionary<int, HostEntity>(),
            Converters = host => new ISaveConverter[] { new HostEntityConverter((Dictionary<int, HostEntity>)host!) },
            Build = (game, log, host) =>
            {
                var entities = (Dictionary<int, HostEntity>)host!;
                ScriptGroup npcs = game.CreateGroup("npcs");
                for (int id = 1; id <= 2; id++)
                {
                    var entity = entities[id] = new HostEntity(id);
                    Lifetime life = game.CreateLifetime(entity);
                    life.Attach(npcs.Spawn(new GameWorldCoroutines.GuardMachine(log, "guard" + id), "guard" + id));
                    life.CreateChild().Attach(game.Spawn(new GameWorldCoroutines.GuardMachine(log, "helper" + id), "helper" + id));
                }

                CoTask boss = npcs.Spawn(new GameWorldCoroutines.GuardMachine(log, "boss"), "boss");
                Lifetime.Of(boss).Attach(game.Spawn(new GameWorldCoroutines.GuardMachine(log, "minion"), "minion"));
                npcs.Lifetime.Attach(game.Spawn(new GameWorldCoroutines.WaiterMachine(log, boss), "boss-watcher"));
            },
            Host = (game, frame, host) =>
            {
                var entities = (Dictionary<int, HostEntity>)host!;
                if (frame == 20)
                {
                    game.LifetimeOf(entities[1])!.End("entity 1 destroyed"); // the host's OnDestroy
                }
                else if (frame == 35)
                {
                    game.Loop.GetTasks().Single(t => t.Name == "boss").Kill("boss down");
                }
                else if (frame == 45)
                {
                    Assert.IsNotNull(game.LifetimeOf(entities[2]), "entity 2's lifetime is found by its owner");
                    game.Group("npcs").Kill("level over");
                }
            },
        }, every: 1);
    }

    [TestMethod]
    public void LifetimeWatchedByANamedPredicateRestores()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 40,
            Dt = 0.025,
            NewHost = () => new Dictionary<int, HostEntity>(),
            Converters = host => new ISaveConverter[] { new HostEntityConverter((Dictionary<int, HostEntity>)host!) },
            Build = (game, log, host) =>
            {
                var entities = (Dictionary<int, HostEntity>)host!;
                ScriptGroup npcs = game.CreateGroup("npcs");
                for (int id = 1; id <= 2; id++)
                {
                    var entity = entities[id] = new HostEntity(id);
                    Lifetime life = Lifetime.While(game.Loop, entity.IsAlive);
                    life.Attach(npcs.Spawn(new GameWorldCoroutines.GuardMachine(log, "guard" + id), "guard" + id));
                    life.CreateChild().Attach(game.Spawn(new GameWorldCoroutines.GuardMachine(log, "helper" + id), "helper" + id));
                }
            },
            Host = (game, frame, host) =>
            {
                var entities = (Dictionary<int, HostEntity>)host!;
                if (frame == 12 || frame == 25)
                {
                    entities[frame == 12 ? 1 : 2].Destroyed = true; // the watcher sees it in this frame and ends the lifetime
                }
            },
        });
    }

    [TestMethod]
    public void PredicatesInScriptGroupsRestore()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 40,
            Dt = 0.025,
            NewHost = () => new Dictionary<int, HostEntity>(),
            Converters = host => new ISaveConverter[] { new HostEntityConverter((Dictionary<int, HostEntity>)host!) },
            Build = (game, log, host) =>
            {
                var entities = (Dictionary<int, HostEntity>)host!;
                ScriptGroup world = game.CreateGroup("world");
                ScriptGroup slow = game.CreateGroup("slow");
                slow.TimeScale = 0.5;
                for (int id = 1; id <= 2; id++)
                {
                    var entity = entities[id] = new HostEntity(id);
                    world.Spawn(new GameWorldCoroutines.WatchEntityMachine(log, entity, 10), "watch" + id);
                    world.Spawn(new GameWorldCoroutines.WatchEntityMachine(log, entity, 0.2), "watch-briefly" + id);
                    slow.Spawn(new GameWorldCoroutines.WatchEntityMachine(log, entity, 0.3), "slow-watch" + id);
                }
            },
            Host = (game, frame, host) =>
            {
                var entities = (Dictionary<int, HostEntity>)host!;
                if (frame == 15 || frame == 30)
                {
                    entities[frame == 15 ? 1 : 2].Destroyed = true; // a predicate sees it in this frame
                }
            },
        });
    }

    [TestMethod]
    public void ProgressValuesAndWaitersRestore()
    {
        AssertEveryFrameRestores(new Scenario
        {
            Frames = 40,
            Dt = 0.03,
            Build = (game, log, _) =>
            {
                var progress = new CoProgress();
                ScriptGroup ui = game.CreateGroup("ui");
                game.Spawn(new GameWorldCoroutines.LoaderMachine(log, progress, 8), "loader");
                ui.Spawn(new GameWorldCoroutines.ProgressBarMachine(log, progress), "bar");
                ui.Spawn(new GameWorldCoroutines.HalfWayMachine(log, progress, 0.5), "half");
                game.Spawn(new GameWorldCoroutines.HalfWayMachine(log, progress, 1), "full");
            },
        });
    }

    [TestMethod]
    public void UnsavableGameStateIsReportedWithEveryOffender()
    {
        using var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        world.Spawn(GameWorldCoroutines.CompilerIterator(), "iterator-script");
        world.Spawn(new GameWorldCoroutines.PollsMachine(), "polling-script");
        world.Spawn(new GameWorldCoroutines.PollsWithTimeoutMachine(), "timed-polling-script");
        game.Loop.Spawn(new GameWorldCoroutines.PollsWithTimeoutMachine(), "timed-loop-poller");
        int frames = 0;
        world.Spawn(new GameWorldCoroutines.PollsOnMachine(() => ++frames > 1000), "lambda-polling-script");
        var entity = new HostEntity(7);
        game.CreateLifetime(entity).Attach(world.Spawn(new GameWorldCoroutines.GuardMachine(new GameLog(), "guard"), "guard"));
        Lifetime.While(game.Loop, () => true);
        game.Tick(0.02);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => game.Save(new GameLogConverter(null)));
        StringAssert.Contains(error.Message, "iterator-script");
        StringAssert.Contains(error.Message, "compiler iterator");
        // Predicates that name a static method are saved, in a group as in the loop; a lambda is reported with its task.
        Assert.IsFalse(error.Message.Contains("'polling-script'", StringComparison.Ordinal), error.Message);
        Assert.IsFalse(error.Message.Contains("timed-polling-script", StringComparison.Ordinal), error.Message);
        Assert.IsFalse(error.Message.Contains("timed-loop-poller", StringComparison.Ordinal), "a loop's predicate that names a static method is saved: " + error.Message);
        StringAssert.Contains(error.Message, "task 'lambda-polling-script' field 'Top' coroutine '" + typeof(GameWorldCoroutines).FullName + ".PollsOn' pending instruction Until holds a delegate to");
        StringAssert.Contains(error.Message, "owner is a host object of type " + typeof(HostEntity).FullName + ": register an ISaveConverter");
        // The watcher itself is a machine (Lifetime.Watch) now: only the lambda it waits on is reported, once, with its path.
        StringAssert.Contains(error.Message, "task 'lifetime watcher' field 'Stack' [0] coroutine 'Lifetime.Watch' pending instruction Catch coroutine 'Co.Single' pending instruction While holds a delegate to");
        Assert.AreEqual(1, error.Message.Split("lifetime watcher").Length - 1, error.Message);

        // With the host's converter the owner saves; the other offenders remain.
        error = Assert.ThrowsExactly<NotSupportedException>(() => game.Save(new GameLogConverter(null), new HostEntityConverter(new Dictionary<int, HostEntity>())));
        Assert.IsFalse(error.Message.Contains("host object", StringComparison.Ordinal), error.Message);
    }

    [TestMethod]
    public void RestoredGameKeepsItsTreeSettingsAndIsFoundFromItsLoop()
    {
        using var game = new GameLoop();
        game.FixedStep = 0.01;
        game.SlowUpdateEveryFrames = 4;
        GamePhase extra = game.AddPhase("Extra", GamePhase.Update);
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        enemies.TimeScale = 0.5;
        world.Pause();
        game.CreateGroup("ui").Unscaled = true;
        CoTask ticker = enemies.Spawn(new GameWorldCoroutines.TickerMachine(new GameLog(), "t", 1, 3), extra, "ticker");
        game.Tick(0.016);
        WorldSnapshot snapshot = RoundTrip(game.Save(new GameLogConverter(null)));
        Assert.AreNotEqual(0, snapshot.Game);

        using EventLoop loop = EventLoop.Restore(snapshot, new GameLogConverter(null));
        GameLoop restored = GameLoop.Of(loop)!;
        Assert.IsNotNull(restored);
        Assert.AreEqual("Extra", restored.PhaseName(extra));
        Assert.AreEqual(0.01, restored.FixedStep);
        Assert.AreEqual(4, restored.SlowUpdateEveryFrames);
        Assert.IsTrue(restored.Group("world").IsPaused);
        Assert.IsTrue(restored.Group("world/enemies").IsEffectivelyPaused);
        Assert.AreEqual(0.5, restored.Group("world/enemies").TimeScale);
        Assert.IsTrue(restored.Group("ui").Unscaled);
        CoTask restoredTicker = loop.GetTasks().Single(t => t.Name == "ticker");
        Assert.AreSame(restored.Group("world/enemies"), ScriptGroup.Of(restoredTicker));
        Assert.AreEqual(extra, restored.PhaseOf(restoredTicker));
        CollectionAssert.AreEqual(enemies.GetTasks().Select(t => t.Id).ToArray(), restored.Group("world/enemies").GetTasks().Select(t => t.Id).ToArray());
        Assert.AreEqual(ticker.Id, restoredTicker.Id);
        Assert.ThrowsExactly<ArgumentException>(() => GameLoop.Restore(RoundTrip(new EventLoop(ClockKind.Frame).Save())));
    }
}
