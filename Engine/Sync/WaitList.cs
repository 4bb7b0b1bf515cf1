namespace Engine;

// FIFO of parked tasks for a wait source: (registration, value) entries on the engine's ring buffer, so steady-state
// waits allocate nothing. Remove is O(n) but only runs for a cancelled or timed-out waiter, which keeps the list free
// of stale entries.
internal sealed class WaitList<T>
{
    private readonly RingBuffer<Entry> _items = new(4);

    public int Count => _items.Count;

    public void Enqueue(ParkedTask waiter, T value) => _items.Enqueue(new Entry(waiter, value));

    public Entry Dequeue() => _items.Dequeue();

    // Room for count entries in all (a restore enqueues its saved waiters at once).
    public void EnsureCapacity(int count) => _items.EnsureCapacity(count);

    public Entry this[int index] => _items[index];

    public bool Remove(CoTask task) => Remove(task, out Entry _);

    public bool Remove(CoTask task, out T value)
    {
        bool found = Remove(task, out Entry entry);
        value = entry.Value;
        return found;
    }

    public bool Remove(CoTask task, out Entry entry)
    {
        int i = IndexOf(task);
        if (i < 0)
        {
            entry = default;
            return false;
        }

        entry = _items.RemoveAt(i);
        return true;
    }

    public int IndexOf(CoTask task)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (ReferenceEquals(_items[i].Waiter.Task, task))
            {
                return i;
            }
        }

        return -1;
    }

    internal readonly struct Entry
    {
        public readonly ParkedTask Waiter;
        public readonly T Value;

        public Entry(ParkedTask waiter, T value)
        {
            Waiter = waiter;
            Value = value;
        }

        public CoTask Task => Waiter.Task;
    }
}
