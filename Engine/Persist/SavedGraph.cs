using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>
/// A saved object graph: an object table in which objects refer to each other by id. The base of every snapshot
/// (<see cref="Machines.CoroutineSnapshot"/> for one machine and what it references; a whole loop's save adds its own roots).
/// </summary>
/// <remarks>
/// Design: plain data (lists of plain records), so System.Text.Json round-trips it out of the box and a game's own save
/// format can write it field by field; the runtime itself needs no serializer. Ids are 1-based positions in
/// <see cref="Objects"/>; 0 never names an object.
/// </remarks>
public class SavedGraph
{
    /// <summary>The format version this runtime writes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>The format version the graph was written in.</summary>
    public int Format { get; set; } = CurrentFormat;

    /// <summary>The object table; an object's id is its 1-based position here.</summary>
    public List<SavedObject> Objects { get; set; } = new List<SavedObject>();
}
