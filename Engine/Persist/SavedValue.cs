using System;
using System.Globalization;

namespace Engine.Persist;

/// <summary>
/// One value of a saved graph, decoded from its token for inspection (<see cref="SavedGraph.Decode(string)"/>): a
/// primitive with its exact type, a reference (an id) to an object of the graph's object table, or an instruction.
/// </summary>
/// <remarks>
/// <para>
/// Design: a saved graph stores each value as one short string token, JSON-native and typed by its first character,
/// so no value ever comes back from a serializer as an untyped element and the common values cost a few bytes:
/// </para>
/// <list type="table">
/// <item><term><c>null</c></term><description>a null reference or an empty nullable</description></item>
/// <item><term><c>#7</c></term><description>object 7 of the object table</description></item>
/// <item><term><c>b1</c>, <c>b0</c></term><description>a <see cref="bool"/></description></item>
/// <item><term><c>i42</c>, <c>l42</c></term><description>an <see cref="int"/>, a <see cref="long"/></description></item>
/// <item><term><c>d0.1</c>, <c>f0.5</c>, <c>m1.25</c></term><description>a <see cref="double"/> and a <see cref="float"/> as
/// round-trip text (also <c>dNaN</c> and <c>d-Infinity</c>), a <see cref="decimal"/></description></item>
/// <item><term><c>s5:hello</c></term><description>a <see cref="string"/>: its length, a colon and its characters (so a
/// token ends where its length says, spaces and all)</description></item>
/// <item><term><c>t3:2</c></term><description>any other integer type, <see cref="char"/> or enum: type 3 of the type
/// table, value 2 (a <see cref="ulong"/> bit for bit)</description></item>
/// <item><term><c>y2:0.5</c>, <c>y7:0:#4</c></term><description>a <see cref="Yield"/>: its kind, its number and, when it
/// has one, its target's token</description></item>
/// </list>
/// </remarks>
public sealed class SavedValue
{
    internal const string NullToken = "null";

    private static readonly string[] s_smallInts = CreateSmallInts();

    private SavedValue(SavedValueKind kind, string? type, long number, string? text)
    {
        Kind = kind;
        Type = type;
        Number = number;
        Text = text;
    }

    /// <summary>What the value holds.</summary>
    public SavedValueKind Kind { get; }

    /// <summary>The exact type of a primitive, enum or instruction (see <see cref="GraphWriter.TypeName(System.Type)"/>);
    /// <see langword="null"/> for null and references.</summary>
    public string? Type { get; }

    /// <summary>Booleans (0/1), integers, characters and enums; the object id of a reference; an instruction's kind.</summary>
    public long Number { get; }

    /// <summary>Strings, floating-point and decimal numbers as invariant round-trip text; an instruction's token.</summary>
    public string? Text { get; }

    /// <summary>A short description for messages and debugging.</summary>
    public override string ToString() => Kind switch
    {
        SavedValueKind.Null => "null",
        SavedValueKind.Reference => "#" + Number.ToString(CultureInfo.InvariantCulture),
        SavedValueKind.String => "\"" + Text + "\"",
        SavedValueKind.Instruction => Text!,
        SavedValueKind.Float or SavedValueKind.Decimal => Text + " (" + Type + ")",
        _ => Number.ToString(CultureInfo.InvariantCulture) + " (" + Type + ")",
    };

    internal static SavedValue Parse(string token, SavedGraph graph)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        if (token == NullToken)
        {
            return new SavedValue(SavedValueKind.Null, null, 0, null);
        }

        string rest = token.Length > 0 ? token.Substring(1) : throw Malformed(token);
        switch (token[0])
        {
            case '#':
                return new SavedValue(SavedValueKind.Reference, null, ParseLong(rest, token), null);
            case 'b':
                return new SavedValue(SavedValueKind.Boolean, "System.Boolean", rest == "1" ? 1 : 0, null);
            case 'i':
                return new SavedValue(SavedValueKind.Integer, "System.Int32", ParseLong(rest, token), null);
            case 'l':
                return new SavedValue(SavedValueKind.Integer, "System.Int64", ParseLong(rest, token), null);
            case 'd':
                return new SavedValue(SavedValueKind.Float, "System.Double", 0, rest);
            case 'f':
                return new SavedValue(SavedValueKind.Float, "System.Single", 0, rest);
            case 'm':
                return new SavedValue(SavedValueKind.Decimal, "System.Decimal", 0, rest);
            case 's':
                return new SavedValue(SavedValueKind.String, "System.String", 0, TextOf(token));
            case 't':
            {
                int colon = rest.IndexOf(':');
                if (colon < 0)
                {
                    throw Malformed(token);
                }

                string type = graph.TypeAt((int)ParseLong(rest.Substring(0, colon), token)).Name;
                return new SavedValue(SavedValueKind.Integer, type, ParseLong(rest.Substring(colon + 1), token), null);
            }

            case 'y':
            {
                int colon = rest.IndexOf(':');
                return new SavedValue(SavedValueKind.Instruction, GraphWriter.TypeName(typeof(Yield)), ParseLong(colon < 0 ? rest : rest.Substring(0, colon), token), token);
            }

            default:
                throw Malformed(token);
        }
    }

    // The token of an int; the small ones (loop counters, states, ids) are shared strings.
    internal static string IntToken(int value) =>
        (uint)(value + 1) < (uint)s_smallInts.Length ? s_smallInts[value + 1] : "i" + value.ToString(CultureInfo.InvariantCulture);

    internal static string TextToken(string value) => "s" + value.Length.ToString(CultureInfo.InvariantCulture) + ":" + value;

    // The text of a string token (s5:hello), checked.
    internal static string TextOf(string token)
    {
        int colon = token.IndexOf(':');
        return colon > 1 && SavedObject.TokenEnd(token, 0) == token.Length ? token.Substring(colon + 1) : throw Malformed(token);
    }

    internal static string DoubleToken(double value) => "d" + value.ToString("R", CultureInfo.InvariantCulture);

    private static string[] CreateSmallInts()
    {
        var tokens = new string[1025]; // -1 to 1023
        for (int i = 0; i < tokens.Length; i++)
        {
            tokens[i] = "i" + (i - 1).ToString(CultureInfo.InvariantCulture);
        }

        return tokens;
    }

    internal static long ParseLong(string text, string token) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long value) ? value : throw Malformed(token);

    internal static ArgumentException Malformed(string token) =>
        new("The saved value token '" + token + "' is malformed: a token starts with #, b, i, l, d, f, m, s, t or y, or is null.");
}
