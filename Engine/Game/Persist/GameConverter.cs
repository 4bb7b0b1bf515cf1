using System;
using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Game;

// Saves the game layer's objects inside a whole-loop snapshot (EventLoop.Save): the GameLoop (its frame counters, fixed
// and slow steps, added phases, the lane of every task, singletons and owned lifetimes), its script groups (settings,
// clocks, timers in local time, frame waits, ready lanes), CoProgress values with their waiters, lifetimes, and the
// queued runs of singletons. Two-phase on restore like the engine's converter, because these objects form cycles with
// tasks (a group lists its tasks, whose machines hold the group). The loop registers it before the engine's converter,
// so it claims the wait sources of CoProgress. Each object type saves itself in its own *.Persist.cs partial; this class
// only routes. Cold path.
internal sealed class GameConverter : ITwoPhaseConverter
{
    private readonly EventLoop _loop;
    private readonly HashSet<CoTask>? _placed;
    private readonly bool _gameOwnsLoop;

    // Saving: placed collects the tasks whose wait a game object wrote (a group's timer or lane), for the loop's check
    // that every live task's wait was saved. Restoring: gameOwnsLoop says whether the restored GameLoop closes its loop.
    public GameConverter(EventLoop loop, HashSet<CoTask>? placed, bool gameOwnsLoop = false)
    {
        _loop = loop;
        _placed = placed;
        _gameOwnsLoop = gameOwnsLoop;
    }

    public bool CanConvert(Type type) =>
        type == typeof(GameLoop) || type == typeof(ScriptGroup) || type == typeof(CoProgress) || type == typeof(CoProgress.ProgressSource) ||
        type == typeof(Lifetime) || type == typeof(Singletons) || type == typeof(Singletons.Entry) || type == typeof(Singletons.QueuedRun);

    public void Write(object value, FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        HashSet<CoTask> placed = _placed ?? new HashSet<CoTask>();
        switch (value)
        {
            case GameLoop game:
                writer.PushPath("GameLoop");
                if (!ReferenceEquals(game.Loop, _loop))
                {
                    writer.AddProblem("belongs to another event loop");
                }

                game.WriteForSave(fields, placed);
                writer.PopPath();
                break;
            case ScriptGroup group:
                writer.PushPath("group '" + group.DisplayPath + "'");
                if (!ReferenceEquals(group.Game.Loop, _loop))
                {
                    writer.AddProblem("belongs to another event loop");
                }

                group.WriteForSave(fields, placed);
                writer.PopPath();
                break;
            case CoProgress progress:
                writer.PushPath("CoProgress");
                progress.WriteForSave(fields);
                writer.PopPath();
                break;
            case CoProgress.ProgressSource source:
                fields.Add("Owner", source.Progress);
                break;
            case Lifetime lifetime:
                writer.PushPath("lifetime");
                lifetime.WriteForSave(fields);
                writer.PopPath();
                break;
            case Singletons singletons:
                singletons.WriteForSave(fields);
                break;
            case Singletons.Entry entry:
                writer.PushPath("singleton '" + entry.Key + "'");
                entry.WriteForSave(fields);
                writer.PopPath();
                break;
            case Singletons.QueuedRun run:
                writer.PushPath("queued run of singleton '" + run.Key + "'");
                run.WriteForSave(fields);
                writer.PopPath();
                break;
        }
    }

    public object Read(Type type, FieldReader fields)
    {
        object value = Create(type, fields);
        Fill(value, fields);
        return value;
    }

    public object Create(Type type, FieldReader fields)
    {
        if (type == typeof(GameLoop))
        {
            return GameLoop.CreateRestored(_loop, _gameOwnsLoop, fields);
        }

        if (type == typeof(ScriptGroup))
        {
            // The tree was rebuilt from plain data when the game was created: a group is found by its path.
            GameLoop game = fields.Get<GameLoop>("Game") ?? throw new ArgumentException("A saved script group names no GameLoop.");
            return fields.Get<string>("Path") is { } path ? game.GroupForRestore(path) : game.GroupForRestore(fields.Get<int>("Index"));
        }

        if (type == typeof(CoProgress))
        {
            return new CoProgress();
        }

        if (type == typeof(CoProgress.ProgressSource))
        {
            CoProgress progress = fields.Get<CoProgress>("Owner") ?? throw new ArgumentException("A saved CoProgress wait names no CoProgress.");
            return progress.Source;
        }

        if (type == typeof(Lifetime))
        {
            return new Lifetime(_loop);
        }

        if (type == typeof(Singletons))
        {
            return new Singletons();
        }

        if (type == typeof(Singletons.Entry))
        {
            Singletons owner = fields.Get<Singletons>("Owner") ?? throw new ArgumentException("A saved singleton entry names no owner.");
            return new Singletons.Entry(owner, fields.Get<object>("Key") ?? throw new ArgumentException("A saved singleton entry has no key."));
        }

        return Singletons.QueuedRun.CreateRestored(fields);
    }

    public void Fill(object value, FieldReader fields)
    {
        switch (value)
        {
            case GameLoop game:
                game.ReadForRestore(fields);
                break;
            case ScriptGroup group:
                group.ReadForRestore(fields);
                break;
            case CoProgress progress:
                progress.ReadForRestore(fields, _loop);
                break;
            case Lifetime lifetime:
                lifetime.ReadForRestore(fields);
                break;
            case Singletons singletons:
                singletons.ReadForRestore(fields);
                break;
            case Singletons.Entry entry:
                entry.ReadForRestore(fields);
                break;
        }
    }
}
