using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine;
using Engine.Game;

namespace GameExample;

// The scenes of the demo, one script each: a loading screen with progress, an enemy patrol, a boss killed mid-script
// with cleanup, a singleton camera shake, a pause menu that freezes the enemies but not the UI, slow motion for the
// enemies only, a cutscene waiting for all and then any of its parts, and a wait for input that times out.
public sealed class GameDemo
{
    public const double FrameTime = 1.0 / 64;

    private readonly GameLoop _game;
    private readonly TextWriter _log;
    private readonly ScriptGroup _world;
    private readonly ScriptGroup _enemies;
    private readonly ScriptGroup _ui;
    private readonly CoProgress _loading = new();
    private bool _playerSkips;

    private GameDemo(GameLoop game, TextWriter log)
    {
        _game = game;
        _log = log;
        _world = game.CreateGroup("world");
        _enemies = _world.CreateGroup("enemies");
        _ui = game.CreateGroup("ui");
        _ui.Unscaled = true;
    }

    public static void Run(TextWriter log)
    {
        using var game = new GameLoop();
        var demo = new GameDemo(game, log);
        CoTask director = demo._ui.Spawn(demo.Director(), "director");
        while (!director.IsDone && game.FrameCount < 64 * 30)
        {
            game.Tick(FrameTime);
        }

        director.ThrowIfFailed();
        demo.Say("the game ends after " + game.FrameCount + " frames");
    }

    private void Say(string text)
    {
        string group = Co.CurrentTask is { } task && ScriptGroup.Of(task) is { } g ? g.DisplayName() : "host";
        _log.WriteLine(_game.Loop.Time.ToString("0.000", CultureInfo.InvariantCulture) + " [" + group + "] " + text);
    }

    private IEnumerator<Yield> Director()
    {
        _ui.Spawn(LoadingBar());
        yield return _ui.Spawn(LoadLevel(), "loader");
        Say("level loaded");

        _enemies.Spawn(Patrol("guard", "gate", "tower", "well"));
        CoTask boss = _enemies.Spawn(Boss(), "boss");
        yield return Yield.Seconds(1);

        _game.RunSingleton("camera-shake", Shake(1));
        yield return Yield.Seconds(0.25);
        _game.RunSingleton("camera-shake", Shake(2)); // replaces the first: its finally block runs now
        yield return Yield.Seconds(1);

        Say("pause menu opens: the enemies freeze, the menu keeps blinking");
        _enemies.Pause();
        for (int i = 0; i < 3; i++)
        {
            yield return Yield.Seconds(0.5);
            Say("menu blinks");
        }

        _enemies.Resume();
        Say("pause menu closes");
        yield return Yield.Seconds(1);

        Say("slow motion for the enemies only");
        _enemies.TimeScale = 0.5;
        yield return Yield.Seconds(2);
        _enemies.TimeScale = 1;
        Say("slow motion ends");

        Say("the player lands the final blow");
        boss.Kill("the boss was defeated");
        Say("boss killed: " + boss.State);

        yield return _world.Spawn(Cutscene(), "cutscene");

        Say("press start to continue...");
        yield return Yield.Until(() => false, 1.5);
        Say(Co.Result<bool>() ? "the player pressed start" : "no input for 1.5 s: continuing on our own");
        _enemies.Kill("level over");
    }

    private IEnumerator<Yield> LoadLevel()
    {
        string[] stages = { "meshes", "textures", "sounds", "scripts" };
        for (int i = 0; i < stages.Length; i++)
        {
            yield return Yield.Seconds(0.25);
            _loading.Report((i + 1) / (double)stages.Length, stages[i]);
        }
    }

    private IEnumerator<Yield> LoadingBar()
    {
        while (!_loading.IsComplete)
        {
            yield return _loading.WaitForChange();
            Say("loading " + (_loading.Value * 100).ToString("0", CultureInfo.InvariantCulture) + "% (" + _loading.Stage + ")");
        }
    }

    private IEnumerator<Yield> Patrol(string name, params string[] waypoints)
    {
        try
        {
            for (int leg = 0; ; leg++)
            {
                yield return Yield.Seconds(1.5);
                Say(name + " reaches the " + waypoints[leg % waypoints.Length] + " (its clock: " +
                    _enemies.Time.ToString("0.###", CultureInfo.InvariantCulture) + " s)");
            }
        }
        finally
        {
            Say(name + " stops patrolling");
        }
    }

    private IEnumerator<Yield> Boss()
    {
        try
        {
            while (true)
            {
                Say("boss roars");
                yield return Yield.Seconds(2.5);
            }
        }
        finally
        {
            Say("boss drops its loot (cleanup in finally)");
        }
    }

    private IEnumerator<Yield> Shake(int which)
    {
        try
        {
            Say("camera shake " + which + " starts");
            yield return Yield.Seconds(0.5);
            Say("camera shake " + which + " ends");
        }
        finally
        {
            Say("camera shake " + which + " is over");
        }
    }

    private IEnumerator<Yield> Cutscene()
    {
        Say("cutscene: the door opens while the camera pans");
        yield return Co.WhenAll(Step("door", 0.75), Step("camera", 0.5));
        Say("cutscene: both done (" + string.Join(", ", Co.Result<object?[]>()) + ")");

        _ui.Spawn(PlayerSkipsAfter(0.25));
        yield return Co.WhenAny(Skip(), Step("timeline", 2));
        WhenAnyResult first = Co.Result<WhenAnyResult>();
        Say("cutscene: " + (first.Index == 0 ? "skipped by the player" : "played to its end"));
    }

    private IEnumerator<Yield> Step(string name, double seconds)
    {
        try
        {
            yield return Yield.Seconds(seconds);
            yield return Yield.Return(name + " after " + seconds.ToString("0.##", CultureInfo.InvariantCulture) + " s");
        }
        finally
        {
            Say(name + " finished");
        }
    }

    private IEnumerator<Yield> Skip()
    {
        yield return Yield.Until(() => _playerSkips);
        Say("the player skips");
    }

    private IEnumerator<Yield> PlayerSkipsAfter(double seconds)
    {
        yield return Yield.Seconds(seconds);
        _playerSkips = true;
    }
}

internal static class GroupNames
{
    public static string DisplayName(this ScriptGroup group) => group.Parent is null ? "root" : group.Path;
}
