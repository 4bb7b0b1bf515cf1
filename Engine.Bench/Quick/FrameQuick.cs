using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Engine.Game;

namespace Engine.Bench.Quick;

// `quick frame`: the game loop (issue 10). One frame of 100,000 scripts yielding NextTick, side by side (alternating
// rounds, thread CPU time: Rounds.cs) with what Unity and MEC do per frame, a bare List<IEnumerator> MoveNext loop; the
// same scene with [Coroutine] machines and without the batches' prefetching (Scheduling/Prefetch.cs); the same scripts in a nested, scaled group against a plain frame loop without
// the game layer; the bytes one frame of the realistic scene allocates after warm-up (GameScene.cs); and what bounds
// the phased frame: a minimal stepper that resumes the same scripts (the same objects, allocated the same way) from
// compact per-lane arrays in the frame's group order, doing nothing else (Minimal below).
public sealed partial class FrameQuick : IQuickGroup
{
    private const int Scripts = 100_000;
    private const int FramesPerRound = 10;
    private const double Dt = 1.0 / 60;

    public string Name => "frame";

    public void Run(Action<string, double> report)
    {
        SettleBatchProfile();
        using GameLoop phased = PhasedGame(Ticker);
        using GameLoop machines = PhasedGame(static () => new MachineTickerMachine());
        using GameLoop nested = NestedGame();
        using EventLoop plain = PlainLoop();
        using GameLoop forMinimal = PhasedGame(Ticker);
        Minimal minimal = new(forMinimal);
        List<IEnumerator<Yield>> bare = BareList();
        long sink = 0;

        // The one-kind scenes run until the runtime has compiled their loops with the profile they gathered, before
        // the scenes of four kinds exist (FrameQuick.Mixed.cs): a batch loop (one copy per coroutine kind: Scheduling/
        // BatchProfile.cs) and BareFrame are each shared by both kinds of scene, and profile-guided optimisation inlines
        // the iterator its profile saw most. Which scenes ran while the profile was gathered depended on timing, and in
        // some processes the profile held the four kinds and neither loop inlined Ticker: frame.100k.ms measured
        // 1.5 - 1.6 ms instead of 1.1 - 1.2 on this VM (Engine.Bench/README.md, "frame", session 31). So the one-kind
        // figures measure loops profiled on one kind, as a game whose scripts are of one kind runs them, and the mixed
        // figures both sides' loops profiled on another scene, alike.
        sink += WarmUp(phased, machines, nested, plain, minimal, bare);
        using GameLoop mixed = MixedPhasedGame();
        List<IEnumerator<Yield>> bareMixed = MixedBareList();

        Rounds rounds = Rounds.Run(
            15,
            ("phased", () => Frames(phased)),
            ("machines", () => Frames(machines)),
            ("no_prefetch", () =>
            {
                Prefetch.Enabled = false;
                long frames = Frames(phased);
                Prefetch.Enabled = true;
                return frames;
            }),
            ("minimal", () =>
            {
                for (int f = 0; f < FramesPerRound; f++)
                {
                    sink += minimal.Frame();
                }

                return FramesPerRound;
            }),
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
            ("nested", () => Frames(nested)),
            ("mixed", () => Frames(mixed)),
            ("bare_mixed", () =>
            {
                for (int f = 0; f < FramesPerRound; f++)
                {
                    sink += BareFrame(bareMixed);
                }

                return FramesPerRound;
            }));
        report("frame.100k.ms", 1000 / rounds.Rate("phased"));
        report("frame.bare_list.100k.ms", 1000 / rounds.Rate("bare"));
        report("frame.plain.100k.ms", 1000 / rounds.Rate("plain"));
        report("frame.nested.100k.ms", 1000 / rounds.Rate("nested"));
        report("frame.machines.100k.ms", 1000 / rounds.Rate("machines"));
        report("frame.no_prefetch.100k.ms", 1000 / rounds.Rate("no_prefetch"));
        report("frame.minimal.100k.ms", 1000 / rounds.Rate("minimal"));
        report("frame.vs_bare_list", rounds.Ratio("phased", "bare"));
        report("frame.machines.vs_bare_list", rounds.Ratio("machines", "bare"));
        report("frame.minimal.vs_bare_list", rounds.Ratio("minimal", "bare"));
        report("frame.vs_minimal", rounds.Ratio("phased", "minimal"));
        report("frame.mixed.100k.ms", 1000 / rounds.Rate("mixed"));
        report("frame.bare_list_mixed.100k.ms", 1000 / rounds.Rate("bare_mixed"));
        report("frame.mixed.vs_bare_list", rounds.Ratio("mixed", "bare_mixed"));
        report("frame.groups_overhead", rounds.Ratio("plain", "nested"));
        report("frame.bytes_per_frame", BytesPerFrame());
        GC.KeepAlive(sink);
        ReportPerGroup(report);
    }

    // `profile frame <frames>` (ProfileRun.cs): the phased scene ticked this many frames, for callgrind counts. The game
    // is left to the process's exit: under valgrind its disposal (killing 100,000 scripts) has failed in CoTask.Kill
    // with a NullReferenceException that no run outside valgrind shows, and it would only add to both totals.
    internal static long PhasedFrames(int frames) => PhasedFrames(frames, Ticker);

    // `profile frame-machines <frames>`: the same scene with the scripts as generated machines.
    internal static long PhasedMachineFrames(int frames) => PhasedFrames(frames, static () => new MachineTickerMachine());

