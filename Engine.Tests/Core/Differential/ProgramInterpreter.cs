using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Tests.Core.Differential;

// Runs one random program of tools/asyncio-diff/programs.py on a virtual-clock loop, op for op as that script runs it
// with asyncio, and returns the log. A main task starts the program's tasks in order, wakes once a second until they
// are all done (or the clock reaches 100), cancels what is left in name order, and logs every task's outcome. The two
// interpreters must stay the same op by op: a difference in the logs is then a difference in scheduling semantics.
internal sealed class ProgramInterpreter
{
    private readonly EventLoop _loop = new(ClockKind.Virtual);
    private readonly List<string> _log = new();
    private readonly Dictionary<string, CoTask> _handles = new();
    private readonly Dictionary<string, CoLock> _locks = new();
    private readonly Dictionary<string, CoEvent> _events = new();
    private readonly Dictionary<string, CoSemaphore> _semaphores = new();
    private readonly Dictionary<string, CoQueue<string>> _queues = new();
    private readonly Dictionary<string, CoCondition> _conditions = new();
    private readonly Dictionary<string, CoBarrier> _barriers = new();
    private readonly List<string> _reported = new();
    private readonly TaskProgram _program;

    private ProgramInterpreter(TaskProgram program)
    {
        _program = program;
        _loop.ExceptionHandler = context =>
        {
            if (context.Exception is null)
            {
                _reported.Add(context.Message);
                return;
            }

            foreach (Exception leaf in Leaves(context.Exception))
            {
                _reported.Add(leaf.Message);
            }
        };
    }

    // The log, and the messages the loop's exception handler received by the time the loop was disposed (failures
    // nobody retrieved).
    public static (List<string> Log, List<string> Reported) Run(TaskProgram program)
    {
        var interpreter = new ProgramInterpreter(program);
        using (interpreter._loop)
        {
            interpreter._loop.RunUntilComplete(interpreter._loop.Spawn(interpreter.Main(), "main"));
        }

        return (interpreter._log, interpreter._reported);
    }

    private static string Fmt(double value) => Math.Round(value, 6).ToString("G6", CultureInfo.InvariantCulture);

    private static string Py(bool value) => value ? "True" : "False";

    private void Say(string who, string what) => _log.Add(Fmt(_loop.Time) + " " + who + ": " + what);

    private CoLock Lock(string name) => _locks.TryGetValue(name, out CoLock? l) ? l : _locks[name] = new CoLock();

    private CoEvent Event(string name) => _events.TryGetValue(name, out CoEvent? e) ? e : _events[name] = new CoEvent();

    // S0 holds one, S1 two; U0 holds one item, U1 two; B0 lets two tasks through at a time (as the Python script makes them).
    private CoSemaphore Semaphore(string name) =>
        _semaphores.TryGetValue(name, out CoSemaphore? s) ? s : _semaphores[name] = new CoSemaphore(Number(name) + 1);

    private CoQueue<string> Queue(string name) =>
        _queues.TryGetValue(name, out CoQueue<string>? q) ? q : _queues[name] = new CoQueue<string>(Number(name) + 1);

    private CoCondition Condition(string name) =>
        _conditions.TryGetValue(name, out CoCondition? c) ? c : _conditions[name] = new CoCondition();

    private CoBarrier Barrier(string name) => _barriers.TryGetValue(name, out CoBarrier? b) ? b : _barriers[name] = new CoBarrier(2);

    private static int Number(string name) => int.Parse(name.Substring(1), CultureInfo.InvariantCulture);

    // A task group's errors one by one (nested groups flattened), as Python's ExceptionGroup holds them.
    private static IEnumerable<Exception> Leaves(Exception error)
    {
        if (error is TaskGroupException group)
        {
            foreach (Exception inner in group.InnerExceptions)
            {
                foreach (Exception leaf in Leaves(inner))
                {
                    yield return leaf;
                }
            }
        }
        else
        {
            yield return error;
        }
    }

