using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Differential;

// Runs one random model of tools/simpy-diff/models.py on the engine, op for op as that script runs it on SimPy, and
// returns the log. Every wait is interruptible (the interrupt is logged and the process goes on with its next op),
// resources are held in `using` blocks (SimPy's `with`), and gets with a patience withdraw the get when they give up.
// The two interpreters must stay the same op by op: a difference in the logs is then a difference in event order.
internal sealed class ModelInterpreter
{
    private readonly SimEnvironment _env;
    private readonly List<string> _log = new();
    private readonly Dictionary<string, (Resource Resource, string Kind)> _resources = new();
    private readonly Dictionary<string, Store<string>> _stores = new();
    private readonly Dictionary<string, Container> _containers = new();
    private readonly Dictionary<string, SimEvent> _events = new();
    private readonly Dictionary<string, SimProcess> _handles = new();
    private readonly Dictionary<string, string[][]> _subs = new();
    private readonly HashSet<string> _started = new();

    private readonly List<string> _unhandled = new();

    private ModelInterpreter(EventOrder order)
    {
        _env = new SimEnvironment(order: order);
        _env.Loop.ExceptionHandler = context => _unhandled.Add(context.Exception?.Message ?? context.Message);
    }

    // The log, and the messages of the failures nobody handled (reported to the loop's exception handler by the time
    // the environment is disposed).
    public static (List<string> Log, List<string> Unhandled) Run(SimModel model, EventOrder order = EventOrder.SimPy)
    {
        var interpreter = new ModelInterpreter(order);
        List<string> log;
        try
        {
            log = interpreter.RunModel(model);
        }
        finally
        {
            interpreter._env.Dispose();
        }

        return (log, interpreter._unhandled);
    }

    private List<string> RunModel(SimModel model)
    {
        foreach (string[] r in model.Resources)
        {
            int capacity = int.Parse(r[2], CultureInfo.InvariantCulture);
            Resource resource = r[1] switch
            {
                "plain" => new Resource(_env, capacity),
                "prio" => new PriorityResource(_env, capacity),
                "preempt" => new PreemptiveResource(_env, capacity),
                _ => throw new FormatException("unknown resource kind " + r[1]),
            };
            _resources[r[0]] = (resource, r[1]);
        }

        foreach (string[] s in model.Stores)
        {
            int capacity = int.Parse(s[1], CultureInfo.InvariantCulture);
            capacity = capacity > 0 ? capacity : int.MaxValue;
            _stores[s[0]] = s[2] switch
            {
                "fifo" => new Store<string>(_env, capacity),
                "filter" => new FilterStore<string>(_env, capacity),
                "prio" => new Engine.Simulation.PriorityStore<string>(_env, StringComparer.Ordinal, capacity), // Python compares str by code point
                _ => throw new FormatException("unknown store kind " + s[2]),
            };
        }

        foreach (string[] c in model.Containers)
        {
            _containers[c[0]] = new Container(_env, double.Parse(c[1], CultureInfo.InvariantCulture), double.Parse(c[2], CultureInfo.InvariantCulture));
        }

        foreach (string[] e in model.Events)
        {
            _events[e[0]] = _env.Event();
        }

        foreach (SimModel.Process sub in model.Subs)
        {
            _subs[sub.Name] = sub.Ops;
        }

        foreach (SimModel.Process proc in model.Procs)
        {
            if (proc.Start == 0)
            {
                _handles[proc.Name] = _env.Process(Body(proc.Name, proc.Ops), proc.Name);
            }
            else
            {
                _env.Process(Starter(proc), "start " + proc.Name);
            }
        }

        try
        {
            _env.Run(until: 100);
        }
        catch (Exception e)
        {
            _log.Add("run failed: " + e.Message);
        }

        _log.Add("end at " + Fmt(_env.Now));
        return _log;
    }

    private IEnumerator<Yield> Starter(SimModel.Process proc)
    {
        yield return _env.Timeout(proc.Start);
        _handles[proc.Name] = _env.Process(Body(proc.Name, proc.Ops), proc.Name);
    }

    private void Say(string who, string what) => _log.Add(Fmt(_env.Now) + " " + who + ": " + what);

