using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// QueuePutTests.test_put_cancel_drop, in shapes where the cancelled putter's item has equals in the queue: a putter woken
// because room appeared and cancelled before it ran takes exactly its own entry back out (asyncio's put() had not put
// it yet), never another equal item. Each shape admits several putters with equal items (equal values of a value type,
// value-equal instances of a record class) and cancels one of them; the queue must then hold what the uncancelled
// putters put, in their order, and the very instances they put.
[TestClass]
public sealed class QueuePutterEntryTests
{
    private sealed record Item(string Key);

    private static IEnumerator<Yield> Put<T>(CoQueue<T> q, T item)
    {
        yield return q.Put(item);
    }

    private static List<T> Drain<T>(CoQueue<T> q)
    {
        var items = new List<T>();
        while (q.TryGet(out T item))
        {
            items.Add(item);
        }

        return items;
    }

    // Fills q to its capacity with fillers, parks one putter per item, then makes room for all of them (each TryGet
    // admits the next putter) and cancels the putters at cancelIndexes before any of them runs.
    private static List<T> AdmitThenCancel<T>(CoQueue<T> q, T[] fillers, T[] puts, int[] cancelIndexes, out CoTask[] putters)
    {
        var tasks = new CoTask[puts.Length];
        List<T>? left = null;
        Parity.Run(Main);
        putters = tasks;
        return left!;

        IEnumerator<Yield> Main()
        {
            foreach (T filler in fillers)
            {
                Assert.IsTrue(q.TryPut(filler));
            }

            for (int i = 0; i < puts.Length; i++)
            {
                tasks[i] = Co.Spawn(Put(q, puts[i]));
            }

            yield return Yield.NextTick;
            Assert.AreEqual(puts.Length, q.WaitingPutters);
            for (int i = 0; i < fillers.Length; i++)
            {
                Assert.IsTrue(q.TryGet(out _));
            }

            Assert.AreEqual(0, q.WaitingPutters, "every putter was admitted");
            foreach (int i in cancelIndexes)
            {
                tasks[i].Cancel();
            }

            yield return Co.Gather(tasks, returnExceptions: true);
            left = Drain(q);
        }
    }

    [TestMethod] // test_put_cancel_drop: equal int values around a different one, FIFO
    public void Fifo_cancelled_putter_removes_its_own_equal_value_not_the_newest()
    {
        var q = new CoQueue<int>(3);
        List<int> left = AdmitThenCancel(q, new[] { 1, 2, 3 }, new[] { 5, 6, 5 }, new[] { 0 }, out CoTask[] putters);
        CollectionAssert.AreEqual(new[] { 6, 5 }, left, "the first putter's 5 (at the head) came back out, not the last 5");
        Assert.IsTrue(putters[0].IsCancelled);
        Assert.IsTrue(putters[1].IsSucceeded);
        Assert.IsTrue(putters[2].IsSucceeded);
        Assert.AreEqual(3 + 2, q.UnfinishedTasks, "three fillers and two puts: the cancelled put is not counted");
    }

    [TestMethod] // test_put_cancel_drop: LIFO, where a cancelled getter's item goes back on top of the admitted one
    public void Lifo_cancelled_putter_removes_its_own_entry_under_an_equal_given_back_item()
    {
        var q = new CoLifoQueue<Item>(1);
        var given = new Item("x");
        var put = new Item("x");
        Parity.Run(Main);
        IEnumerator<Yield> Get()
        {
            yield return q.Get();
        }

        // Runs after the putter parked and before the woken getter steps: makes room (admitting the putter's instance),
        // then cancels the getter (which gives its instance back, on top of the stack) and the putter (which must take
        // its own instance out, the one below).
        IEnumerator<Yield> Helper(CoTask getter, CoTask putter)
        {
            Assert.AreEqual(1, q.WaitingPutters);
            Assert.IsTrue(q.TryGet(out Item? filler));
            Assert.AreEqual("filler", filler!.Key);
            Assert.AreEqual(0, q.WaitingPutters);
            getter.Cancel();
            putter.Cancel();
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            CoTask getter = Co.Spawn(Get());
            yield return Yield.NextTick;
            CoTask putter = Co.Spawn(Put(q, put));   // queued before the getter's wake below
            CoTask helper = Co.Spawn(Helper(getter, putter));
            Assert.IsTrue(q.TryPut(given));          // handed straight to the waiting getter, which is queued now
            Assert.IsTrue(q.TryPut(new Item("filler")));
            yield return Co.Gather(new Future[] { getter, putter, helper }, returnExceptions: true);
            Assert.IsTrue(helper.IsSucceeded);
            Assert.IsTrue(getter.IsCancelled);
            Assert.IsTrue(putter.IsCancelled);
            List<Item> left = Drain(q);
            Assert.HasCount(1, left);
            Assert.AreSame(given, left[0], "the given-back instance stays; the cancelled putter's own instance went");
            Assert.AreEqual(2, q.UnfinishedTasks, "the filler and the given-back item are unfinished, not the cancelled put");
        }
    }

