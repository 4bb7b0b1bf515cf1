using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The C# blocks of docs/game.md and the README's game section, compiled and run here.
[TestClass]
public sealed class GameSnippets
{
    private static readonly List<string> s_log = new();

    private static void Log(string text) => s_log.Add(text);

    private static IEnumerator<Yield> Patrol()
    {
        while (true)
        {
            yield return Yield.Seconds(1.5);
            Log("patrol leg at enemy time " + ScriptGroup.Current!.Time);
        }
    }

    private static IEnumerator<Yield> Hud()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    [TestMethod]
    public void Groups_snippet()
    {
        s_log.Clear();
        using var game = new GameLoop();                 // its own loop on the frame clock
        ScriptGroup world = game.CreateGroup("world");
        ScriptGroup enemies = world.CreateGroup("enemies");
        ScriptGroup ui = game.CreateGroup("ui");
        ui.Unscaled = true;                              // menus ignore the game's time scale

        CoTask guard = enemies.Spawn(Patrol(), "guard");
        ui.Spawn(Hud());

        enemies.Pause();                                 // their Seconds waits freeze exactly
        enemies.Resume();
        enemies.TimeScale = 0.5;                         // slow motion: waits last twice as long
        game.Root.TimeScale = 0;                         // the whole game stops, but not ui
        game.Root.TimeScale = 1;
        int killed = world.Kill("level over");           // world and enemies: finally blocks have run

        Assert.AreEqual(1, killed);
        Assert.IsTrue(guard.IsCancelled);
        Assert.AreSame(enemies, game.Group("world/enemies"));
    }

    [TestMethod]
    public void Frame_snippet()
    {
        s_log.Clear();
        using var game = new GameLoop();
        ScriptGroup enemies = game.CreateGroup("enemies");
        enemies.Spawn(Patrol());
        for (int frame = 0; frame < 120; frame++)
        {
            game.Tick(1.0 / 60);                         // once per frame from the host's update
        }

        Assert.AreEqual(1, s_log.Count, "one 1.5 s leg in 2 s");
    }

    private static IEnumerator<Yield> Physics()
    {
        yield return Yield.FixedUpdate;                  // from now on, one step per fixed update
        for (int i = 0; i < 3; i++)
        {
            Log("fixed step");
            yield return Yield.NextTick;                 // in the fixed phase: the next fixed step
        }

        yield return Yield.LateUpdate;                   // this frame's late update
        Log("after the update of every script");
        yield return Yield.EndOfFrame;
        Log("last in the frame");
        yield return Yield.Update;                       // back to the update phase
    }

    [TestMethod]
    public void Phases_snippet()
    {
        s_log.Clear();
        using var game = new GameLoop { FixedStep = 1.0 / 50, MaxFixedSteps = 5 };
        game.SlowUpdateEveryFrames = 10;                 // or SlowUpdateInterval = 0.25 (seconds)
        game.Spawn(Physics());
        game.Spawn(Hud(), GamePhase.LateUpdate);         // spawn straight into a phase
        for (int frame = 0; frame < 6; frame++)
        {
            game.Tick(1.0 / 50);
        }

        CollectionAssert.AreEqual(
            new[] { "fixed step", "fixed step", "fixed step", "after the update of every script", "last in the frame" },
            s_log);
    }

    [TestMethod]
    public void Added_phases_snippet()
    {
        s_log.Clear();
        using var game = new GameLoop();
        GamePhase animation = game.AddPhase("Animation", after: GamePhase.Update);
        GamePhase camera = game.AddPhase("Camera", after: animation);
        game.Spawn(Follow(camera));
        game.Tick(1.0 / 60);
        game.Tick(1.0 / 60);
        CollectionAssert.AreEqual(new[] { "camera moves after Animation", "camera moves after Animation" }, s_log);

        IEnumerator<Yield> Follow(GamePhase phase)
        {
            yield return Yield.Phase(phase);                 // runs after every update and animation script
            while (true)
            {
                Log("camera moves after " + game.PhaseName(animation));
                yield return Yield.NextTick;                 // the next time the Camera phase runs
            }
        }
    }

