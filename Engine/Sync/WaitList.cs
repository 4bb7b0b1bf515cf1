namespace Engine;

// FIFO of parked tasks for a wait source: a ring buffer of (task, version, value) that grows by doubling
// and never shrinks, so steady-state waits allocate nothing. Remove is O(n) but only runs for a cancelled
// or timed-out waiter, which keeps the list free of stale entries.
internal sealed class WaitList<T>
{
    private Entry[] _items = new Entry[4];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Enqueue(CoTask task, int version, T value)
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

        _items[tail] = new Entry(task, version, value);
        _count++;
    }

    public ref Entry Peek() => ref _items[_head];

    public Entry Dequeue()
    {
        Entry e = _items[_head];
        _items[_head] = default;
        _head++;
        if (_head == _items.Length)
        {
            _head = 0;
        }

        _count--;
        return e;
    }

    public bool Contains(CoTask task) => IndexOf(task) >= 0;

    public bool Remove(CoTask task) => Remove(task, out _);

    public bool Remove(CoTask task, out T value)
    {
        int i = IndexOf(task);
        if (i < 0)
        {
            value = default!;
            return false;
        }

        int len = _items.Length;
        value = _items[(_head + i) % len].Value;
        for (int k = i; k < _count - 1; k++)
        {
            _items[(_head + k) % len] = _items[(_head + k + 1) % len];
        }

        _items[(_head + _count - 1) % len] = default;
        _count--;
        return true;
    }

    private int IndexOf(CoTask task)
    {
        int len = _items.Length;
        for (int k = 0; k < _count; k++)
        {
            if (ReferenceEquals(_items[(_head + k) % len].Task, task))
            {
                return k;
            }
        }

        return -1;
    }

    private void Grow()
    {
        var bigger = new Entry[_items.Length * 2];
        for (int k = 0; k < _count; k++)
        {
            bigger[k] = _items[(_head + k) % _items.Length];
        }

        _items = bigger;
        _head = 0;
    }

    internal struct Entry
    {
        public CoTask Task;
        public int Version;
        public T Value;

        public Entry(CoTask task, int version, T value)
        {
            Task = task;
            Version = version;
            Value = value;
        }
    }
}
