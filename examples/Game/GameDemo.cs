using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Engine;
using Engine.Game;
using Engine.Persist;
using Engine.World;

namespace GameExample;

// The scenes of the demo, one script each: a loading screen with progress, an enemy patrol, a boss killed mid-script
// with cleanup, a singleton camera shake, a pause menu that freezes the enemies but not the UI, slow motion for the
// enemies only, a cutscene waiting for both and then the first of its parts, and a wait for input that times out.
//
// The scripts are [Coroutine] machines, so the whole game can be saved between frames: Run saves it in the middle of
// the cutscene, plays on to the end, then restores the save into a new game and plays that to the end too; the
// restored game prints the same lines as the original from the save on. The scripts wait only on what a snapshot can
// hold (timers, frames, tasks, CoProgress): the player's input is a field they check each frame, not a predicate.
public sealed partial class GameDemo
{
    public const double FrameTime = 1.0 / 64;

    // The frame time of the save: after the camera finished its pan, while the door is still opening.
    public const double SaveAt = 8.4;

    private readonly TextWriter _log;
    private GameLoop _game = null!;
    private ScriptGroup _world = null!;
    private ScriptGroup _enemies = null!;
    private ScriptGroup _ui = null!;
    private bool _playerSkips;
    private bool _playerPressedStart;

    private GameDemo(GameLoop game, TextWriter log)
    {
        _log = log;
        ScriptGroup world = game.CreateGroup("world");
        world.CreateGroup("enemies");
        game.CreateGroup("ui").Unscaled = true;
        Bind(game);
    }

    // A demo waiting for a restored game (see SceneConverter).
    private GameDemo(TextWriter log) => _log = log;

    public static void Run(TextWriter log)
    {
        string saved = string.Empty;
        long savedFrame = 0;
        var original = new StringWriter { NewLine = "\n" };
        Play(new TeeWriter(log, original), (game, frame) =>
        {
            if (saved.Length == 0 && game.Loop.Time >= SaveAt)
            {
                // Between frames, mid-cutscene: the whole game as JSON (the converter saves the demo's own fields).
                saved = JsonSerializer.Serialize(game.Save(new SceneConverter(null)));
                savedFrame = frame;
                original.GetStringBuilder().Clear();
            }

            return true;
        });

        log.WriteLine();
        log.WriteLine("-- the save made mid-cutscene (frame " + savedFrame + ", " + (savedFrame * FrameTime).ToString("0.000", CultureInfo.InvariantCulture) +
            " s), restored into a new game and played to its end --");
        var resumed = new StringWriter { NewLine = "\n" };
        Resume(saved, new TeeWriter(log, resumed));
        log.WriteLine(resumed.ToString() == original.ToString()
            ? "-- the restored game printed the same lines as the original from the save on --"
            : "-- the restored game printed different lines than the original --");
    }

    /// <summary>For the tests: plays the scene, saving after every <paramref name="every"/>-th frame, then restores each
    /// save into a new game and plays it to the end.</summary>
    /// <returns>The scene's log, and for each save its frame and the log of the restored run (the lines printed before
    /// the save, then the restored game's).</returns>
    public static (string Log, List<(long Frame, string Log)> Restored) PlaySavingEvery(int every)
    {
        var log = new StringWriter { NewLine = "\n" };
        var saves = new List<(long Frame, string Json, string LogSoFar)>();
        Play(log, (game, frame) =>
        {
            if (frame % every == 0)
            {
                saves.Add((frame, JsonSerializer.Serialize(game.Save(new SceneConverter(null))), log.ToString()));
            }

            return true;
        });

        var restored = new List<(long, string)>();
        foreach ((long frame, string json, string logSoFar) in saves)
        {
            var resumed = new StringWriter { NewLine = "\n" };
            resumed.Write(logSoFar);
            Resume(json, resumed);
            restored.Add((frame, resumed.ToString()));
        }

        return (log.ToString(), restored);
    }

