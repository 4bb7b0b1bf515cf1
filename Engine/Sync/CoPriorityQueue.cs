using System.Collections.Generic;

namespace Engine;

/// <summary>A priority <see cref="CoQueue{T}"/> (asyncio's <c>PriorityQueue</c>): <see cref="CoQueue{T}.Get"/> returns the
/// smallest item by <see cref="IComparer{T}"/>; equal items come out in the order they were put (unlike asyncio's heap,
/// which leaves that order undefined), so runs are deterministic.</summary>
/// <typeparam name="T">The item type, for example <c>(int Priority, string Job)</c>.</typeparam>
public sealed class CoPriorityQueue<T> : CoQueue<T>
{
    /// <summary>Creates a priority queue.</summary>
    /// <param name="capacity">The most items it holds; 0 for no limit.</param>
    /// <param name="comparer">The ordering; <see cref="Comparer{T}.Default"/> when <see langword="null"/>.</param>
    public CoPriorityQueue(int capacity = 0, IComparer<T>? comparer = null)
        : base(capacity, new PriorityStore<T>(comparer ?? Comparer<T>.Default))
    {
    }
}
