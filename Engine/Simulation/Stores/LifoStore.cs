namespace Engine.Simulation;

/// <summary>A store whose gets take the item put last (a stack): last in, first out.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class LifoStore<T> : Store<T>
{
    /// <summary>Creates a LIFO store.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The most items it holds; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="name">A name for messages and reports.</param>
    public LifoStore(SimEnvironment env, int capacity = int.MaxValue, string? name = null)
        : base(env, capacity, name)
    {
    }

    private protected override bool TryTakeItem(StoreGet<T> get, out T item)
    {
        RingBuffer<T> items = FifoItems;
        if (items.Count == 0)
        {
            item = default!;
            return false;
        }

        item = items.RemoveAt(items.Count - 1);
        return true;
    }

    private protected override System.Collections.Generic.IReadOnlyList<T> SnapshotItems()
    {
        var list = new System.Collections.Generic.List<T>(base.SnapshotItems());
        list.Reverse();
        return list;
    }
}
