using System.Collections.Generic;

namespace Engine;

// A whole-loop save (Engine/World) reads a future's waiters and completion, and a restore rebuilds them. Cold path.
public abstract partial class Future
{
    internal FutureState StateForSave => _state;

    internal object? OutcomeForSave => _outcome;

    // The waiters still registered, in wake order: a task with the version it parked with, or another kind of waiter
    // (a combinator's listener, a callback), whose version is meaningless.
    internal void GetWaiters(List<KeyValuePair<object, int>> into)
    {
        object? waiters = _waiters;
        if (waiters is RingBuffer<Waiter> list)
        {
            for (int i = 0; i < list.Count; i++)
            {
                into.Add(new KeyValuePair<object, int>(list[i].Target, list[i].Version));
            }
        }
        else if (waiters is not null)
        {
            into.Add(new KeyValuePair<object, int>(waiters, _waiterVersion));
        }
    }

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
