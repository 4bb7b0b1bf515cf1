using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Tests.Core.FaultInjection;

// One random task program for the fault-injection test: a few top-level tasks whose bodies nest every way the engine
// lets code wait (child frames, spawned and joined tasks, WaitFor, Timeout, MoveOnAfter, Gather over tasks and over
// coroutines, task groups, Shield, locks, semaphores, queues, events, futures failed by callbacks) and throw from every
// place code can throw (a body, a finally, a Dispose, a callback, a done-callback, a future nobody awaits), with
// cancellation and immediate kills from other tasks. Also: WhenAny, WhenAll, Co.Wait, shielded coroutines, polled
// predicates with timeouts and a condition's WaitUntil. Every fault has its own number, so the test can tell which
// thrown error went missing. Generated from a seed by System.Random, whose seeded sequence is fixed.
internal sealed class FaultProgram
{
    private readonly Random _random;
    private int _nextFault;
    private int _nextSpawn;

    private FaultProgram(int seed)
    {
        Seed = seed;
        _random = new Random(seed);
        int count = _random.Next(2, 7);
        for (int i = 0; i < count; i++)
        {
            Tasks.Add(("t" + i, Body(0)));
        }
    }

    public int Seed { get; }

    public List<(string Name, List<FaultOp> Body)> Tasks { get; } = new();

    // Every task name a Join, Cancel, Kill, Shield, Gather or done-callback can refer to.
    public List<string> Names { get; } = new();

    public static FaultProgram Generate(int seed) => new(seed);

    public override string ToString()
    {
        var text = new StringBuilder("seed " + Seed.ToString(CultureInfo.InvariantCulture) + "\n");
        foreach ((string name, List<FaultOp> body) in Tasks)
        {
            text.Append(name).Append(":\n");
            FaultOp.Write(text, body, 1);
        }

        return text.ToString();
    }

    private List<FaultOp> Body(int depth)
    {
        var ops = new List<FaultOp>();
        int count = _random.Next(1, depth == 0 ? 7 : 4);
        for (int i = 0; i < count; i++)
        {
            ops.Add(Op(depth));
        }

        return ops;
    }

    private string AnyName()
    {
        // Names of top-level tasks exist from the start; spawned ones may not have been spawned yet.
        int top = Tasks.Count + 1;
        if (Names.Count == 0 || _random.Next(3) == 0)
        {
            return "t" + _random.Next(top).ToString(CultureInfo.InvariantCulture);
        }

        return Names[_random.Next(Names.Count)];
    }

    private double Time() => _random.Next(0, 7) * 0.5;

    // What a finally block does before it (maybe) throws: cancel or kill a task, its own included ("self").
    private FaultOp Cleanup() => new(_random.Next(2) == 0 ? FaultKind.Cancel : FaultKind.Kill) { Name = _random.Next(3) == 0 ? "self" : AnyName() };

    private int Fault() => ++_nextFault;

