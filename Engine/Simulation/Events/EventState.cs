namespace Engine.Simulation;

/// <summary>Where a <see cref="SimEvent"/> is in its life (SimPy's <c>triggered</c> and <c>processed</c>).</summary>
public enum EventState : byte
{
    /// <summary>Not triggered yet: it has neither a value nor a failure.</summary>
    Pending = 0,

    /// <summary>Triggered (succeeded or failed) and waiting for its turn in the event queue.</summary>
    Triggered,

    /// <summary>Processed: its waiters have resumed and its callbacks have run. Waiting for it now resumes at once.</summary>
    Processed,
}
