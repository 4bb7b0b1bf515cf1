using System;
using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// An event that happens when all, or any, of its events have happened (SimPy's <c>AllOf</c>, <c>AnyOf</c> and the
/// <c>&amp;</c>, <c>|</c> operators): made by <see cref="SimEnvironment.AllOf(SimEvent[])"/>,
/// <see cref="SimEnvironment.AnyOf(SimEvent[])"/> or <c>a | b</c>. Its value is a <see cref="ConditionValue"/> of the
/// events that had happened by then, with their values: <c>yield return env.AnyOf(request, env.Timeout(5)); var fired =
/// Co.Result&lt;ConditionValue&gt;(); if (fired.Contains(request)) ...</c>.
/// </summary>
/// <remarks>
/// <para>
/// A failed event fails the condition with its exception. A condition over no events happens at once. Nested
/// conditions flatten into one value, as in SimPy.
/// </para>
/// <para>
/// Beyond SimPy: when the condition is decided, its events still waiting in a queue (a resource request not granted, a
/// store or container operation not done) are withdrawn, so a customer who reneged leaves no stale waiter behind. A
/// request granted at the very moment the condition was decided stays granted; release it (<c>using</c> does). Likewise
/// a store get done at that moment keeps its item (read <see cref="StoreGet{T}.Item"/> when
/// <see cref="SimEvent.IsTriggered"/>), and a put or container operation done then stays done.
/// </para>
/// </remarks>
public sealed partial class Condition : SimEvent, IEventCallback
{
    private SimEvent[] _events;
    private bool _all;
    private int _count;
    private List<SimEvent>? _settled; // the value's events, once every event below this condition was processed (Populate)
    private List<SimEvent>? _fired;   // the value's events when it was built, exact while no event it left out was processed since
    private long _firedAt;            // SimEnvironment.WatchedProcessedCount when _fired was built

    internal Condition(SimEnvironment env, SimEvent[] events, bool all)
        : base(env)
    {
        _events = events;
        _all = all;
        if (events.Length == 0)
        {
            Succeed(new ConditionValue(new List<SimEvent>()));
            return;
        }

        foreach (SimEvent e in events)
        {
            if (e.IsProcessed)
            {
                OnEventProcessed(e);
            }
            else
            {
                e.AddCallbackEntry(this, 0);
            }
        }
    }

    /// <summary>The events the condition is over, in the order given.</summary>
    public IReadOnlyList<SimEvent> Events => _events;

    /// <summary><see langword="true"/> for an all-of condition, <see langword="false"/> for an any-of.</summary>
    public bool IsAllOf => _all;

    /// <summary>The events that had happened when the condition was processed, with their values.</summary>
    /// <exception cref="InvalidOperationException">The condition was not processed yet, or it failed.</exception>
    public ConditionValue Results
    {
        get
        {
            if (!IsProcessed || !IsOk)
            {
                ThrowHelper.ThrowInvalidOperation("The results of " + this + " are known once it has been processed successfully.");
            }

            return (ConditionValue)RawValue!;
        }
    }

    internal static Condition Create(SimEvent left, SimEvent right, bool all)
    {
        if (left is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(left));
        }

