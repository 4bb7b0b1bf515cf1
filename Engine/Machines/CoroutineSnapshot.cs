using Engine.Persist;

namespace Engine.Machines;

/// <summary>
/// The saved form of a generated coroutine machine: a <see cref="SavedGraph"/> whose <see cref="Root"/> object is the
/// machine, with every array, list, child machine and converted object it refers to in the same object table.
/// </summary>
/// <remarks>
/// Design: plain data, so <c>System.Text.Json</c> round-trips it with no options
/// (<c>JsonSerializer.Deserialize&lt;CoroutineSnapshot&gt;(JsonSerializer.Serialize(snapshot))</c>) and any other
/// serializer can write it field by field. The machine's object records the coroutine's name, its state, the shape of
/// its method (in the graph's type table; restoring into a changed method fails and names the change) and the instruction it was waiting on,
/// which the restored machine re-issues as its first step, so a restored coroutine resumes at its pending wait.
/// </remarks>
public sealed class CoroutineSnapshot : SavedGraph
{
    /// <summary>The coroutine's full name, such as <c>Game.Npc.Walk</c>.</summary>
    public string Coroutine { get; set; } = "";

    /// <summary>The id of the machine's object in <see cref="SavedGraph.Objects"/>.</summary>
    public int Root { get; set; }

    /// <summary>The machine's saved object.</summary>
    /// <returns>The root object.</returns>
    public SavedObject Machine() => ObjectAt(Root);

    /// <summary>One saved field of the machine, such as <c>_i</c> for a hoisted local <c>i</c>, decoded.</summary>
    /// <param name="field">The generated field name.</param>
    /// <returns>The saved value, or <see langword="null"/> when the field was not saved (it held its default value).</returns>
    public SavedValue? Field(string field)
    {
        foreach (System.Collections.Generic.KeyValuePair<string, string> member in FieldsOf(Machine()))
        {
            if (member.Key == field)
            {
                return Decode(member.Value);
            }
        }

        return null;
    }

    /// <summary>The machine's state when saved: the site it was suspended at (0 not started, -1 finished).</summary>
    /// <returns>The state.</returns>
    public int MachineState() => (int)(Field(SavedObject.StateField)?.Number ?? 0);
}
