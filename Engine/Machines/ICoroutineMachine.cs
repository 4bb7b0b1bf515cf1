using System.Collections.Generic;

namespace Engine.Machines;

/// <summary>
/// A state machine generated from a <see cref="CoroutineAttribute"/> method: an <see cref="IEnumerator{T}"/> of
/// <see cref="Yield"/> that steps exactly like the compiler's iterator of the same method, and that can also be reset
/// for reuse, say where it is suspended, and be saved and restored.
/// </summary>
/// <remarks>
/// <see cref="System.IDisposable.Dispose"/> runs the <c>finally</c> blocks open at the current suspension point (as the
/// compiler's iterator does) and, for a machine rented from its pool, returns it to the pool: do not touch a rented
/// machine after disposing it. <see cref="System.Collections.IEnumerator.Reset"/> also runs the open <c>finally</c>
/// blocks, then restarts the machine with the arguments it was created with.
/// </remarks>
public interface ICoroutineMachine : IEnumerator<Yield>
{
    /// <summary>The coroutine's full name, such as <c>Game.Npc.Walk</c>.</summary>
    string Name { get; }

    /// <summary>The state number: 0 before the first step, -1 when finished (or running), otherwise the <see cref="CoroutineSite.Id"/> of the yield it is suspended at.</summary>
    int State { get; }

    /// <summary>The <c>yield return</c> the machine is suspended at; <c>Id</c> 0 when it is not suspended.</summary>
    CoroutineSite Site { get; }

    /// <summary>Saves the state, arguments, hoisted locals and pending instruction as a graph of plain data with object
    /// identity (two fields referring to one array, list or object refer to one object after restore).</summary>
    /// <param name="converters">Converters for user types the graph does not know.</param>
    /// <returns>A snapshot that <see cref="Restore(CoroutineSnapshot, Persist.ISaveConverter[])"/> accepts, in this or another process.</returns>
    /// <exception cref="System.NotSupportedException">Some live values cannot be saved; the message lists every one of them
    /// with its coroutine, field and type.</exception>
    CoroutineSnapshot Snapshot(params Persist.ISaveConverter[] converters);

    /// <summary>Replaces this machine's state, arguments and hoisted locals with a snapshot's. The machine resumes at
    /// its pending wait: its next step re-issues the instruction it was suspended on (the timer, frame count or child
    /// it was waiting for), then continues. The <c>finally</c> blocks open in the replaced state do not run; restore
    /// into a fresh machine.</summary>
    /// <param name="snapshot">A snapshot taken from a machine of the same coroutine.</param>
    /// <param name="converters">The converters used when saving it.</param>
    /// <exception cref="System.ArgumentException">The snapshot belongs to another coroutine, to a changed version of this
    /// method (the message names what changed), or holds values that do not fit.</exception>
    void Restore(CoroutineSnapshot snapshot, params Persist.ISaveConverter[] converters);
}
