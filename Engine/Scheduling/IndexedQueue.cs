using System.Collections.Generic;

namespace Engine;

// An entry of an IndexedQueue: Key is what it is found and removed by (a waiting task, a future's listener); a default
// entry (Key null) is a hole.
internal interface IQueueEntry
{
    object? Key { get; }
}

// The FIFO behind every list of waiters (a primitive's WaitList, a future's waiters): the engine's ring buffer, so
// steady-state waits allocate nothing, plus removal of any entry by its key that stays cheap however long the list is.
//
// Removal (a cancelled or timed-out waiter leaves from anywhere in the list) must not make the list quadratic: 100,000
// waiters cancelled one by one from the middle would shift 100,000 entries and search as many each time. Nor may the
// cure tax the hot path: a contended lock's 1,000 waiters are enqueued and dequeued millions of times and never
// removed. So the list pays for removals only when they come:
// - A short list (below IndexedLength slots) removes as a ring buffer does: it finds the key and closes the gap.
// - A long list finds the key by search and leaves a hole (a default entry) in its slot instead of shifting the rest.
//   From the IndexRun-th removal in a row (no enqueue or dequeue between them: a burst of cancellations) it builds an
//   index (key to slot) once, O(n), and removes each further key in O(1). The next enqueue or dequeue drops the index,
//   so enqueue and dequeue never touch it: their only extra cost is a field test each.
// Dequeue skips holes, so the head is always an entry; Count counts the entries only. Holes never outnumber the entries:
// past that the list is compacted (O(n) after n removals, so O(1) per removal amortized). The order of the entries is
// the same either way. A key is normally in the list once (a task waits with one registration); one that is there twice
// (a combinator listening to the same future twice) keeps the list searching, so removal always takes its first entry.
internal sealed class IndexedQueue<T>
    where T : struct, IQueueEntry
{
    // Lists shorter than this remove by search and shift, with no holes made and no index.
    internal const int IndexedLength = 64;

    // The removal in a row, on a long list, that builds the index.
    internal const int IndexRun = 4;

    private readonly RingBuffer<T> _items;
    private Dictionary<object, int>? _index; // key to the sequence number of its entry; valid only while _indexed
    private bool _indexed;
    private int _first;                      // the sequence number of _items[0] while indexed (starts at 0 each build)
    private int _count;                      // entries, holes not counted
    private int _holes;                      // slots left by removals
    private int _removalsInRow;              // removals since the last enqueue or dequeue

    public IndexedQueue(int capacity = 4) => _items = new RingBuffer<T>(capacity);

    public int Count => _count;

    // The slots in FIFO order, holes included (a default entry): for saves, views and checks, not hot paths.
    public int Slots => _items.Count;

    public T this[int slot] => _items[slot];

    public void Enqueue(T entry)
    {
        if (_removalsInRow != 0)
        {
            EndRemovals();
        }

        _items.Enqueue(entry);
        _count++;
    }

    public T Dequeue()
    {
        if (_removalsInRow != 0)
        {
            EndRemovals();
        }

        _count--;
        T entry = _items.Dequeue();
        if (_holes > 0)
        {
            SkipHoles();
        }

        return entry;
    }

    // Room for count entries in all (a restore enqueues its saved waiters at once).
    public void EnsureCapacity(int count) => _items.EnsureCapacity(count);

    public bool Remove(object key, out T entry)
    {
        if (_items.Count >= IndexedLength && ++_removalsInRow >= IndexRun && !_indexed)
        {
            BuildIndex();
        }

        int i = IndexOf(key);
        if (i < 0)
        {
            entry = default;
            return false;
        }

        _count--;
        if (!_indexed && _items.Count < IndexedLength)
        {
            entry = _items.RemoveAt(i); // short: close the gap (slots move; only an index would mind, and there is none)
        }
        else
        {
            entry = _items[i];
            _index?.Remove(key);
            _items[i] = default;
            _holes++;
        }

        if (_count == 0)
        {
            Reset();
        }
        else if (_holes > _count)
        {
            Compact();
        }
        else if (i == 0 && _holes > 0)
        {
            SkipHoles();
        }

        return true;
    }

    // The slot of key's entry, or -1.
    public int IndexOf(object key)
    {
        if (_indexed)
        {
            if (_index!.TryGetValue(key, out int sequence))
            {
                int i = unchecked(sequence - _first);
                if ((uint)i < (uint)_items.Count && ReferenceEquals(_items[i].Key, key))
                {
                    return i;
                }
            }

            return -1;
        }

        for (int i = 0; i < _items.Count; i++)
        {
            if (ReferenceEquals(_items[i].Key, key))
            {
                return i; // a hole's key is null: never found
            }
        }

        return -1;
    }

    // A burst of removals on a long list: index the entries, unless a key is there twice (then the list keeps searching).
    private void BuildIndex()
    {
        Dictionary<object, int> index = _index ??= new Dictionary<object, int>(ReferenceComparer.Instance);
        index.Clear();
        _first = 0;
        for (int i = 0; i < _items.Count; i++)
        {
            if (_items[i].Key is { } key && !index.TryAdd(key, i))
            {
                index.Clear();
                return;
            }
        }

        _indexed = true;
    }

    // An enqueue or dequeue ends a run of removals, and the index with it (neither keeps it up to date).
    private void EndRemovals()
    {
        _removalsInRow = 0;
        if (_indexed)
        {
            _indexed = false;
            _index!.Clear();
        }
    }

    // Drops the holes at the head, so the head is always an entry.
    private void SkipHoles()
    {
        while (_holes > 0 && _items[0].Key is null)
        {
            _items.Dequeue();
            _first = unchecked(_first + 1);
            _holes--;
        }
    }

    // No entry left: drop the holes and the index.
    private void Reset()
    {
        _items.Clear();
        _indexed = false;
        _index?.Clear();
        _holes = 0;
        _first = 0;
    }

    // Holes outnumber the entries: close them up. The slots move, so an index is built again (the run goes on).
    private void Compact()
    {
        int slots = _items.Count;
        for (int i = 0; i < slots; i++)
        {
            T entry = _items.Dequeue();
            if (entry.Key is not null)
            {
                _items.Enqueue(entry);
            }
        }

        _holes = 0;
        if (_indexed)
        {
            _indexed = false;
            BuildIndex();
        }
    }
}
