using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Engine.Simulation;

/// <summary>
/// A discrete-event simulation (SimPy's <c>Environment</c>, SimSharp's <c>Simulation</c>): a virtual clock that jumps from
/// event to event, processes, and the events they wait for. <c>env.Process(Customer(env))</c> starts a process;
/// <c>env.Run(until)</c> runs it.
/// </summary>
/// <remarks>
/// <para>
/// Design: an environment is an <see cref="EventLoop"/> on the virtual clock (<see cref="Loop"/>) plus SimPy's event
/// order (<see cref="EventOrder"/>). Processes are tasks of that loop, so everything of the engine works inside them
/// (child coroutines, futures, queues, task groups); simulation events, resources, stores and containers are wait
/// sources of the loop, so waiting for them allocates nothing beyond the event.
/// </para>
/// <para>
/// Event order: under <see cref="EventOrder.SimPy"/> (the default) the loop keeps SimPy's rules (docs/simulation.md):
/// starting a process and delivering an interrupt go ahead of the other events due at the same time, an event's waiters
/// resume when the event's turn in the queue comes, and <see cref="Run(double)"/> stops before the events due at exactly
/// that time. <see cref="EventOrder.Fast"/> keeps the engine's inline continuations instead.
/// </para>
/// <para>
/// Randomness: every component draws from its own named stream (<see cref="RandomStream(string)"/>), derived from
/// <see cref="Seed"/> and the name, so adding a stream does not change the others, and the same seed gives the same run.
/// </para>
/// </remarks>
public sealed partial class SimEnvironment : IDisposable
{
    private readonly EventLoop _loop;
    private readonly EventOrder _order;
    private readonly ulong _seed;
    private readonly bool _simPyOrder;
    private Dictionary<string, RandomStream>? _streams;
    private Dictionary<CoTask, ProcessEvent>? _pendingProcessEvents;
    private ConditionalWeakTable<CoTask, ProcessEvent>? _processedEvents;
    private RingBuffer<SimEvent>? _fastQueue;
    private int _holds;
    private bool _draining;

    // Watched events processed so far (SimEvent.Process): events a condition's cached value left out because they were
    // not processed yet. That value, built from the events processed below the condition, stays exact while this has
    // not moved (Condition.Populate).
    internal long WatchedProcessedCount;
    private bool _started;

