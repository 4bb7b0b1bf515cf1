namespace Engine;

// FIFO of parked tasks for a wait source: (registration, value) entries on an IndexedQueue, so steady-state waits
// allocate nothing and a cancelled waiter leaves from anywhere in O(1) amortized, however long the list.
internal sealed class WaitList<T>
{
    private readonly IndexedQueue<Entry> _items = new();

    public int Count => _items.Count;

    // The entries in FIFO order, holes included (EntryAt(i).IsHole): Slots of them. For saves and checks, not hot paths.
    public int Slots => _items.Slots;

    public void Enqueue(ParkedTask waiter, T value) => _items.Enqueue(new Entry(waiter, value));

    public Entry Dequeue() => _items.Dequeue();

    // Room for count entries in all (a restore enqueues its saved waiters at once).
    public void EnsureCapacity(int count) => _items.EnsureCapacity(count);

    public Entry EntryAt(int slot) => _items[slot];

    public bool Remove(CoTask task) => _items.Remove(task, out Entry _);

    public bool Remove(CoTask task, out T value)
    {
        bool found = _items.Remove(task, out Entry entry);
        value = entry.Value;
        return found;
    }

    public bool Remove(CoTask task, out Entry entry) => _items.Remove(task, out entry);

    // The slot of task's waiting entry, or -1.
    public int IndexOf(CoTask task) => _items.IndexOf(task);

    internal readonly struct Entry : IQueueEntry
    {
        public readonly ParkedTask Waiter;
        public readonly T Value;

        public Entry(ParkedTask waiter, T value)
        {
            Waiter = waiter;
            Value = value;
        }

        public CoTask Task => Waiter.Task;

        // A slot a removal left (long lists: IndexedQueue); never returned by Dequeue.
        public bool IsHole => Waiter.Task is null;

        object? IQueueEntry.Key => Waiter.Task;
    }
}
