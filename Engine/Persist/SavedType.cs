using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>One entry of a saved graph's type table: a CLR type as the graph names it, what kind of object it is, and
/// for a generated machine its coroutine and the shape of its method.</summary>
/// <remarks>Design: written once per type, not once per object, so a world of ten thousand machines of three
/// coroutines carries three names, three shapes and three lists of field names.</remarks>
public sealed class SavedType
{
    /// <summary>The CLR type (see <see cref="GraphWriter.TypeName(System.Type)"/>).</summary>
    public string Name { get; set; } = "";

    /// <summary>What objects of this type are (for primitive and enum values named by a type-tagged token,
    /// <see cref="SavedObjectKind.Value"/>).</summary>
    public SavedObjectKind Kind { get; set; }

    /// <summary>Machines: the coroutine's full name, such as <c>Game.Npc.Walk</c>.</summary>
    public string? Coroutine { get; set; }

    /// <summary>Machines and converter-written objects: the member names, in the order of each object's
    /// <see cref="SavedObject.Values"/> (every name any object of the type wrote, in first-written order).</summary>
    public List<string>? Members { get; set; }

    /// <summary>Machines: the shape of the method the snapshot was taken from (parameters, hoisted fields, yields and
    /// a hash of the code); restoring into a machine of another shape fails and names the difference.</summary>
    public string? Shape { get; set; }
}
