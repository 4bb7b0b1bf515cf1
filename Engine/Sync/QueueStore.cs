using System;
using System.Collections.Generic;

namespace Engine;

// The item storage behind CoQueue (FIFO), CoLifoQueue (stack) and CoPriorityQueue (heap). Arrays grow by
// doubling and never shrink: no allocation in steady state. PushFront returns an item to the head of the
// get order (a cancelled getter giving back what it was handed); RemoveNewest takes back the most recently pushed
// entry equal to an item (a cancelled putter whose item went in when room appeared). Both are cold paths.
internal abstract partial class QueueStore<T>
{
    public abstract int Count { get; }

    public abstract void Push(T item);

    public abstract T Pop();

    public abstract void PushFront(T item);

    public abstract bool RemoveNewest(T item);
}

internal sealed partial class FifoStore<T> : QueueStore<T>
{
    private T[] _items = new T[8];
    private int _head;
    private int _count;

    public override int Count => _count;

    public override void Push(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        int tail = _head + _count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }

        _items[tail] = item;
        _count++;
    }

    public override T Pop()
    {
        T item = _items[_head];
        _items[_head] = default!;
        if (++_head == _items.Length)
        {
            _head = 0;
        }

        _count--;
        return item;
    }

    public override void PushFront(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = item;
        _count++;
    }

    public override bool RemoveNewest(T item)
    {
        for (int k = _count - 1; k >= 0; k--)
        {
            if (EqualityComparer<T>.Default.Equals(_items[(_head + k) % _items.Length], item))
            {
                for (int j = k; j < _count - 1; j++)
                {
                    _items[(_head + j) % _items.Length] = _items[(_head + j + 1) % _items.Length];
                }

                _items[(_head + _count - 1) % _items.Length] = default!;
                _count--;
                return true;
            }
        }

        return false;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        for (int k = 0; k < _count; k++)
        {
            bigger[k] = _items[(_head + k) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }
}

internal sealed partial class LifoStore<T> : QueueStore<T>
{
    private T[] _items = new T[8];
    private int _count;

    public override int Count => _count;

    public override void Push(T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
        }

        _items[_count++] = item;
    }

    public override T Pop()
    {
        T item = _items[--_count];
        _items[_count] = default!;
        return item;
    }

    public override void PushFront(T item) => Push(item);

    public override bool RemoveNewest(T item)
    {
        for (int k = _count - 1; k >= 0; k--)
        {
            if (EqualityComparer<T>.Default.Equals(_items[k], item))
            {
                Array.Copy(_items, k + 1, _items, k, _count - k - 1);
                _items[--_count] = default!;
                return true;
            }
        }

        return false;
    }
}

// A binary min-heap ordered by (comparer, insertion sequence): equal priorities come out FIFO, so the order
// is deterministic. PushFront uses a decreasing negative sequence to go first among equals.
internal sealed partial class PriorityStore<T> : QueueStore<T>
{
    private readonly IComparer<T> _comparer;
    private (T Item, long Seq)[] _heap = new (T, long)[8];
    private int _count;
    private long _seq;
    private long _frontSeq;

    public PriorityStore(IComparer<T> comparer) => _comparer = comparer;

    public override int Count => _count;

    public override void Push(T item) => Insert(item, _seq++);

    public override void PushFront(T item) => Insert(item, --_frontSeq);

    public override T Pop()
    {
        T top = _heap[0].Item;
        _count--;
        (T, long) last = _heap[_count];
        _heap[_count] = default;
        if (_count > 0)
        {
            int i = 0;
            int half = _count >> 1;
            while (i < half)
            {
                int child = (2 * i) + 1;
                if (child + 1 < _count && Less(_heap[child + 1], _heap[child]))
                {
                    child++;
                }

                if (!Less(_heap[child], last))
                {
                    break;
                }

                _heap[i] = _heap[child];
                i = child;
            }

            _heap[i] = last;
        }

        return top;
    }

    public override bool RemoveNewest(T item)
    {
        int found = -1;
        for (int k = 0; k < _count; k++)
        {
            if (EqualityComparer<T>.Default.Equals(_heap[k].Item, item) && (found < 0 || _heap[k].Seq > _heap[found].Seq))
            {
                found = k;
            }
        }

        if (found < 0)
        {
            return false;
        }

        // Rebuild the heap without that entry, keeping every other entry's sequence (so the order among equals holds).
        var rest = new (T Item, long Seq)[_count - 1];
        for (int k = 0, r = 0; k < _count; k++)
        {
            if (k != found)
            {
                rest[r++] = _heap[k];
            }
        }

        Array.Clear(_heap, 0, _count);
        _count = 0;
        foreach ((T Item, long Seq) entry in rest)
        {
            Insert(entry.Item, entry.Seq);
        }

        return true;
    }

    private void Insert(T item, long seq)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _count * 2);
        }

        (T, long) entry = (item, seq);
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(entry, _heap[parent]))
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = entry;
    }

    private bool Less((T Item, long Seq) a, (T Item, long Seq) b)
    {
        int c = _comparer.Compare(a.Item, b.Item);
        return c < 0 || (c == 0 && a.Seq < b.Seq);
    }
}
