using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// A store whose gets take the smallest item by a comparer (SimPy's <c>PriorityStore</c>): items with equal priority come
/// out in the order they were put.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>Design: the engine's stable heap. SimPy's heap leaves equal priorities in heap order rather than arrival
/// order; a model ported from SimPy that relies on the order of equal priorities should give distinct priorities.</remarks>
public sealed partial class PriorityStore<T> : Store<T>
{
    private readonly StableHeap<T, ComparerAdapter<T>> _heap;
    private readonly IComparer<T> _comparer;

    /// <summary>Creates a priority store.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="comparer">Orders the items, smallest first; <see cref="Comparer{T}.Default"/> when omitted.</param>
    /// <param name="capacity">The most items it holds; <see cref="int.MaxValue"/> for no limit.</param>
    /// <param name="name">A name for messages and reports.</param>
    public PriorityStore(SimEnvironment env, IComparer<T>? comparer = null, int capacity = int.MaxValue, string? name = null)
        : base(env, capacity, name)
    {
        _comparer = comparer ?? Comparer<T>.Default;
        _heap = new StableHeap<T, ComparerAdapter<T>>(new ComparerAdapter<T>(_comparer));
    }

    private protected override int ItemCount => _heap.Count;

    private protected override void AddItem(T item) => _heap.Push(item);

    private protected override bool TryTakeItem(StoreGet<T> get, out T item)
    {
        if (_heap.Count == 0)
        {
            item = default!;
            return false;
        }

        item = _heap.Pop();
        return true;
    }

    private protected override IReadOnlyList<T> SnapshotItems()
    {
        var list = new List<T>(_heap.Count);
        for (int i = 0; i < _heap.Count; i++)
        {
            list.Add(_heap.ItemAt(i));
        }

        return list;
    }
}
