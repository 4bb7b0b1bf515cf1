using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>
/// A saved object graph: a type table and an object table in which objects refer to each other by id. The base of
/// every snapshot (<see cref="Machines.CoroutineSnapshot"/> for one machine and what it references; a whole loop's save
/// adds its own roots).
/// </summary>
/// <remarks>
/// <para>
/// Design: plain data (lists and short value tokens), so System.Text.Json round-trips
/// it out of the box and a game's own save format can write it field by field; the runtime itself needs no serializer.
/// Ids are 1-based positions in <see cref="Objects"/>; 0 never names an object. Each type is named once in
/// <see cref="Types"/> (a machine's coroutine name and method shape with it), and each object is one line of value
/// tokens such as <c>i42</c> or <c>#7</c> (see <see cref="SavedObject"/> and <see cref="SavedValue"/>), so a snapshot
/// of ten thousand tasks stays a few hundred bytes per task and a serializer reads one string per object.
/// </para>
/// <para>
/// Format 3 (this one) replaced format 2, whose objects were records with a list of token strings (a restore then
/// spent a third of its time in the serializer allocating one string per value), and format 1, whose values were
/// records; older formats are not read.
/// </para>
/// </remarks>
public class SavedGraph
{
    /// <summary>The format version this runtime writes.</summary>
    public const int CurrentFormat = 3;

    /// <summary>The format version the graph was written in.</summary>
    public int Format { get; set; } = CurrentFormat;

    /// <summary>The type table; <see cref="SavedObject.Type"/> and type-tagged values (<c>t3:1</c>) are 1-based positions here.</summary>
    public List<SavedType> Types { get; set; } = new List<SavedType>();

    /// <summary>The object table, one line per object (see <see cref="SavedObject"/>; <see cref="ObjectAt(int)"/> decodes
    /// one); an object's id is its 1-based position here.</summary>
    public List<string> Objects { get; set; } = new List<string>();

    /// <summary>Decodes object <paramref name="id"/> of the object table, for inspection or editing.</summary>
    /// <param name="id">The object's id (its 1-based position in <see cref="Objects"/>).</param>
    /// <returns>A decoded copy: changing it changes the graph only through <see cref="SetObject(int, SavedObject)"/>.</returns>
    /// <exception cref="System.ArgumentException">No such object, or its line is malformed.</exception>
    public SavedObject ObjectAt(int id) => SavedObject.Decode(Line(id));

    /// <summary>Replaces object <paramref name="id"/> of the object table (a tool that edits a snapshot).</summary>
    /// <param name="id">The object's id.</param>
    /// <param name="saved">Its new contents.</param>
    /// <exception cref="System.ArgumentException">No such object.</exception>
    public void SetObject(int id, SavedObject saved)
    {
        if (saved is null)
        {
            throw new System.ArgumentNullException(nameof(saved));
        }

        Line(id);
        Objects[id - 1] = SavedObject.Encode(saved.Type, saved.Values ?? new List<string?>(), new System.Text.StringBuilder());
    }

    /// <summary>Decodes a value token of this graph (an element of <see cref="SavedObject.Values"/>)
    /// for inspection, with its type named.</summary>
    /// <param name="token">The token.</param>
    /// <returns>The decoded value.</returns>
    /// <exception cref="System.ArgumentException">The token is malformed.</exception>
    public SavedValue Decode(string token) => SavedValue.Parse(token, this);

    /// <summary>The type entry of an object.</summary>
    /// <param name="saved">An object of this graph.</param>
    /// <returns>Its entry in <see cref="Types"/>.</returns>
    /// <exception cref="System.ArgumentException">The object names a type the table does not have.</exception>
    public SavedType TypeOf(SavedObject saved)
    {
        if (saved is null)
        {
            throw new System.ArgumentNullException(nameof(saved));
        }

        return TypeAt(saved.Type);
    }

    /// <summary>The members of a machine or converter-written object, as (name, token) pairs, leaving out those holding
    /// their default value; for inspection (decode a token with <see cref="Decode(string)"/>).</summary>
    /// <param name="saved">An object of this graph.</param>
    /// <returns>The members in the order of the type's <see cref="SavedType.Members"/>.</returns>
    public List<KeyValuePair<string, string>> FieldsOf(SavedObject saved)
    {
        List<string>? members = TypeOf(saved).Members;
        var fields = new List<KeyValuePair<string, string>>();
        List<string?> values = saved.Values ?? new List<string?>();
        for (int i = 0; members is not null && i < values.Count && i < members.Count; i++)
        {
            if (values[i] is { } token)
            {
                fields.Add(new KeyValuePair<string, string>(members[i], token));
            }
        }

        return fields;
    }

    // The line of object id.
    internal string Line(int id)
    {
        if (id < 1 || id > Objects.Count)
        {
            throw new System.ArgumentException("The saved graph has no object #" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                " (it has " + Objects.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");
        }

        return Objects[id - 1] ?? throw new System.ArgumentException("Object #" + id.ToString(System.Globalization.CultureInfo.InvariantCulture) + " of the saved graph is empty.");
    }

    internal SavedType TypeAt(int index)
    {
        if (index < 1 || index > Types.Count)
        {
            throw new System.ArgumentException("The saved graph has no type #" + index.ToString(System.Globalization.CultureInfo.InvariantCulture) +
                " (it has " + Types.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) + ").");
        }

        return Types[index - 1];
    }
}
