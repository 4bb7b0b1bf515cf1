using System;
using System.Runtime.CompilerServices;

namespace Engine;

// FIFO ring buffer of runnable items (CoTask or CallbackHandle). Grows by doubling and never
// shrinks, so the steady state allocates nothing. Single-threaded: owned by one loop.
internal sealed class ReadyQueue
{
    private object[] _items = new object[64];
    private int _head;
    private int _count;

    public int Count => _count;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Enqueue(object item)
    {
        object[] items = _items;
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

        items[tail] = item;
        _count++;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public object Dequeue()
    {
        object[] items = _items;
        int head = _head;
        object item = items[head];
        items[head] = null!;
        head++;
        if (head == items.Length)
        {
            head = 0;
        }

        _head = head;
        _count--;
        return item;
    }

    private void Grow()
    {
        object[] bigger = new object[_items.Length * 2];
        int firstPart = Math.Min(_count, _items.Length - _head);
        Array.Copy(_items, _head, bigger, 0, firstPart);
        Array.Copy(_items, 0, bigger, firstPart, _count - firstPart);
        _items = bigger;
        _head = 0;
    }
}
