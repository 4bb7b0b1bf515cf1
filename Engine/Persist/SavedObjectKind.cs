namespace Engine.Persist;

/// <summary>What the objects of a <see cref="SavedType"/> are.</summary>
public enum SavedObjectKind
{
    /// <summary>A one-dimensional array: <see cref="SavedObject.Values"/> (the elements).</summary>
    Array = 0,

    /// <summary>A <see cref="System.Collections.Generic.List{T}"/>: <see cref="SavedObject.Values"/> (the elements).</summary>
    List,

    /// <summary>A generated coroutine machine: <see cref="SavedObject.Values"/> (the members), with <see cref="SavedType.Coroutine"/> and <see cref="SavedType.Shape"/>.</summary>
    Machine,

    /// <summary>A primitive or enum type named by a type-tagged value token (<c>t3:1</c>); no object has it.</summary>
    Value,

    /// <summary>An object written by a registered <see cref="ISaveConverter"/>: <see cref="SavedObject.Values"/> (the members).</summary>
    Custom,

    /// <summary>A <see cref="System.ValueTuple"/> of up to seven elements: <see cref="SavedObject.Values"/> (the elements) (a value, so never shared).</summary>
    Tuple,
}
