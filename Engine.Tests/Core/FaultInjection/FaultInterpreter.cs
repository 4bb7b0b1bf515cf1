using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Tests.Core.FaultInjection;

// Runs a FaultProgram on a virtual-clock loop and keeps, in a FaultLedger, the fault numbers thrown and those observed
// (a caught outcome, a gather's result, a task's outcome read at the end, or the loop's exception handler). The main
// task lets the program run until every task is done or the clock reaches 60, then cancels what is left (every task the
// loop knows, including the helpers' inner tasks), gives the unwinding a bounded number of iterations, and reads every
// named task's outcome.
internal sealed partial class FaultInterpreter
{
    private readonly EventLoop _loop = new(ClockKind.Virtual);
    private readonly FaultProgram _program;
    private readonly FaultLedger _ledger = new();
    private readonly Dictionary<string, CoTask> _tasks = new();
    private readonly Dictionary<string, CoLock> _locks = new();
    private readonly Dictionary<string, CoSemaphore> _semaphores = new();
    private readonly Dictionary<string, CoQueue<int>> _queues = new();
    private readonly Dictionary<string, CoEvent> _events = new();
    private readonly Dictionary<string, (CoCondition Condition, CoLock Lock)> _conditions = new();
    private readonly Dictionary<string, int> _notified = new();
    private CoTask? _main;

    private readonly bool _machines;
    private readonly bool _priorityQueues;
    private int _nextComparerFault;
    private int _puts;

    private FaultInterpreter(FaultProgram program, bool machines, bool priorityQueues)
    {
        _program = program;
        _machines = machines;
        _priorityQueues = priorityQueues;
        _loop.ExceptionHandler = context =>
        {
            Reported.Add(context.Exception?.GetType().Name + " " + context.Exception?.Message);
            Observe(context.Exception, "the exception handler");
        };
    }

    public List<string> Log { get; } = new();

    public SortedSet<int> Thrown => _ledger.Thrown;

    public SortedSet<int> Observed => _ledger.Observed;

    // Errors observed that no fault of the program explains (an engine error leaking out), with where they were seen.
    public List<string> Foreign => _ledger.Foreign;

    // What the exception handler received, in order.
    public List<string> Reported { get; } = new();

    // Tasks the program named that were not done when the loop was closed.
    public List<string> Pending { get; } = new();

    // machines: run every body as the generated machine of Interpret instead of the compiler's iterator; the log, the faults
    // thrown and the faults observed must not change.
    // cancelDepthLimit: the nesting past which cancellation defers its descent (Tasks/CancelPropagation.cs); 1 runs every
    // cancel and kill through the deferred path.
    // priorityQueues: the program's queues are priority queues of capacity 2 whose comparer throws a fault of its own on
    // some comparisons (ThrowingComparer), in puts, gets, putters let in, and items a cancelled task is taken back from.
    public static FaultInterpreter Run(FaultProgram program, bool machines, int cancelDepthLimit = CancelPropagation.DefaultDepthLimit, bool priorityQueues = false)
    {
        var run = new FaultInterpreter(program, machines, priorityQueues);
        run._loop.Cancels.DepthLimit = cancelDepthLimit;
        using (run._loop)
        {
            run._main = run._loop.Spawn(run.Main(), "main");
            run._loop.RunUntilComplete(run._main);
            run.Observe(run._main.Exception, "main");
        }

        return run;
    }

    private void Say(string what) => Log.Add(_loop.Time.ToString("0.###", CultureInfo.InvariantCulture) + " " + what);

    private Exception Throw(int id) => _ledger.Throw(id);

    private void Observe(Exception? error, string where) => _ledger.Observe(error, where);

    private static string Describe(Exception? error) => FaultLedger.Describe(error);

