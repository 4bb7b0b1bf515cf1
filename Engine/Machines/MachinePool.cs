namespace Engine.Machines;

/// <summary>
/// A stack of reusable objects, used by generated coroutine factories so that restarting a coroutine allocates nothing
/// after warm-up.
/// </summary>
/// <remarks>
/// Design: not thread-safe on purpose. Generated machines keep one pool per thread (a <c>[ThreadStatic]</c> field),
/// matching the one-loop-per-thread model, so renting and returning are an array read and write with no locks. The
/// pool grows to the most items ever returned while none were rented, up to <see cref="MaxCapacity"/>: a game scene
/// where thousands of scripts run the same child coroutine at once keeps that many machines after warm-up instead of
/// allocating the excess on every call. Items beyond <see cref="MaxCapacity"/> are dropped for the GC to collect.
/// </remarks>
/// <typeparam name="T">The pooled type.</typeparam>
public sealed class MachinePool<T>
    where T : class
{
    /// <summary>The most items a pool keeps, however many were in use at once.</summary>
    public const int MaxCapacity = 1 << 16;

    private T?[] _items;
    private int _count;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="capacity">How many items it holds before it first grows; at least 1.</param>
    public MachinePool(int capacity)
    {
        _items = new T?[capacity < 1 ? 1 : capacity];
    }

    /// <summary>How many items this pool holds before it grows next (never more than <see cref="MaxCapacity"/>).</summary>
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
    /// <returns><see langword="true"/> if kept; <see langword="false"/> if the pool holds <see cref="MaxCapacity"/> items.</returns>
    public bool Return(T item)
    {
        int count = _count;
        T?[] items = _items;
        if ((uint)count >= (uint)items.Length)
        {
            if (items.Length >= MaxCapacity)
            {
                return false;
            }

            System.Array.Resize(ref _items, System.Math.Min(items.Length * 2, MaxCapacity));
            items = _items;
        }

        items[count] = item;
        _count = count + 1;
        return true;
    }
}