    private static string Fmt(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static double Num(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string CauseText(InterruptException interrupt) => interrupt.Cause is Preempted preempted
        ? "preempted by " + (preempted.By?.Name ?? "?") + " since " + Fmt(preempted.UsageSince)
        : interrupt.Cause?.ToString() ?? "None";

    private void Interrupted(string me, InterruptException interrupt, string what) => Say(me, "interrupted (" + CauseText(interrupt) + ") " + what);

    // A request on a resource of the model, with a priority where its kind has one (SimPy's default preempt=True).
    private Request Ask(string name, int priority)
    {
        (Resource r, string kind) = _resources[name];
        return kind == "plain" ? r.Request() : ((PriorityResource)r).Request(priority);
    }

    private static string Values(ConditionValue value)
    {
        var parts = new List<string>();
        foreach (SimEvent e in value)
        {
            object? v = value[e];
            parts.Add(v is Exception failure ? failure.Message : v?.ToString() ?? "None"); // Python's str() of an exception is its message

        }

        return string.Join(",", parts);
    }

    private IEnumerator<Yield> Callee(double delay)
    {
        yield return _env.Timeout(delay);
        yield return Yield.Return("called " + Fmt(delay));
    }

    private static IEnumerator<Yield> AtOnce(int j)
    {
        yield return Yield.Return(j);
    }

    private IEnumerator<Yield> Body(string me, string[][] ops)
    {
        _started.Add(me);
        Say(me, "starts");
        foreach (string[] o in ops)
        {
            InterruptException? i;
            switch (o[0])
            {
                case "wait":
                case "tmo":
                    yield return Sim.Interruptible(o[0] == "wait" ? Yield.Seconds(Num(o[1])) : _env.Timeout(Num(o[1])));
                    if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "in " + o[0]);
                    }
                    else
                    {
                        Say(me, o[0] + " " + o[1] + " done");
                    }

                    break;
                case "use":
                    {
                        (Resource r, string kind) = _resources[o[1]];
                        int priority = int.Parse(o[2], CultureInfo.InvariantCulture);
                        using (Request req = kind switch
                        {
                            "plain" => r.Request(),
                            "prio" => ((PriorityResource)r).Request(priority),
                            _ => ((PriorityResource)r).Request(priority, o[3] == "1"),
                        })
                        {
                            yield return Sim.Interruptible(req);
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "waiting for " + o[1]);
                                continue;
                            }

                            Say(me, "got " + o[1]);
                            yield return Sim.Interruptible(_env.Timeout(Num(o[4])));
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "holding " + o[1]);
                            }
                        }

