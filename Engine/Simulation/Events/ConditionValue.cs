using System.Collections;
using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// The value of a <see cref="Condition"/> (SimPy's <c>ConditionValue</c>): the events that had happened when it was
/// processed, in the order they were given, and their values. <c>fired.Contains(request)</c> is SimPy's
/// <c>request in results</c>; <c>fired[timeout]</c> is <c>results[timeout]</c>.
/// </summary>
public sealed partial class ConditionValue : IReadOnlyList<SimEvent>
{
    private readonly List<SimEvent> _events;

    internal ConditionValue(List<SimEvent> events) => _events = events;

    /// <summary>The number of events that happened.</summary>
    public int Count => _events.Count;

    /// <summary>The i-th event that happened.</summary>
    /// <param name="index">Its position.</param>
    public SimEvent this[int index] => _events[index];

    /// <summary>The value of <paramref name="simEvent"/>.</summary>
    /// <param name="simEvent">An event that happened.</param>
    /// <exception cref="KeyNotFoundException"><paramref name="simEvent"/> is not among the events that happened.</exception>
    public object? this[SimEvent simEvent]
    {
        get
        {
            if (!_events.Contains(simEvent))
            {
                throw new KeyNotFoundException(simEvent + " is not among the events that happened in this condition.");
            }

            return simEvent.Value;
        }
    }

    /// <summary>Whether <paramref name="simEvent"/> happened (SimPy's <c>event in results</c>).</summary>
    /// <param name="simEvent">The event.</param>
    /// <returns><see langword="true"/> if it is among the events that happened.</returns>
    public bool Contains(SimEvent simEvent) => _events.Contains(simEvent);

    /// <inheritdoc/>
    public IEnumerator<SimEvent> GetEnumerator() => _events.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => "ConditionValue [" + string.Join(", ", _events) + "]";
}
