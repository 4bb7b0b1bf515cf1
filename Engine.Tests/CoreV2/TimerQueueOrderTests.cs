using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// The timer queue keeps a time with one entry as a single struct (no bucket) and a time with more in a bucket, and
// merges the two by (due time, sequence). Whatever the mix, entries must come out in (due time, insertion) order, as a
// plain sort of everything added gives; ties FIFO. Random programs of adds and pops: few distinct times (buckets),
// continuous times (singles), times repeated after their single was taken, past times, -0.0, a time that gets a
// second entry while its first is a single, more pending singles than the cap, and snapshots (GetBuckets) in between.
// Entries are tasks (the typed add, whose same-time appends go through the fill cursor and settle the counts later) and
// other objects, mixed in one bucket; bursts at one time cross slab boundaries; Count and CountAt are checked after
// every add, so counts not settled yet never show.
[TestClass]
public sealed class TimerQueueOrderTests
{
    [TestMethod]
    [DataRow(1, 4, 200)]       // few times: buckets
    [DataRow(2, 1000, 300)]    // many times: mostly singles, some pairs
    [DataRow(3, 30, 2000)]
    [DataRow(4, 100000, 9000)] // continuous: singles past the cap
    [DataRow(5, 7, 5000)]
    public void Entries_come_out_in_due_then_insertion_order(int seed, int distinctTimes, int operations)
    {
        var random = new Random(seed);
        var queue = new TimerQueue();
        using var loop = new EventLoop(ClockKind.Frame);
        CoTask[] tasks = Enumerable.Range(0, 16).Select(_ => loop.Spawn(Forever())).ToArray(); // entries only, never stepped
        var reference = new List<(double Due, long Seq, object Item)>();
        long seq = 0;
        double now = 0;
        for (int op = 0; op < operations; op++)
        {
            int kind = random.Next(10);
            if (kind < 6)
            {
                // A time ahead of now, from a small or a large set; sometimes now itself (-0.0 when now is 0).
                double due = kind == 0 ? (now == 0 ? -0.0 : now) : now + (1 + random.Next(distinctTimes)) * 0.5;
                int burst = random.Next(4) == 0 ? 1 + random.Next(random.Next(8) == 0 ? 40 : 5) : 1;
                for (int b = 0; b < burst; b++)
                {
                    object item;
                    if (random.Next(3) != 0)
                    {
                        CoTask task = tasks[random.Next(tasks.Length)];
                        queue.Add(due, task, (int)seq);
                        item = task;
                    }
                    else
                    {
                        item = new object();
                        queue.Add(due, item, (int)seq);
                    }

                    reference.Add((due + 0.0, seq++, item));
                    Assert.AreEqual(reference.Count, queue.Count, "entries after an add");
                }

                Assert.AreEqual(reference.Count(r => r.Due == due + 0.0), queue.CountAt(due + 0.0), "entries at " + due);
            }
            else if (kind < 9)
            {
                now += random.NextDouble() * 3;
                PopAll(queue, reference, now);
            }
            else
            {
                AssertSnapshot(queue, reference);
            }
        }

        AssertSnapshot(queue, reference);
        PopAll(queue, reference, double.MaxValue);
        Assert.AreEqual(0, queue.Count);
        Assert.AreEqual(0, queue.BucketCount);
        Assert.IsFalse(queue.TryPeekDue(out _));
    }

    [TestMethod]
    public void A_second_entry_at_a_single_time_goes_after_it_and_later_entries_after_both()
    {
        var queue = new TimerQueue();
        var order = new List<object>();
        object a = "a", b = "b", c = "c", d = "d", e = "e";
        queue.Add(5, a, 1);  // single
        queue.Add(3, b, 2);  // single
        queue.Add(5, c, 3);  // second at 5: a bucket opened after a
        queue.Add(4, d, 4);
        queue.Add(5, e, 5);  // joins the bucket
        Bucket(queue, 10, order);
        CollectionAssert.AreEqual(new object[] { b, d, a, c, e }, order);
    }

