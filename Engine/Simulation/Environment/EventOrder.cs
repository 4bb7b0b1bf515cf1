namespace Engine.Simulation;

/// <summary>How a <see cref="SimEnvironment"/> orders events that happen at the same simulated time.</summary>
public enum EventOrder
{
    /// <summary>SimPy 4's order, exactly: starting a process and delivering an interrupt go ahead of the other events due
    /// at the same time, and a process waiting for an event resumes when the event's turn in the queue comes (also when it
    /// waits for an event already triggered, such as a free resource). A model ported line by line from SimPy prints the
    /// same event log. The default.</summary>
    SimPy = 0,

    /// <summary>The engine's own order: an event's waiters are woken the moment it is triggered, a process continues at
    /// once when what it waits for is already there, and new processes queue behind the tasks already ready. Same results
    /// run after run, fewer queue operations per event; same-time events may interleave differently from SimPy.</summary>
    Fast,
}
