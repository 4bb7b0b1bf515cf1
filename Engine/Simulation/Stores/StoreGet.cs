using System;

namespace Engine.Simulation;

/// <summary>
/// A get from a <see cref="Store{T}"/> (SimPy's <c>StoreGet</c>): happens when an item was taken for it. The item is its
/// value: <c>yield return store.Get(); T item = Co.Result&lt;T&gt;();</c> (value types travel without boxing), or
/// <see cref="Item"/>.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public partial class StoreGet<T> : QueueOperation
{
    private T _item = default!;

    internal StoreGet(Store<T> store, Func<T, bool>? filter)
        : base(store.Environment, store)
    {
        Store = store;
        Filter = filter;
    }

    /// <summary>The store.</summary>
    public Store<T> Store { get; private set; }

    /// <summary>The item taken.</summary>
    /// <exception cref="InvalidOperationException">No item was taken yet.</exception>
    public T Item
    {
        get
        {
            if (!IsTriggered)
            {
                ThrowHelper.ThrowInvalidOperation(this + " has no item yet.");
            }

            return _item;
        }
    }

    /// <summary>The filter of a <see cref="FilterStore{T}"/> get: only a matching item is taken; <see langword="null"/> for any.</summary>
    public Func<T, bool>? Filter { get; private set; }

    internal void Done(T item)
    {
        _item = item;
        Trigger(true, item);
    }

    /// <inheritdoc/>
    protected override string Describe() => "Get from " + Store.Name;

    private protected override bool ResumeWithValue(ParkedTask waiter) => waiter.Wake(_item, WakeCause.Source);

    private protected override void HandValue(CoTask task) => task.ReceiveValue(_item);
}
