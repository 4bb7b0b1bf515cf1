using System;

namespace Engine.Simulation;

/// <summary>
/// A simulation event (SimPy's <c>Event</c>): something that happens once, at a simulated time, with a value or a
/// failure. A process waits for one with <c>yield return ev;</c> and then reads its value with
/// <see cref="Co.Result{T}"/>; a failed event raises its exception at the wait. Timeouts, processes, resource requests,
/// store and container operations and conditions are events too, so they can be combined with
/// <see cref="SimEnvironment.AnyOf(SimEvent[])"/> and <see cref="SimEnvironment.AllOf(SimEvent[])"/>.
/// </summary>
/// <remarks>
/// <para>
/// Life: <see cref="EventState.Pending"/> until <see cref="Succeed(object)"/> or <see cref="Fail(Exception)"/> triggers it;
/// then <see cref="EventState.Triggered"/> until it is processed; then <see cref="EventState.Processed"/>. Processing runs
/// its callbacks in the order they were added: waiting processes resume, conditions check their legs, callbacks added
/// with <see cref="AddCallback(Action{SimEvent})"/> run. Waiting for a processed event resumes at once with its value.
/// </para>
/// <para>
/// Design: under <see cref="EventOrder.SimPy"/> a triggered event takes its turn at the back of the loop's ready queue
/// and is processed when the loop reaches it (EventLoop.EventOrder.cs), so waiters resume in SimPy's order; under
/// <see cref="EventOrder.Fast"/> it is processed the moment it is triggered, and its waiters queue as any woken task
/// does. The first callback is stored inline and the others in a ring buffer, so the common event with one waiter
/// allocates nothing beyond itself; a waiter is a task and its wait version, so a process that stopped waiting
/// (interrupted, cancelled) is never resumed by a stale registration.
/// </para>
/// </remarks>
public partial class SimEvent : WaitSource, IQueuedEvent
{
    private readonly SimEnvironment _env;
    private object? _value;          // the value, or the exception when failed
    private object? _callbacks;      // null, one callback (a CoTask with _singleVersion, an IEventCallback or an Action<SimEvent>), or a RingBuffer<Callback>
    private int _singleVersion;
    private EventState _state;
    private bool _ok;
    private bool _defused;
    private bool _processing;
    private bool _watched; // a condition's cached value counts on this event not being processed yet (Condition.Populate)

    /// <summary>Creates a pending event of <paramref name="env"/> (SimPy's <c>env.event()</c>; see
    /// <see cref="SimEnvironment.Event"/>).</summary>
    /// <param name="env">The environment.</param>
    public SimEvent(SimEnvironment env)
    {
        if (env is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(env));
        }

