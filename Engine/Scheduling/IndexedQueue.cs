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
// waiters cancelled one by one from the middle would shift 100,000 entries and search as many each time. A short list
// (below IndexedLength entries, every list on the hot paths) removes as before: it finds the key and closes the gap.
// A list that grows to IndexedLength builds an index (key to sequence number, the position an entry was enqueued at)
// and from then on removes by leaving a hole (a default entry) at the key's position, found through the index: O(1).
// Dequeue skips holes; Count counts the entries only. Holes never outnumber the entries: past that the list is
// compacted (O(n) after n removals, so O(1) per removal amortized), and the index goes once the list is short again.
// The order of the entries is the same either way. A key is normally in the list once (a task waits with one
// registration); one that is there twice (a combinator listening to the same future twice) makes the list find keys by
// search again, as a short list does, so removal always takes a key's first entry.
internal sealed class IndexedQueue<T>
    where T : struct, IQueueEntry
{
    // Lists up to this long remove by search and shift, with no index: the hot paths never see one.
    internal const int IndexedLength = 64;

    private readonly RingBuffer<T> _items;
    private Dictionary<object, int>? _index; // key to the sequence number of its entry; only for long lists
    private int _first;                      // the sequence number of _items[0] (counts only while indexed; wraps)
    private int _count;                      // entries, holes not counted
    private int _holes;                      // slots left by removals (only while indexed)
    private bool _duplicates;                // a key entered twice while indexed: find keys by search

    public IndexedQueue(int capacity = 4) => _items = new RingBuffer<T>(capacity);

    public int Count => _count;

    // The slots in FIFO order, holes included (a default entry): for saves, views and checks, not hot paths.
    public int Slots => _items.Count;

    public T this[int slot] => _items[slot];

    public void Enqueue(T entry)
    {
        if (_items.Count >= IndexedLength - 1)
        {
            Index(entry.Key!, _items.Count);
        }

        _items.Enqueue(entry);
        _count++;
    }

    public T Dequeue()
    {
        if (_index is not null)
        {
            return DequeueIndexed();
        }

        _count--;
        return _items.Dequeue();
    }

    // Room for count entries in all (a restore enqueues its saved waiters at once).
    public void EnsureCapacity(int count) => _items.EnsureCapacity(count);

    public bool Remove(object key, out T entry)
    {
        int i = IndexOf(key);
        if (i < 0)
        {
            entry = default;
            return false;
        }

        if (_index is null)
        {
            entry = _items.RemoveAt(i);
            _count--;
            return true;
        }

        entry = _items[i];
        _index.Remove(key);
        _items[i] = default;
        _count--;
        _holes++;
        if (_count == 0)
        {
            Reset();
        }
        else if (_holes > _count)
        {
            Compact();
        }
        else if (i == 0)
        {
            SkipHoles();
        }

        return true;
    }

    // The slot of key's entry, or -1.
    public int IndexOf(object key)
    {
        if (_index is not null && !_duplicates)
        {
            if (_index.TryGetValue(key, out int sequence))
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

    // The list reached IndexedLength: index it (once), then the new entry at slot.
    private void Index(object key, int slot)
    {
        if (_index is null)
        {
            _index = new Dictionary<object, int>(ReferenceComparer.Instance);
            _first = 0;
            for (int i = 0; i < _items.Count; i++)
            {
                _duplicates |= !_index.TryAdd(_items[i].Key!, i);
            }
        }

        _duplicates |= !_index.TryAdd(key, unchecked(_first + slot));
    }

    private T DequeueIndexed()
    {
        T entry = _items.Dequeue();
        object key = entry.Key!;
        if (_index!.TryGetValue(key, out int sequence) && sequence == _first)
        {
            _index.Remove(key);
        }

        _first = unchecked(_first + 1);
        _count--;
        if (_count == 0)
        {
            Reset();
        }
        else if (_holes > _count || _items.Count < IndexedLength / 2)
        {
            Compact();
        }
        else
        {
            SkipHoles();
        }

        return entry;
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

    // No entry left: drop the holes and the index; the list is short again.
    private void Reset()
    {
        _items.Clear();
        _index = null;
        _holes = 0;
        _first = 0;
        _duplicates = false;
    }

    // Holes outnumber the entries, or the list is short again: close the holes up, renumbering the entries; a list
    // shorter than half IndexedLength drops its index.
    private void Compact()
    {
        int slots = _items.Count;
        bool keepIndex = _count >= IndexedLength / 2;
        _index!.Clear();
        _duplicates = false;
        for (int i = 0; i < slots; i++)
        {
            T entry = _items.Dequeue();
            if (entry.Key is not null)
            {
                if (keepIndex)
                {
                    // Its new slot: the entries kept before it, behind the slots still to look at.
                    _duplicates |= !_index.TryAdd(entry.Key, _items.Count - (slots - i - 1));
                }

                _items.Enqueue(entry);
            }
        }

        _first = 0;
        _holes = 0;
        if (!keepIndex)
        {
            _index = null;
        }
    }
}