    [TestMethod]
    public void Host_driven_snippet()
    {
        using var game = new GameLoop();
        game.FixedUpdate();                              // from the host's FixedUpdate, zero or more times
        game.Update(1.0 / 60);                           // from the host's Update: frame start, update, slow update
        game.LateUpdate();                               // from the host's LateUpdate
        game.EndOfFrame();                               // after the host's end of frame
        Assert.AreEqual(1L, game.FrameCount);
    }

    private static IEnumerator<Yield> Door(double seconds)
    {
        yield return Yield.Seconds(seconds);
        yield return Yield.Return(seconds);
    }

    private static IEnumerator<Yield> Cutscene(CoTask boss)
    {
        yield return boss;                               // another group's task: no polling
        yield return Co.WhenAll(Door(0.5), Door(0.75));  // resumes in the frame the last one ends
        object?[] both = Co.Result<object?[]>();
        yield return Co.WhenAny(Door(1), Door(2));       // the loser is killed before this resumes
        WhenAnyResult first = Co.Result<WhenAnyResult>();
        Log("doors " + both.Length + ", first of two: " + first.Index + " after " + first.GetResult<double>());
    }

    [TestMethod]
    public void Await_snippet()
    {
        s_log.Clear();
        using var game = new GameLoop();
        CoTask boss = game.CreateGroup("enemies").Spawn(Door(0.25));
        game.CreateGroup("ui").Spawn(Cutscene(boss));
        for (int frame = 0; frame < 64 * 3; frame++)
        {
            game.Tick(1.0 / 64);
        }

        CollectionAssert.AreEqual(new[] { "doors 2, first of two: 0 after 1" }, s_log);
    }

    private static bool s_doorOpen;

    private static IEnumerator<Yield> Guard(CoProgress loading)
    {
        yield return Yield.Until(() => s_doorOpen, 5);   // a predicate wait with a timeout
        if (!Co.Result<bool>())
        {
            Log("the door stayed shut for 5 s");
        }

        yield return loading.WaitFor(0.5);               // or read loading.Value every frame
    }

    [TestMethod]
    public void Lifetimes_snippet()
    {
        s_log.Clear();
        s_doorOpen = false;
        using var game = new GameLoop();
        var loading = new CoProgress();
        var level = new Lifetime(game.Loop);             // ends when the host says so
        CoTask guard = level.Attach(game.Spawn(Guard(loading)));
        Lifetime.Of(guard).Attach(game.Spawn(Hud()));    // a helper ends with its script
        game.RunSingleton("camera-shake", Hud());        // started again: the old one is killed first
        game.RunSingleton("camera-shake", Hud(), SingletonPolicy.Queue);
        for (int frame = 0; frame < 6 * 60; frame++)
        {
            game.Tick(1.0 / 60);
        }

        loading.Report(0.5, "textures");
        game.Tick(1.0 / 60);
        level.End("level unloaded");                     // its tasks' finally blocks run now

        Assert.IsTrue(guard.IsSucceeded);
        CollectionAssert.AreEqual(new[] { "the door stayed shut for 5 s" }, s_log);
    }

    [TestMethod]
    public void Errors_snippet()
    {
        using var game = new GameLoop();
        var logged = new List<Exception>();
        Action<Exception> logException = logged.Add;     // Unity: Debug.LogException
        Action<string> logWarning = _ => { };            // Unity: Debug.LogWarning
        game.Loop.ExceptionHandler = HostLog.To(logException, logWarning);
        Assert.IsTrue(game.Loop.ReportUnretrievedFailuresAtOnce, "a GameLoop turns it on");
        game.Spawn(Fails());
        game.Tick(0.1);
        game.Tick(0.1);
        Assert.AreEqual(1, logged.Count);

        static IEnumerator<Yield> Fails()
        {
            yield return Yield.NextTick;
            throw new InvalidOperationException("no such animation");
        }
    }
}
