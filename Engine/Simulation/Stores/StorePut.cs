namespace Engine.Simulation;

/// <summary>A put of an item into a <see cref="Store{T}"/> (SimPy's <c>StorePut</c>): happens when the item is in the store.</summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed partial class StorePut<T> : QueueOperation
{
    internal StorePut(Store<T> store, T item)
        : base(store.Environment, store)
    {
        Store = store;
        Item = item;
    }

    /// <summary>The store.</summary>
    public Store<T> Store { get; private set; }

    /// <summary>The item being put.</summary>
    public T Item { get; private set; }

    internal void Done() => Trigger(true, null);

    /// <inheritdoc/>
    protected override string Describe() => "Put into " + Store.Name;
}
