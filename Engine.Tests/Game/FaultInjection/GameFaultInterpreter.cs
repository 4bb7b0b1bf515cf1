using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Game;
using Engine.Tests.Core.FaultInjection;

namespace Engine.Tests.Game.FaultInjection;

// Runs a GameFaultProgram on a GameLoop (frame clock) and keeps, in a FaultLedger, the fault numbers thrown and those
// observed (a caught outcome, a script's outcome read at the end, the loop's exception handler, or an error the host's
// own call threw). The host ticks the program's frames until every named script is done, then kills the root group,
// checks that nothing of the scene is left running, disposes the game, and reads every named script's outcome.
internal sealed partial class GameFaultInterpreter
{
    private readonly GameLoop _game = new();
    private readonly GameFaultProgram _program;
    private readonly FaultLedger _ledger = new();
    private readonly ScriptGroup[] _groups;
    private readonly object[] _owners = { new(), new() };
    private readonly Dictionary<string, CoTask> _tasks = new();
    private readonly HashSet<string> _events = new();
    private readonly bool _machines;

    private GameFaultInterpreter(GameFaultProgram program, bool machines)
    {
        _program = program;
        _machines = machines;
        ScriptGroup world = _game.CreateGroup("world");
        ScriptGroup ui = _game.CreateGroup("ui");
        ui.Unscaled = true;
        _groups = new[] { _game.Root, world, world.CreateGroup("enemies"), ui };
        _game.Loop.ExceptionHandler = context =>
        {
            Reported.Add(context.Exception?.GetType().Name + " " + context.Exception?.Message);
            _ledger.Observe(context.Exception, "the exception handler");
        };
    }

    public List<string> Log { get; } = new();

    public FaultLedger Ledger => _ledger;

    // What the exception handler received, in order.
    public List<string> Reported { get; } = new();

    // Named scripts, or groups with tasks, not done after the host killed the root group.
    public List<string> Pending { get; } = new();

    // machines: run every body as the generated machine of Interpret instead of the compiler's iterator; the log, the faults
    // thrown and the faults observed must not change.
    // cancelDepthLimit: the nesting past which cancellation defers its descent (Tasks/CancelPropagation.cs); 1 runs every
    // cancel and kill through the deferred path.
    public static GameFaultInterpreter Run(GameFaultProgram program, bool machines, int cancelDepthLimit = CancelPropagation.DefaultDepthLimit)
    {
        var run = new GameFaultInterpreter(program, machines);
        run._game.Loop.Cancels.DepthLimit = cancelDepthLimit;
        run.RunScene();
        return run;
    }

    private void RunScene()
    {
        foreach (GameOp script in _program.Scripts)
        {
            Host("spawn " + script.Name, () => Act("host", script));
        }

        for (int frame = 0; frame < _program.Deltas.Count && frame != _program.EndFrame; frame++)
        {
            if (AllDone())
            {
                break;
            }

            if (_program.HostActs.TryGetValue(frame, out GameOp? act))
            {
                Host(act.Kind.ToString(), () => Act("host", act));
            }

            double delta = _program.Deltas[frame];
            Host("tick", () => _game.Tick(delta));
        }

        if (_program.EndFrame < 0)
        {
            Host("kill root", () => Say("host kills root: " + _game.Root.Kill("scene over")));
            foreach ((string name, CoTask task) in _tasks)
            {
                if (!task.IsDone)
                {
                    Pending.Add(name + " (after the root group's kill)");
                }
            }

            foreach (ScriptGroup group in _groups)
            {
                if (group.TaskCount != 0)
                {
                    Pending.Add("group " + group.Path + " holds " + group.TaskCount + " tasks (after the root group's kill)");
                }
            }
        }

        Host("dispose", _game.Dispose);
        var names = new List<string>(_tasks.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            CoTask t = _tasks[name];
            if (!t.IsDone)
            {
                Pending.Add(name);
                continue;
            }

            _ledger.Observe(t.Exception, name + "'s outcome");
            Say(name + ": " + (t.IsCancelled ? "cancelled" : FaultLedger.Describe(t.Exception)));
        }
    }