    private static long PhasedFrames(int frames, Func<IEnumerator<Yield>> script)
    {
        GameLoop game = PhasedGame(script);
        for (int f = 0; f < frames; f++)
        {
            game.Tick(Dt);
        }

        return frames;
    }

    // `profile frame-bare <frames>`: the bare list of 100,000 scripts stepped this many frames, the baseline's counts.
    internal static long BareFrames(int frames)
    {
        List<IEnumerator<Yield>> bare = BareList();
        using GameLoop mixed = MixedPhasedGame();
        List<IEnumerator<Yield>> bareMixed = MixedBareList();
        long sink = 0;
        for (int f = 0; f < frames; f++)
        {
            sink += BareFrame(bare);
        }

        GC.KeepAlive(sink);
        return frames;
    }

    // `profile frame-minimal <frames>`: the minimal stepper over the phased scene's scripts, the bound's counts.
    internal static long MinimalFrames(int frames)
    {
        GameLoop game = PhasedGame(Ticker);
        Minimal minimal = new(game);
        long sink = 0;
        for (int f = 0; f < frames; f++)
        {
            sink += minimal.Frame();
        }

        GC.KeepAlive(sink);
        GC.KeepAlive(game);
        return frames;
    }

    // Before any scene of 100,000 scripts exists, a small phased game of the same script runs for a second and a half,
    // pausing between frames, so the runtime compiles the lane batch loop with the profile of steady frames. Built
    // first, the big scenes' construction (100,000 first steps, which leave the inlined resume for CoTask.Resume) could
    // fill the loop's profile window, which then held no type for the resume: one process in five or seven still ran
    // the phased frame through interface calls after WarmUp below (1.4 - 1.5 ms instead of 1.0 - 1.2; session 31).
    private static void SettleBatchProfile()
    {
        using GameLoop game = PhasedGame(Ticker, 8_000);
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 1500)
        {
            game.Tick(Dt);
            Thread.Sleep(5);
        }
    }

    // Runs the one-kind scenes for two seconds, pausing between rounds so the background compiler can install the
    // optimised code (tiered compilation waits 100 ms after the last new method before it counts calls).
    private static long WarmUp(GameLoop phased, GameLoop machines, GameLoop nested, EventLoop plain, Minimal minimal, List<IEnumerator<Yield>> bare)
    {
        long sink = 0;
        var clock = Stopwatch.StartNew();
        while (clock.ElapsedMilliseconds < 2000)
        {
            Frames(phased);
            Frames(machines);
            Frames(nested);
            plain.Tick(Dt);
            sink += minimal.Frame() + BareFrame(bare);
            Thread.Sleep(20);
        }

        return sink;
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

    /// <summary>The same script as a generated machine (MachineTickerMachine: a task steps it with one virtual call).
    /// Calling the method itself runs the compiler's iterator; the machines scene constructs the machine.</summary>
    [Coroutine]
    internal static IEnumerator<Yield> MachineTicker()
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
    private static GameLoop PhasedGame(Func<IEnumerator<Yield>> script, int scripts = Scripts)
    {
        var game = new GameLoop { FixedStep = Dt };
        var groups = new[] { game.CreateGroup("world"), game.CreateGroup("enemies"), game.CreateGroup("props"), game.CreateGroup("ui") };
        for (int i = 0; i < scripts; i++)
        {
            GamePhase phase = (i % 100) switch
            {
                0 => GamePhase.FixedUpdate,
                33 => GamePhase.LateUpdate,
                66 => GamePhase.EndOfFrame,
                _ => GamePhase.Update,
            };
            groups[i % groups.Length].Spawn(script(), phase);
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

    // The bound of the phased frame: the scripts of a phased game (never ticked after this), resumed from one compact
    // array per lane in the order the frame runs the lanes (the four groups' fixed-update lanes, then their update
    // lanes, then late update and end of frame), with the coroutine a few places ahead prefetched as the engine does.
    // It touches each script's coroutine and nothing else: no task, flags, queue or clock. What the engine adds per
    // script is the rest of frame.100k.ms; what the memory layout costs (a group's scripts lie among the other groups'
    // in allocation order, each coroutine beside its task) is this figure against frame.bare_list.
    private sealed class Minimal
    {
        private readonly IEnumerator<Yield>[][] _lanes;

        public Minimal(GameLoop game)
        {
            var lanes = new List<IEnumerator<Yield>[]>();
            foreach (GamePhase phase in new[] { GamePhase.FixedUpdate, GamePhase.Update, GamePhase.LateUpdate, GamePhase.EndOfFrame })
            {
                foreach (ScriptGroup group in game.Root.Children)
                {
                    LaneQueue ready = group.Lane(phase).Ready;
                    var lane = new IEnumerator<Yield>[ready.Count];
                    for (int i = 0; i < lane.Length; i++)
                    {
                        lane[i] = ready[i].TopFrame!;
                    }

                    lanes.Add(lane);
                }
            }

            _lanes = lanes.ToArray();
        }

        public long Frame()
        {
            long kinds = 0;
            foreach (IEnumerator<Yield>[] lane in _lanes)
            {
                for (int i = 0; i < lane.Length; i++)
                {
                    if (i + Prefetch.Distance < lane.Length)
                    {
                        Prefetch.Coroutine(lane[i + Prefetch.Distance]);
                    }

                    IEnumerator<Yield> coroutine = lane[i];
                    if (coroutine.MoveNext())
                    {
                        kinds += (int)coroutine.Current.Kind;
                    }
                }
            }

            return kinds;
        }
    }
}