    // What a received failure says: each error behind the prefix, in message order.
    private static string Caught(Exception error, string prefix)
    {
        var parts = new List<string>();
        foreach (Exception leaf in Leaves(error))
        {
            parts.Add(prefix + leaf.Message);
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(", ", parts);
    }

    // Reading a failed task's Exception would retrieve it; the outcome line leaves that to the program, so that a failure
    // nobody received reaches the loop's exception handler.
    private static string Outcome(CoTask task) =>
        task.IsCancelled ? "cancelled" : task.IsFailed ? "failed" : task.Result?.ToString() ?? "None";

    // What a caught failure of an awaited task, gather or wait_for says, as the Python script words it; null when the
    // await succeeded.
    private static string? Failure(Exception? error, string cancelled) => error switch
    {
        null => null,
        CancelledException => cancelled,
        TimeoutException => "timed out",
        _ => Caught(error, "caught "),
    };

    private IEnumerator<Yield> Main()
    {
        foreach ((string name, string[][] ops) in _program.Tasks)
        {
            _handles[name] = _loop.Spawn(Body(name, ops), name);
        }

        while (_loop.Time < 100 && !AllDone())
        {
            yield return Yield.Seconds(1);
        }

        var names = new List<string>(_handles.Keys);
        names.Sort(StringComparer.Ordinal);
        foreach (string name in names)
        {
            if (!_handles[name].IsDone)
            {
                _handles[name].Cancel();
            }
        }

        for (int i = 0; i < 10 && !AllDone(); i++)
        {
            yield return Yield.NextTick; // cancellation that reaches awaited work takes a few iterations to unwind
        }

        foreach (string name in names)
        {
            CoTask t = _handles[name];
            _log.Add(name + ": " + (t.IsDone ? Outcome(t) : "pending"));
        }
    }

    private bool AllDone()
    {
        foreach (CoTask t in _handles.Values)
        {
            if (!t.IsDone)
            {
                return false;
            }
        }

        return true;
    }

    private IEnumerator<Yield> Body(string me, string[][] ops)
    {
        Say(me, "starts");
        bool done = false;
        try
        {
            foreach (string[] o in ops)
            {
                CoTask? a, b;
                switch (o[0])
                {
                    case "sleep":
                        yield return Yield.Seconds(double.Parse(o[1], CultureInfo.InvariantCulture));
                        Say(me, "slept " + o[1]);
                        break;
                    case "soon":
                        _loop.CallSoon(() => Say(me, "soon callback"));
                        break;
                    case "later":
                        _loop.CallLater(double.Parse(o[1], CultureInfo.InvariantCulture), () => Say(me, "later " + o[1] + " callback"));
                        break;
                    case "spawn":
                        _handles[o[1]] = _loop.Spawn(Body(o[1], _program.Subs[o[1]]), o[1]);
                        Say(me, "spawns " + o[1]);
                        break;
                    case "join":
                        if (!_handles.TryGetValue(o[1], out a))
                        {
                            Say(me, o[1] + " not spawned");
                            continue;
                        }

                        yield return Co.Catch(a);
                        Say(me, Failure(Co.Exception, o[1] + " was cancelled") ?? "joined " + o[1] + ": " + Co.Result<string>());
                        break;
                    case "cancel":
                        if (!_handles.TryGetValue(o[1], out a))
                        {
                            Say(me, o[1] + " not spawned");
                            continue;
                        }

                        Say(me, "cancels " + o[1] + ": " + Py(a.Cancel()));
                        break;
                    case "gather":
                    case "gatherx":
                        if (!_handles.TryGetValue(o[1], out a) || !_handles.TryGetValue(o[2], out b))
                        {
                            Say(me, o[0] + ": not both spawned");
                            continue;
                        }

                        Say(me, o[0] + " of " + o[1] + " and " + o[2]);
                        yield return Co.Catch(Co.Gather(new Future[] { a, b }, returnExceptions: o[0] == "gatherx"));
                        if (Failure(Co.Exception, o[0] + ": cancelled") is { } gatherFailure)
                        {
                            Say(me, gatherFailure);
                        }
                        else
                        {
                            var parts = new List<string>();
                            foreach (object? v in Co.Result<object?[]>())
                            {
                                parts.Add(v is CancelledException ? "cancelled" : v is Exception e ? Caught(e, "failed: ") : v?.ToString() ?? "None");
                            }

                            Say(me, o[0] + ": " + string.Join(", ", parts));
                        }

                        break;
                    case "first":
                        if (!_handles.TryGetValue(o[1], out a) || !_handles.TryGetValue(o[2], out b))
                        {
                            Say(me, "first: not both spawned");
                            continue;
                        }

                        yield return Co.Wait(new Future[] { a, b }, WaitMode.FirstCompleted);
                        Say(me, "first: done " + DoneNames(Co.Result<WaitResult>(), a, o[1], b, o[2]));
                        break;
                    case "lock":
                        {
                            CoLock l = Lock(o[1]);
                            yield return l.Acquire();
                            try
                            {
                                Say(me, "holds " + o[1]);
                                yield return Yield.Seconds(double.Parse(o[2], CultureInfo.InvariantCulture));
                            }
                            finally
                            {
                                l.Release();
                            }

                            Say(me, "released " + o[1]);
                            break;
                        }

                    case "waitfor":
                    case "shield":
                    case "timeout":
                        if (!_handles.TryGetValue(o[1], out a))
                        {
                            Say(me, o[1] + " not spawned");
                            continue;
                        }

                        yield return Co.Catch(o[0] switch
                        {
                            "waitfor" => Co.WaitFor(a, double.Parse(o[2], CultureInfo.InvariantCulture)),
                            "shield" => Co.Shield(a),
                            _ => Co.Timeout(double.Parse(o[2], CultureInfo.InvariantCulture), Await(a)),
                        });
                        {
                            string? failure = Failure(Co.Exception, o[1] + " was cancelled");
                            string verb = o[0] switch { "waitfor" => "waited for ", "shield" => "shielded ", _ => "timed " };
                            Say(me, failure == "timed out" ? "timed out waiting for " + o[1] : failure ?? verb + o[1] + ": " + Co.Result<string>());
                        }

                        break;
                    case "waitall":
                        if (!_handles.TryGetValue(o[1], out a) || !_handles.TryGetValue(o[2], out b))
                        {
                            Say(me, "waitall: not both spawned");
                            continue;
                        }

                        yield return Co.Wait(new Future[] { a, b }, WaitMode.AllCompleted, double.Parse(o[3], CultureInfo.InvariantCulture));
                        Say(me, "waitall: done " + DoneNames(Co.Result<WaitResult>(), a, o[1], b, o[2]));
                        break;
                    case "group":
                        {
                            var group = new TaskGroup();
                            yield return Co.Catch(group.Run(GroupBody(group, me, o)));
                            Say(me, Co.Exception is { } groupError
                                ? "group: " + (Failure(groupError, "cancelled") ?? "")
                                : "group of " + string.Join(" and ", o, 1, o.Length - 1) + " ends");
                            break;
                        }

                    case "sem":
                        {
                            CoSemaphore s = Semaphore(o[1]);
                            yield return s.Acquire();
                            try
                            {
                                Say(me, "holds " + o[1]);
                                yield return Yield.Seconds(double.Parse(o[2], CultureInfo.InvariantCulture));
                            }
                            finally
                            {
                                s.Release();
                            }

                            Say(me, "released " + o[1]);
                            break;
                        }

                    case "qput":
                        yield return Queue(o[1]).Put(me);
                        Say(me, "put into " + o[1]);
                        break;
                    case "qget":
                        yield return Queue(o[1]).Get();
                        Queue(o[1]).TaskDone();
                        Say(me, "got " + Co.Result<string>() + " from " + o[1]);
                        break;
                    case "qjoin":
                        yield return Queue(o[1]).Join();
                        Say(me, "joined " + o[1]);
                        break;
                    case "cwait":
                        {
                            CoCondition c = Condition(o[1]);
                            yield return c.Acquire();
                            try
                            {
                                yield return c.Wait();
                                Say(me, "notified by " + o[1]);
                            }
                            finally
                            {
                                c.Release();
                            }

                            break;
                        }

                    case "cnotify":
                    case "cnotifyall":
                        {
                            CoCondition c = Condition(o[1]);
                            yield return c.Acquire();
                            try
                            {
                                if (o[0] == "cnotify")
                                {
                                    c.Notify();
                                }
                                else
                                {
                                    c.NotifyAll();
                                }

                                Say(me, "notifies " + o[1]);
                            }
                            finally
                            {
                                c.Release();
                            }

                            break;
                        }

                    case "bwait":
                        yield return Co.Catch(Barrier(o[1]).Wait());
                        if (Co.Exception is { } barrierError and not BrokenBarrierException)
                        {
                            throw new InvalidOperationException("barrier wait failed", barrierError);
                        }

                        Say(me, Co.Exception is null ? "passed " + o[1] : o[1] + " broken");
                        break;
                    case "eset":
                        Event(o[1]).Set();
                        Say(me, "sets " + o[1]);
                        break;
                    case "eclear":
                        Event(o[1]).Clear();
                        Say(me, "clears " + o[1]);
                        break;
                    case "ewait":
                        yield return Event(o[1]).Wait();
                        Say(me, "saw " + o[1]);
                        break;
                    case "raise":
                        Say(me, "raises");
                        throw new InvalidOperationException(me + " raised");
                    default:
                        throw new FormatException("unknown op " + o[0]);
                }
            }

            done = true;
            Say(me, "ends");
            yield return Yield.Return(me + " result");
        }
        finally
        {
            if (!done)
            {
                Say(me, "unwinds");
            }
        }
    }

    // `async with TaskGroup() as tg:` starting the op's sub-tasks.
    private IEnumerator<Yield> GroupBody(TaskGroup group, string me, string[] op)
    {
        for (int i = 1; i < op.Length; i++)
        {
            _handles[op[i]] = group.Spawn(Body(op[i], _program.Subs[op[i]]), op[i]);
            Say(me, "spawns " + op[i]);
        }

        yield break;
    }

    // `await task` inside a timeout scope: the scope's deadline cancels the task, as in asyncio.
    private static IEnumerator<Yield> Await(CoTask task)
    {
        yield return task;
        yield return Yield.Return(Co.Result<string>());
    }

    private static string DoneNames(WaitResult result, Future a, string aName, Future b, string bName)
    {
        var names = new List<string>();
        if (Contains(result.Done, a))
        {
            names.Add(aName);
        }

        if (Contains(result.Done, b))
        {
            names.Add(bName);
        }

        names.Sort(StringComparer.Ordinal);
        return string.Join(",", names);
    }

    private static bool Contains(IReadOnlyList<Future> futures, Future f)
    {
        foreach (Future x in futures)
        {
            if (ReferenceEquals(x, f))
            {
                return true;
            }
        }

        return false;
    }
}