    /// <summary>Plays the scene up to the first frame at or after <paramref name="at"/> seconds, saves the game to
    /// <paramref name="file"/> as JSON and stops (the process can exit; <see cref="ContinueFrom"/> plays the rest in
    /// another). What the scripts print while the stopped game is disposed (their cleanup) is not the scene's, and is
    /// left out of the log.</summary>
    public static void SaveTo(string file, double at, TextWriter log)
    {
        var scene = new StringWriter { NewLine = "\n" };
        string untilSave = string.Empty;
        Play(scene, (game, frame) =>
        {
            if (game.Loop.Time < at)
            {
                return true;
            }

            File.WriteAllText(file, JsonSerializer.Serialize(game.Save(new SceneConverter(null))));
            untilSave = scene.ToString();
            return false;
        });
        log.Write(untilSave);
    }

    /// <summary>Restores the game saved by <see cref="SaveTo"/> and plays it to its end.</summary>
    public static void ContinueFrom(string file, TextWriter log) => Resume(File.ReadAllText(file), log);

    // The scene from its start; afterFrame runs between frames (with the number of frames run) and says whether to go on.
    private static void Play(TextWriter log, Func<GameLoop, long, bool> afterFrame)
    {
        using var game = new GameLoop();
        var demo = new GameDemo(game, log);
        CoTask director = demo._ui.Spawn(new DirectorMachine(demo, new CoProgress()), "director");
        while (!director.IsDone && game.FrameCount < 64 * 30)
        {
            game.Tick(FrameTime);
            if (!director.IsDone && !afterFrame(game, game.FrameCount))
            {
                return;
            }
        }

        director.ThrowIfFailed();
        demo.Say("the game ends after " + game.FrameCount + " frames");
    }

    // The scene from a save to its end, in a new game.
    private static void Resume(string json, TextWriter log)
    {
        var demo = new GameDemo(log);
        using GameLoop game = GameLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(json)!, new SceneConverter(demo));
        demo.Bind(game);
        CoTask director = Array.Find(game.Loop.GetTasks(), t => t.Name == "director")!;
        while (!director.IsDone && game.FrameCount < 64 * 30)
        {
            game.Tick(FrameTime);
        }

