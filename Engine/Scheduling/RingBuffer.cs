using System;
using System.Runtime.CompilerServices;

namespace Engine;

// A FIFO ring buffer: the one queue of the engine. It serves the loop's ready queue, the FIFO stores of
// CoQueue, and the waiter lists of every synchronization primitive.
//
// Design: an array used circularly that grows by doubling and never shrinks, so steady state allocates
// nothing. Enqueue and Dequeue are O(1) and inline; PushFront (give an item back to the head) is O(1);
// RemoveAt is O(n) and only serves the cold paths (a waiter leaving the middle of a short list: IndexedQueue).
// Single-threaded: owned by one loop. Slots are cleared on removal so the buffer keeps nothing alive.
internal sealed class RingBuffer<T>
{
    private T[] _items;
    private int _head;
    private int _count;

    public RingBuffer(int capacity = 8)
    {
        _items = new T[capacity < 1 ? 1 : capacity];
    }

    public int Count => _count;

    // The i-th item from the head (0 is the next to dequeue; index below the array's length, callers stay below Count).
    // Through Slot: taking a ref to an element of a shared generic array would otherwise check its type on every call.
    public ref T this[int index]
    {
        get
        {
            int i = _head + index;
            if (i >= _items.Length)
            {
                i -= _items.Length;
            }

            return ref Slot(_items, i);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(T item)
    {
        T[] items = _items;
        if (_count == items.Length)
        {
            Grow();
            items = _items;
        }

        int tail = _head + _count;
        if (tail >= items.Length)
        {
            tail -= items.Length;
        }

        Slot(items, tail) = item;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public T Dequeue()
    {
        T[] items = _items;
        int head = _head;
        ref T slot = ref Slot(items, head);
        T item = slot;
        slot = default!;
        head++;
        if (head == items.Length)
        {
            head = 0;
        }

        _head = head;
        _count--;
        return item;
    }

    // A slot of the ring's array, index known to be in range. On .NET without the bounds check and, for reference types,
    // without the covariant store check of a shared generic array (a helper call on every Enqueue): the array is always
    // a T[] this ring made. netstandard2.1 keeps the plain indexer.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Slot(T[] items, int index) =>
#if NET
        ref Unsafe.Add(ref System.Runtime.InteropServices.MemoryMarshal.GetArrayDataReference(items), index);
#else
        ref items[index];
#endif

    public void PushFront(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = item;
        _count++;
    }

    // Removes the item at position index from the head, keeping the order of the others.
    public T RemoveAt(int index)
    {
        int len = _items.Length;
        int at = (_head + index) % len;
        T removed = _items[at];
        for (int k = index; k < _count - 1; k++)
        {
            _items[(_head + k) % len] = _items[(_head + k + 1) % len];
        }

        _items[(_head + _count - 1) % len] = default!;
        _count--;
        return removed;
    }

    public void Clear()
    {
        while (_count > 0)
        {
            Dequeue();
        }

        _head = 0;
    }

    // Makes room for count items in all, at once (a restore knows how many it will enqueue; cold).
    public void EnsureCapacity(int count)
    {
        if (count > _items.Length)
        {
            Resize(count);
        }
    }

    private void Grow() => Resize(_items.Length * 2);

    private void Resize(int capacity)
    {
        var bigger = new T[capacity];
        int firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, bigger, 0, firstPart);
        Array.Copy(_items, 0, bigger, firstPart, _count - firstPart);
        _items = bigger;
        _head = 0;
    }
}
