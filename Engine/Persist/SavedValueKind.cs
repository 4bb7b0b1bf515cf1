namespace Engine.Persist;

/// <summary>What a <see cref="SavedValue"/> holds.</summary>
public enum SavedValueKind
{
    /// <summary>A null reference (or an empty <see cref="System.Nullable{T}"/>): token <c>null</c>.</summary>
    Null = 0,

    /// <summary>A <see cref="bool"/>: <see cref="SavedValue.Number"/> is 1 or 0 (tokens <c>b1</c>, <c>b0</c>).</summary>
    Boolean,

    /// <summary>An integer, <see cref="char"/> or enum: <see cref="SavedValue.Number"/> holds it (a <see cref="ulong"/> bit for bit).</summary>
    Integer,

    /// <summary>A <see cref="float"/> or <see cref="double"/>: <see cref="SavedValue.Text"/> holds its round-trip text (also NaN and infinities).</summary>
    Float,

    /// <summary>A <see cref="decimal"/>: <see cref="SavedValue.Text"/> holds its invariant text.</summary>
    Decimal,

    /// <summary>A <see cref="string"/>: <see cref="SavedValue.Text"/>.</summary>
    String,

    /// <summary>A reference into the graph's object table: <see cref="SavedValue.Number"/> is the object's id.</summary>
    Reference,

    /// <summary>A <see cref="Yield"/> instruction (token <c>y</c>kind<c>:</c>number[<c>:</c>target]):
    /// <see cref="SavedValue.Number"/> is its <see cref="YieldKind"/>, <see cref="SavedValue.Text"/> the whole token.</summary>
    Instruction,
}
