using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
#if NET
using System.Runtime.InteropServices;
#endif

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
// Memory: a bucket's entries are two parallel arrays (item, wait version) in a chain of slabs: the first holds 4 entries,
// each next one twice as many as the one before, up to 256 (Cap), then 256 each. Growing links a slab and copies
// nothing, and a bucket of n entries holds at most n + 255 slots whatever n is (a single array doubled on growth held
// up to 2n, and the pool kept every smaller array it had outgrown: a million timers on 100 times held about 3.3 slots
// per entry). Slabs are pooled by size class; a fired bucket returns its chain. A size with no free slab takes the
// smallest free larger one, so a new slab is allocated only when the slabs in use at once exceed every earlier peak,
// not each time one size class happens to peak while others idle (that per-class creep cost a realistic game scene
// tens of bytes per frame for thousands of frames). The timer queues of a game's script groups share one pool of
// buckets and slabs (TimerQueue.Pool), for the same reason.
//
// Single entries: in a simulation with continuous random delays nearly every due time holds one timer, and opening and
// closing a bucket for it (map insert and delete, heap push and pop of a bucket, slab rent and return) cost about as
// much as everything else a timer does. So a timer whose time has no bucket and, as far as a small lossy table of
// recent single times tells (_singleDues), no other pending entry, is kept as a plain struct in a second heap ordered
// by (due time, sequence), with no bucket, map or slab. A second timer at a time that already has a single entry opens a
// bucket as before (the single stays where it is: it was added first); while a time has a bucket, every later timer at
// it joins the bucket. Buckets carry the sequence they were opened with, and PopDue takes whichever of the two heads
// comes first by (due time, sequence), so the order is exactly the one a bucket per time gives: FIFO within a time. The
// table is lossy (a slot remembers the last single time that hashed to it), so two times that collide may both keep
// making singles; that is only slower, never out of order, and the number of pending singles is capped (SingleCap),
// after which times go to buckets, so a million timers on a hundred times still share a hundred buckets. A single
// comes out of PopDue in a bucket the queue keeps for that (_singleBucket), so callers fire it as any bucket.
//
// Why the singles' heap is written out here instead of being a StableHeap<Single, ...> (which it nearly copies): the
// StableHeap version was built and measured (session 21: StableHeap with a caller-given sequence, Single of due, item and
// version, a comparer on the due): the M/M/1 took 8,863 instructions per customer against 8,451 with this heap (callgrind,
// `Engine.Bench.dll profile mm1`, 20,000 and 60,000 customers, tiering off), the timer queue's part 1,393 against 932.
// StableHeap hands its items by value (Peek, Pop, the comparer's arguments, its Entry constructor), which costs copies of
// a 24-byte struct where this heap reads and moves entries in place by reference; timers.n1m did not change (629 against
// 627 per timed resume: it fires buckets). So this copy stays until StableHeap works on its entries by reference.
//
// A popped bucket is the caller's until Release: the loop keeps a bucket of its own timers past the firing and steps
// the woken tasks from its slabs instead of the ready queue (EventLoop.Iteration.cs, "the due batch"), so a bucket in
// hand never returns to the pool early.
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
    private int _count;                     // entries, less those added through the fill cursor since Settle
    // The fill cursor: the tail slab of _last, the bucket the previous add went to, where the next add at the same time
    // goes (see Add). Its Count, _last's Count and _count catch up in Settle. _fillDue is NaN when there is none.
    private double _fillDue = double.NaN;
    private object[] _fillItems = Array.Empty<object>();
    private int[] _fillVersions = Array.Empty<int>();
    private int _fillAt;
    private int _fillEnd;
    private Slab? _fillSlab;
    private long _seq;                      // the order of singles and buckets at equal times
    private Single[] _singles = new Single[8];
    private int _singleCount;
    private double[] _singleDues = s_noDues; // lossy: the last single time that hashed to each slot (see above)
    private Bucket? _singleBucket;           // lends a popped single to the caller; null while lent out
    private static readonly double[] s_noDues = new double[1] { double.NaN };

    // The most single entries pending at once; more go to buckets (see above).
    private const int SingleCap = 4096;

    public TimerQueue()
        : this(new Pool())
    {
    }

    // A queue that takes its buckets and slabs from a pool shared with other queues of the same loop (thread).
    public TimerQueue(Pool pool) => _pool = pool;

    // Entries queued, including stale ones not yet skipped.
    public int Count => _fillSlab is null ? _count : _count + _fillAt - _fillSlab.Count;

    // Buckets and single entries pending (zero when nothing is pending).
    public int BucketCount => _heap.Count + _singleCount;

    // Any entry: a task, a callback, a timer target or a restored stale entry. A task's timed wait calls the typed Add
    // below, which the JIT inlines there.
    public void Add(double due, object item, int version)
    {
        if (item is CoTask task)
        {
            Add(due, task, version);
            return;
        }

        AddSlow(due + 0.0, item, version);
    }

    // The common add first, small enough to inline into the loop's timed wait: the same time as the previous add, whose
    // bucket is still pending and has room in its last slab (a bucket's tasks firing together and waiting the same
    // delay again). It goes through the fill cursor, fields of this queue: one comparison of the time, a store of the
    // entry and of the cursor's place; the slab's, the bucket's and the queue's counts catch up in Settle, when
    // something reads them or the cursor moves (before, the add read the bucket and the slab and stored three counts).
    // Everything else goes to AddSlow.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add(double due, CoTask item, int version)
    {
        due += 0.0; // -0.0 and 0.0 are one time
        int at = _fillAt;
        if (due == _fillDue && at < _fillEnd)
        {
            Slab.Put(_fillItems, _fillVersions, at, item, version);
            _fillAt = at + 1;
            return;
        }

        AddSlow(due, item, version);
    }

    // The fill cursor's entries into the counts: its slab's, its bucket's and the queue's.
    private void Settle()
    {
        if (_fillSlab is { } slab && _fillAt != slab.Count)
        {
            int added = _fillAt - slab.Count;
            slab.Count = _fillAt;
            _last!.Count += added;
            _count += added;
        }
    }

    private void AddSlow(double due, object item, int version)
    {
        Settle();
        Bucket? bucket = _last;
        if (bucket is null || bucket.Due != due || !bucket.Pending)
        {
            bucket = _mapCount == 0 ? null : Find(due);
            if (bucket is null)
            {
                double[] dues = _singleDues;
                int slot = DueSlot(due, dues.Length);
                if (dues[slot] != due && _singleCount < SingleCap)
                {
                    AddSingle(due, item, version, slot);
                    return;
                }

                bucket = Open(due);
            }

            _last = bucket;
        }

        Slab slab = bucket.Tail!;
        if (slab.Count == slab.Items.Length)
        {
            Slab next = _pool.Rent(slab.SizeClass < Slab.Cap ? slab.SizeClass + 1 : Slab.Cap);
            slab.Next = next;
            bucket.Tail = slab = next;
        }

        int at = slab.Count++;
        Slab.Put(slab.Items, slab.Versions, at, item, version);
        bucket.Count++;
        _count++;
        _fillDue = due;
        _fillSlab = slab;
        _fillItems = slab.Items;
        _fillVersions = slab.Versions;
        _fillAt = slab.Count;
        _fillEnd = slab.Items.Length;
    }

    public bool TryPeekDue(out double due)
    {
        if (_singleCount > 0)
        {
            due = _singles[0].Due;
            if (_heap.Count > 0 && _heap.Peek().Due < due)
            {
                due = _heap.Peek().Due;
            }

            return true;
        }

        if (_heap.Count == 0)
        {
            due = 0;
            return false;
        }

        due = _heap.Peek().Due;
        return true;
    }

    // The loop's firing step, one look at the heads for both kinds: the earliest entry due at or before now if it is a
    // single entry (returned in item and version, the result null), else the earliest bucket due by then (item null), else
    // nothing (both null). TryPopSingle then PopDue did the same with the single head read twice when it was not due.
    public Bucket? PopNextDue(double now, out object? item, out int version)
    {
        if (_singleCount > 0)
        {
            ref Single head = ref _singles[0];
            if (head.Due <= now && (_heap.Count == 0 || SingleFirst(in head, _heap.Peek())))
            {
                item = head.Item;
                version = head.Version;
                RemoveSingleHead();
                return null;
            }
        }

        item = null;
        version = 0;
        return _heap.Count == 0 || _heap.Peek().Due > now ? null : PopBucket();
    }

    // Removes the earliest bucket, or single entry, if it is due at or before now. The caller reads its entries (the slabs
    // from First, each with its Count) and then hands it back through Release.
    public Bucket? PopDue(double now)
    {
        if (_singleCount > 0)
        {
            ref Single head = ref _singles[0];
            if (head.Due <= now && (_heap.Count == 0 || SingleFirst(in head, _heap.Peek())))
            {
                return PopSingle();
            }
        }

        if (_heap.Count == 0 || _heap.Peek().Due > now)
        {
            return null;
        }

        return PopBucket();
    }

    // Takes the earliest bucket out of the heap (due: the caller checked).
    private Bucket PopBucket()
    {
        Settle();
        Bucket bucket = _heap.Pop();
        Unmap(bucket);
        bucket.Pending = false;
        if (ReferenceEquals(_last, bucket))
        {
            _last = null;
            _fillDue = double.NaN;
            _fillSlab = null;
            _fillItems = Array.Empty<object>();
            _fillVersions = Array.Empty<int>();
            _fillAt = _fillEnd = 0;
        }

        _count -= bucket.Count;
        return bucket;
    }

    public void Release(Bucket bucket)
    {
        if (bucket.IsSingle)
        {
            Slab only = bucket.First!;
            only.Items[0] = null!;
            only.Count = 0;
            bucket.Count = 0;
            _singleBucket = bucket;
            return;
        }

        for (Slab? slab = bucket.First; slab is not null;)
        {
            Slab? next = slab.Next;
            Array.Clear(slab.Items, 0, slab.Count);
            slab.Count = 0;
            slab.Next = null;
            _pool.Return(slab);
            slab = next;
        }

        bucket.First = bucket.Tail = null;
        bucket.Count = 0;
        _pool.Return(bucket);
    }

    // Every pending bucket, earliest first, for snapshots and introspection (cold: allocates). A single entry comes as a
    // bucket of its own (a new object, not pooled), in its place: a time may then appear twice, in firing order.
    public Bucket[] GetBuckets()
    {
        Settle();
        var buckets = new Bucket[_heap.Count + _singleCount];
        for (int i = 0; i < _heap.Count; i++)
        {
            buckets[i] = _heap.ItemAt(i);
        }

        for (int i = 0; i < _singleCount; i++)
        {
            ref Single single = ref _singles[i];
            var slab = new Slab(0);
            slab.Items[0] = single.Item;
            slab.Versions[0] = single.Version;
            slab.Count = 1;
            buckets[_heap.Count + i] = new Bucket { Due = single.Due, Seq = single.Seq, Count = 1, First = slab, Tail = slab };
        }

        Array.Sort(buckets, static (a, b) => a.Due != b.Due ? a.Due.CompareTo(b.Due) : a.Seq.CompareTo(b.Seq));
        return buckets;
    }

    // --- Single entries: a binary heap of structs by (due, sequence). ---

    private struct Single
    {
        public double Due;
        public long Seq;
        public object Item;
        public int Version;
    }

    private static int DueSlot(double due, int length) =>
        (int)((ulong)BitConverter.DoubleToInt64Bits(due) * 0x9E3779B97F4A7C15UL >> 40) & (length - 1);

    // Whether the single entry comes before the bucket: earlier, or at the same time and added before the bucket opened.
    private static bool SingleFirst(in Single single, Bucket bucket) =>
        single.Due < bucket.Due || (single.Due == bucket.Due && single.Seq < bucket.Seq);

    private static bool Before(in Single a, in Single b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);

    private void AddSingle(double due, object item, int version, int slot)
    {
        if (_singleCount == _singles.Length)
        {
            Array.Resize(ref _singles, _singles.Length * 2);
        }

        // The table of recent single times grows with the singles pending, so that distinct pending times rarely share a
        // slot; the pending singles' times go into the new table.
        if (_singleCount >= _singleDues.Length >> 2 && _singleDues.Length < SingleCap)
        {
            var dues = new double[Math.Max(64, _singleDues.Length * 2)];
            dues.AsSpan().Fill(double.NaN);
            for (int k = 0; k < _singleCount; k++)
            {
                double d = _singles[k].Due;
                dues[DueSlot(d, dues.Length)] = d;
            }

            _singleDues = dues;
            slot = DueSlot(due, dues.Length);
        }

        _singleDues[slot] = due;
        Single[] heap = _singles;
        var entry = new Single { Due = due, Seq = _seq++, Item = item, Version = version };
        int i = _singleCount++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Before(in entry, in heap[parent]))
            {
                break;
            }

            heap[i] = heap[parent];
            i = parent;
        }

        heap[i] = entry;
        _count++;
    }

    // Entries pending at exactly due: its single entries and its bucket (cold: observers; scans the singles).
    public int CountAt(double due)
    {
        Settle();
        int count = 0;
        for (int i = 0; i < _singleCount; i++)
        {
            if (_singles[i].Due == due)
            {
                count++;
            }
        }

        if (_mapCount > 0 && Find(due) is { } bucket)
        {
            count += bucket.Count;
        }

        return count;
    }

    // Removes the earliest entry if it is a single entry due at or before now (not a bucket, which PopDue gives): the
    // loop's timers fire it without a bucket.
    public bool TryPopSingle(double now, out double due, out object item, out int version)
    {
        if (_singleCount > 0)
        {
            ref Single head = ref _singles[0];
            if (head.Due <= now && (_heap.Count == 0 || SingleFirst(in head, _heap.Peek())))
            {
                due = head.Due;
                item = head.Item;
                version = head.Version;
                RemoveSingleHead();
                return true;
            }
        }

        due = 0;
        item = null!;
        version = 0;
        return false;
    }

    // Takes the head single out and lends it to the caller in _singleBucket (in a new one if that one is still lent out:
    // a caller that pops again before it releases).
    private Bucket PopSingle()
    {
        Single head = _singles[0];
        RemoveSingleHead();
        Bucket? bucket = _singleBucket;
        if (bucket is null)
        {
            bucket = new Bucket { IsSingle = true };
            bucket.First = bucket.Tail = new Slab(0);
        }

        _singleBucket = null;
        bucket.Due = head.Due;
        bucket.Count = 1;
        Slab slab = bucket.First!;
        slab.Items[0] = head.Item;
        slab.Versions[0] = head.Version;
        slab.Count = 1;
        return bucket;
    }

    private void RemoveSingleHead()
    {
        Single[] heap = _singles;
        int n = --_singleCount;
        if (n > 0)
        {
            ref Single last = ref heap[n];
            int i = 0;
            while (true)
            {
                int child = (2 * i) + 1;
                if (child >= n)
                {
                    break;
                }

                if (child + 1 < n && Before(in heap[child + 1], in heap[child]))
                {
                    child++;
                }

                if (!Before(in heap[child], in last))
                {
                    break;
                }

                heap[i] = heap[child];
                i = child;
            }

            heap[i] = last;
        }

        heap[n].Item = null!;
        _count--;
    }

    private Bucket Open(double due)
    {
        Bucket bucket = _pool.RentBucket();
        bucket.Due = due;
        bucket.Seq = _seq++;
        bucket.Pending = true;
        bucket.First = bucket.Tail = _pool.Rent(0);
        Map(bucket);
        _heap.Push(bucket);
        return bucket;
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
        public long Seq;           // when it was opened, against single entries at the same time
        public int Count;          // entries in the whole chain
        public bool Pending;
        public bool IsSingle;      // the queue's bucket that lends out a single entry (Release keeps it)
        public Slab? First;        // the chain of slabs in insertion order; Tail is the last, the one being filled
        public Slab? Tail;

        // The entries in insertion order, copied out (cold: snapshots and introspection).
        public (object[] Items, int[] Versions) CopyEntries()
        {
            var items = new object[Count];
            var versions = new int[Count];
            int n = 0;
            for (Slab? slab = First; slab is not null; slab = slab.Next)
            {
                Array.Copy(slab.Items, 0, items, n, slab.Count);
                Array.Copy(slab.Versions, 0, versions, n, slab.Count);
                n += slab.Count;
            }

            return (items, versions);
        }
    }

    public sealed class Slab
    {
        public const int Cap = 6; // the largest size class: 4 << 6 = 256 entries (3 KB)

        public readonly object[] Items;
        public readonly int[] Versions;
        public readonly int SizeClass;
        public int Count;
        public Slab? Next;

        public Slab(int sizeClass)
        {
            SizeClass = sizeClass;
            Items = new object[4 << sizeClass];
            Versions = new int[4 << sizeClass];
        }

        // Stores an entry at index at, below the length of a slab's two arrays (items, versions). On .NET without bounds
        // checks and without the covariant store check of an object[] (a helper call on every add): items is always the
        // object[] a slab made, and versions has its length. netstandard2.1 keeps the plain indexers.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Put(object[] items, int[] versions, int at, object item, int version)
        {
#if NET
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(items), at) = item;
            Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(versions), at) = version;
#else
            items[at] = item;
            versions[at] = version;
#endif
        }
    }

    // Free buckets, and free slabs by size class: a slab request takes the requested size or the smallest larger one that
    // is free. Each free list has room for every object of its kind ever created, so returning never grows a list: the
    // pool allocates only when a new bucket or slab is needed, at a new peak.
    public sealed class Pool
    {
        private readonly Slab[]?[] _freeSlabs = new Slab[]?[Slab.Cap + 1];
        private readonly int[] _freeSlabCounts = new int[Slab.Cap + 1];
        private readonly int[] _slabsCreated = new int[Slab.Cap + 1];
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
