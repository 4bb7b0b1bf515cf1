using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>
/// One object of a saved graph's object table. Every reference to it, from a field or from an element of another array
/// or list, is its <see cref="Id"/>, so an object shared by two fields is one object again after restore.
/// </summary>
/// <remarks>
/// Design: one plain record for every kind of object (arrays, lists, machines, instructions, converter-written objects),
/// so the whole-world save can add kinds (tasks, futures, timers) without changing the format's shape. Properties that
/// do not apply to a kind stay at their defaults.
/// </remarks>
public sealed class SavedObject
{
    /// <summary>The object's id: its 1-based position in <see cref="SavedGraph.Objects"/>.</summary>
    public int Id { get; set; }

    /// <summary>What the object is.</summary>
    public SavedObjectKind Kind { get; set; }

    /// <summary>The object's CLR type (see <see cref="GraphWriter.TypeName(System.Type)"/>).</summary>
    public string Type { get; set; } = "";

    /// <summary>The elements of an array or list, in order.</summary>
    public List<SavedValue>? Items { get; set; }

    /// <summary>The named members of a machine, an instruction or a converter-written object.</summary>
    public List<SavedField>? Fields { get; set; }

    /// <summary>Machines: the coroutine's full name, such as <c>Game.Npc.Walk</c>.</summary>
    public string? Coroutine { get; set; }

    /// <summary>Machines: the state number (0 not started, -1 finished, otherwise the site id it is suspended at).</summary>
    public int State { get; set; }

    /// <summary>Machines: the shape of the method the snapshot was taken from (parameters, hoisted fields, yields and
    /// a hash of the code); restoring into a machine of another shape fails and names the difference.</summary>
    public string? Shape { get; set; }

    /// <summary>Machines: the instruction the machine yielded at its suspension point, whose wait had not completed when
    /// it was saved. A restored machine re-issues it as its first step. A whole-loop restore that restores the wait
    /// itself (the timer, the future's waiter) sets this to <see langword="null"/> before restoring.</summary>
    public SavedValue? Pending { get; set; }
}