    // A call the host makes between frames: whatever it throws is observed and logged, never lost.
    private void Host(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            _ledger.Observe(e, "the host's " + what);
            Say("host " + what + " threw " + FaultLedger.Describe(e));
        }
    }

    private void Say(string what) => Log.Add(_game.FrameCount.ToString(CultureInfo.InvariantCulture) + " " + what);

    private bool AllDone()
    {
        foreach (CoTask t in _tasks.Values)
        {
            if (!t.IsDone)
            {
                return false;
            }
        }

        return true;
    }

    private CoTask? Named(string name) => _tasks.TryGetValue(name, out CoTask? t) ? t : null;

    // After a wait the op catches: logs and observes its outcome.
    private void Caught(string me, GameOp op)
    {
        if (!op.Catches)
        {
            return;
        }

        Exception? error = Co.Exception;
        _ledger.Observe(error, me + " " + op.Kind);
        Say(me + " " + op.Kind + " -> " + FaultLedger.Describe(error));
    }

    // The ops that do not wait, also run from finally blocks (cleanup) and by the host. Returns false for a waiting op.
    private bool Act(string me, GameOp op)
    {
        switch (op.Kind)
        {
            case GameKind.Raise:
                Say(me + " raises E" + op.Fault);
                throw _ledger.Throw(op.Fault);
            case GameKind.CallbackThrows:
                {
                    int id = op.Fault;
                    Action callback = () => throw _ledger.Throw(id);
                    if (op.Time < 0)
                    {
                        _game.Loop.CallSoon(callback);
                    }
                    else
                    {
                        _game.Loop.CallLater(op.Time, callback);
                    }

                    return true;
                }

            case GameKind.DoneCallbackThrows:
                if (Named(op.Name) is { } watched)
                {
                    int id = op.Fault;
                    watched.OnCompleted(_ => throw _ledger.Throw(id));
                }

                return true;
            case GameKind.Cancel:
                if (Named(op.Name) is { } cancelled)
                {
                    Say(me + " cancels " + op.Name + ": " + cancelled.Cancel());
                }

                return true;
            case GameKind.Kill:
                if (Named(op.Name) is { } killed)
                {
                    Say(me + " kills " + op.Name + ": " + killed.Kill());
                }

                return true;
            case GameKind.Pause:
                _groups[op.Group].Pause();
                Say(me + " pauses " + _groups[op.Group].Path);
                return true;
            case GameKind.Resume:
                _groups[op.Group].Resume();
                Say(me + " resumes " + _groups[op.Group].Path);
                return true;
            case GameKind.Scale:
                _groups[op.Group].TimeScale = op.Time;
                Say(me + " scales " + _groups[op.Group].Path + " to " + op.Time.ToString(CultureInfo.InvariantCulture));
                return true;
            case GameKind.KillGroup:
                Say(me + " kills group " + GameFaultProgram.GroupNames[op.Group] + ": " + _groups[op.Group].Kill(me + " killed it"));
                return true;
            case GameKind.EventSet:
                _events.Add(op.Name);
                return true;
            case GameKind.Attach:
                if (Named(op.Name) is { } attached)
                {
                    _game.CreateLifetime(_owners[op.Group]).Attach(attached);
                    Say(me + " attaches " + op.Name + " to owner " + op.Group + ": " + (attached.IsDone ? "done" : "running"));
                }

                return true;
            case GameKind.AttachToGroup:
                if (Named(op.Name) is { } bound)
                {
                    _groups[op.Group].Lifetime.Attach(bound);
                }

                return true;
            case GameKind.EndLifetime:
                Say(me + " ends owner " + op.Group + ": " + (_game.LifetimeOf(_owners[op.Group])?.End("owner " + op.Group + " destroyed") ?? -1));
                return true;
            case GameKind.Spawn:
                {
                    IEnumerator<Yield> body = Body(op.Name, op.Body);
                    _tasks[op.Name] = op.Group < 0 && me != "host" ? Co.Spawn(body, op.Name) : _groups[Math.Max(op.Group, 0)].Spawn(body, op.Phase, op.Name);
                    return true;
                }

            case GameKind.Singleton:
                {
                    CoTask task = _game.RunSingleton(op.Key, Body(op.Name, op.Body), op.Policy, _groups[op.Group], op.Name);
                    _tasks[op.Name] = task;
                    Say(me + " runs singleton " + op.Key + " " + op.Policy + ": " + task.Name);
                    return true;
                }

            default:
                return false;
        }
    }

    [Coroutine]
    private IEnumerator<Yield> Interpret(string me, List<GameOp> ops)
    {
        foreach (GameOp op in ops)
        {
            if (Act(me, op))
            {
                continue;
            }

            switch (op.Kind)
            {
                case GameKind.Seconds:
                    yield return Yield.Seconds(op.Time);
                    break;
                case GameKind.Frames:
                    yield return Yield.Frames(op.Count);
                    break;
                case GameKind.NextTick:
                    yield return Yield.NextTick;
                    break;
                case GameKind.Phase:
                    yield return Yield.Phase(op.Phase);
                    break;
                case GameKind.Until:
                    {
                        string name = op.Name;
                        if (op.Time == 0)
                        {
                            yield return Yield.Until(() => _events.Contains(name));
                            Say(me + " until " + name);
                        }
                        else
                        {
                            yield return Yield.Until(() => _events.Contains(name), op.Time);
                            Say(me + " until " + name + " -> " + Co.Result<bool>());
                        }

                        break;
                    }

                case GameKind.Join:
                    {
                        if (Named(op.Name) is not { } other || other == Co.CurrentTask)
                        {
                            break;
                        }

                        Yield wait = op.Time == 0 ? other : Co.WaitFor(other, op.Time);
                        yield return op.Catches ? Co.Catch(wait) : wait;
                        Caught(me, op);
                        break;
                    }

                case GameKind.Finally:
                    try
                    {
                        yield return Yield.From(Body(me, op.Body));
                    }
                    finally
                    {
                        foreach (GameOp cleanup in op.Cleanup)
                        {
                            Act(me + " (finally)", cleanup);
                        }

                        if (op.Fault != 0)
                        {
                            Say(me + " finally throws E" + op.Fault);
                            throw _ledger.Throw(op.Fault);
                        }
                    }

                    break;
                case GameKind.Dispose:
                    using (_ledger.ThrowOnDispose(op.Fault, Say))
                    {
                        yield return Yield.From(Body(me, op.Body));
                    }

                    break;
                case GameKind.Call:
                case GameKind.WhenAny:
                case GameKind.WhenAll:
                case GameKind.Timeout:
                    {
                        Yield wait = op.Kind switch
                        {
                            GameKind.Call => Yield.From(Body(me, op.Body)),
                            GameKind.WhenAny => Co.WhenAny(Body(me, op.Bodies[0]), Body(me, op.Bodies[1])),
                            GameKind.WhenAll => Co.WhenAll(Body(me, op.Bodies[0]), Body(me, op.Bodies[1])),
                            _ => Co.Timeout(op.Time, Body(me, op.Body)),
                        };
                        yield return op.Catches ? Co.Catch(wait) : wait;
                        Caught(me, op);
                        break;
                    }

                default:
                    throw new InvalidOperationException("unknown op " + op.Kind);
            }
        }
    }

    private IEnumerator<Yield> Body(string me, List<GameOp> ops) => _machines ? new InterpretMachine(this, me, ops) : Interpret(me, ops);
}