        director.ThrowIfFailed();
        demo.Say("the game ends after " + game.FrameCount + " frames");
    }

    private void Bind(GameLoop game)
    {
        _game = game;
        _world = game.Group("world");
        _enemies = game.Group("world/enemies");
        _ui = game.Group("ui");
    }

    private void Say(string text)
    {
        string group = Co.CurrentTask is { } task && ScriptGroup.Of(task) is { } g ? g.DisplayName() : "host";
        _log.WriteLine(_game.Loop.Time.ToString("0.000", CultureInfo.InvariantCulture) + " [" + group + "] " + text);
    }

    [Coroutine]
    private IEnumerator<Yield> Director(CoProgress loading)
    {
        _ui.Spawn(new LoadingBarMachine(this, loading));
        yield return _ui.Spawn(new LoadLevelMachine(this, loading), "loader");
        Say("level loaded");

        _enemies.Spawn(new PatrolMachine(this, "guard", new[] { "gate", "tower", "well" }));
        CoTask boss = _enemies.Spawn(new BossMachine(this), "boss");
        yield return Yield.Seconds(1);

        _game.RunSingleton("camera-shake", new ShakeMachine(this, 1));
        yield return Yield.Seconds(0.25);
        _game.RunSingleton("camera-shake", new ShakeMachine(this, 2)); // replaces the first: its finally block runs now
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

        yield return _world.Spawn(new CutsceneMachine(this), "cutscene");

        Say("press start to continue...");
        yield return Yield.Seconds(1.5);
        Say(_playerPressedStart ? "the player pressed start" : "no input for 1.5 s: continuing on our own");
        _enemies.Kill("level over");
    }

    [Coroutine]
    private IEnumerator<Yield> LoadLevel(CoProgress loading)
    {
        string[] stages = { "meshes", "textures", "sounds", "scripts" };
        for (int i = 0; i < stages.Length; i++)
        {
            yield return Yield.Seconds(0.25);
            loading.Report((i + 1) / (double)stages.Length, stages[i]);
        }
    }

    [Coroutine]
    private IEnumerator<Yield> LoadingBar(CoProgress loading)
    {
        while (!loading.IsComplete)
        {
            yield return loading.WaitForChange();
            Say("loading " + (loading.Value * 100).ToString("0", CultureInfo.InvariantCulture) + "% (" + loading.Stage + ")");
        }
    }

    [Coroutine]
    private IEnumerator<Yield> Patrol(string name, string[] waypoints)
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

    [Coroutine]
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

    [Coroutine]
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

    // Both parts, then the first of two: the part that finishes first ends the other (race holds both).
    [Coroutine]
    private IEnumerator<Yield> Cutscene()
    {
        Say("cutscene: the door opens while the camera pans");
        CoTask door = _world.Spawn(new StepMachine(this, "door", 0.75, null));
        CoTask camera = _world.Spawn(new StepMachine(this, "camera", 0.5, null));
        yield return door;
        yield return camera;
        Say("cutscene: both done (" + door.Result + ", " + camera.Result + ")");

        _ui.Spawn(new PlayerSkipsAfterMachine(this, 0.25));
        var race = new CoTask[2];
        race[0] = _world.Spawn(new SkipMachine(this, race));
        race[1] = _world.Spawn(new StepMachine(this, "timeline", 2, race));
        yield return Yield.Catch(race[0]);
        yield return Yield.Catch(race[1]);
        Say("cutscene: " + (race[0].State == FutureState.Succeeded ? "skipped by the player" : "played to its end"));
    }

    [Coroutine]
    private IEnumerator<Yield> Step(string name, double seconds, CoTask[]? race)
    {
        try
        {
            yield return Yield.Seconds(seconds);
            EndRivals(race);
            yield return Yield.Return(name + " after " + seconds.ToString("0.##", CultureInfo.InvariantCulture) + " s");
        }
        finally
        {
            Say(name + " finished");
        }
    }

    // The player's input, checked once a frame.
    [Coroutine]
    private IEnumerator<Yield> Skip(CoTask[] race)
    {
        while (!_playerSkips)
        {
            yield return Yield.NextTick;
        }

        Say("the player skips");
        EndRivals(race);
    }

    [Coroutine]
    private IEnumerator<Yield> PlayerSkipsAfter(double seconds)
    {
        yield return Yield.Seconds(seconds);
        _playerSkips = true;
    }

    private static void EndRivals(CoTask[]? race)
    {
        if (race is null)
        {
            return;
        }

        foreach (CoTask rival in race)
        {
            if (rival != Co.CurrentTask)
            {
                rival.Kill("a rival part finished first");
            }
        }
    }

    // Saves what the demo itself holds between frames (the player's input), and on restore hands back the demo that
    // waits for the restored game: the host object's converter, the snapshots' extension point.
    private sealed class SceneConverter : ISaveConverter
    {
        private readonly GameDemo? _target;

        public SceneConverter(GameDemo? target) => _target = target;

        public bool CanConvert(Type type) => type == typeof(GameDemo);

        public void Write(object value, FieldWriter fields)
        {
            var demo = (GameDemo)value;
            fields.Add("PlayerSkips", demo._playerSkips);
            fields.Add("PlayerPressedStart", demo._playerPressedStart);
        }

        public object Read(Type type, FieldReader fields)
        {
            GameDemo demo = _target ?? throw new InvalidOperationException("Restore the demo with the GameDemo that will show it.");
            demo._playerSkips = fields.Get<bool>("PlayerSkips");
            demo._playerPressedStart = fields.Get<bool>("PlayerPressedStart");
            return demo;
        }
    }

    // Writes every line to the console and to a log of the run.
    private sealed class TeeWriter : TextWriter
    {
        private readonly TextWriter _a;
        private readonly TextWriter _b;

        public TeeWriter(TextWriter a, TextWriter b)
        {
            _a = a;
            _b = b;
        }

        public override System.Text.Encoding Encoding => _a.Encoding;

        public override void WriteLine(string? value)
        {
            _a.WriteLine(value);
            _b.WriteLine(value);
        }

        public override void Write(char value)
        {
            _a.Write(value);
            _b.Write(value);
        }
    }
}

internal static class GroupNames
{
    public static string DisplayName(this ScriptGroup group) => group.Parent is null ? "root" : group.Path;
}