    [TestMethod] // test_put_cancel_drop: value-equal record instances, FIFO and priority queue
    public void Cancelled_putter_removes_its_own_instance_among_value_equal_ones()
    {
        var comparer = Comparer<Item>.Create((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (Func<CoQueue<Item>> make in new Func<CoQueue<Item>>[] { () => new CoQueue<Item>(2), () => new CoPriorityQueue<Item>(2, comparer) })
        {
            for (int cancel = 0; cancel < 3; cancel++)
            {
                Item[] puts = { new("x"), new("x"), new("x") };
                Assert.AreEqual(puts[0], puts[2], "the instances are equal by value");
                CoQueue<Item> q = make();
                var fillers = new Item[] { new("a"), new("b") };

                // Two fillers free two places: the first two putters go in, the third still waits.
                List<Item> left = AdmitThenCancelTwoOfThree(q, fillers, puts, cancel);
                var expected = new List<Item>();
                for (int i = 0; i < puts.Length; i++)
                {
                    if (i != cancel)
                    {
                        expected.Add(puts[i]);
                    }
                }

                Assert.HasCount(2, left, q.GetType().Name + ", cancel " + cancel);
                foreach (Item survivor in expected)
                {
                    Assert.IsTrue(left.Exists(x => ReferenceEquals(x, survivor)),
                        q.GetType().Name + ", cancel " + cancel + ": an uncancelled putter's own instance is in the queue");
                }

                Assert.IsFalse(left.Exists(x => ReferenceEquals(x, puts[cancel])),
                    q.GetType().Name + ", cancel " + cancel + ": the cancelled putter's instance is not");
            }
        }
    }

    // Capacity 2, two fillers, three putters: two TryGets admit putters 0 and 1 (putter 2 still waits); cancelling one
    // of the admitted ones takes its entry out and admits putter 2; cancelling putter 2 only removes its wait.
    private static List<Item> AdmitThenCancelTwoOfThree(CoQueue<Item> q, Item[] fillers, Item[] puts, int cancel)
    {
        List<Item>? left = null;
        Parity.Run(Main);
        return left!;

        IEnumerator<Yield> Main()
        {
            foreach (Item filler in fillers)
            {
                Assert.IsTrue(q.TryPut(filler));
            }

            var tasks = new CoTask[puts.Length];
            for (int i = 0; i < puts.Length; i++)
            {
                tasks[i] = Co.Spawn(Put(q, puts[i]));
            }

            yield return Yield.NextTick;
            Assert.IsTrue(q.TryGet(out _));
            Assert.IsTrue(q.TryGet(out _));
            Assert.AreEqual(1, q.WaitingPutters);
            tasks[cancel].Cancel();
            yield return Co.Gather(tasks, returnExceptions: true);
            Assert.IsTrue(tasks[cancel].IsCancelled);
            left = Drain(q);
        }
    }

    [TestMethod] // test_put_cancel_drop: several admitted putters cancelled in one instant, in every combination
    [DataRow(false)]
    [DataRow(true)]
    public void Every_combination_of_cancelled_admitted_putters_leaves_the_others_items_in_order(bool priority)
    {
        var byValue = Comparer<Tagged>.Create((a, b) => a.Value.CompareTo(b.Value));
        int[] puts = { 7, 7, 8, 7 };
        for (int mask = 0; mask < 16; mask++)
        {
            // Items carry their putter's index, but they are equal on their value alone.
            var cancel = new List<int>();
            var expected = new List<(int Value, int Putter)>();
            var tagged = new Tagged[puts.Length];
            for (int i = 0; i < puts.Length; i++)
            {
                tagged[i] = new Tagged(puts[i], i);
                if ((mask & (1 << i)) != 0)
                {
                    cancel.Add(i);
                }
                else
                {
                    expected.Add((puts[i], i));
                }
            }

            if (priority)
            {
                // Smallest value first; equal values in the order they went in (putter order).
                expected.Sort((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : a.Putter.CompareTo(b.Putter));
            }

            CoQueue<Tagged> q = priority ? new CoPriorityQueue<Tagged>(4, byValue) : new CoQueue<Tagged>(4);
            var fillers = new[] { new Tagged(1, -1), new Tagged(2, -1), new Tagged(3, -1), new Tagged(4, -1) };
            List<Tagged> left = AdmitThenCancel(q, fillers, tagged, cancel.ToArray(), out CoTask[] putters);
            var got = new List<(int Value, int Putter)>();
            foreach (Tagged t in left)
            {
                got.Add((t.Value, t.Putter));
            }

            CollectionAssert.AreEqual(expected, got, "mask " + mask);
            Assert.AreEqual(fillers.Length + expected.Count, q.UnfinishedTasks, "mask " + mask);
            foreach (int i in cancel)
            {
                Assert.IsTrue(putters[i].IsCancelled, "mask " + mask + ", putter " + i);
            }
        }
    }

    [TestMethod] // test_put_cancel_drop: an admitted item a getter already took stays delivered; the cancel takes nothing else
    public void Cancelled_putter_whose_item_was_already_taken_removes_no_equal_item()
    {
        var q = new CoQueue<int>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.IsTrue(q.TryPut(5));
            CoTask a = Co.Spawn(Put(q, 5));
            CoTask b = Co.Spawn(Put(q, 5));
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryGet(out int first)); // admits a's 5
            Assert.AreEqual(5, first);
            Assert.IsTrue(q.TryGet(out int second)); // takes a's 5, admits b's 5
            Assert.AreEqual(5, second);
            a.Cancel();
            yield return Yield.Catch(a);
            yield return b;
            Assert.AreEqual(1, q.Count, "b's 5 stays: a's own entry was already taken");
            Assert.AreEqual(3, q.UnfinishedTasks, "the first 5, a's 5 (delivered) and b's 5");
        }
    }

    // Equal when the values are equal, whoever put it: the queue must not tell two of them apart by equality.
    private readonly struct Tagged : IEquatable<Tagged>
    {
        public Tagged(int value, int putter)
        {
            Value = value;
            Putter = putter;
        }

        public int Value { get; }

        public int Putter { get; }

        public bool Equals(Tagged other) => Value == other.Value;

        public override bool Equals(object? obj) => obj is Tagged other && Equals(other);

        public override int GetHashCode() => Value;
    }
}