                        Say(me, "released " + o[1]);
                        break;
                    }

                case "renege":
                    {
                        Resource r = _resources[o[1]].Resource;
                        using (Request req = r.Request())
                        {
                            yield return Sim.Interruptible(req | _env.Timeout(Num(o[2])));
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "waiting for " + o[1]);
                                continue;
                            }

                            if (!Co.Result<ConditionValue>().Contains(req))
                            {
                                Say(me, "reneged on " + o[1]);
                                continue;
                            }

                            Say(me, "got " + o[1]);
                            yield return Sim.Interruptible(_env.Timeout(Num(o[3])));
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "holding " + o[1]);
                            }
                        }

                        Say(me, "released " + o[1]);
                        break;
                    }

                case "intr":
                    if (!_handles.TryGetValue(o[1], out SimProcess target) || !_started.Contains(o[1]) || !target.IsAlive)
                    {
                        Say(me, o[1] + " not alive");
                    }
                    else
                    {
                        target.Interrupt("by " + me);
                        Say(me, "interrupts " + o[1]);
                    }

                    break;
                case "put":
                    yield return Sim.Interruptible(_stores[o[1]].Put(o[2]));
                    if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "putting " + o[2]);
                    }
                    else
                    {
                        Say(me, "put " + o[2] + " in " + o[1]);
                    }

                    break;
                case "get":
                    yield return Sim.Interruptible(_stores[o[1]].Get());
                    if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "getting from " + o[1]);
                    }
                    else
                    {
                        Say(me, "got " + Co.Result<string>() + " from " + o[1]);
                    }

                    break;
                case "nest":
                    {
                        if (o[1] == o[3])
                        {
                            Say(me, "skips nest on one resource");
                            continue;
                        }

                        using (Request qa = Ask(o[1], int.Parse(o[2], CultureInfo.InvariantCulture)))
                        {
                            yield return Sim.Interruptible(qa);
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "in nest");
                            }
                            else
                            {
                                Say(me, "got " + o[1]);
                                bool inner = true;
                                using (Request qb = Ask(o[3], int.Parse(o[4], CultureInfo.InvariantCulture)))
                                {
                                    yield return Sim.Interruptible(qb);
                                    if (Sim.Interrupted(out i))
                                    {
                                        Interrupted(me, i!, "in nest");
                                        inner = false;
                                    }
                                    else
                                    {
                                        Say(me, "got " + o[3]);
                                        yield return Sim.Interruptible(_env.Timeout(Num(o[5])));
                                        if (Sim.Interrupted(out i))
                                        {
                                            Interrupted(me, i!, "in nest");
                                            inner = false;
                                        }
                                    }
                                }

                                if (inner)
                                {
                                    Say(me, "released " + o[3]);
                                }
                            }
                        }

                        Say(me, "released " + o[1]);
                        break;
                    }

                case "cond3":
                    {
                        SimTimeout a = _env.Timeout(Num(o[2]), o[2]);
                        SimTimeout b = _env.Timeout(Num(o[3]), o[3]);
                        SimTimeout c = _env.Timeout(Num(o[4]), o[4]);
                        yield return Sim.Interruptible(o[1] == "and" ? (a | b) & c : (a & b) | c);
                        if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "in cond3");
                        }
                        else
                        {
                            Say(me, "cond3 " + o[1] + ": " + Values(Co.Result<ConditionValue>()));
                        }

                        break;
                    }

                case "empty":
                    yield return Sim.Interruptible(o[1] == "any" ? _env.AnyOf() : _env.AllOf());
                    if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "in empty");
                    }
                    else
                    {
                        Say(me, "empty " + o[1] + ": " + Co.Result<ConditionValue>().Count.ToString(CultureInfo.InvariantCulture));
                    }

                    break;
                case "call":
                    yield return Sim.Interruptible(_env.Process(Callee(Num(o[1]))));
                    if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "in call");
                    }
                    else
                    {
                        Say(me, Co.Result<string>());
                    }

                    break;
                case "condev":
                    {
                        SimEvent e = _events[o[2]];
                        SimTimeout tm = _env.Timeout(Num(o[3]), "t");
                        yield return Co.Catch(Sim.Interruptible(o[1] == "any" ? e | tm : e & tm));
                        if (Co.Exception is { } condError)
                        {
                            Say(me, "caught " + condError.Message);
                        }
                        else if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "in condev");
                        }
                        else
                        {
                            Say(me, "condev " + o[1] + " " + o[2] + ": " + Values(Co.Result<ConditionValue>()));
                        }

                        break;
                    }

                case "anyjoin":
                    {
                        if (!_handles.TryGetValue(o[1], out SimProcess ha) || !_handles.TryGetValue(o[2], out SimProcess hb))
                        {
                            Say(me, "anyjoin: not both spawned");
                            continue;
                        }

                        yield return Co.Catch(Sim.Interruptible(_env.AnyOf(ha, hb)));
                        if (Co.Exception is { } anyError)
                        {
                            Say(me, "caught " + anyError.Message);
                        }
                        else if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "in anyjoin");
                        }
                        else
                        {
                            Say(me, "anyjoin: " + Values(Co.Result<ConditionValue>()));
                        }

                        break;
                    }

                case "getf":
                    {
                        int parity = int.Parse(o[2], CultureInfo.InvariantCulture);
                        yield return Sim.Interruptible(((FilterStore<string>)_stores[o[1]]).Get(x => int.Parse(x.Substring(1), CultureInfo.InvariantCulture) % 2 == parity));
                        if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "getting from " + o[1]);
                        }
                        else
                        {
                            Say(me, "got " + Co.Result<string>() + " from " + o[1]);
                        }

                        break;
                    }

                case "getp":
                    using (StoreGet<string> g = _stores[o[1]].Get())
                    {
                        yield return Sim.Interruptible(g | _env.Timeout(Num(o[2])));
                        if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "getting from " + o[1]);
                            continue;
                        }

                        ConditionValue got = Co.Result<ConditionValue>();
                        Say(me, got.Contains(g) ? "got " + got[g] + " from " + o[1] : "gave up on " + o[1]);
                    }

                    break;
                case "cput":
                case "cget":
                    {
                        Container c = _containers[o[1]];
                        double amount = Num(o[2]);
                        yield return Sim.Interruptible(o[0] == "cput" ? c.Put(amount) : c.Get(amount));
                        if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "in " + o[0] + " " + o[1]);
                        }
                        else
                        {
                            Say(me, o[0] + " " + o[1] + " " + o[2] + ", level " + Fmt(c.Level));
                        }

                        break;
                    }

                case "succeed":
                    {
                        SimEvent e = _events[o[1]];
                        if (e.IsTriggered)
                        {
                            Say(me, o[1] + " already triggered");
                        }
                        else
                        {
                            e.Succeed(me);
                            Say(me, "succeeds " + o[1]);
                        }

                        break;
                    }

                case "fail":
                    {
                        SimEvent e = _events[o[1]];
                        if (e.IsTriggered)
                        {
                            Say(me, o[1] + " already triggered");
                        }
                        else
                        {
                            e.Fail(new InvalidOperationException(o[1] + " failed by " + me));
                            Say(me, "fails " + o[1]);
                        }

                        break;
                    }

                case "raise":
                    Say(me, "raises");
                    throw new InvalidOperationException(me + " raised");
                case "await":
                    yield return Co.Catch(Sim.Interruptible(_events[o[1]]));
                    if (Co.Exception is { } awaitError)
                    {
                        Say(me, "caught " + awaitError.Message);
                    }
                    else if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "awaiting " + o[1]);
                    }
                    else
                    {
                        Say(me, o[1] + " gave " + Co.Result<string>());
                    }

                    break;
                case "anyof":
                case "allof":
                    {
                        SimTimeout a = _env.Timeout(Num(o[1]));
                        SimTimeout b = _env.Timeout(Num(o[2]));
                        yield return Sim.Interruptible(o[0] == "anyof" ? _env.AnyOf(a, b) : _env.AllOf(a, b));
                        if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "in " + o[0]);
                        }
                        else
                        {
                            Say(me, o[0] + " " + o[1] + " " + o[2] + ": " + Co.Result<ConditionValue>().Count.ToString(CultureInfo.InvariantCulture));
                        }

                        break;
                    }

                case "state":
                    {
                        Resource r = _resources[o[1]].Resource;
                        Say(me, o[1] + " count " + r.Count.ToString(CultureInfo.InvariantCulture) + " queue " + r.QueueLength.ToString(CultureInfo.InvariantCulture));
                        break;
                    }

                case "spin":
                    {
                        // An event already processed, waited for again and again: it goes on in place every time.
                        SimTimeout t0 = _env.Timeout(0);
                        yield return Sim.Interruptible(t0);
                        if (Sim.Interrupted(out i))
                        {
                            Interrupted(me, i!, "before spin");
                            continue;
                        }

                        int n = int.Parse(o[1], CultureInfo.InvariantCulture);
                        for (int j = 0; j < n; j++)
                        {
                            yield return t0;
                        }

                        Say(me, "spun " + o[1]);
                        break;
                    }

                case "callmany":
                    {
                        int n = int.Parse(o[1], CultureInfo.InvariantCulture);
                        long total = 0;
                        for (int j = 0; j < n; j++)
                        {
                            yield return Yield.From(AtOnce(j));
                            total += Co.Result<int>();
                        }

                        Say(me, "called " + o[1] + ", sum " + total.ToString(CultureInfo.InvariantCulture));
                        break;
                    }

                case "usemany":
                    {
                        int n = int.Parse(o[3], CultureInfo.InvariantCulture);
                        int used = 0;
                        for (int j = 0; j < n; j++)
                        {
                            using (Request req = Ask(o[1], int.Parse(o[2], CultureInfo.InvariantCulture)))
                            {
                                yield return Sim.Interruptible(req);
                                if (Sim.Interrupted(out i))
                                {
                                    Interrupted(me, i!, "waiting for " + o[1]);
                                    break;
                                }
                            }

                            used++;
                        }

                        Say(me, "used " + o[1] + " " + used.ToString(CultureInfo.InvariantCulture) + " times");
                        break;
                    }

                case "putmany":
                    {
                        int first = int.Parse(o[2], CultureInfo.InvariantCulture);
                        int n = int.Parse(o[3], CultureInfo.InvariantCulture);
                        int done = 0;
                        for (int j = 0; j < n; j++)
                        {
                            yield return Sim.Interruptible(_stores[o[1]].Put("x" + (first + j + 1).ToString(CultureInfo.InvariantCulture)));
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "putting many in " + o[1]);
                                break;
                            }

                            done++;
                        }

                        Say(me, "put " + done.ToString(CultureInfo.InvariantCulture) + " in " + o[1]);
                        break;
                    }

                case "getmany":
                    {
                        int n = int.Parse(o[2], CultureInfo.InvariantCulture);
                        int got = 0;
                        string last = "None";
                        for (int j = 0; j < n; j++)
                        {
                            yield return Sim.Interruptible(_stores[o[1]].Get());
                            if (Sim.Interrupted(out i))
                            {
                                Interrupted(me, i!, "getting many from " + o[1]);
                                break;
                            }

                            last = Co.Result<string>();
                            got++;
                        }

                        Say(me, "got " + got.ToString(CultureInfo.InvariantCulture) + " from " + o[1] + ", last " + last);
                        break;
                    }

                case "spawn":
                    _handles[o[1]] = _env.Process(Body(o[1], _subs[o[1]]), o[1]);
                    Say(me, "spawns " + o[1]);
                    break;
                case "join":
                    if (!_handles.TryGetValue(o[1], out SimProcess h))
                    {
                        Say(me, o[1] + " not spawned");
                        continue;
                    }

                    yield return Co.Catch(Sim.Interruptible(h));
                    if (Co.Exception is { } joinError)
                    {
                        Say(me, "caught " + joinError.Message);
                    }
                    else if (Sim.Interrupted(out i))
                    {
                        Interrupted(me, i!, "joining " + o[1]);
                    }
                    else
                    {
                        Say(me, "joined " + o[1] + ": " + Co.Result<string>());
                    }

                    break;
                default:
                    throw new FormatException("unknown op " + o[0]);
            }
        }

        Say(me, "ends");
        yield return Yield.Return(me + " result");
    }
}
