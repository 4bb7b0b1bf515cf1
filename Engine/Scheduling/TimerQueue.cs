using System;
using System.Collections.Generic;

namespace Engine;

// Timers ordered by (due time, insertion sequence), so equal due times fire FIFO.
//
// Workload: games and simulations schedule many timers on few distinct times (the same delay from the same frame;
// on the real clock too, since the loop reads the clock once per iteration), and a million pending timers is a
// normal simulation. So timers with exactly the same due time share one bucket, an array in insertion order; a map
// finds a time's bucket and a stable min-heap (StableHeap) orders the buckets. Adding is a map probe (skipped when
// the previous add went to the same time) and an append: O(1), not O(log n). With all-distinct times it degrades to
// an ordinary heap.
//
// Memory: entries are two parallel arrays (item, wait version) in slabs pooled by power-of-two size; a bucket that
// outgrows its slab trades it for the next size up, and a fired bucket returns its slab. Slabs are never resized in
// place, and a size with no free slab takes the smallest free larger one, so a new slab is allocated only when the
// slabs in use at once exceed every earlier peak, not each time one size class happens to peak while others idle
// (that per-class creep cost a realistic game scene tens of bytes per frame for thousands of frames). The timer queues
// of a game's script groups share one pool of buckets and slabs (TimerQueue.Pool), for the same reason.
//
// Removal is lazy: an entry carries the parked task's wait version; a task that stopped waiting has a newer
// version and its entry is skipped when the bucket fires (ParkedTask). Callbacks carry their own cancel flag.
internal sealed class TimerQueue
{
    private readonly StableHeap<Bucket, BucketOrder> _heap = new(default);
    private readonly Pool _pool;
    private Bucket?[] _map = new Bucket?[64];
    private int _mapCount;
    private Bucket? _last;
    private int _count;

    public TimerQueue()
        : this(new Pool())
    {
    }

    // A queue that takes its buckets and slabs from a pool shared with other queues of the same loop (thread).
    public TimerQueue(Pool pool) => _pool = pool;

    // Entries queued, including stale ones not yet skipped.
    public int Count => _count;

    // Buckets pending (distinct due times).
    public int BucketCount => _heap.Count;

    public void Add(double due, object item, int version)
    {
        due += 0.0; // -0.0 and 0.0 are one time
        Bucket? bucket = _last;
        if (bucket is null || bucket.Due != due || !bucket.Pending)
        {
            bucket = Find(due) ?? Open(due);
            _last = bucket;
        }

        Slab slab = bucket.Slab!;
        if (bucket.Count == slab.Items.Length)
        {
            bucket.Slab = slab = Grow(slab, bucket.Count);
        }

        slab.Items[bucket.Count] = item;
        slab.Versions[bucket.Count] = version;
        bucket.Count++;
        _count++;
    }

    public bool TryPeekDue(out double due)
    {
        if (_heap.Count == 0)
        {
            due = 0;
            return false;
        }

        due = _heap.Peek().Due;
        return true;
    }

    // Removes the earliest bucket if it is due at or before now. The caller reads its entries (Items, Versions,
    // Count) and then hands it back through Release.
    public Bucket? PopDue(double now)
    {
        if (_heap.Count == 0 || _heap.Peek().Due > now)
        {
            return null;
        }

        Bucket bucket = _heap.Pop();
        Unmap(bucket);
        bucket.Pending = false;
        if (ReferenceEquals(_last, bucket))
        {
            _last = null;
        }

        _count -= bucket.Count;
        return bucket;
    }

    public void Release(Bucket bucket)
    {
        Slab slab = bucket.Slab!;
        Array.Clear(slab.Items, 0, bucket.Count);
        bucket.Slab = null;
        bucket.Count = 0;
        _pool.Return(slab);
        _pool.Return(bucket);
    }

    // Every pending bucket, earliest first, for snapshots and introspection (cold: allocates).
    public Bucket[] GetBuckets()
    {
        var buckets = new Bucket[_heap.Count];
        for (int i = 0; i < buckets.Length; i++)
        {
            buckets[i] = _heap.ItemAt(i);
        }

        Array.Sort(buckets, static (a, b) => a.Due.CompareTo(b.Due));
        return buckets;
    }

    private Bucket Open(double due)
    {
        Bucket bucket = _pool.RentBucket();
        bucket.Due = due;
        bucket.Pending = true;
        bucket.Slab = _pool.Rent(0);
        Map(bucket);
        _heap.Push(bucket);
        return bucket;
    }

    private Slab Grow(Slab slab, int count)
    {
        Slab bigger = _pool.Rent(slab.SizeClass + 1);
        Array.Copy(slab.Items, bigger.Items, count);
        Array.Copy(slab.Versions, bigger.Versions, count);
        Array.Clear(slab.Items, 0, count);
        _pool.Return(slab);
        return bigger;
    }

