using System.Collections.Generic;
using Engine.World;

namespace Engine.Simulation;

/// <summary>
/// A whole simulation saved between events (<see cref="SimEnvironment.Save(object, Persist.ISaveConverter[])"/>): its loop
/// (clock, processes with their <c>[Coroutine]</c> machines, timers, the ready queue and, under SimPy's order, the
/// urgent lane), its events with their callbacks, resources, containers, monitors and random streams, and a model
/// object of the user's, as one object graph with identity. Turned back into a running environment by
/// <see cref="SimEnvironment.Restore(SimSnapshot, object[], Persist.ISaveConverter[])"/>, in this or another process.
/// </summary>
/// <remarks>Plain data: <c>System.Text.Json</c> round-trips it with no options.</remarks>
public sealed class SimSnapshot : WorldSnapshot
{
    /// <summary>The environment's event order.</summary>
    public EventOrder Order { get; set; }

    /// <summary>The environment's master seed (<see cref="SimEnvironment.Seed"/>).</summary>
    public ulong Seed { get; set; }

    /// <summary>The object id of the environment.</summary>
    public int Environment { get; set; }

    /// <summary>The object id of the model passed to Save, or 0.</summary>
    public int Model { get; set; }

    /// <summary>SimPy's urgent lane (processes about to start, interruptions), by object id, in the order they run.</summary>
    public List<int> Urgent { get; set; } = new List<int>();
}
