using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using Engine.Game;

namespace Engine.Tests.Game.FaultInjection;

// One random game scene for the game fault-injection test: scripts spawned into nested groups (world ▸ enemies, and ui
// outside world) and into every phase, whose bodies wait every way a game script does (seconds in a scaled group,
// frames, predicates with timeouts, phase moves, child calls, when-any and when-all, joins across groups, singletons)
// and throw from every place code can throw (a body, a finally, a Dispose, a loop callback, a done-callback), while
// scripts pause, resume, rescale and kill groups, cancel and kill each other, and end lifetimes, also from inside
// finally blocks (cleanup that kills). The host ticks frames of varying length (zero included). Every fault has its own
// number. Generated from a seed by System.Random, whose seeded sequence is fixed.
internal sealed class GameFaultProgram
{
    // The scene's groups, by index: 0 is the root, 1 world, 2 world/enemies (a subgroup of world), 3 ui.
    public static readonly string[] GroupNames = { "root", "world", "world/enemies", "ui" };

    private static readonly double[] s_deltas = { 1.0 / 60, 1.0 / 60, 1.0 / 30, 0.25, 0 };
    private static readonly double[] s_scales = { 0, 0.5, 1, 2 };

    private readonly Random _random;
    private int _nextFault;
    private int _nextSpawn;

    private GameFaultProgram(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        int count = _random.Next(2, 7);
        for (int i = 0; i < count; i++)
        {
            Scripts.Add(new GameOp(GameKind.Spawn) { Name = "t" + i, Group = _random.Next(4), Phase = Phase(), Body = Body(0) });
        }

        for (int i = 0; i < 240; i++)
        {
            Deltas.Add(s_deltas[_random.Next(s_deltas.Length)]);
            if (_random.Next(20) == 0)
            {
                HostActs[i] = HostAct();
            }
        }

        // Half the scenes end with the root group's kill and then the game's Dispose; the others are disposed directly,
        // at a random frame.
        EndFrame = _random.Next(2) == 0 ? -1 : _random.Next(240);
    }

    public int Seed { get; }

    // The top-level scripts, as Spawn ops.
    public List<GameOp> Scripts { get; } = new();

    // The host's frame times, one per frame.
    public List<double> Deltas { get; } = new();

    // What the host does between frames, by the frame before which it does it.
    public Dictionary<int, GameOp> HostActs { get; } = new();

    // The frame before which the host disposes the game without killing the root group first, or -1.
    public int EndFrame { get; }

    // Every script name a Join, Cancel, Kill, attach or done-callback can refer to.
    public List<string> Names { get; } = new();

    public static GameFaultProgram Generate(int seed) => new(seed);

    public override string ToString()
    {
        var text = new StringBuilder("seed " + Seed.ToString(CultureInfo.InvariantCulture) + "\n");
        GameOp.Write(text, Scripts, 0);
        foreach ((int frame, GameOp act) in HostActs)
        {
            text.Append("host before frame ").Append(frame).Append(":\n");
            GameOp.Write(text, new List<GameOp> { act }, 1);
        }

        text.Append(EndFrame < 0 ? "ends with the root group's kill\n" : "disposed before frame " + EndFrame + "\n");
        return text.ToString();
    }

    // What the host does between frames: the ops that do not wait, as a host calls them.
    private GameOp HostAct() => _random.Next(6) switch
    {
        0 => new GameOp(GameKind.Pause) { Group = 1 + _random.Next(3) },
        1 => new GameOp(GameKind.Resume) { Group = 1 + _random.Next(3) },
        2 => new GameOp(GameKind.Scale) { Group = 1 + _random.Next(3), Time = s_scales[_random.Next(s_scales.Length)] },
        3 => new GameOp(GameKind.KillGroup) { Group = _random.Next(4) },
        4 => new GameOp(GameKind.EndLifetime) { Group = _random.Next(2) },
        _ => new GameOp(_random.Next(2) == 0 ? GameKind.Cancel : GameKind.Kill) { Name = AnyName() },
    };

    private List<GameOp> Body(int depth)
    {
        var ops = new List<GameOp>();
        int count = _random.Next(1, depth == 0 ? 8 : 4);
        for (int i = 0; i < count; i++)
        {
            ops.Add(Op(depth));
        }

        return ops;
    }