    /// <summary>Creates an environment whose clock starts at <paramref name="initialTime"/>.</summary>
    /// <param name="initialTime">The simulated time to start at (SimPy's <c>initial_time</c>); finite.</param>
    /// <param name="order">The order of same-time events: SimPy's (the default) or the engine's faster one.</param>
    /// <param name="seed">The master seed of the environment's random streams.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="initialTime"/> is NaN or infinite, or
    /// <paramref name="order"/> is unknown.</exception>
    public SimEnvironment(double initialTime = 0, EventOrder order = EventOrder.SimPy, ulong seed = 0)
    {
        if (double.IsNaN(initialTime) || double.IsInfinity(initialTime))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(initialTime), initialTime, "A simulation starts at a finite time.");
        }

        if (order is not (EventOrder.SimPy or EventOrder.Fast))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(order), order, "Unknown event order.");
        }

        _loop = new EventLoop(ClockKind.Virtual);
        _order = order;
        _seed = seed;
        _simPyOrder = order == EventOrder.SimPy;
        _loop.SetProcessFinishedHook(OnProcessFinished);
        if (_simPyOrder)
        {
            _loop.EnableEventOrder(OnProcessTurn);
        }

        if (initialTime != 0)
        {
            _loop.StartClockAt(initialTime);
        }
    }

    /// <summary>The current simulated time (SimPy's <c>now</c>).</summary>
    public double Now => _loop.Time;

    /// <summary>The order of same-time events.</summary>
    public EventOrder Order => _order;

    /// <summary>The master seed of the random streams.</summary>
    public ulong Seed => _seed;

    /// <summary>The virtual-clock loop that runs the processes; engine tools (futures, queues, <see cref="Co"/>) work on it.</summary>
    public EventLoop Loop => _loop;

    /// <summary>The process running right now, or <see langword="null"/> (SimPy's <c>active_process</c>).</summary>
    public SimProcess? ActiveProcess => _loop.CurrentTask is { } task ? new SimProcess(this, task) : null;

    /// <summary><see langword="true"/> once the simulation has run (<see cref="Run()"/>, <see cref="Step"/>).</summary>
    public bool HasStarted => _started;

    internal bool SimPyOrder => _simPyOrder;

    /// <summary>Starts <paramref name="generator"/> as a process (SimPy's <c>env.process</c>). It starts ahead of the other
    /// events due now (SimPy's order), and the returned process is an event that happens when it finishes.</summary>
    /// <param name="generator">The process's coroutine; an iterator no task drives yet.</param>
    /// <param name="name">A name for traces and messages; <c>Task-N</c> when omitted.</param>
    /// <returns>The process.</returns>
    /// <exception cref="InvalidOperationException">The iterator is already driven by a task.</exception>
    public SimProcess Process(IEnumerator<Yield> generator, string? name = null)
    {
        if (generator is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(generator));
        }

        CoTask task = _loop.SpawnProcess(generator, name); // marked: its end comes to OnProcessFinished
        return new SimProcess(this, task);
    }

    /// <summary>A new pending event (SimPy's <c>env.event()</c>): trigger it with <see cref="SimEvent.Succeed(object)"/>.</summary>
    /// <returns>The event.</returns>
    public SimEvent Event() => new(this);

    /// <summary>An event that happens <paramref name="delay"/> seconds from now with <paramref name="value"/> (SimPy's
    /// <c>env.timeout</c>). To just wait, <c>yield return Yield.Seconds(delay);</c> allocates nothing.</summary>
    /// <param name="delay">A finite delay, zero or more.</param>
    /// <param name="value">The event's value.</param>
    /// <returns>The timeout.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The delay is negative, NaN or infinite.</exception>
    public SimTimeout Timeout(double delay, object? value = null) => new(this, delay, value);

    /// <summary>An event that happens once every one of <paramref name="events"/> has (SimPy's <c>AllOf</c>).</summary>
    /// <param name="events">Events of this environment.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">An event is null or belongs to another environment.</exception>
    public Condition AllOf(params SimEvent[] events) => Condition.Create(this, events, all: true, "AllOf");

    /// <summary>An event that happens once any of <paramref name="events"/> has (SimPy's <c>AnyOf</c>); its pending
    /// requests and store or container operations are withdrawn when it is decided.</summary>
    /// <param name="events">Events of this environment.</param>
    /// <returns>The condition.</returns>
    /// <exception cref="ArgumentException">An event is null or belongs to another environment.</exception>
    public Condition AnyOf(params SimEvent[] events) => Condition.Create(this, events, all: false, "AnyOf");

    /// <summary>An all-of condition over a sequence of events.</summary>
    /// <param name="events">Events of this environment.</param>
    /// <returns>The condition.</returns>
    public Condition AllOf(IEnumerable<SimEvent> events) => AllOf(ToArray(events));

    /// <summary>An any-of condition over a sequence of events.</summary>
    /// <param name="events">Events of this environment.</param>
    /// <returns>The condition.</returns>
    public Condition AnyOf(IEnumerable<SimEvent> events) => AnyOf(ToArray(events));

    /// <summary>An event that happens when <paramref name="future"/> (a future or task of <see cref="Loop"/>) completes, with
    /// its result or failure: lets conditions combine engine futures and tasks with simulation events.</summary>
    /// <param name="future">A future or task of this environment's loop.</param>
    /// <returns>The event.</returns>
    public SimEvent FromFuture(Future future) => FutureEvent.Create(this, future);

    /// <summary>Runs until no event is left (SimPy's <c>env.run()</c>).</summary>
    public void Run() => RunCore(double.PositiveInfinity);

    /// <summary>Runs until simulated time <paramref name="until"/>: every event due before it is processed, events due at
    /// exactly <paramref name="until"/> stay queued, and the clock then reads <paramref name="until"/> (SimPy's
    /// <c>env.run(until=t)</c>).</summary>
    /// <param name="until">A time after <see cref="Now"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="until"/> is not after <see cref="Now"/>, or is NaN.</exception>
    public void Run(double until)
    {
        if (!(until > Now))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(until), until, "Run(until) needs a time after the current simulated time " +
                Now.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        RunCore(until);
        if (!double.IsPositiveInfinity(until))
        {
            _loop.AdvanceVirtualTime(until);
        }
    }

    /// <summary>Runs until <paramref name="until"/> has been processed and returns its value, or throws its exception
    /// (SimPy's <c>env.run(until=event)</c>). Returns at once if it was processed already.</summary>
    /// <param name="until">An event of this environment.</param>
    /// <returns>The event's value.</returns>
    /// <exception cref="InvalidOperationException">No event is left and <paramref name="until"/> has not happened.</exception>
    public object? Run(SimEvent until)
    {
        if (until is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(until));
        }

        if (!ReferenceEquals(until.Environment, this))
        {
            throw new ArgumentException("Run(until) was given " + until + ", which belongs to another simulation environment.", nameof(until));
        }

        if (!until.IsProcessed)
        {
            until.AddCallback(static e => e.Environment._loop.RequestStop());
            RunCore(double.PositiveInfinity);
            if (!until.IsProcessed)
            {
                ThrowHelper.ThrowInvalidOperation("No event is left, but " + until + " has not happened: nothing can make it happen now.");
            }
        }

        if (!until.IsOk)
        {
            until.Defused = true;
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(until.Exception!).Throw();
        }

        return until.Value;
    }

    /// <summary>Processes the next event (SimPy's <c>env.step()</c>), advancing the clock to it. Under
    /// <see cref="EventOrder.Fast"/>, runs the next batch of events ready at the same moment.</summary>
    /// <exception cref="InvalidOperationException">No event is left.</exception>
    public void Step()
    {
        if (double.IsPositiveInfinity(Peek()))
        {
            ThrowHelper.ThrowInvalidOperation("No event is left to process (SimPy's EmptySchedule).");
        }

        _started = true;
        _loop.RunEvents(double.PositiveInfinity, oneEvent: true);
    }

    /// <summary>The time of the next event: <see cref="Now"/> if one is due now, <see cref="double.PositiveInfinity"/> if
    /// none is left (SimPy's <c>env.peek()</c>).</summary>
    /// <returns>The time.</returns>
    public double Peek()
    {
        if (_loop.ReadyCount > 0)
        {
            return Now;
        }

        return _loop.TryPeekTimer(out double due) ? due : double.PositiveInfinity;
    }

    /// <summary>The random stream named <paramref name="name"/>, the same object on every call: its sequence depends only
    /// on <see cref="Seed"/> and the name (see <see cref="Simulation.RandomStream"/>). Give every process kind or component
    /// its own stream, and create them all before the run starts, so a change in one part of a model does not shift the
    /// numbers another part draws.</summary>
    /// <param name="name">The stream's name, such as <c>"arrivals"</c>.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="InvalidOperationException">The stream is new and the simulation has already started.</exception>
    public RandomStream RandomStream(string name)
    {
        if (name is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(name));
        }

        _streams ??= new Dictionary<string, RandomStream>(StringComparer.Ordinal);
        if (_streams.TryGetValue(name, out RandomStream? stream))
        {
            return stream;
        }

        if (_started)
        {
            ThrowHelper.ThrowInvalidOperation("Random stream '" + name + "' was requested after the simulation started (at time " +
                Now.ToString("R", CultureInfo.InvariantCulture) + "). Create every stream before Run or Step, so that which streams exist " +
                "does not depend on the run; draw from an existing stream inside processes.");
        }

        stream = Simulation.RandomStream.Create(_seed, name);
        _streams.Add(name, stream);
        return stream;
    }

    /// <summary>Closes the environment's loop. Processes still waiting stay as they are (their <c>finally</c> blocks do not
    /// run); failures nobody retrieved are reported to the loop's <see cref="EventLoop.ExceptionHandler"/>.</summary>
    public void Dispose() => _loop.Dispose();

    /// <inheritdoc/>
    public override string ToString() => "SimEnvironment [now " + Now.ToString("R", CultureInfo.InvariantCulture) + ", " + _order + " order, " +
        _loop.TaskCount + " processes]";

    // A triggered event is processed: under SimPy's order when its turn in the loop's queue comes; under the fast order
    // right after the operation that triggered it, one event at a time (never nested inside another's processing or
    // inside a serve loop that Hold keeps open), so resource and store queues are never changed while being walked.
    internal void Schedule(SimEvent triggered)
    {
        if (_simPyOrder)
        {
            _loop.EnqueueEvent(triggered);
            return;
        }

        (_fastQueue ??= new RingBuffer<SimEvent>(16)).Enqueue(triggered);
        if (_holds == 0 && !_draining)
        {
            DrainFast();
        }
    }

    // A serve loop (a resource, store or container serving its queue) keeps fast-order processing until it ends.
    internal void Hold() => _holds++;

    internal void Unhold()
    {
        if (--_holds == 0 && !_draining && _fastQueue is { Count: > 0 })
        {
            DrainFast();
        }
    }

    private void DrainFast()
    {
        _draining = true;
        try
        {
            while (_fastQueue!.Count > 0)
            {
                _fastQueue.Dequeue().ProcessNow();
            }
        }
        finally
        {
            _draining = false;
        }
    }

    // The SimPy event of a process, made on first use and the same object afterwards. Made for a process that finished
    // but whose end has not had its turn yet (SimPy's order), it is processed at that turn, like SimPy's.
    internal SimEvent ProcessEventOf(CoTask task)
    {
        if (!ReferenceEquals(task.Loop, _loop))
        {
            ThrowHelper.ThrowInvalidOperation("Task '" + task.Name + "' belongs to another loop than this simulation environment's.");
        }

        if (_pendingProcessEvents is not null && _pendingProcessEvents.TryGetValue(task, out ProcessEvent? pending))
        {
            return pending;
        }

        if (_processedEvents is not null && _processedEvents.TryGetValue(task, out ProcessEvent? processed))
        {
            return processed;
        }

        var e = new ProcessEvent(this, task);
        if (!task.IsDone || (_simPyOrder && _loop.IsQueued(task)))
        {
            if (task.IsDone)
            {
                e.TakeOutcome();
            }

            (_pendingProcessEvents ??= new Dictionary<CoTask, ProcessEvent>()).Add(task, e);
        }
        else
        {
            e.TakeOutcome();
            e.ProcessNow();
            (_processedEvents ??= new ConditionalWeakTable<CoTask, ProcessEvent>()).Add(task, e);
        }

        return e;
    }

    internal void Interrupt(SimProcess process, object? cause)
    {
        CoTask task = process.Task;
        _loop.CheckOwnerThread(null, "interrupt a process on");
        if (task.IsDone)
        {
            ThrowHelper.ThrowInvalidOperation("Process '" + task.Name + "' has finished and cannot be interrupted (check IsAlive first).");
        }

        if (ReferenceEquals(_loop.CurrentTask, task))
        {
            ThrowHelper.ThrowInvalidOperation("Process '" + task.Name + "' tried to interrupt itself; only another process or a callback can interrupt it.");
        }

        var error = new InterruptException(cause, process);
        if (_simPyOrder)
        {
            _loop.EnqueueUrgent(new Interruption(task, error));
        }
        else
        {
            task.Interrupt(error);
        }
    }

    // A process's task finished (the loop's process hook, before the task's waiters are woken): under SimPy's order its end takes a turn in the queue (OnProcessTurn); under the fast
    // order its event, if anything waits for it, is processed now.
    private void OnProcessFinished(CoTask task)
    {
        ProcessEvent? e = null;
        if (_pendingProcessEvents is { Count: > 0 } pending && pending.TryGetValue(task, out e))
        {
            e.TakeOutcome();
        }

        if (_simPyOrder)
        {
            if (e is not null || !_loop.TryKeepTaskTurnUnqueued(task))
            {
                _loop.EnqueueTaskTurn(task);
            }
        }
        else if (e is not null)
        {
            OnProcessTurn(task);
        }
    }

    // The turn of a finished process: its event, if something waits for it, is processed now.
    private void OnProcessTurn(CoTask task)
    {
        if (_pendingProcessEvents is { Count: > 0 } pending && pending.Remove(task, out ProcessEvent? e))
        {
            (_processedEvents ??= new ConditionalWeakTable<CoTask, ProcessEvent>()).AddOrUpdate(task, e);
            if (_simPyOrder)
            {
                e.ProcessNow();
            }
            else
            {
                Schedule(e);
            }
        }
    }

    private static SimEvent[] ToArray(IEnumerable<SimEvent> events)
    {
        if (events is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(events));
        }

        return new List<SimEvent>(events).ToArray();
    }

    // SimPy's Interruption: an urgent event that raises the interrupt at the process's wait, if it is still alive.
    internal sealed class Interruption : IQueuedEvent
    {
        private readonly CoTask _task;
        private readonly InterruptException _error;

        public Interruption(CoTask task, InterruptException error)
        {
            _task = task;
            _error = error;
        }

        public void Process()
        {
            if (!_task.IsDone)
            {
                _task.Loop.InterruptNow(_task, _error);
            }
        }

        public CoTask Task => _task;

        public InterruptException Error => _error;

        public override string ToString() => "Interruption of task '" + _task.Name + "'";
    }

    private void RunCore(double untilExclusive)
    {
        _started = true;
        _loop.RunEvents(untilExclusive, oneEvent: false);
    }
}
