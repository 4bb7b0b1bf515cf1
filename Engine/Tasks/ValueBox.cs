namespace Engine;

// A task's reusable slot for a value handed to it by a wait source (a queue item, a barrier index), so that
// value types travel without boxing: one box per task and type, reused for every later value.
internal abstract class ValueBox
{
    public abstract object? BoxedValue { get; }
}

internal sealed class ValueBox<T> : ValueBox
{
    public T Value = default!;

    public override object? BoxedValue => Value;
}