    private string AnyName()
    {
        // Names of top-level scripts exist from the start; spawned ones may not have been spawned yet.
        int top = Scripts.Count + 1;
        if (Names.Count == 0 || _random.Next(3) == 0)
        {
            return "t" + _random.Next(top).ToString(CultureInfo.InvariantCulture);
        }

        return Names[_random.Next(Names.Count)];
    }

    private double Time() => _random.Next(0, 7) * 0.125;

    private GamePhase Phase() => (GamePhase)_random.Next(5);

    private int Fault() => ++_nextFault;

    // An op a finally block runs before it (maybe) throws: cleanup that kills, pauses or ends something.
    private GameOp Cleanup() => _random.Next(5) switch
    {
        0 => new GameOp(GameKind.KillGroup) { Group = _random.Next(4) },
        1 => new GameOp(_random.Next(2) == 0 ? GameKind.Cancel : GameKind.Kill) { Name = AnyName() },
        2 => new GameOp(GameKind.EndLifetime) { Group = _random.Next(2) },
        3 => new GameOp(GameKind.Pause) { Group = 1 + _random.Next(3) },
        _ => new GameOp(GameKind.Spawn) { Name = NewName(), Group = _random.Next(4), Phase = Phase(), Body = new List<GameOp> { new(GameKind.Frames) { Count = 1 } } },
    };

    private string NewName()
    {
        string name = "s" + (++_nextSpawn).ToString(CultureInfo.InvariantCulture);
        Names.Add(name);
        return name;
    }

    private GameOp Op(int depth)
    {
        bool nest = depth < 3;
        bool catches = _random.Next(2) == 0;
        switch (_random.Next(nest ? 30 : 20))
        {
            case 0:
            case 1:
                return new GameOp(GameKind.Seconds) { Time = Time() };
            case 2:
                return new GameOp(GameKind.Frames) { Count = _random.Next(0, 4) };
            case 3:
                return new GameOp(GameKind.Phase) { Phase = Phase() };
            case 4:
                return new GameOp(GameKind.Raise) { Fault = Fault() };
            case 5:
                return new GameOp(GameKind.CallbackThrows) { Fault = Fault(), Time = _random.Next(2) == 0 ? -1 : Time() };
            case 6:
                return new GameOp(GameKind.DoneCallbackThrows) { Name = AnyName(), Fault = Fault() };
            case 7:
                return new GameOp(_random.Next(2) == 0 ? GameKind.Cancel : GameKind.Kill) { Name = AnyName() };
            case 8:
                return new GameOp(GameKind.Join) { Name = AnyName(), Catches = catches, Time = _random.Next(2) == 0 ? 0 : Time() + 0.125 };
            case 9:
                return new GameOp(GameKind.Pause) { Group = 1 + _random.Next(3) };
            case 10:
            case 11:
                return new GameOp(GameKind.Resume) { Group = 1 + _random.Next(3) };
            case 12:
                return new GameOp(GameKind.Scale) { Group = 1 + _random.Next(3), Time = s_scales[_random.Next(s_scales.Length)] };
            case 13:
                return new GameOp(GameKind.KillGroup) { Group = _random.Next(4) };
            case 14:
                return new GameOp(GameKind.EventSet) { Name = "e" + _random.Next(2) };
            case 15:
                return new GameOp(GameKind.Until) { Name = "e" + _random.Next(2), Time = Time() };
            case 16:
                return new GameOp(GameKind.Attach) { Name = AnyName(), Group = _random.Next(2) };
            case 17:
                return new GameOp(GameKind.AttachToGroup) { Name = AnyName(), Group = _random.Next(4) };
            case 18:
                return new GameOp(GameKind.EndLifetime) { Group = _random.Next(2) };
            case 19:
                return new GameOp(GameKind.NextTick);
            case 20:
            case 21:
                return new GameOp(GameKind.Finally)
                {
                    Fault = _random.Next(3) == 0 ? 0 : Fault(),
                    Cleanup = _random.Next(2) == 0 ? new List<GameOp> { Cleanup() } : new List<GameOp>(),
                    Body = Body(depth + 1),
                };
            case 22:
                return new GameOp(GameKind.Dispose) { Fault = Fault(), Body = Body(depth + 1) };
            case 23:
                return new GameOp(GameKind.Call) { Body = Body(depth + 1), Catches = catches };
            case 24:
            case 25:
                return new GameOp(GameKind.Spawn) { Name = NewName(), Group = _random.Next(5) - 1, Phase = Phase(), Body = Body(depth + 1) };
            case 26:
                return new GameOp(GameKind.Singleton)
                {
                    Name = NewName(),
                    Key = "k" + _random.Next(2),
                    Policy = (SingletonPolicy)_random.Next(3),
                    Group = _random.Next(4),
                    Body = Body(depth + 1),
                };
            case 27:
                return new GameOp(GameKind.WhenAny) { Bodies = new[] { Body(depth + 1), Body(depth + 1) }, Catches = catches };
            case 28:
                return new GameOp(GameKind.WhenAll) { Bodies = new[] { Body(depth + 1), Body(depth + 1) }, Catches = catches };
            default:
                return new GameOp(GameKind.Timeout) { Body = Body(depth + 1), Time = Time(), Catches = catches };
        }
    }
}

