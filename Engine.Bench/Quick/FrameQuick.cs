using System;
using System.Collections.Generic;
using Engine.Game;

namespace Engine.Bench.Quick;

// `quick frame`: the game loop (issue 10). One frame of 100,000 scripts yielding NextTick, side by side (alternating
// rounds, thread CPU time: Rounds.cs) with what Unity and MEC do per frame, a bare List<IEnumerator> MoveNext loop; the
// same scripts in a nested, scaled group against a plain frame loop without the game layer; and the bytes one frame of
// the realistic scene allocates after warm-up (GameScene.cs).
public sealed class FrameQuick : IQuickGroup
{
    private const int Scripts = 100_000;
    private const int FramesPerRound = 10;
    private const double Dt = 1.0 / 60;

    public string Name => "frame";

    public void Run(Action<string, double> report)
    {
        using GameLoop phased = PhasedGame();
        using GameLoop nested = NestedGame();
        using EventLoop plain = PlainLoop();
        List<IEnumerator<Yield>> bare = BareList();
        long sink = 0;

        Rounds rounds = Rounds.Run(
            15,
            ("phased", () => Frames(phased)),
            ("bare", () =>
            {
                for (int f = 0; f < FramesPerRound; f++)
                {
                    sink += BareFrame(bare);
                }

                return FramesPerRound;
            }),
            ("plain", () =>
            {
                for (int f = 0; f < FramesPerRound; f++)
                {
                    plain.Tick(Dt);
                }

                return FramesPerRound;
            }),
            ("nested", () => Frames(nested)));
        report("frame.100k.ms", 1000 / rounds.Rate("phased"));
        report("frame.bare_list.100k.ms", 1000 / rounds.Rate("bare"));
        report("frame.plain.100k.ms", 1000 / rounds.Rate("plain"));
        report("frame.nested.100k.ms", 1000 / rounds.Rate("nested"));
        report("frame.vs_bare_list", rounds.Ratio("phased", "bare"));
        report("frame.groups_overhead", rounds.Ratio("plain", "nested"));
        report("frame.bytes_per_frame", BytesPerFrame());
        GC.KeepAlive(sink);
    }

    private static long Frames(GameLoop game)
    {
        for (int f = 0; f < FramesPerRound; f++)
        {
            game.Tick(Dt);
        }

        return FramesPerRound;
    }

    private static IEnumerator<Yield> Ticker()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    // 100,000 scripts in four groups with every phase active: a fixed step each frame, and one script in a hundred in
    // each of the fixed update, late update and end of frame. (Spread out: with the three of each hundred spawned one
    // after another, this machine runs the frame about 0.7 ms slower, a memory-layout effect of the synthetic spawn
    // order that the plain runs of 97 update scripts between them trigger; see Engine.Bench/README.md.)
    private static GameLoop PhasedGame()
    {
        var game = new GameLoop { FixedStep = Dt };
        var groups = new[] { game.CreateGroup("world"), game.CreateGroup("enemies"), game.CreateGroup("props"), game.CreateGroup("ui") };
        for (int i = 0; i < Scripts; i++)
        {
            GamePhase phase = (i % 100) switch
            {
                0 => GamePhase.FixedUpdate,
                33 => GamePhase.LateUpdate,
                66 => GamePhase.EndOfFrame,
                _ => GamePhase.Update,
            };
            groups[i % groups.Length].Spawn(Ticker(), phase);
        }

        game.Tick(Dt);
        return game;
    }

    // Every script in a nested, scaled group: world (0.5) ▸ enemies (1.5).
    private static GameLoop NestedGame()
    {
        var game = new GameLoop();
        ScriptGroup world = game.CreateGroup("world");
        world.TimeScale = 0.5;
        ScriptGroup enemies = world.CreateGroup("enemies");
        enemies.TimeScale = 1.5;
        for (int i = 0; i < Scripts; i++)
        {
            enemies.Spawn(Ticker());
        }

        game.Tick(Dt);
        return game;
    }

    // No game layer: the loop's own batch (the default path).
    private static EventLoop PlainLoop()
    {
        var loop = new EventLoop(ClockKind.Frame);
        for (int i = 0; i < Scripts; i++)
        {
            loop.Spawn(Ticker());
        }

        loop.Tick(Dt);
        return loop;
    }

    private static List<IEnumerator<Yield>> BareList()
    {
        var list = new List<IEnumerator<Yield>>(Scripts);
        for (int i = 0; i < Scripts; i++)
        {
            list.Add(Ticker());
        }

        return list;
    }

    // What Unity and MEC do per frame: MoveNext each coroutine and read what it yielded.
    private static long BareFrame(List<IEnumerator<Yield>> coroutines)
    {
        long kinds = 0;
        for (int i = 0; i < coroutines.Count; i++)
        {
            IEnumerator<Yield> c = coroutines[i];
            if (c.MoveNext())
            {
                kinds += (int)c.Current.Kind;
            }
        }

        return kinds;
    }

    private static double BytesPerFrame()
    {
        using var scene = new GameScene(10_000);
        scene.Run(600);
        long before = GC.GetAllocatedBytesForCurrentThread();
        scene.Run(600);
        return (GC.GetAllocatedBytesForCurrentThread() - before) / 600.0;
    }
}