    private IEnumerator<Yield> Main()
    {
        foreach ((string name, List<FaultOp> body) in _program.Tasks)
        {
            _tasks[name] = _loop.Spawn(Body(name, body), name);
        }

        while (_loop.Time < 60 && !AllDone())
        {
            yield return Yield.Seconds(1);
        }

        bool kill = false;
        for (int round = 0; round < 20; round++)
        {
            bool any = false;
            foreach (CoTask t in Co.AllTasks())
            {
                if (t != _main && !t.IsDone)
                {
                    any = true;
                    if (kill)
                    {
                        t.Kill();
                    }
                    else
                    {
                        t.Cancel();
                    }

                    kill = !kill;
                }
            }

            if (!any)
            {
                break;
            }

            yield return Yield.NextTick;
        }

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

            Observe(t.Exception, name + "'s outcome");
            Say(name + ": " + (t.IsCancelled ? "cancelled" : Describe(t.Exception)));
        }
    }

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

    private (CoCondition Condition, CoLock Lock) Condition(string name)
    {
        if (!_conditions.TryGetValue(name, out (CoCondition Condition, CoLock Lock) c))
        {
            var l = new CoLock();
            _conditions[name] = c = (new CoCondition(l), l);
        }

        return c;
    }

    private int Notified(string name) => _notified.TryGetValue(name, out int n) ? n : 0;

    private CoTask? Named(string name) => _tasks.TryGetValue(name, out CoTask? t) ? t : null;

    private CoQueue<int> NewQueue() => _priorityQueues ? new CoPriorityQueue<int>(2, new ThrowingComparer(this)) : new CoQueue<int>(1);

    private static TValue Get<TValue>(Dictionary<string, TValue> table, string name, Func<TValue> create)
        where TValue : class
    {
        if (!table.TryGetValue(name, out TValue? value))
        {
            table[name] = value = create();
        }

        return value;
    }

    // After a wait the op catches: logs and observes its outcome (nothing for a wait that lets failures travel).
    private void Caught(string me, FaultOp op)
    {
        if (!op.Catches)
        {
            return;
        }

        Exception? error = Co.Exception;
        Observe(error, me + " " + op.Kind);
        Say(me + " " + op.Kind + " -> " + Describe(error));
    }

    [Coroutine]
    private IEnumerator<Yield> Interpret(string me, List<FaultOp> ops)
    {
        foreach (FaultOp op in ops)
        {
            switch (op.Kind)
            {
                case FaultKind.Sleep:
                    yield return Yield.Seconds(op.Time);
                    break;
                case FaultKind.Tick:
                    yield return Yield.NextTick;
                    break;
                case FaultKind.Raise:
                    Say(me + " raises E" + op.Fault);
                    throw Throw(op.Fault);
                case FaultKind.CallbackThrows:
                    {
                        int id = op.Fault;
                        Action callback = () => throw Throw(id);
                        if (op.Time < 0)
                        {
                            _loop.CallSoon(callback);
                        }
                        else
                        {
                            _loop.CallLater(op.Time, callback);
                        }

                        break;
                    }

                case FaultKind.DoneCallbackThrows:
                    if (Named(op.Name) is { } watched)
                    {
                        int id = op.Fault;
                        watched.OnCompleted(_ => throw Throw(id));
                    }

                    break;
                case FaultKind.UnawaitedFutureFails:
                    new Future<int>(_loop).SetException(Throw(op.Fault));
                    break;
                case FaultKind.AwaitFailingFuture:
                    {
                        var future = new Future<int>(_loop);
                        int id = op.Fault;
                        // A future cancelled with its waiter refuses the failure: then it was never raised.
                        _loop.CallLater(op.Time, () =>
                        {
                            if (future.TrySetException(new FaultLedger.ProgramFault(id)))
                            {
                                Thrown.Add(id);
                            }
                        });
                        yield return op.Catches ? Co.Catch(future) : future;
                        Caught(me, op);

                        break;
                    }

                case FaultKind.Cancel:
                    if (Named(op.Name) is { } cancelled)
                    {
                        Say(me + " cancels " + op.Name + ": " + cancelled.Cancel());
                    }

                    break;
                case FaultKind.Kill:
                    if (Named(op.Name) is { } killed)
                    {
                        Say(me + " kills " + op.Name + ": " + killed.Kill());
                    }

                    break;
                case FaultKind.Join:
                case FaultKind.Shield:
                case FaultKind.WaitForTask:
                    {
                        if (Named(op.Name) is not { } other || other == Co.CurrentTask)
                        {
                            break;
                        }

                        Yield wait = op.Kind switch
                        {
                            FaultKind.Join => other,
                            FaultKind.Shield => Co.Shield(other),
                            _ => Co.WaitFor(other, op.Time),
                        };
                        yield return op.Catches ? Co.Catch(wait) : wait;
                        Caught(me, op);

                        break;
                    }

                case FaultKind.WaitFirst:
                    {
                        if (Named(op.Names[0]) is not { } first || Named(op.Names[1]) is not { } second)
                        {
                            break;
                        }

                        // Co.Wait watches without retrieving: the outcomes stay with the tasks' owners.
                        yield return Co.Wait(new Future[] { first, second }, WaitMode.FirstCompleted, op.Time);
                        Say(me + " WaitFirst -> " + Co.Result<WaitResult>().Done.Count + " done");
                        break;
                    }

                case FaultKind.Until:
                    {
                        CoEvent e = Get(_events, op.Name, () => new CoEvent());
                        Yield wait = op.Time == 0 ? Yield.Until(() => e.IsSet) : Yield.Until(() => e.IsSet, op.Time);
                        yield return op.Catches ? Co.Catch(wait) : wait;
                        Caught(me, op);

                        break;
                    }

                case FaultKind.ConditionWait:
                    {
                        (CoCondition c, _) = Condition(op.Name);
                        int seen = Notified(op.Name);
                        IEnumerator<Yield> waits = c.WaitUntil(() => Notified(op.Name) > seen);
                        yield return c.Acquire();
                        try
                        {
                            if (op.Catches)
                            {
                                // A timeout scope runs on this task, which holds the lock WaitUntil needs.
                                yield return Co.Catch(Co.Timeout(op.Time + 0.5, waits));
                                Caught(me, op);
                            }
                            else
                            {
                                yield return Yield.From(waits);
                            }
                        }
                        finally
                        {
                            c.Release(); // a wait cancelled or interrupted before it got the lock back is excused
                        }

                        break;
                    }

                case FaultKind.ConditionNotify:
                    {
                        (CoCondition c, _) = Condition(op.Name);
                        yield return c.Acquire();
                        _notified[op.Name] = Notified(op.Name) + 1;
                        c.NotifyAll();
                        c.Release();
                        break;
                    }

                case FaultKind.EventSet:
                    Get(_events, op.Name, () => new CoEvent()).Set();
                    break;
                case FaultKind.EventWait:
                    yield return Get(_events, op.Name, () => new CoEvent()).Wait();
                    break;
                case FaultKind.QueuePut:
                    yield return Get(_queues, op.Name, NewQueue).Put(_priorityQueues ? ++_puts % 3 : 1);
                    break;
                case FaultKind.QueueGet:
                    yield return Get(_queues, op.Name, NewQueue).Get();
                    break;
                case FaultKind.Finally:
                    try
                    {
                        yield return Yield.From(Body(me, op.Body));
                    }
                    finally
                    {
                        foreach (FaultOp cleanup in op.Cleanup)
                        {
                            // "self" is the task running the finally block (a helper's inner task, too).
                            CoTask? target = cleanup.Name == "self" ? Co.CurrentTask : Named(cleanup.Name);
                            if (target is not null)
                            {
                                bool stopped = cleanup.Kind == FaultKind.Kill ? target.Kill() : target.Cancel();
                                Say(me + " (finally) " + (cleanup.Kind == FaultKind.Kill ? "kills " : "cancels ") + cleanup.Name + ": " + stopped);
                            }
                        }

                        if (op.Fault != 0)
                        {
                            Say(me + " finally throws E" + op.Fault);
                            throw Throw(op.Fault);
                        }
                    }

                    break;
                case FaultKind.Dispose:
                    using (_ledger.ThrowOnDispose(op.Fault, Say))
                    {
                        yield return Yield.From(Body(me, op.Body));
                    }

                    break;
                case FaultKind.Spawn:
                    _tasks[op.Name] = _loop.Spawn(Body(op.Name, op.Body), op.Name);
                    break;
                case FaultKind.Call:
                case FaultKind.WaitForBody:
                case FaultKind.Timeout:
                case FaultKind.MoveOnAfter:
                case FaultKind.GatherTasks:
                case FaultKind.GatherBodies:
                case FaultKind.Group:
                case FaultKind.ShieldBody:
                case FaultKind.WhenAny:
                case FaultKind.WhenAll:
                    {
                        if (op.Kind == FaultKind.GatherTasks && (Named(op.Names[0]) is null || Named(op.Names[1]) is null))
                        {
                            break;
                        }

                        Future<object?[]>? gather = null;
                        Yield wait;
                        switch (op.Kind)
                        {
                            case FaultKind.Call:
                                wait = Yield.From(Body(me, op.Body));
                                break;
                            case FaultKind.WaitForBody:
                                wait = Co.WaitFor(Body(me, op.Body), op.Time);
                                break;
                            case FaultKind.Timeout:
                                wait = Co.Timeout(op.Time, Body(me, op.Body));
                                break;
                            case FaultKind.MoveOnAfter:
                                wait = Co.MoveOnAfter(op.Time, Body(me, op.Body));
                                break;
                            case FaultKind.GatherTasks:
                                gather = Co.Gather(new Future[] { Named(op.Names[0])!, Named(op.Names[1])! }, op.ReturnExceptions);
                                wait = gather;
                                break;
                            case FaultKind.GatherBodies:
                                gather = Co.Gather(Body(me, op.Bodies[0]), Body(me, op.Bodies[1]));
                                wait = gather;
                                break;
                            case FaultKind.ShieldBody:
                                wait = Co.Shield(Body(me, op.Body));
                                break;
                            case FaultKind.WhenAny:
                                wait = Co.WhenAny(Body(me, op.Bodies[0]), Body(me, op.Bodies[1]));
                                break;
                            case FaultKind.WhenAll:
                                gather = Co.WhenAll(Body(me, op.Bodies[0]), Body(me, op.Bodies[1]));
                                wait = gather;
                                break;
                            default:
                                {
                                    var group = new TaskGroup();
                                    wait = group.Run(GroupBody(me, op, group));
                                    break;
                                }
                        }

                        yield return op.Catches ? Co.Catch(wait) : wait;
                        Caught(me, op);

                        if (gather is { IsDone: true, IsFailed: false, IsCancelled: false })
                        {
                            foreach (object? value in gather.Result)
                            {
                                Observe(value as Exception, me + " gather result");
                            }
                        }

                        break;
                    }

                case FaultKind.Locked:
                    {
                        CoLock l = Get(_locks, op.Name, () => new CoLock());
                        if (l.Owner == Co.CurrentTask)
                        {
                            break; // not reentrant: the engine refuses (tested elsewhere)
                        }

                        yield return l.Acquire();
                        try
                        {
                            yield return Yield.From(Body(me, op.Body));
                        }
                        finally
                        {
                            l.Release();
                        }

                        break;
                    }

                case FaultKind.Semaphore:
                    {
                        CoSemaphore s = Get(_semaphores, op.Name, () => new CoSemaphore(1));
                        yield return s.Acquire();
                        try
                        {
                            yield return Yield.From(Body(me, op.Body));
                        }
                        finally
                        {
                            s.Release();
                        }

                        break;
                    }

                default:
                    throw new InvalidOperationException("unknown op " + op.Kind);
            }
        }
    }

    private IEnumerator<Yield> Body(string me, List<FaultOp> ops) => _machines ? new InterpretMachine(this, me, ops) : Interpret(me, ops);

    private IEnumerator<Yield> GroupBody(string me, FaultOp op, TaskGroup group)
    {
        foreach (List<FaultOp> child in op.Bodies)
        {
            group.Spawn(Body(me, child));
        }

        yield return Yield.From(Body(me, op.Body));
    }

    // A priority queue's comparer that throws a fault of its own (numbered from 1,000,000, apart from the program's) on
    // about one comparison in five, chosen by the program's seed and the count of comparisons so far: the same in the
    // run with generated machines as with compiler iterators.
    private sealed class ThrowingComparer : IComparer<int>
    {
        private readonly FaultInterpreter _run;
        private int _comparisons;

        public ThrowingComparer(FaultInterpreter run) => _run = run;

        public int Compare(int x, int y)
        {
            uint mix = (uint)(++_comparisons) * 2654435761u ^ (uint)_run._program.Seed * 40503u;
            if (mix % 5 == 0)
            {
                int fault = 1_000_000 + ++_run._nextComparerFault;
                _run.Say("comparer throws E" + fault.ToString(CultureInfo.InvariantCulture));
                throw _run.Throw(fault);
            }

            return x.CompareTo(y);
        }
    }
}