    // A time whose first entry stayed single and whose later ones share a bucket is still one group to an observer: one
    // TimersFired with the count of both, then the wakes in order; without an observer, the same wakes in the same order.
    [TestMethod]
    public void An_observer_sees_one_firing_per_due_time_with_its_count()
    {
        var observed = new List<string>();
        var recorder = new TraceRecorder();
        using (var loop = new EventLoop(ClockKind.Virtual))
        {
            loop.AddSink(recorder);
            RunSleepers(loop, observed);
        }

        var plain = new List<string>();
        using (var loop = new EventLoop(ClockKind.Virtual))
        {
            RunSleepers(loop, plain);
        }

        CollectionAssert.AreEqual(plain, observed);
        CollectionAssert.AreEqual(new[] { "a", "b", "c", "d", "e" }, observed);
        List<(double, int)> fired = recorder.ToArray().Where(e => e.Kind == LoopEventKind.TimersFired).Select(e => (e.Number, e.Count)).ToList();
        CollectionAssert.AreEqual(new[] { (1.0, 1), (2.0, 3), (3.0, 1) }, fired);
    }

    private static void RunSleepers(EventLoop loop, List<string> log)
    {
        // Spawned in this order: a (1), b (2, single), e (3), c (2: opens a bucket after b), d (2: joins it).
        loop.Spawn(Sleeper(1, "a", log));
        loop.Spawn(Sleeper(2, "b", log));
        loop.Spawn(Sleeper(3, "e", log));
        loop.Spawn(Sleeper(2, "c", log));
        loop.Spawn(Sleeper(2, "d", log));
        loop.RunUntil(10);
    }

    private static IEnumerator<Yield> Sleeper(double seconds, string name, List<string> log)
    {
        yield return Yield.Seconds(seconds);
        log.Add(name);
    }

    private static IEnumerator<Yield> Forever()
    {
        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    private static void Bucket(TimerQueue queue, double now, List<object> into)
    {
        TimerQueue.Bucket? bucket;
        while ((bucket = queue.PopDue(now)) is not null)
        {
            for (TimerQueue.Slab? slab = bucket.First; slab is not null; slab = slab.Next)
            {
                for (int i = 0; i < slab.Count; i++)
                {
                    into.Add(slab.Items[i]);
                }
            }

            queue.Release(bucket);
        }
    }

    private static void PopAll(TimerQueue queue, List<(double Due, long Seq, object Item)> reference, double now)
    {
        reference.Sort(static (x, y) => x.Due != y.Due ? x.Due.CompareTo(y.Due) : x.Seq.CompareTo(y.Seq));
        int due = 0;
        while (due < reference.Count && reference[due].Due <= now)
        {
            due++;
        }

        if (queue.TryPeekDue(out double head))
        {
            Assert.AreEqual(reference[0].Due, head, "the earliest due time");
        }

        var fired = new List<object>();
        Bucket(queue, now, fired);
        Assert.AreEqual(due, fired.Count, "entries due at or before " + now);
        for (int i = 0; i < due; i++)
        {
            Assert.AreSame(reference[i].Item, fired[i], "entry " + i + " due at " + reference[i].Due);
        }

        reference.RemoveRange(0, due);
        Assert.AreEqual(reference.Count, queue.Count);
    }

    private static void AssertSnapshot(TimerQueue queue, List<(double Due, long Seq, object Item)> reference)
    {
        reference.Sort(static (x, y) => x.Due != y.Due ? x.Due.CompareTo(y.Due) : x.Seq.CompareTo(y.Seq));
        int n = 0;
        foreach (TimerQueue.Bucket bucket in queue.GetBuckets())
        {
            (object[] items, int[] versions) = bucket.CopyEntries();
            for (int i = 0; i < items.Length; i++, n++)
            {
                Assert.AreSame(reference[n].Item, items[i], "snapshot entry " + n);
                Assert.AreEqual(reference[n].Seq, versions[i]);
                Assert.AreEqual(reference[n].Due, bucket.Due);
            }
        }

        Assert.AreEqual(reference.Count, n);
    }
}