internal enum GameKind
{
    Seconds,
    Frames,
    NextTick,
    Phase,
    Raise,
    CallbackThrows,
    DoneCallbackThrows,
    Cancel,
    Kill,
    Join,
    Pause,
    Resume,
    Scale,
    KillGroup,
    EventSet,
    Until,
    Attach,
    AttachToGroup,
    EndLifetime,
    Finally,
    Dispose,
    Call,
    Spawn,
    Singleton,
    WhenAny,
    WhenAll,
    Timeout,
}

// One op of a game fault program; which fields matter depends on the kind. Group is an index into
// GameFaultProgram.GroupNames (-1 for a spawn from the spawning script's own group and phase), or a lifetime's index.
internal sealed class GameOp
{
    public GameOp(GameKind kind) => Kind = kind;

    public GameKind Kind { get; }

    public double Time { get; init; }

    public int Count { get; init; }

    public int Fault { get; init; }

    public int Group { get; init; }

    public GamePhase Phase { get; init; }

    public string Name { get; init; } = "";

    public string Key { get; init; } = "";

    public SingletonPolicy Policy { get; init; }

    public bool Catches { get; init; }

    public List<GameOp> Body { get; init; } = new();

    public List<GameOp> Cleanup { get; init; } = new();

    public List<GameOp>[] Bodies { get; init; } = Array.Empty<List<GameOp>>();

    public static void Write(StringBuilder text, List<GameOp> ops, int indent)
    {
        foreach (GameOp op in ops)
        {
            text.Append(' ', indent * 2).Append(op.Kind);
            if (op.Name.Length > 0)
            {
                text.Append(' ').Append(op.Name);
            }

            switch (op.Kind)
            {
                case GameKind.Spawn:
                case GameKind.Singleton:
                    text.Append(" group=").Append(op.Group < 0 ? "spawner's" : GameFaultProgram.GroupNames[op.Group]).Append(" phase=").Append(op.Phase);
                    break;
                case GameKind.Pause:
                case GameKind.Resume:
                case GameKind.Scale:
                case GameKind.KillGroup:
                case GameKind.AttachToGroup:
                    text.Append(" group=").Append(GameFaultProgram.GroupNames[op.Group]);
                    break;
                case GameKind.Attach:
                case GameKind.EndLifetime:
                    text.Append(" lifetime=").Append(op.Group);
                    break;
                case GameKind.Phase:
                    text.Append(' ').Append(op.Phase);
                    break;
                case GameKind.Frames:
                    text.Append(' ').Append(op.Count);
                    break;
            }

            if (op.Key.Length > 0)
            {
                text.Append(" key=").Append(op.Key).Append(' ').Append(op.Policy);
            }

            if (op.Fault != 0)
            {
                text.Append(" E").Append(op.Fault.ToString(CultureInfo.InvariantCulture));
            }

            if (op.Time != 0)
            {
                text.Append(" t=").Append(op.Time.ToString(CultureInfo.InvariantCulture));
            }

            if (op.Catches)
            {
                text.Append(" catch");
            }

            text.Append('\n');
            if (op.Cleanup.Count > 0)
            {
                text.Append(' ', indent * 2 + 2).Append("cleanup:\n");
                Write(text, op.Cleanup, indent + 2);
            }

            Write(text, op.Body, indent + 1);
            foreach (List<GameOp> body in op.Bodies)
            {
                text.Append(' ', indent * 2 + 2).Append("--\n");
                Write(text, body, indent + 2);
            }
        }
    }
}
