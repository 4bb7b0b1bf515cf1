using System.Collections.Generic;
using System.Globalization;
using Engine.Game;
using Engine.Persist;

namespace Engine.Tests.World;

// A log that lives in the saved world: scripts write to it, a snapshot saves its lines, and a restore fills the log the
// test hands to the converter, so a restored run's whole log can be compared with the uninterrupted run's.
public sealed class GameLog
{
    public List<string> Lines { get; } = new();

    public void Add(string line)
    {
        CoTask? task = Co.CurrentTask;
        ScriptGroup? group = task is null ? null : ScriptGroup.Of(task);
        string where = task is null ? "host" : task.Name + "@" + (group is null ? "-" : group.Parent is null ? "root" : group.Path);
        string clock = group is null ? string.Empty : " g" + group.Time.ToString("R", CultureInfo.InvariantCulture) + "/" + group.Frame.ToString(CultureInfo.InvariantCulture);
        Lines.Add(task?.Loop.Time.ToString("R", CultureInfo.InvariantCulture) + " " + where + clock + ": " + line);
    }
}

public sealed class GameLogConverter : ISaveConverter
{
    private readonly GameLog? _target;

    public GameLogConverter(GameLog? target) => _target = target;

    public bool CanConvert(System.Type type) => type == typeof(GameLog);

    public void Write(object value, FieldWriter fields) => fields.Add("Lines", ((GameLog)value).Lines);

    public object Read(System.Type type, FieldReader fields)
    {
        GameLog log = _target ?? new GameLog();
        log.Lines.Clear();
        log.Lines.AddRange(fields.Get<List<string>>("Lines") ?? new List<string>());
        return log;
    }
}

// A host object of a Unity-like engine: scripts end with it. Its converter saves its id and, on restore, hands back the
// host's object with that id.
public sealed class HostEntity
{
    public HostEntity(int id) => Id = id;

    public int Id { get; }

    // Set by the host when it destroys the entity (its converter saves it).
    public bool Destroyed { get; set; }

    // A predicate a snapshot can name (its target has a converter): Lifetime.While(loop, entity.IsAlive).
    public bool IsAlive() => !Destroyed;
}

public sealed class HostEntityConverter : ISaveConverter
{
    private readonly Dictionary<int, HostEntity> _entities;

    public HostEntityConverter(Dictionary<int, HostEntity> entities) => _entities = entities;

    public bool CanConvert(System.Type type) => type == typeof(HostEntity);

    public void Write(object value, FieldWriter fields)
    {
        var entity = (HostEntity)value;
        fields.Add("Id", entity.Id);
        fields.Add("Destroyed", entity.Destroyed);
    }

    public object Read(System.Type type, FieldReader fields)
    {
        int id = fields.Get<int>("Id");
        if (!_entities.TryGetValue(id, out HostEntity? entity))
        {
            _entities[id] = entity = new HostEntity(id);
        }

        entity.Destroyed |= fields.Get<bool>("Destroyed");

        return entity;
    }
}

public static partial class GameWorldCoroutines
{
    // Keeps the log referenced until the end of every scenario.
    [Coroutine]
    public static IEnumerator<Yield> Keeper(GameLog log, double seconds)
    {
        yield return Yield.Seconds(seconds);
        log.Add("keeper done");
    }

    [Coroutine]
    public static IEnumerator<Yield> Ticker(GameLog log, string name, double every, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return Yield.Seconds(every);
            log.Add(name + " " + i);
        }

