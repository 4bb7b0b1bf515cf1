using System.Collections.Generic;

namespace Engine.Simulation;

// Simulation snapshots: a condition's value (what a process received) is its list of events.
public sealed partial class ConditionValue
{
    internal List<SimEvent> EventList => _events;
}
