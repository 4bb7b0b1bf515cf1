using System;
using System.Globalization;

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

    // Raised by SimProcess.Interrupt (and made again by a restore). The message is built when something first reads it: a
    // process that receives the interrupt as an outcome and carries on never pays for the text (the default name
    // "Task-N", the cause's ToString, their concatenation: most of an interrupt's cost). The process's name is taken now
    // (a reference read: a name given or already built), so renaming the task afterwards does not change the text.
    internal InterruptException(object? cause, SimProcess? process)
        : base(null)
    {
        Cause = cause;
        Process = process;
        _lazy = true;
        if (process is { } p)
        {
            CoTask task = p.Task;
            _name = task.GivenName;
            _id = task.Id;
        }
    }

    private readonly bool _lazy;   // the message is built from the fields below on first read
    private readonly string? _name; // the process's name when interrupted, or null: its default name, Task-<_id>
    private readonly long _id;
    private string? _message;

    /// <summary>The message: which process was interrupted, and the cause (its <see cref="object.ToString"/>, called when
    /// the message of an interrupt raised by <see cref="SimProcess.Interrupt(object)"/> is first read).</summary>
    public override string Message => _lazy ? _message ??= Describe() : base.Message;

    private string Describe() =>
        "Process " + (Process is null ? "?" : "'" + (_name ?? "Task-" + _id.ToString(CultureInfo.InvariantCulture)) + "'") + " was interrupted" +
        (Cause is null ? "." : " (cause: " + Cause + ").");

    /// <summary>What the interrupter passed to <see cref="SimProcess.Interrupt(object)"/>; a <see cref="Preempted"/> when a
    /// <see cref="PreemptiveResource"/> took the process's resource away.</summary>
    public object? Cause { get; }

    /// <summary>The process that was interrupted.</summary>
    public SimProcess? Process { get; }
}
