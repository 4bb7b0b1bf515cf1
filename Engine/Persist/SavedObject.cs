using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Runtime.CompilerServices;

namespace Engine.Persist;

/// <summary>
/// One object of a saved graph's object table, decoded from its line for inspection or editing
/// (<see cref="SavedGraph.ObjectAt(int)"/>, <see cref="SavedGraph.SetObject(int, SavedObject)"/>). Every reference to
/// it, from a field or from an element of another array or list, is its id (its 1-based position in
/// <see cref="SavedGraph.Objects"/>, written <c>#id</c>), so an object shared by two fields is one object again after
/// restore.
/// </summary>
/// <remarks>
/// <para>
/// Design: one shape for every kind of object (arrays, lists, tuples, machines, converter-written objects), so the
/// whole-world save adds kinds (tasks, primitives) without changing the format. Values are tokens (see
/// <see cref="SavedValue"/>); member names live once in the type table, not in every object, so ten thousand machines
/// of one coroutine carry its field names once (<see cref="SavedGraph.FieldsOf"/> pairs them up). A machine's members
/// also hold its state (<c>$state</c>, the site it is suspended at; 0 not started, -1 finished) and, when suspended on
/// a wait, the instruction (<c>$pending</c>); these names cannot collide with C# identifiers.
/// </para>
/// <para>
/// In the graph an object is one line of text: its type's position in the type table, then each value token after a
/// space, with <c>-</c> for a member left at its default value (trailing ones left out), for example
/// <c>2 i1 y2:0.6 i1000 - d0.6</c>. Every token is self-delimiting (a string carries its length: <c>s5:hello</c>), so a
/// restore reads the values in place, with no string per value; a serializer reads one string per object.
/// </para>
/// </remarks>
public sealed class SavedObject
{
    /// <summary>The field of a machine's object that holds its state (the site it is suspended at; 0 not started,
    /// -1 finished; left out when 0).</summary>
    public const string StateField = "$state";

    /// <summary>The field of a machine's object that holds the instruction it is suspended on.</summary>
    public const string PendingField = "$pending";

    // The token of a member left at its default value, in a line.
    internal const string AbsentToken = "-";

    /// <summary>The object's type: a 1-based position in <see cref="SavedGraph.Types"/>.</summary>
    public int Type { get; set; }

    /// <summary>The contents as value tokens: the elements of an array, list or tuple, in order; or the members of a
    /// machine or a converter-written object, in the order of its type's <see cref="SavedType.Members"/>, with
    /// <see langword="null"/> for a member holding its default value.</summary>
    public List<string?> Values { get; set; } = new List<string?>();

    // The line of an object of type typeIndex with these values (null: a member left at its default).
    internal static string Encode(int typeIndex, List<string?> values, StringBuilder scratch)
    {
        int count = values.Count;
        while (count > 0 && values[count - 1] is null)
        {
            count--;
        }

        scratch.Clear().Append(typeIndex.ToString(CultureInfo.InvariantCulture));
        for (int i = 0; i < count; i++)
        {
            scratch.Append(' ').Append(values[i] ?? AbsentToken);
        }

        return scratch.ToString();
    }

    // Decodes a line; a malformed one names itself.
    internal static SavedObject Decode(string line)
    {
        var saved = new SavedObject { Type = TypeIndexOf(line) };
        int position = FirstToken(line);
        while (position < line.Length)
        {
            int end = TokenEnd(line, position);
            saved.Values.Add(end - position == 1 && line[position] == '-' ? null : line.Substring(position, end - position));
            position = end + 1;
        }

        return saved;
    }

    // The type table position a line starts with.
    [MethodImpl(PersistJit.Optimized)]
    internal static int TypeIndexOf(string line)
    {
        int end = line.IndexOf(' ');
        if (end < 0)
        {
            end = line.Length;
        }

        return int.TryParse(line.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index > 0
            ? index
            : throw new ArgumentException("The saved object '" + Clip(line) + "' is malformed: a saved object starts with its type's position in the type table.");
    }

    // Where the first value token of a line starts (the line's length when it has none).
    [MethodImpl(PersistJit.Optimized)]
    internal static int FirstToken(string line)
    {
        int space = line.IndexOf(' ');
        return space < 0 ? line.Length : space + 1;
    }

    // The end (exclusive) of the token that starts at start: the next space, or for a string the end of its counted
    // text, or for an instruction with a target the end of the target's token.
    [MethodImpl(PersistJit.Optimized)]
    internal static int TokenEnd(string text, int start)
    {
        if (start >= text.Length)
        {
            throw Malformed(text, start);
        }

        char kind = text[start];
        if (kind == 's')
        {
            int colon = text.IndexOf(':', start + 1);
            if (colon < 0 || !int.TryParse(text.AsSpan(start + 1, colon - start - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int length) ||
                length > text.Length - colon - 1)
            {
                throw Malformed(text, start);
            }

            return Checked(text, colon + 1 + length);
        }

        int end = start + 1;
        int colons = 0;
        while (end < text.Length && text[end] != ' ')
        {
            if (kind == 'y' && text[end] == ':' && ++colons == 2)
            {
                return TokenEnd(text, end + 1); // the target's token ends the instruction's
            }

            end++;
        }

        return end;
    }

    // A token must be followed by a space or the end of the text.
    private static int Checked(string text, int end) => end == text.Length || text[end] == ' ' ? end : throw Malformed(text, end);

    private static ArgumentException Malformed(string text, int position) =>
        new("The saved object '" + Clip(text) + "' is malformed at character " + position.ToString(CultureInfo.InvariantCulture) + ".");

    private static string Clip(string text) => text.Length <= 80 ? text : text.Substring(0, 80) + "...";
}
