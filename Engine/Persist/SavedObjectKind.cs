namespace Engine.Persist;

/// <summary>What a <see cref="SavedObject"/> in a graph's object table is.</summary>
public enum SavedObjectKind
{
    /// <summary>A one-dimensional array: <see cref="SavedObject.Items"/>.</summary>
    Array = 0,

    /// <summary>A <see cref="System.Collections.Generic.List{T}"/>: <see cref="SavedObject.Items"/>.</summary>
    List,

    /// <summary>A generated coroutine machine: <see cref="SavedObject.Fields"/>, <see cref="SavedObject.State"/>, <see cref="SavedObject.Shape"/>, <see cref="SavedObject.Pending"/>.</summary>
    Machine,

    /// <summary>A <see cref="Yield"/> instruction: fields <c>Kind</c>, <c>Number</c>, <c>Target</c>.</summary>
    Instruction,

    /// <summary>An object written by a registered <see cref="ISaveConverter"/>: <see cref="SavedObject.Fields"/>.</summary>
    Custom,

    /// <summary>A <see cref="System.ValueTuple"/> of up to seven elements: <see cref="SavedObject.Items"/> (a value, so never shared).</summary>
    Tuple,
}
