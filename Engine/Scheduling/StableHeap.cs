using System;
using System.Collections.Generic;

namespace Engine;

// A binary min-heap ordered by (key, insertion sequence): items with equal keys come out in the order they
// went in, so everything ordered by it is deterministic. It serves the timer queue (buckets by due time), the
// priority resources (requests by priority), and the priority stores and queues (items by a user's comparer:
// Simulation's PriorityStore, Sync's CoPriorityQueue).
//
// Design: the comparer is a struct type parameter, so the timer queue's comparisons inline; a user's
// IComparer is wrapped in one (ComparerAdapter). PushFront gives an item back ahead of its equals with a
// decreasing negative sequence (a cancelled getter returning what it was handed). Arrays grow by doubling
// and never shrink: no allocation in steady state.
//
// A user's comparer may throw (IUserCodeComparer): then Push and Pop first find where the item goes by comparing
// only, and move items only once every comparison has returned, so an exception leaves the heap exactly as it was
// and the operation that asked fails alone (a priority store fails that put or get; the simulation goes on). The
// engine's own comparers cannot throw and keep the one-pass sift.
internal sealed class StableHeap<T, TComparer>
    where TComparer : struct, IComparer<T>
{
    private readonly TComparer _comparer;
    private Entry[] _heap = new Entry[16];
    private int _count;
    private long _nextSeq;
    private long _frontSeq;

    public StableHeap(TComparer comparer)
    {
        _comparer = comparer;
    }

    public int Count => _count;

    // The smallest item; the heap must not be empty.
    public T Peek() => _heap[0].Item;

    // The i-th slot of the heap in storage order (not sorted), for snapshots and introspection.
    public T ItemAt(int index) => _heap[index].Item;

    // The insertion sequence of the i-th slot: with the key, it gives the order items come out in (snapshots).
    public long SequenceAt(int index) => _heap[index].Seq;

    // The two sequence counters (snapshots): the next Push's sequence and the last PushFront's.
    public (long Next, long Front) Sequences => (_nextSeq, _frontSeq);

    // Puts back a saved heap slot by slot, as it was (snapshots): already a valid heap, so no sifting that could reorder
    // ties; then the counters, so later pushes get the sequences they would have had.
    public void RestoreSlot(T item, long sequence)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _count * 2);
        }

        _heap[_count++] = new Entry(item, sequence);
    }

    public void RestoreSequences(long next, long front)
    {
        _nextSeq = next;
        _frontSeq = front;
    }

    public void Push(T item) => Insert(new Entry(item, _nextSeq++));

    public void PushFront(T item) => Insert(new Entry(item, --_frontSeq));

    public T Pop()
    {
        T top = _heap[0].Item;
        if (default(TComparer) is IUserCodeComparer)
        {
            PopComparingFirst();
            return top;
        }

        _count--;
        Entry last = _heap[_count];
        _heap[_count] = default;
        if (_count > 0)
        {
            SiftDown(last);
        }

        return top;
    }

    // Pop for a comparer that may throw: the last item's place is found before anything moves. The path from the root to
    // that place is the place's own number (its bits below the leading one say left or right at each level), so the
    // second pass needs no record of it.
    private void PopComparingFirst()
    {
        int count = _count - 1;
        Entry last = _heap[count];
        int place = 0;
        int half = count >> 1;
        while (place < half)
        {
            int child = (2 * place) + 1;
            if (child + 1 < count && Less(_heap[child + 1], _heap[child]))
            {
                child++;
            }

            if (!Less(_heap[child], last))
            {
                break;
            }

            place = child;
        }

        int levels = 0;
        for (int n = place + 1; n > 1; n >>= 1)
        {
            levels++;
        }

        int hole = 0;
        for (int level = levels - 1; level >= 0; level--)
        {
            int next = (2 * hole) + 1 + (((place + 1) >> level) & 1);
            _heap[hole] = _heap[next];
            hole = next;
        }

        _heap[hole] = last;
        _heap[count] = default;
        _count = count;
    }

    // Drops every item dead says to drop in one pass and rebuilds the heap bottom-up (Floyd), O(n). Items keep their
    // sequences and (key, sequence) is a total order, so the others come out exactly as they would have.
    public void RemoveAll(Predicate<T> dead)
    {
        int kept = 0;
        for (int i = 0; i < _count; i++)
        {
            if (!dead(_heap[i].Item))
            {
                _heap[kept++] = _heap[i];
            }
        }

        Array.Clear(_heap, kept, _count - kept);
        _count = kept;
        for (int i = (kept >> 1) - 1; i >= 0; i--)
        {
            SiftDown(i, _heap[i]);
        }
    }

    private void Insert(Entry entry)
    {
        if (_count == _heap.Length)
        {
            Array.Resize(ref _heap, _count * 2);
        }

        if (default(TComparer) is IUserCodeComparer)
        {
            InsertComparingFirst(entry);
            return;
        }

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

    // Insert for a comparer that may throw: the entry's place among the ancestors of the new last slot is found first,
    // then those between it and the slot move down.
    private void InsertComparingFirst(Entry entry)
    {
        int place = _count;
        while (place > 0)
        {
            int parent = (place - 1) >> 1;
            if (!Less(entry, _heap[parent]))
            {
                break;
            }

            place = parent;
        }

        for (int hole = _count; hole != place; hole = (hole - 1) >> 1)
        {
            _heap[hole] = _heap[(hole - 1) >> 1];
        }

        _heap[place] = entry;
        _count++;
    }

    // Removes the entry pushed with this sequence (a putter withdrawn after its item went in: Sync/CoQueue.cs), keeping
    // every other entry's sequence, so the others come out exactly as they would have. Cold path: the rest is rebuilt in
    // a new array that replaces the heap only once built, so a comparer that throws leaves the heap as it was.
    public bool RemoveSequence(long sequence)
    {
        int found = -1;
        for (int k = 0; k < _count; k++)
        {
            if (_heap[k].Seq == sequence)
            {
                found = k;
                break;
            }
        }

        if (found < 0)
        {
            return false;
        }

        var rebuilt = new Entry[_heap.Length];
        int kept = 0;
        for (int k = 0; k < _count; k++)
        {
            if (k != found)
            {
                rebuilt[kept++] = _heap[k];
            }
        }

        for (int k = (kept >> 1) - 1; k >= 0; k--)
        {
            SiftDown(rebuilt, kept, k, rebuilt[k]);
        }

        _heap = rebuilt;
        _count = kept;
        return true;
    }

    private void SiftDown(Entry item) => SiftDown(_heap, _count, 0, item);

    private void SiftDown(int i, Entry item) => SiftDown(_heap, _count, i, item);

    private void SiftDown(Entry[] heap, int count, int i, Entry item)
    {
        int half = count >> 1;
        while (i < half)
        {
            int child = (2 * i) + 1;
            if (child + 1 < count && Less(heap[child + 1], heap[child]))
            {
                child++;
            }

            if (!Less(heap[child], item))
            {
                break;
            }

            heap[i] = heap[child];
            i = child;
        }

        heap[i] = item;
    }

    private bool Less(in Entry a, in Entry b)
    {
        int c = _comparer.Compare(a.Item, b.Item);
        return c < 0 || (c == 0 && a.Seq < b.Seq);
    }

    private readonly struct Entry
    {
        public readonly T Item;
        public readonly long Seq;

        public Entry(T item, long seq)
        {
            Item = item;
            Seq = seq;
        }
    }
}

// A StableHeap comparer that runs user code, which may throw: the heap compares before it moves (see StableHeap).
internal interface IUserCodeComparer
{
}

// Lets a user's IComparer order a StableHeap (the priority stores).
internal readonly struct ComparerAdapter<T> : IComparer<T>, IUserCodeComparer
{
    private readonly IComparer<T> _comparer;

    public ComparerAdapter(IComparer<T> comparer) => _comparer = comparer;

    public int Compare(T? x, T? y) => _comparer.Compare(x!, y!);
}
