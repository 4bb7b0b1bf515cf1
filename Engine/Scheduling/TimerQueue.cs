using System.Collections.Generic;

namespace Engine;

// Timers ordered by (due time, insertion sequence), so equal due times fire FIFO.
//
// Design: timers with exactly the same due time share one bucket (a growable array in insertion
// order), found through a dictionary; a binary min-heap orders the buckets by due time. Games and
// simulations schedule many timers on few distinct times (the same delay from the same frame), so
// the heap stays small and insertion is a hash lookup plus an array append: O(1) instead of
// O(log n) for a million timers. With all-distinct times it degrades to an ordinary heap.
// Buckets are pooled: no allocation in steady state.
//
// Removal is lazy: each entry carries the waiting task's version; a task that stopped waiting
// (cancelled, or woken by something else) has a newer version and is skipped when the bucket fires.
internal sealed class TimerQueue
{
    private readonly Dictionary<double, Bucket> _byDue = new();
    private readonly Stack<Bucket> _pool = new();
    private Bucket[] _heap = new Bucket[16];
    private int _heapCount;
    private int _count;

    /// <summary>Entries queued, including stale ones not yet skipped.</summary>
    public int Count => _count;

    public void Add(double due, object item, int version)
    {
        if (!_byDue.TryGetValue(due, out Bucket? bucket))
        {
            bucket = _pool.Count > 0 ? _pool.Pop() : new Bucket();
            bucket.Due = due;
            _byDue.Add(due, bucket);
            Push(bucket);
        }

        bucket.Append(item, version);
        _count++;
    }

    public bool TryPeekDue(out double due)
    {
        if (_heapCount == 0)
        {
            due = 0;
            return false;
        }

        due = _heap[0].Due;
        return true;
    }

    /// <summary>Removes the earliest bucket if it is due at or before <paramref name="now"/>. The caller
    /// reads its entries and then hands it back through <see cref="Release"/>.</summary>
    public Bucket? PopDue(double now)
    {
        if (_heapCount == 0 || _heap[0].Due > now)
        {
            return null;
        }

        Bucket bucket = _heap[0];
        _heapCount--;
        if (_heapCount > 0)
        {
            _heap[0] = _heap[_heapCount];
            SiftDown(0);
        }

        _heap[_heapCount] = null!;
        _byDue.Remove(bucket.Due);
        _count -= bucket.Count;
        return bucket;
    }

    public void Release(Bucket bucket)
    {
        bucket.Clear();
        _pool.Push(bucket);
    }

    private void Push(Bucket bucket)
    {
        if (_heapCount == _heap.Length)
        {
            System.Array.Resize(ref _heap, _heap.Length * 2);
        }

        int i = _heapCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (_heap[parent].Due <= bucket.Due)
            {
                break;
            }

            _heap[i] = _heap[parent];
            i = parent;
        }

        _heap[i] = bucket;
    }

    private void SiftDown(int i)
    {
        Bucket item = _heap[i];
        int half = _heapCount >> 1;
        while (i < half)
        {
            int child = (2 * i) + 1;
            int right = child + 1;
            if (right < _heapCount && _heap[right].Due < _heap[child].Due)
            {
                child = right;
            }

            if (item.Due <= _heap[child].Due)
            {
                break;
            }

            _heap[i] = _heap[child];
            i = child;
        }

        _heap[i] = item;
    }

    public sealed class Bucket
    {
        public double Due;
        public object[] Items = new object[4];
        public int[] Versions = new int[4];
        public int Count;

        public void Append(object item, int version)
        {
            if (Count == Items.Length)
            {
                System.Array.Resize(ref Items, Count * 2);
                System.Array.Resize(ref Versions, Count * 2);
            }

            Items[Count] = item;
            Versions[Count] = version;
            Count++;
        }

        public void Clear()
        {
            System.Array.Clear(Items, 0, Count);
            Count = 0;
        }
    }
}
