using System;

namespace Engine.Simulation;

/// <summary>
/// Raised in a process at its current wait when another process calls <see cref="SimProcess.Interrupt(object)"/> (SimPy's
/// <c>Interrupt</c>). C# forbids <c>yield</c> inside <c>try/catch</c>, so a process receives it as an outcome: wrap the wait
/// in <see cref="Sim.Interruptible(Yield)"/> and check <see cref="Sim.Interrupted(out InterruptException)"/>. An interrupt
/// nobody receives fails the process with this exception.
/// </summary>
public sealed class InterruptException : Exception
{
    /// <summary>Creates an interrupt with no cause.</summary>
    public InterruptException()
        : base("The process was interrupted.")
    {
    }

    /// <summary>Creates an interrupt with a message and no cause.</summary>
    /// <param name="message">The message.</param>
    public InterruptException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an interrupt with a message and an inner exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The inner exception.</param>
    public InterruptException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal InterruptException(object? cause, SimProcess? process)
        : base("Process " + (process is null ? "?" : "'" + process.Value.Name + "'") + " was interrupted" + (cause is null ? "." : " (cause: " + cause + ")."))
    {
        Cause = cause;
        Process = process;
    }

    /// <summary>What the interrupter passed to <see cref="SimProcess.Interrupt(object)"/>; a <see cref="Preempted"/> when a
    /// <see cref="PreemptiveResource"/> took the process's resource away.</summary>
    public object? Cause { get; }

    /// <summary>The process that was interrupted.</summary>
    public SimProcess? Process { get; }
}