        if (right is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(right));
        }

        return Create(left.Environment, new[] { left, right }, all, "The condition");
    }

    internal static Condition Create(SimEnvironment env, SimEvent[] events, bool all, string what)
    {
        if (events is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(events));
        }

        var copy = new SimEvent[events.Length];
        for (int i = 0; i < events.Length; i++)
        {
            SimEvent e = events[i];
            if (e is null)
            {
                throw new ArgumentException(what + " was given a null event at index " + i + ".", nameof(events));
            }

            if (!ReferenceEquals(e.Environment, env))
            {
                throw new ArgumentException(what + " was given " + e + ", which belongs to another simulation environment (index " + i + ").", nameof(events));
            }

            copy[i] = e;
        }

        return new Condition(env, copy, all);
    }

    void IEventCallback.OnEventProcessed(SimEvent processed) => OnEventProcessed(processed);

    /// <inheritdoc/>
    protected override string Describe() => (_all ? "AllOf" : "AnyOf") + " of " + _events.Length;

    // SimPy's _build_value: the condition's own first callback.
    private protected override void OnProcessing()
    {
        RemoveChecks();
        if (IsOk)
        {
            var fired = new List<SimEvent>();
            Populate(fired);
            _fired = fired;
            _firedAt = Env.WatchedProcessedCount;
            SetValue(new ConditionValue(fired));
        }

        WithdrawLosers();
    }

    private protected override bool ResumeWithValue(ParkedTask waiter) => waiter.Wake((ConditionValue)RawValue!, WakeCause.Source);

    private protected override void HandValue(CoTask task) => task.ReceiveValue((ConditionValue)RawValue!);

    private protected override void WithdrawAsLoser() => WithdrawLosers();

    private void OnEventProcessed(SimEvent processed)
    {
        if (IsTriggered)
        {
            return;
        }

        _count++;
        if (!processed.IsOk)
        {
            processed.MarkFailureRetrieved();
            Trigger(false, processed.Exception);
        }
        else if (_all ? _count == _events.Length : _count > 0)
        {
            Trigger(true, null);
        }
    }

    // Stops listening to the events not processed yet, in this condition and the conditions nested in it, in SimPy's
    // order (each condition's events in turn, a nested condition's before the next event). A loop over an explicit
    // stack, not a recursion: conditions nest as deep as a model builds them (a chain of 100,000 AllOf). A nested
    // condition already processed is skipped: its own processing removed its checks, so walking it again would change
    // nothing and make a chain quadratic.
    private void RemoveChecks()
    {
        var pending = new Stack<(Condition Condition, int Next)>();
        Condition condition = this;
        int next = 0;
        while (true)
        {
            if (next < condition._events.Length)
            {
                SimEvent e = condition._events[next++];
                if (!e.IsProcessed)
                {
                    e.RemoveCallbackEntry(condition);
                }

                if (e is Condition nested && !nested.IsProcessed)
                {
                    pending.Push((condition, next));
                    condition = nested;
                    next = 0;
                }
            }
            else if (pending.Count > 0)
            {
                (condition, next) = pending.Pop();
            }
            else
            {
                return;
            }
        }
    }

    // The processed events of this condition and of the conditions nested in it, flattened in SimPy's order (depth
    // first, in the order given). A loop over an explicit stack, as RemoveChecks. A nested condition whose events had
    // all been processed when it built its own value (settled) cannot change any more: its value is copied instead of
    // walked again, so a chain of conditions builds its values in linear time. Likewise a nested condition whose value
    // was built while none of the events it left out (not processed then, each marked watched) has been processed
    // since cannot have changed either: its value is copied as not settled. Other events processed in between (another
    // process's timeout at the same time) change nothing. So a chain of any-of conditions 100,000 deep, each over the
    // next one and an event that never happens, fired from the bottom, builds its values in linear time instead of
    // walking the chain below at every level, whatever else is processed between the levels' turns.
    private void Populate(List<SimEvent> fired)
    {
        long watched = Env.WatchedProcessedCount;
        var pending = new Stack<(Condition Condition, int Next, bool Settled)>();
        Condition condition = this;
        int next = 0;
        bool settled = true;
        while (true)
        {
            if (next < condition._events.Length)
            {
                SimEvent e = condition._events[next++];
                if (e is Condition nested)
                {
                    if (nested._settled is { } value)
                    {
                        fired.AddRange(value);
                    }
                    else if (nested._fired is { } recent && nested._firedAt == watched)
                    {
                        fired.AddRange(recent);
                        settled = false;
                    }
                    else
                    {
                        pending.Push((condition, next, settled));
                        condition = nested;
                        next = 0;
                        settled = true;
                    }
                }
                else if (e.IsProcessed)
                {
                    fired.Add(e);
                }
                else
                {
                    e.WatchForConditionValues();
                    settled = false;
                }
            }
            else
            {
                if (condition == this)
                {
                    if (settled)
                    {
                        _settled = fired;
                    }

                    return;
                }

                bool nestedSettled = settled;
                (condition, next, settled) = pending.Pop();
                settled &= nestedSettled;
            }
        }
    }

    private void WithdrawLosers()
    {
        foreach (SimEvent e in _events)
        {
            if (!e.IsTriggered)
            {
                e.WithdrawIfLoser();
            }
        }
    }
}
