namespace Engine.Machines;

/// <summary>
/// A small bounded stack of reusable objects, used by generated coroutine factories so that restarting a coroutine
/// allocates nothing after warm-up.
/// </summary>
/// <remarks>
/// Design: not thread-safe on purpose. Generated machines keep one pool per thread (a <c>[ThreadStatic]</c> field),
/// matching the one-loop-per-thread model, so renting and returning are an array read and write with no locks.
/// Items beyond <see cref="Capacity"/> are dropped for the GC to collect.
/// </remarks>
/// <typeparam name="T">The pooled type.</typeparam>
public sealed class MachinePool<T>
    where T : class
{
    private readonly T?[] _items;
    private int _count;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="capacity">The most items kept; at least 1.</param>
    public MachinePool(int capacity)
    {
        _items = new T?[capacity < 1 ? 1 : capacity];
    }

    /// <summary>The most items this pool keeps.</summary>
    public int Capacity => _items.Length;

    /// <summary>How many items the pool holds now.</summary>
    public int Count => _count;

    /// <summary>Takes an item from the pool.</summary>
    /// <returns>A pooled item, or <see langword="null"/> when the pool is empty.</returns>
    public T? TryRent()
    {
        int count = _count;
        if (count == 0)
        {
            return null;
        }

        count--;
        T? item = _items[count];
        _items[count] = null;
        _count = count;
        return item;
    }

    /// <summary>Gives an item back to the pool.</summary>
    /// <param name="item">The item, no longer used by its renter.</param>
    /// <returns><see langword="true"/> if kept; <see langword="false"/> if the pool was full.</returns>
    public bool Return(T item)
    {
        int count = _count;
        T?[] items = _items;
        if ((uint)count >= (uint)items.Length)
        {
            return false;
        }

        items[count] = item;
        _count = count + 1;
        return true;
    }
}
