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

    private void RemoveChecks()
    {
        foreach (SimEvent e in _events)
        {
            if (!e.IsProcessed)
            {
                e.RemoveCallbackEntry(this);
            }

            if (e is Condition nested)
            {
                nested.RemoveChecks();
            }
        }
    }

    private void Populate(List<SimEvent> fired)
    {
        foreach (SimEvent e in _events)
        {
            if (e is Condition nested)
            {
                nested.Populate(fired);
            }
            else if (e.IsProcessed)
            {
                fired.Add(e);
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