    private FaultOp Op(int depth)
    {
        bool nest = depth < 3;
        bool catches = _random.Next(2) == 0;
        switch (_random.Next(nest ? 32 : 17))
        {
            case 0:
            case 1:
                return new FaultOp(FaultKind.Sleep) { Time = Time() };
            case 2:
                return new FaultOp(FaultKind.Tick);
            case 3:
                return new FaultOp(FaultKind.Raise) { Fault = Fault() };
            case 4:
                return new FaultOp(FaultKind.CallbackThrows) { Fault = Fault(), Time = _random.Next(2) == 0 ? -1 : Time() };
            case 5:
                return new FaultOp(FaultKind.DoneCallbackThrows) { Name = AnyName(), Fault = Fault() };
            case 6:
                return new FaultOp(FaultKind.UnawaitedFutureFails) { Fault = Fault() };
            case 7:
                return new FaultOp(FaultKind.AwaitFailingFuture) { Fault = Fault(), Time = Time(), Catches = catches };
            case 8:
                return new FaultOp(_random.Next(2) == 0 ? FaultKind.Cancel : FaultKind.Kill) { Name = AnyName() };
            case 9:
                return new FaultOp(FaultKind.Join) { Name = AnyName(), Catches = catches };
            case 10:
                return new FaultOp(FaultKind.EventSet) { Name = "e" + _random.Next(2) };
            case 11:
                return new FaultOp(FaultKind.EventWait) { Name = "e" + _random.Next(2) };
            case 12:
                return new FaultOp(FaultKind.QueuePut) { Name = "q" + _random.Next(2) };
            case 13:
                return new FaultOp(FaultKind.QueueGet) { Name = "q" + _random.Next(2) };
            case 14:
                return new FaultOp(FaultKind.WaitFirst) { Names = new[] { AnyName(), AnyName() }, Time = Time() };
            case 15:
                return new FaultOp(FaultKind.Until) { Name = "e" + _random.Next(2), Time = Time(), Catches = catches };
            case 16:
                return new FaultOp(_random.Next(2) == 0 ? FaultKind.ConditionWait : FaultKind.ConditionNotify) { Name = "c" + _random.Next(2), Time = Time(), Catches = catches };
            case 26:
            case 27:
                return new FaultOp(FaultKind.Finally)
                {
                    Fault = _random.Next(3) == 0 ? 0 : Fault(),
                    Body = Body(depth + 1),
                    Cleanup = _random.Next(3) == 0 ? new List<FaultOp> { Cleanup() } : new List<FaultOp>(),
                };
            case 30:
                return new FaultOp(FaultKind.Dispose) { Fault = Fault(), Body = Body(depth + 1) };
            case 17:
                return new FaultOp(FaultKind.Call) { Body = Body(depth + 1), Catches = catches };
            case 18:
                {
                    string name = "s" + (++_nextSpawn).ToString(CultureInfo.InvariantCulture);
                    Names.Add(name);
                    return new FaultOp(FaultKind.Spawn) { Name = name, Body = Body(depth + 1) };
                }

            case 19:
                return _random.Next(2) == 0
                    ? new FaultOp(FaultKind.WaitForTask) { Name = AnyName(), Time = Time(), Catches = catches }
                    : new FaultOp(FaultKind.WaitForBody) { Body = Body(depth + 1), Time = Time(), Catches = catches };
            case 20:
                return new FaultOp(_random.Next(2) == 0 ? FaultKind.Timeout : FaultKind.MoveOnAfter) { Body = Body(depth + 1), Time = Time(), Catches = catches };
            case 21:
                return new FaultOp(FaultKind.GatherTasks) { Names = new[] { AnyName(), AnyName() }, ReturnExceptions = _random.Next(2) == 0, Catches = catches };
            case 22:
                return new FaultOp(FaultKind.GatherBodies) { Bodies = new[] { Body(depth + 1), Body(depth + 1) }, Catches = catches };
            case 23:
                return new FaultOp(FaultKind.Group) { Body = Body(depth + 1), Bodies = new[] { Body(depth + 1), Body(depth + 1) }, Catches = catches };
            case 24:
                return new FaultOp(FaultKind.Shield) { Name = AnyName(), Catches = catches };
            case 25:
                return new FaultOp(FaultKind.ShieldBody) { Body = Body(depth + 1), Catches = catches };
            case 28:
                return new FaultOp(FaultKind.WhenAny) { Bodies = new[] { Body(depth + 1), Body(depth + 1) }, Catches = catches };
            case 29:
                return new FaultOp(FaultKind.WhenAll) { Bodies = new[] { Body(depth + 1), Body(depth + 1) }, Catches = catches };
            default:
                return new FaultOp(_random.Next(2) == 0 ? FaultKind.Locked : FaultKind.Semaphore) { Name = "l" + _random.Next(2), Body = Body(depth + 1) };
        }
    }
}

internal enum FaultKind
{
    Sleep,
    Tick,
    Raise,
    CallbackThrows,
    DoneCallbackThrows,
    UnawaitedFutureFails,
    AwaitFailingFuture,
    Cancel,
    Kill,
    Join,
    EventSet,
    EventWait,
    QueuePut,
    QueueGet,
    Finally,
    Dispose,
    Call,
    Spawn,
    WaitForTask,
    WaitForBody,
    Timeout,
    MoveOnAfter,
    GatherTasks,
    GatherBodies,
    Group,
    Shield,
    ShieldBody,
    WhenAny,
    WhenAll,
    WaitFirst,
    Until,
    ConditionWait,
    ConditionNotify,
    Locked,
    Semaphore,
}

// One op of a fault program; which fields matter depends on the kind.
internal sealed class FaultOp
{
    public FaultOp(FaultKind kind) => Kind = kind;

    public FaultKind Kind { get; }

    public double Time { get; init; }

    public int Fault { get; init; }

    public string Name { get; init; } = "";

    public string[] Names { get; init; } = Array.Empty<string>();

    public bool Catches { get; init; }

    public bool ReturnExceptions { get; init; }

    public List<FaultOp> Body { get; init; } = new();

    // Ops a finally block runs before it throws (FaultKind.Finally).
    public List<FaultOp> Cleanup { get; init; } = new();

    public List<FaultOp>[] Bodies { get; init; } = Array.Empty<List<FaultOp>>();

    public static void Write(StringBuilder text, List<FaultOp> ops, int indent)
    {
        foreach (FaultOp op in ops)
        {
            text.Append(' ', indent * 2).Append(op.Kind);
            if (op.Name.Length > 0)
            {
                text.Append(' ').Append(op.Name);
            }

            foreach (string n in op.Names)
            {
                text.Append(' ').Append(n);
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

            if (op.ReturnExceptions)
            {
                text.Append(" returnExceptions");
            }

            text.Append('\n');
            if (op.Cleanup.Count > 0)
            {
                text.Append(' ', indent * 2 + 2).Append("cleanup:\n");
                Write(text, op.Cleanup, indent + 2);
            }

            Write(text, op.Body, indent + 1);
            foreach (List<FaultOp> body in op.Bodies)
            {
                text.Append(' ', indent * 2 + 2).Append("--\n");
                Write(text, body, indent + 2);
            }
        }
    }
}
