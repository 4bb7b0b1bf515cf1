namespace Engine;

// A task's reusable slot for a value handed to it by a wait source (a queue item, a barrier index), so that
// value types travel without boxing: one box per task and type, reused for every later value.
internal abstract class ValueBox
{
    public abstract object? BoxedValue { get; }

    // Writes the value as a member of a saved object, even when it is the type's default (a whole-loop save: what a
    // task received), without boxing it.
    internal abstract void AddTo(Engine.Persist.FieldWriter fields, string name);
}

internal sealed class ValueBox<T> : ValueBox
{
    public T Value = default!;

    public override object? BoxedValue => Value;

    internal override void AddTo(Engine.Persist.FieldWriter fields, string name)
    {
        if (System.Collections.Generic.EqualityComparer<T>.Default.Equals(Value, default!))
        {
            fields.AddOwn(name, Value); // written all the same: the task received a value (a boxed 0 after restore)
        }
        else
        {
            fields.Add(name, Value);
        }
    }
}
