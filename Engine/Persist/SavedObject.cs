using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>
/// One object of a saved graph's object table. Every reference to it, from a field or from an element of another array
/// or list, is its id (its 1-based position in <see cref="SavedGraph.Objects"/>, written <c>#id</c>), so an object shared
/// by two fields is one object again after restore.
/// </summary>
/// <remarks>
/// Design: one plain record for every kind of object (arrays, lists, tuples, machines, converter-written objects), so
/// the whole-world save adds kinds (tasks, primitives) without changing the format's shape. Values are tokens (see
/// <see cref="SavedValue"/>); member names live once in the type table, not in every object, so ten thousand machines
/// of one coroutine carry its field names once (<see cref="SavedGraph.FieldsOf"/> pairs them up). A machine's members also hold its state (<c>$state</c>, the site it is suspended at; 0 not
/// started, -1 finished) and, when suspended on a wait, the instruction (<c>$pending</c>); these names cannot collide
/// with C# identifiers.
/// </remarks>
public sealed class SavedObject
{
    /// <summary>The field of a machine's object that holds its state (the site it is suspended at; 0 not started,
    /// -1 finished; left out when 0).</summary>
    public const string StateField = "$state";

    /// <summary>The field of a machine's object that holds the instruction it is suspended on.</summary>
    public const string PendingField = "$pending";

    /// <summary>The object's type: a 1-based position in <see cref="SavedGraph.Types"/>.</summary>
    public int Type { get; set; }

    /// <summary>The contents as value tokens: the elements of an array, list or tuple, in order; or the members of a
    /// machine or a converter-written object, in the order of its type's <see cref="SavedType.Members"/>, with
    /// <see langword="null"/> for a member holding its default value (trailing ones left out).</summary>
    public List<string?>? Values { get; set; }
}
