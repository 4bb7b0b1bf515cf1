namespace Engine.Persist;

/// <summary>A named member of a saved object (a machine's hoisted local or argument, or a field a converter wrote).</summary>
public sealed class SavedField
{
    /// <summary>Creates an empty field, for serializers.</summary>
    public SavedField()
    {
    }

    /// <summary>Creates a field.</summary>
    /// <param name="name">The member name.</param>
    /// <param name="value">The saved value.</param>
    public SavedField(string name, SavedValue value)
    {
        Name = name;
        Value = value;
    }

    /// <summary>The member name, such as <c>_total</c> for a hoisted local <c>total</c>.</summary>
    public string Name { get; set; } = "";

    /// <summary>The saved value.</summary>
    public SavedValue Value { get; set; } = new SavedValue();
}
