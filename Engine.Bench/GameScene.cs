using System;
using System.Collections.Generic;
using Engine.Game;

namespace Engine.Bench;

// The realistic game scene of issue point 4, for Engine.Tests' zero-garbage test (which compiles this file too) and the
// `frame.bytes_per_frame` figure: scripts with Seconds waits of many lengths, Frames, Until (plain and with a timeout),
// child calls through pooled generated machines, every phase, and groups that are nested, scaled, rescaled and paused
// while the scene runs. Deterministic: the frame clock with a fixed dt.
public sealed class GameScene : IDisposable
{
    private readonly ScriptGroup _enemies;
    private readonly ScriptGroup _props;
    private int _frame;

    public GameScene(int scripts)
    {
        Game = new GameLoop();
        ScriptGroup world = Game.CreateGroup("world");
        _enemies = world.CreateGroup("enemies");
        ScriptGroup boss = _enemies.CreateGroup("boss");
        ScriptGroup ui = Game.CreateGroup("ui");
        _props = world.CreateGroup("props");
        world.TimeScale = 0.75;
        _enemies.TimeScale = 0.5;
        boss.TimeScale = 1.5;
        ui.Unscaled = true;
        ScriptGroup[] groups = { world, _enemies, boss, ui, _props, Game.Root };

        // Level load: fill the child machine's pool with as many machines as can run at once (one per script), as a
        // game pre-warms its pools. Otherwise each new peak of concurrent child calls, however late, allocates the
        // machines beyond the previous peak.
        var warm = new List<IEnumerator<Yield>>(scripts);
        for (int i = 0; i < scripts; i++)
        {
            warm.Add(SceneScripts.RentBlink(1));
        }

        foreach (IEnumerator<Yield> machine in warm)
        {
            machine.Dispose();
        }

        for (int i = 0; i < scripts; i++)
        {
            ScriptGroup group = groups[i % groups.Length];
            switch (i % 6)
            {
                case 0:
                    group.Spawn(Patrol(i));
                    break;
                case 1:
                    group.Spawn(Watch(i));
                    break;
                case 2:
                    group.Spawn(Count(i));
                    break;
                case 3:
                    group.Spawn(Tour(i), GamePhase.FixedUpdate);
                    break;
                case 4:
                    group.Spawn(Linger(i), i % 12 == 4 ? GamePhase.SlowUpdate : GamePhase.LateUpdate);
                    break;
                default:
                    group.Spawn(Timed(i));
                    break;
            }
        }
    }

    public GameLoop Game { get; }

    public long Steps { get; private set; }

    public void Run(int frames)
    {
        for (int f = 0; f < frames; f++)
        {
            _frame++;
            if (_frame % 37 == 0)
            {
                if (_props.IsPaused)
                {
                    _props.Resume();
                }
                else
                {
                    _props.Pause();
                }
            }

            if (_frame % 53 == 0)
            {
                _enemies.TimeScale = _enemies.TimeScale == 0.5 ? 0.25 : 0.5;
            }

            Game.Tick(1.0 / 60);
        }
    }

    public void Dispose() => Game.Dispose();

    private IEnumerator<Yield> Patrol(int i)
    {
        double leg = 0.05 + (i % 61 * 0.0137);
        while (true)
        {
            Steps++;
            yield return Yield.Seconds(leg);
            yield return Yield.From(SceneScripts.RentBlink(2 + (i % 5)));
        }
    }

    private IEnumerator<Yield> Watch(int i)
    {
        int counter = i;
        Func<bool> ready = () => ++counter % 7 == 0;
        while (true)
        {
            Steps++;
            yield return Yield.Until(ready);
            yield return Yield.NextTick;
        }
    }

    private IEnumerator<Yield> Count(int i)
    {
        int frames = 1 + (i % 9);
        while (true)
        {
            Steps++;
            yield return Yield.Frames(frames);
        }
    }

    private IEnumerator<Yield> Tour(int i)
    {
        double rest = 0.1 + (i % 13 * 0.01);
        while (true)
        {
            Steps++;
            yield return Yield.NextTick;      // the next fixed step
            yield return Yield.LateUpdate;
            yield return Yield.EndOfFrame;
            yield return Yield.Update;
            yield return Yield.Seconds(rest);
            yield return Yield.FixedUpdate;
        }
    }

    private IEnumerator<Yield> Linger(int i)
    {
        double pause = 0.02 + (i % 17 * 0.003);
        while (true)
        {
            Steps++;
            yield return Yield.NextTick;
            yield return Yield.Seconds(pause);
        }
    }

    private IEnumerator<Yield> Timed(int i)
    {
        int counter = 0;
        int period = 20 + (i % 40);
        Func<bool> rare = () => ++counter % period == 0;
        Func<bool> never = () => false;
        double timeout = 0.2 + (i % 23 * 0.01);
        while (true)
        {
            Steps++;
            yield return Yield.Until(rare, timeout);
            yield return Yield.While(never, timeout * 0.5);
            yield return Yield.From(SceneScripts.RentBlink(1));
        }
    }
}

// A child coroutine called from the scene's scripts: a generated, pooled machine, so a child call allocates nothing.
public static partial class SceneScripts
{
    [Coroutine]
    public static IEnumerator<Yield> Blink(int frames)
    {
        yield return Yield.Frames(frames);
        yield return Yield.NextTick;
    }
}