    // --- The due-time map: open addressing with linear probing, keyed by the time's bits. ---

    private int Home(double due) =>
        (int)((ulong)BitConverter.DoubleToInt64Bits(due) * 0x9E3779B97F4A7C15UL >> 40) & (_map.Length - 1);

    private Bucket? Find(double due)
    {
        Bucket?[] map = _map;
        int mask = map.Length - 1;
        for (int i = Home(due); ; i = (i + 1) & mask)
        {
            Bucket? b = map[i];
            if (b is null || b.Due == due)
            {
                return b;
            }
        }
    }

    private void Map(Bucket bucket)
    {
        if (++_mapCount > _map.Length >> 1)
        {
            Bucket?[] old = _map;
            _map = new Bucket?[old.Length * 2];
            foreach (Bucket? b in old)
            {
                if (b is not null)
                {
                    Insert(b);
                }
            }
        }

        Insert(bucket);
    }

    private void Insert(Bucket bucket)
    {
        int mask = _map.Length - 1;
        int i = Home(bucket.Due);
        while (_map[i] is not null)
        {
            i = (i + 1) & mask;
        }

        _map[i] = bucket;
    }

    // Backward-shift deletion: no tombstones, so probes stay short however many times come and go.
    private void Unmap(Bucket bucket)
    {
        Bucket?[] map = _map;
        int mask = map.Length - 1;
        int i = Home(bucket.Due);
        while (!ReferenceEquals(map[i], bucket))
        {
            i = (i + 1) & mask;
        }

        int hole = i;
        for (int j = (hole + 1) & mask; map[j] is { } next; j = (j + 1) & mask)
        {
            int home = Home(next.Due);
            // next may move back into the hole if its home is not in (hole, j] cyclically.
            if (((j - home) & mask) >= ((j - hole) & mask))
            {
                map[hole] = next;
                hole = j;
            }
        }

        map[hole] = null;
        _mapCount--;
    }

    public sealed class Bucket
    {
        public double Due;
        public int Count;
        public bool Pending;
        public Slab? Slab;

        public object[] Items => Slab!.Items;

        public int[] Versions => Slab!.Versions;
    }

    public sealed class Slab
    {
        public readonly object[] Items;
        public readonly int[] Versions;
        public readonly int SizeClass;

        public Slab(int sizeClass)
        {
            SizeClass = sizeClass;
            Items = new object[4 << sizeClass];
            Versions = new int[4 << sizeClass];
        }
    }

    // Free buckets, and free slabs by size class: a slab request takes the requested size or the smallest larger one that
    // is free. Each free list has room for every object of its kind ever created, so returning never grows a list: the
    // pool allocates only when a new bucket or slab is needed, at a new peak.
    public sealed class Pool
    {
        private readonly Slab[]?[] _freeSlabs = new Slab[]?[31];
        private readonly int[] _freeSlabCounts = new int[31];
        private readonly int[] _slabsCreated = new int[31];
        private Bucket[] _freeBuckets = new Bucket[16];
        private int _freeBucketCount;
        private int _bucketsCreated;

        public Bucket RentBucket()
        {
            if (_freeBucketCount > 0)
            {
                Bucket bucket = _freeBuckets[--_freeBucketCount];
                _freeBuckets[_freeBucketCount] = null!;
                return bucket;
            }

            if (++_bucketsCreated > _freeBuckets.Length)
            {
                Array.Resize(ref _freeBuckets, _freeBuckets.Length * 2);
            }

            return new Bucket();
        }

        public void Return(Bucket bucket) => _freeBuckets[_freeBucketCount++] = bucket;

        public Slab Rent(int sizeClass)
        {
            int[] counts = _freeSlabCounts;
            for (int c = sizeClass; c < counts.Length; c++)
            {
                if (counts[c] > 0)
                {
                    Slab[] free = _freeSlabs[c]!;
                    Slab slab = free[--counts[c]];
                    free[counts[c]] = null!;
                    return slab;
                }
            }

            // A new slab: make room for it in its free list now, so that returning it later allocates nothing.
            int created = ++_slabsCreated[sizeClass];
            if (_freeSlabs[sizeClass] is not { } list || created > list.Length)
            {
                Array.Resize(ref _freeSlabs[sizeClass], Math.Max(4, created * 2));
            }

            return new Slab(sizeClass);
        }

        public void Return(Slab slab)
        {
            int c = slab.SizeClass;
            _freeSlabs[c]![_freeSlabCounts[c]++] = slab;
        }
    }

    private readonly struct BucketOrder : IComparer<Bucket>
    {
        public int Compare(Bucket? x, Bucket? y) => x!.Due.CompareTo(y!.Due);
    }
}
