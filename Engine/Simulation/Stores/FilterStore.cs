using System;

namespace Engine.Simulation;

/// <summary>
/// A store whose gets take the first item that matches a filter (SimPy's <c>FilterStore</c>):
/// <c>yield return store.Get(part =&gt; part.Size == size);</c>. A get with no matching item waits; every waiting get is
/// tried whenever an item arrives, so a later get may be served before an earlier one that wants something else.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
public sealed class FilterStore<T> : Store<T>
{
    /// <summary>Creates a filter store.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The most items it holds; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="name">A name for messages and reports.</param>
    public FilterStore(SimEnvironment env, int capacity = int.MaxValue, string? name = null)
        : base(env, capacity, name)
    {
    }

    private protected override bool ServesEveryGet => true;

    /// <summary>Takes the first item (in arrival order) that <paramref name="filter"/> accepts.</summary>
    /// <param name="filter">The filter; it must not change the store.</param>
    /// <returns>The get.</returns>
    public StoreGet<T> Get(Func<T, bool> filter)
    {
        if (filter is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(filter));
        }

        return AddGet(new StoreGet<T>(this, filter));
    }

    private protected override bool TryTakeItem(StoreGet<T> get, out T item)
    {
        RingBuffer<T> items = FifoItems;
        Func<T, bool>? filter = get.Filter;
        for (int i = 0; i < items.Count; i++)
        {
            if (filter is null || filter(items[i]))
            {
                item = i == 0 ? items.Dequeue() : items.RemoveAt(i);
                return true;
            }
        }

        item = default!;
        return false;
    }
}
