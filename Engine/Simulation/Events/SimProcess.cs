using System;

namespace Engine.Simulation;

/// <summary>
/// A simulation process (SimPy's <c>Process</c>): a handle to a coroutine running as a task of the environment's loop,
/// made by <see cref="SimEnvironment.Process(System.Collections.Generic.IEnumerator{Yield}, string)"/>. It is also an
/// event that happens when the coroutine finishes, with its return value (<see cref="Yield.Return(object)"/>) or its
/// exception: <c>yield return process;</c> waits for it, and it converts to a <see cref="SimEvent"/> for conditions.
/// </summary>
/// <remarks>
/// Design: a process is its task, nothing more, so starting one costs what spawning a task costs. The SimPy event of a
/// process is made only when something waits for it or combines it (<see cref="AsEvent"/>), and is the same object for
/// every such use. Under <see cref="EventOrder.SimPy"/> a finished process takes its turn in the event queue, so a
/// process that waits for one that finished at the same moment resumes in SimPy's order. Waiting for a process never
/// cancels it: an interrupted waiter just stops waiting, as in SimPy.
/// </remarks>
public readonly struct SimProcess : IEquatable<SimProcess>
{
    private readonly SimEnvironment? _env;
    private readonly CoTask? _task;

    internal SimProcess(SimEnvironment env, CoTask task)
    {
        _env = env;
        _task = task;
    }

    /// <summary>The task that runs the process.</summary>
    /// <exception cref="InvalidOperationException">This is <c>default(SimProcess)</c>.</exception>
    public CoTask Task => _task ?? throw NoProcess();

    /// <summary>The environment.</summary>
    public SimEnvironment Environment => _env ?? throw NoProcess();

    /// <summary>The process's name: its task's name (the one given to
    /// <see cref="SimEnvironment.Process(System.Collections.Generic.IEnumerator{Yield}, string)"/>, or <c>Task-N</c>).</summary>
    public string Name => Task.Name;

    /// <summary><see langword="true"/> until the coroutine finishes (SimPy's <c>is_alive</c>).</summary>
    public bool IsAlive => !Task.IsDone;

    /// <summary><see langword="true"/> once the process has finished (SimPy's <c>triggered</c>), even before its end has had
    /// its turn in the event queue.</summary>
    public bool IsTriggered => Task.IsDone;

    /// <summary>The value the process returned (SimPy's <c>value</c>).</summary>
    /// <exception cref="InvalidOperationException">The process has not finished.</exception>
    public object? Value => Task.Result;

    /// <summary>The simulation event the process waits for right now, or <see langword="null"/> (SimPy's <c>target</c>).</summary>
    public SimEvent? Target => Task.IsDone ? null : Task.ParkedOn as SimEvent;

    /// <summary>Waits for the process to finish: <c>yield return process;</c>.</summary>
    /// <param name="process">The process.</param>
    public static implicit operator Yield(SimProcess process) => process.AsEvent().ToYield();

    /// <summary>The process's event, for conditions: <c>env.AnyOf(process, env.Timeout(5))</c>.</summary>
    /// <param name="process">The process.</param>
    public static implicit operator SimEvent(SimProcess process) => process.AsEvent();

    /// <summary>Compares two handles.</summary>
    public static bool operator ==(SimProcess left, SimProcess right) => left.Equals(right);

    /// <summary>Compares two handles.</summary>
    public static bool operator !=(SimProcess left, SimProcess right) => !left.Equals(right);

    /// <summary>The event that happens when the process finishes (SimPy's process as an event): the same object on
    /// every call.</summary>
    /// <returns>The event.</returns>
    public SimEvent AsEvent() => Environment.ProcessEventOf(Task);

    /// <summary>Interrupts the process (SimPy's <c>interrupt</c>): an <see cref="InterruptException"/> carrying
    /// <paramref name="cause"/> is raised at its current wait, and it stops waiting there. Under
    /// <see cref="EventOrder.SimPy"/> the interrupt is delivered ahead of the other events due now, after the current one.</summary>
    /// <param name="cause">What the process receives as <see cref="InterruptException.Cause"/>.</param>
    /// <exception cref="InvalidOperationException">The process has finished, or a process interrupts itself.</exception>
    public void Interrupt(object? cause = null) => Environment.Interrupt(this, cause);

    /// <inheritdoc/>
    public bool Equals(SimProcess other) => ReferenceEquals(_task, other._task);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SimProcess other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _task?.GetHashCode() ?? 0;

    /// <inheritdoc/>
    public override string ToString() => _task is null ? "SimProcess (none)" : "Process '" + _task.Name + "' [" + (_task.IsDone ? "finished" : "alive") + "]";

    private static InvalidOperationException NoProcess() => new("This SimProcess is default(SimProcess): it refers to no process.");
}
