namespace Engine.Persist;

/// <summary>
/// One value in a saved graph: a primitive written out with its exact type, or a reference (an id) to an object in the
/// graph's object table.
/// </summary>
/// <remarks>
/// Design: plain data with settable properties of JSON-native types only (an enum, a number, strings), so
/// System.Text.Json and other serializers round-trip it with no attributes, options or converters, and no value ever
/// comes back as an untyped element. <see cref="Type"/> names the exact CLR type (<c>System.Int32</c>, an enum type, ...),
/// so reading back never guesses. Floating-point numbers travel as round-trip text because JSON has no NaN or infinity.
/// </remarks>
public sealed class SavedValue
{
    /// <summary>What the value holds.</summary>
    public SavedValueKind Kind { get; set; }

    /// <summary>The exact type of a primitive or enum value (see <see cref="GraphWriter.TypeName(System.Type)"/>); <see langword="null"/> for null and references.</summary>
    public string? Type { get; set; }

    /// <summary>Booleans (0/1), integers, characters and enums; the object id of a reference.</summary>
    public long Number { get; set; }

    /// <summary>Strings, and floating-point and decimal numbers as invariant round-trip text.</summary>
    public string? Text { get; set; }

    /// <summary>A short description for messages and debugging.</summary>
    public override string ToString() => Kind switch
    {
        SavedValueKind.Null => "null",
        SavedValueKind.Reference => "#" + Number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        SavedValueKind.String => "\"" + Text + "\"",
        SavedValueKind.Float or SavedValueKind.Decimal => Text + " (" + Type + ")",
        _ => Number.ToString(System.Globalization.CultureInfo.InvariantCulture) + " (" + Type + ")",
    };
}
