using System.Collections.Generic;
using Engine.Persist;
using System.Runtime.CompilerServices;

namespace Engine;

// A whole-loop save (Engine/World) reads a future's waiters and completion, and a restore rebuilds them. Waiters are
// saved in wake order, whatever they are: a task (its registration, if still live), a combinator listening inline (a
// gather, a wait, a shield: engine objects the snapshot saves), a done callback (saved by name when it can be). Anything
// else (a listener of a toolkit the snapshot does not know) is reported by the graph with its type. Cold path.
public abstract partial class Future
{
    internal FutureState StateForSave => _state;

    internal object? OutcomeForSave => _outcome;

    // The waiters still registered, in wake order: a task with the version it parked with, or another kind of waiter
    // (a combinator's listener, a callback), whose version is meaningless.
    internal void GetWaiters(List<KeyValuePair<object, int>> into)
    {
        object? waiters = _waiters;
        if (waiters is IndexedQueue<Waiter> list)
        {
            for (int i = 0; i < list.Slots; i++)
            {
                if (list[i].Target is { } target)
                {
                    into.Add(new KeyValuePair<object, int>(target, list[i].Version));
                }
            }
        }
        else if (waiters is not null)
        {
            into.Add(new KeyValuePair<object, int>(waiters, _waiterVersion));
        }
    }

    [MethodImpl(PersistJit.Optimized)]
    internal void WriteWaitersForSave(FieldWriter fields)
    {
        if (_waiters is null)
        {
            return; // most futures and tasks: nobody waits
        }

        var waiters = new List<KeyValuePair<object, int>>();
        GetWaiters(waiters);
        var saved = new List<object>();
        foreach (KeyValuePair<object, int> waiter in waiters)
        {
            if (waiter.Key is Engine.World.ISavedByLayer)
            {
                continue; // a layer's own listener (a simulation environment's), which that layer saves and restores itself
            }

            if (waiter.Key is not CoTask task || task.IsParkedWith(waiter.Value))
            {
                saved.Add(waiter.Key);
            }
        }

        fields.Add("Waiters", saved.Count == 0 ? null : saved);
    }

    [MethodImpl(PersistJit.Optimized)]
    internal void ReadWaitersForRestore(FieldReader fields)
    {
        if (fields.Get<List<object>>("Waiters") is not { } waiters)
        {
            return; // most futures and tasks: nobody waits
        }

        foreach (object waiter in waiters)
        {
            AddWaiter(waiter, waiter is CoTask task ? task.ParkForRestore(this) : 0);
        }
    }

    // The completion of a future other than a task (a task saves its own, beside its frames).
    internal void WriteOutcomeForSave(FieldWriter fields)
    {
        fields.Add("State", _state);
        fields.Add("Observed", _exceptionObserved);
        switch (_state)
        {
            case FutureState.Succeeded:
                fields.Add("Result", GetResultObject());
                break;
            case FutureState.Failed:
                fields.Add("Exception", (System.Exception)_outcome!);
                break;
            case FutureState.Cancelled:
                fields.Add("CancelMessage", _outcome as string);
                break;
        }
    }

    internal void ReadOutcomeForRestore(FieldReader fields)
    {
        FutureState state = fields.Get<FutureState>("State");
        bool observed = fields.Get<bool>("Observed");
        switch (state)
        {
            case FutureState.Succeeded:
                RestoreResultObject(fields.Get<object>("Result"));
                RestoreOutcome(state, null, observed);
                break;
            case FutureState.Failed:
                RestoreOutcome(state, fields.Get<System.Exception>("Exception"), observed);
                break;
            case FutureState.Cancelled:
                RestoreOutcome(state, fields.Get<string>("CancelMessage"), observed);
                break;
            default:
                _exceptionObserved = observed;
                break;
        }
    }

    // A typed future stores a restored result in its own field.
    private protected virtual void RestoreResultObject(object? value) => _outcome = value;

    // A restored future that was done when saved: its state and outcome, with no waiters to notify.
    internal void RestoreOutcome(FutureState state, object? outcome, bool observed)
    {
        _state = state;
        _outcome = outcome;
        _exceptionObserved = observed;
        if (state == FutureState.Failed && !observed)
        {
            _loop.TrackUnretrievedFailure(this); // reported as the saved loop would have, unless someone retrieves it
        }
    }
}