        yield return Yield.Return(name + " done");
    }

    [Coroutine]
    public static IEnumerator<Yield> FrameCounter(GameLog log, string name, int frames, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return Yield.Frames(frames);
            log.Add(name + " frame " + i);
        }
    }

    // Pauses and resumes a group, and changes its scale, at given host times (it runs in an unscaled group).
    [Coroutine]
    public static IEnumerator<Yield> Director(GameLog log, ScriptGroup target, ScriptGroup nested)
    {
        yield return Yield.Seconds(0.3);
        target.Pause();
        log.Add("paused " + target.Path);
        yield return Yield.Seconds(0.45);
        target.Resume();
        log.Add("resumed");
        yield return Yield.Seconds(0.2);
        target.TimeScale = 0.5;
        log.Add("scale 0.5");
        yield return Yield.Seconds(0.35);
        nested.TimeScale = 3;
        target.TimeScale = 2;
        log.Add("scale 2, nested 3");
        yield return Yield.Seconds(0.4);
        nested.Unscaled = true;
        target.TimeScale = 0;
        log.Add("frozen by scale 0, nested unscaled");
        yield return Yield.Seconds(0.3);
        target.TimeScale = 1;
        nested.Pause();
        log.Add("nested paused");
        yield return Yield.Seconds(0.2);
        nested.Resume();
        log.Add("nested resumed");
    }

    [Coroutine]
    public static IEnumerator<Yield> Fixed(GameLog log, GameLoop game, int steps)
    {
        yield return Yield.FixedUpdate;
        for (int i = 0; i < steps; i++)
        {
            log.Add("fixed step " + game.FixedStepCount + " at " + game.FixedTime.ToString("R", CultureInfo.InvariantCulture));
            yield return Yield.NextTick;
        }

        yield return Yield.Update;
        log.Add("back in update");
    }

    [Coroutine]
    public static IEnumerator<Yield> Slow(GameLog log, int count)
    {
        yield return Yield.SlowUpdate;
        for (int i = 0; i < count; i++)
        {
            log.Add("slow " + i);
            yield return Yield.NextTick;
        }
    }

    // Walks through every phase, the added one included, with timed waits in some of them.
    [Coroutine]
    public static IEnumerator<Yield> Wanderer(GameLog log, string name, GamePhase added, int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            log.Add(name + " update " + i);
            yield return Yield.LateUpdate;
            log.Add(name + " late");
            yield return Yield.Phase(added);
            log.Add(name + " added");
            yield return Yield.Seconds(0.05);
            log.Add(name + " added after wait");
            yield return Yield.EndOfFrame;
            log.Add(name + " end of frame");
            yield return Yield.FixedUpdate;
            log.Add(name + " fixed");
            yield return Yield.Frames(2);
            log.Add(name + " fixed after 2 frames");
            yield return Yield.Update;
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Shake(GameLog log, int which, double seconds)
    {
        try
        {
            log.Add("shake " + which + " starts");
            yield return Yield.Seconds(seconds);
            log.Add("shake " + which + " ends");
        }
        finally
        {
            log.Add("shake " + which + " over");
        }

        yield return Yield.Return(which);
    }

    // Starts singletons under one key with each policy, over time.
    [Coroutine]
    public static IEnumerator<Yield> SingletonDirector(GameLog log, GameLoop game, ScriptGroup group)
    {
        game.RunSingleton("shake", new ShakeMachine(log, 1, 0.3), SingletonPolicy.Queue, group);
        game.RunSingleton("shake", new ShakeMachine(log, 2, 0.2), SingletonPolicy.Queue, group);
        CoTask third = game.RunSingleton("shake", new ShakeMachine(log, 3, 0.2), SingletonPolicy.Queue, group);
        yield return Yield.Seconds(0.4);
        CoTask kept = game.RunSingleton("shake", new ShakeMachine(log, 4, 0.1), SingletonPolicy.KeepRunning, group);
        log.Add("keep-running gave " + kept.Name + " (" + kept.Id + ")");
        yield return third;
        log.Add("queue drained: " + Co.Result<int>());
        game.RunSingleton("shake", new ShakeMachine(log, 5, 0.5), SingletonPolicy.Replace, group);
        yield return Yield.Seconds(0.2);
        game.RunSingleton("shake", new ShakeMachine(log, 6, 0.1), SingletonPolicy.Replace, group);
        yield return Yield.Seconds(0.3);
        log.Add("running: " + (game.GetSingleton("shake")?.Name ?? "none"));
    }

    [Coroutine]
    public static IEnumerator<Yield> Guard(GameLog log, string name)
    {
        try
        {
            for (int i = 0; ; i++)
            {
                yield return Yield.Seconds(0.1);
                log.Add(name + " patrols " + i);
            }
        }
        finally
        {
            log.Add(name + " ends with its owner");
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Loader(GameLog log, CoProgress progress, int stages)
    {
        for (int i = 1; i <= stages; i++)
        {
            yield return Yield.Seconds(0.1);
            progress.Report(i / (double)stages, "stage " + i);
            log.Add("reported " + progress.Value.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ProgressBar(GameLog log, CoProgress progress)
    {
        while (!progress.IsComplete)
        {
            yield return progress.WaitForChange();
            log.Add("bar " + Co.Result<double>().ToString("R", CultureInfo.InvariantCulture) + " " + progress.Stage);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> HalfWay(GameLog log, CoProgress progress, double atLeast)
    {
        yield return progress.WaitFor(atLeast);
        log.Add("reached " + atLeast.ToString("R", CultureInfo.InvariantCulture) + ": " + Co.Result<double>().ToString("R", CultureInfo.InvariantCulture));
    }

    [Coroutine]
    public static IEnumerator<Yield> Waiter(GameLog log, CoTask other)
    {
        yield return Yield.Catch(other);
        log.Add("waited for " + other.Name + ": " + other.State);
    }

    // Not a [Coroutine]: the compiler's iterator, which a snapshot cannot see into.
    public static IEnumerator<Yield> CompilerIterator()
    {
        yield return Yield.Seconds(1);
    }

    [Coroutine]
    public static IEnumerator<Yield> Polls()
    {
        yield return Yield.Until(Never);
    }

    [Coroutine]
    public static IEnumerator<Yield> PollsOn(System.Func<bool> condition)
    {
        yield return Yield.Until(condition);
    }

    // Waits while the entity lives (for at most timeout seconds of its group's clock), then once more without a limit.
    [Coroutine]
    public static IEnumerator<Yield> WatchEntity(GameLog log, HostEntity entity, double timeout)
    {
        yield return Yield.While(entity.IsAlive, timeout);
        log.Add("entity " + entity.Id + (Co.Result<bool>() ? " gone" : " still there after " + timeout));
        yield return Yield.While(entity.IsAlive);
        log.Add("entity " + entity.Id + " gone at last");
    }

    [Coroutine]
    public static IEnumerator<Yield> PollsWithTimeout()
    {
        yield return Yield.Until(Never, 5);
    }

    private static bool Never() => false;
}