        _env = env;
    }

    /// <summary>The environment this event belongs to.</summary>
    public SimEnvironment Environment => _env;

    /// <summary>Pending, triggered or processed.</summary>
    public EventState State => _state;

    /// <summary><see langword="true"/> once the event succeeded or failed (it may still wait for its turn).</summary>
    public bool IsTriggered => _state != EventState.Pending;

    /// <summary><see langword="true"/> once the event was processed: its waiters have resumed.</summary>
    public bool IsProcessed => _state == EventState.Processed;

    /// <summary><see langword="true"/> if the event succeeded; <see langword="false"/> if it failed or is pending.</summary>
    public bool IsOk => _state != EventState.Pending && _ok;

    /// <summary>The value the event succeeded with, or the exception it failed with (SimPy's <c>value</c>).</summary>
    /// <exception cref="InvalidOperationException">The event is not triggered yet.</exception>
    public object? Value
    {
        get
        {
            if (_state == EventState.Pending)
            {
                ThrowHelper.ThrowInvalidOperation("The value of " + this + " is not available yet: the event has not been triggered.");
            }

            return _value;
        }
    }

    /// <summary>The exception the event failed with, or <see langword="null"/>.</summary>
    public Exception? Exception => _state != EventState.Pending && !_ok ? (Exception)_value! : null;

    /// <summary>Whether the failure of this event was handled (SimPy's <c>defused</c>): set when a waiting process or a
    /// condition received it. A failed event processed without being defused is reported to the loop's
    /// <see cref="EventLoop.ExceptionHandler"/>; the simulation keeps running.</summary>
    public bool Defused
    {
        get => _defused;
        set => _defused = value;
    }

    private protected SimEnvironment Env => _env;

    private protected object? RawValue => _value;

    /// <summary>Waits for the event: <c>yield return ev;</c>.</summary>
    /// <param name="simEvent">The event.</param>
    public static implicit operator Yield(SimEvent simEvent)
    {
        if (simEvent is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(simEvent));
        }

        return simEvent.ToYield();
    }

    /// <summary>An any-of condition over two events (SimPy's <c>a | b</c>).</summary>
    /// <param name="left">The first event.</param>
    /// <param name="right">The second event.</param>
    /// <returns>The condition.</returns>
    public static Condition operator |(SimEvent left, SimEvent right) => Condition.Create(left, right, all: false);

    /// <summary>An all-of condition over two events (SimPy's <c>a &amp; b</c>).</summary>
    /// <param name="left">The first event.</param>
    /// <param name="right">The second event.</param>
    /// <returns>The condition.</returns>
    public static Condition operator &(SimEvent left, SimEvent right) => Condition.Create(left, right, all: true);

    /// <summary>The instruction that waits for this event: <c>yield return ev.ToYield();</c> (the same as
    /// <c>yield return ev;</c>).</summary>
    /// <returns>The instruction.</returns>
    public Yield ToYield() => Yield.Create(YieldKind.Wait, 0, this);

    /// <summary>Triggers the event with <paramref name="value"/> (SimPy's <c>succeed</c>).</summary>
    /// <param name="value">The value waiters receive.</param>
    /// <returns>This event.</returns>
    /// <exception cref="InvalidOperationException">The event was already triggered.</exception>
    public SimEvent Succeed(object? value = null)
    {
        ThrowIfTriggered();
        Trigger(true, value);
        return this;
    }

    /// <summary>Triggers the event as failed (SimPy's <c>fail</c>): waiters see <paramref name="exception"/> raised.</summary>
    /// <param name="exception">The failure.</param>
    /// <returns>This event.</returns>
    /// <exception cref="InvalidOperationException">The event was already triggered.</exception>
    public SimEvent Fail(Exception exception)
    {
        if (exception is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(exception));
        }

        ThrowIfTriggered();
        Trigger(false, exception);
        return this;
    }

    /// <summary>Triggers this event with the outcome of <paramref name="other"/>, which must be triggered (SimPy's
    /// <c>trigger</c>, handy as a callback).</summary>
    /// <param name="other">A triggered event.</param>
    /// <exception cref="InvalidOperationException">This event was already triggered, or <paramref name="other"/> was not.</exception>
    public void TriggerFrom(SimEvent other)
    {
        if (other is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(other));
        }

        if (other._state == EventState.Pending)
        {
            ThrowHelper.ThrowInvalidOperation("TriggerFrom needs a triggered event; " + other + " is still pending.");
        }

        ThrowIfTriggered();
        Trigger(other._ok, other._value);
    }

    /// <summary>Runs <paramref name="callback"/> when the event is processed, after the callbacks added before it (SimPy's
    /// <c>event.callbacks.append</c>). An exception it throws is reported to the loop's
    /// <see cref="EventLoop.ExceptionHandler"/>; the simulation keeps running.</summary>
    /// <param name="callback">The callback; it receives this event.</param>
    /// <exception cref="InvalidOperationException">The event was already processed.</exception>
    public void AddCallback(Action<SimEvent> callback)
    {
        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        if (_state == EventState.Processed)
        {
            ThrowHelper.ThrowInvalidOperation(this + " was already processed; its callbacks have run. Check IsProcessed first.");
        }

        AddCallbackEntry(callback, 0);
    }

    /// <inheritdoc/>
    public override string ToString() => Describe() + " [" + (_state == EventState.Pending ? "pending" :
        _state == EventState.Triggered ? (_ok ? "triggered" : "failed") : (_ok ? "processed" : "processed, failed")) + "]";

    /// <summary>A short name for messages: the event's kind and what it is about.</summary>
    /// <returns>The description.</returns>
    protected virtual string Describe() => GetType().Name;

    // Triggers with an outcome: the event is processed at its turn (SimPy's order) or right after this operation (fast order).
    private protected void Trigger(bool ok, object? value)
    {
        _ok = ok;
        if (value is null)
        {
            _value = null; // a grant, a plain Succeed(): a constant store, no GC write barrier
        }
        else
        {
            _value = value;
        }

        _state = EventState.Triggered;
        _env.Schedule(this);
    }

    // Replaces the value while the event is processed (a condition builds its value then).
    private protected void SetValue(object? value) => _value = value;


    // Called first when the event is processed, before its callbacks (a resource serving its other queue, a
    // condition building its value).
    private protected virtual void OnProcessing()
    {
    }

    // Resumes a waiter with the value; typed events override to hand it without boxing.
    private protected virtual bool ResumeWithValue(ParkedTask waiter) => waiter.Wake(_value, WakeCause.Source);

    // Hands the value of a processed event to a task that waits for it: it goes on at once.
    private protected virtual void HandValue(CoTask task) => task.ReceiveObject(_value);

    // The failure reached a process or condition (a process's or future's failure now counts as retrieved).
    private protected virtual void OnFailureRetrieved()
    {
    }

    internal void MarkFailureRetrieved()
    {
        _defused = true;
        OnFailureRetrieved();
    }

    private bool Resume(ParkedTask waiter)
    {
        if (_ok)
        {
            return ResumeWithValue(waiter);
        }

        MarkFailureRetrieved();
        return waiter.Fail((Exception)_value!, WakeCause.Source);
    }

    // A pending leg of a condition that was decided without it: withdraw it from its queue (requests, store and
    // container operations) so no stale waiter stays behind.
    private protected virtual void WithdrawAsLoser()
    {
    }

    internal void WithdrawIfLoser() => WithdrawAsLoser();

    internal bool HasCallbacks => _callbacks is not null;

    // True while the event's callbacks run (a pooled event is not reused then).
    internal bool IsBeingProcessed => _processing;

    internal void AddCallbackEntry(object target, int version)
    {
        object? callbacks = _callbacks;
        if (callbacks is null)
        {
            _callbacks = target;
            _singleVersion = version;
        }
        else if (callbacks is RingBuffer<Callback> list)
        {
            list.Enqueue(new Callback(target, version));
        }
        else
        {
            list = new RingBuffer<Callback>(4);
            list.Enqueue(new Callback(callbacks, _singleVersion));
            list.Enqueue(new Callback(target, version));
            _callbacks = list;
        }
    }

    internal void RemoveCallbackEntry(object target)
    {
        if (ReferenceEquals(_callbacks, target))
        {
            _callbacks = null;
        }
        else if (_callbacks is RingBuffer<Callback> list)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (ReferenceEquals(list[i].Target, target))
                {
                    list.RemoveAt(i);
                    return;
                }
            }
        }
    }

    // A pooled event (a request) starts a new life: pending, no value, no callbacks.
    internal void ResetForReuse()
    {
        _value = null;
        _callbacks = null;
        _state = EventState.Pending;
        _ok = false;
        _defused = false;
    }

    // Sets the outcome without queueing the event: it is processed later by whoever owns its turn (a process's event
    // at its completion's turn).
    internal void MarkTriggered(bool ok, object? value)
    {
        _ok = ok;
        _value = value;
        _state = EventState.Triggered;
    }

    internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
    {
        CoTask task = waiter.Task;
        if (!ReferenceEquals(task.Loop, _env.Loop))
        {
            task.ReceiveFailure(new InvalidOperationException("Task '" + task.Name + "' waits for " + this +
                ", which belongs to another simulation environment. Wait only for events of the process's own environment."));
            return true;
        }

        if (_state == EventState.Processed)
        {
            if (_ok)
            {
                HandValue(task);
            }
            else
            {
                MarkFailureRetrieved();
                task.ReceiveFailure((Exception)_value!);
            }

            return true;
        }

        if (CheckWaitable(task) is { } invalid)
        {
            task.ReceiveFailure(invalid);
            return true;
        }

        if (_state == EventState.Triggered && _callbacks is null && _env.SimPyOrder && _env.Loop.TryTakeNextTurn(this))
        {
            // SimPy's order would process this event next and resume this task, its only waiter, before anything else
            // runs (EventLoop.TryTakeNextTurn): the event takes its turn now and the task goes on in place, without
            // parking, a queue turn and a wake-up. Nothing else can observe the difference.
            ProcessAsNextTurn(task);
            return true;
        }

        AddCallbackEntry(task, waiter.Version);
        return false;
    }

    // The event's turn, taken by its only waiter: processed as Process would (a failure the task receives is handled),
    // then its outcome handed over as to a waiter of a processed event.
    private void ProcessAsNextTurn(CoTask task)
    {
        if (!_ok)
        {
            MarkFailureRetrieved();
        }

        Process();
        if (_ok)
        {
            HandValue(task);
        }
        else
        {
            task.ReceiveFailure((Exception)_value!);
        }
    }

    // A wait that could never end fails at once instead (a cancelled request, a process waiting for itself). Called
    // from the task's step, so it returns the error instead of throwing it.
    private protected virtual Exception? CheckWaitable(CoTask task) => null;

    internal override void Remove(CoTask task) => RemoveCallbackEntry(task);

    void IQueuedEvent.Process() => Process();

    internal void ProcessNow() => Process();

    // A condition's cached value left this event out because it was not processed yet: its processing must make that
    // value stale (SimEnvironment.WatchedProcessedCount).
    internal void WatchForConditionValues() => _watched = true;

    // Processing: the event's callbacks run in order. Under SimPy's order this is the event's turn in the queue and a
    // waiting process runs now, in place; otherwise the event was just triggered and a waiter queues as usual.
    private void Process()
    {
        if (_state == EventState.Processed)
        {
            return;
        }

        _state = EventState.Processed;
        if (_watched)
        {
            _env.WatchedProcessedCount++;
        }

        _processing = true;
        OnProcessing();
        object? callbacks = _callbacks;
        _callbacks = null;
        if (callbacks is RingBuffer<Callback> list)
        {
            while (list.Count > 0)
            {
                Callback c = list.Dequeue();
                RunCallback(c.Target, c.Version);
            }
        }
        else if (callbacks is not null)
        {
            RunCallback(callbacks, _singleVersion);
        }

        _processing = false;
        if (!_ok && !_defused)
        {
            ReportUnhandled();
        }

        OnProcessed();
    }

    // Called after the callbacks ran (a pooled event may go back to its pool).
    private protected virtual void OnProcessed()
    {
    }

    private void RunCallback(object target, int version)
    {
        if (target is CoTask task)
        {
            var waiter = new ParkedTask(task, version);
            if (!_env.SimPyOrder)
            {
                Resume(waiter);
            }
            else if (task.IsScheduled)
            {
                // Already queued (not by this wake): taken out of the queue and run now.
                if (Resume(waiter))
                {
                    _env.Loop.StepWokenNow(task);
                }
            }
            else
            {
                // Woken and run in place: marked scheduled first, so the wake leaves the ready queue alone
                // (CoTask.Requeue) and the step that follows clears the mark, as it would after a queue turn.
                task.MarkScheduled();
                if (Resume(waiter))
                {
                    _env.Loop.StepWokenInPlace(task);
                }
                else
                {
                    task.ClearScheduled();
                }
            }
        }
        else if (target is IEventCallback callback)
        {
            callback.OnEventProcessed(this);
        }
        else
        {
            try
            {
                ((Action<SimEvent>)target)(this);
            }
            catch (Exception e)
            {
                _env.Loop.Report(new LoopExceptionContext("A callback of " + this + " threw.", e, null, Array.Empty<string>()));
            }
        }
    }

    private protected virtual void ReportUnhandled() =>
        _env.Loop.Report(new LoopExceptionContext(this + " failed and no process waited for it.", (Exception)_value!, null, Array.Empty<string>()));

    private void ThrowIfTriggered()
    {
        if (_state != EventState.Pending)
        {
            ThrowHelper.ThrowInvalidOperation(this + " has already been triggered; an event happens once.");
        }

        _env.Loop.CheckOwnerThread(null, "trigger a simulation event on");
    }

    private readonly struct Callback
    {
        public readonly object Target;
        public readonly int Version;

        public Callback(object target, int version)
        {
            Target = target;
            Version = version;
        }
    }
}
