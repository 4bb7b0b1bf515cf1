using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_queues.py, in the engine's generator form: CoQueue, CoLifoQueue, CoPriorityQueue.
// Difference by design (docs/asyncio.md), not tested against: an item put while a getter waits goes straight to that
// getter (asyncio leaves it in the queue until the getter runs, so another task's get_nowait could take it first).
[TestClass]
public sealed class QueuesParityTests
{
    [TestMethod] // QueueBasicTests.test_empty, test_full, test_maxsize
    public void Queue_empty_full_and_capacity()
    {
        var q = new CoQueue<int>();
        var bounded = new CoQueue<int>(2);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.IsTrue(q.IsEmpty);
            Assert.IsTrue(q.TryPut(1));
            Assert.IsFalse(q.IsEmpty);
            Assert.IsTrue(q.TryGet(out int one));
            Assert.AreEqual(1, one);
            Assert.IsTrue(q.IsEmpty);
            Assert.IsFalse(q.IsFull, "an unbounded queue is never full");

            Assert.AreEqual(2, bounded.Capacity);
            yield return bounded.Put(1);
            yield return bounded.Put(2);
            Assert.IsTrue(bounded.IsFull);
            Assert.IsFalse(bounded.TryPut(3));
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoQueue<int>(-1));
        }
    }

    [TestMethod] // QueueBasicTests.test_order, LifoQueueTests.test_order, PriorityQueueTests.test_order
    public void Queue_kinds_give_fifo_lifo_and_priority_order()
    {
        var fifo = new CoQueue<int>();
        var lifo = new CoLifoQueue<int>();
        var prio = new CoPriorityQueue<int>();
        Parity.Run(Main);
        List<int> Drain(CoQueue<int> q)
        {
            var items = new List<int>();
            while (q.TryGet(out int x))
            {
                items.Add(x);
            }

            return items;
        }

        IEnumerator<Yield> Main()
        {
            foreach (int i in new[] { 1, 3, 2 })
            {
                yield return fifo.Put(i);
                yield return lifo.Put(i);
                yield return prio.Put(i);
            }

            CollectionAssert.AreEqual(new[] { 1, 3, 2 }, Drain(fifo));
            CollectionAssert.AreEqual(new[] { 2, 3, 1 }, Drain(lifo));
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, Drain(prio));
        }
    }

    [TestMethod] // QueueBasicTests.test_maxsize
    public void Queue_put_blocks_while_full()
    {
        var q = new CoQueue<int>(2);
        var have = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Putter()
        {
            for (int i = 0; i < 3; i++)
            {
                yield return q.Put(i);
                have.Add(i);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Putter());
            yield return Yield.Seconds(1);
            CollectionAssert.AreEqual(new[] { 0, 1 }, have);
            Assert.IsTrue(q.TryGet(out int first));
            Assert.AreEqual(0, first);
            yield return t;
            CollectionAssert.AreEqual(new[] { 0, 1, 2 }, have);
            Assert.AreEqual(2, q.Count);
        }
    }

    [TestMethod] // QueueGetTests.test_blocking_get, test_blocking_get_wait, test_put_with_waiting_getters
    public void Queue_get_waits_for_a_put()
    {
        var q = new CoQueue<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Getter()
        {
            yield return q.Get();
            yield return Yield.Return(Co.Result<string>() + "@" + Co.Time);
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Getter());
            yield return Yield.Seconds(0.01);
            yield return q.Put("a");
            yield return t;
            Assert.AreEqual("a@0.01", t.Result);
        }
    }

    [TestMethod] // QueueGetTests.test_get_with_putters
    public void Queue_get_lets_a_waiting_putter_in()
    {
        var q = new CoQueue<int>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.IsTrue(q.TryPut(1));
            CoTask putter = Co.Spawn(Put(2));
            yield return Yield.NextTick;
            Assert.AreEqual(1, q.WaitingPutters);
            yield return q.Get();
            Assert.AreEqual(1, Co.Result<int>());
            yield return putter;
            Assert.IsTrue(putter.IsSucceeded);
            Assert.IsTrue(q.TryGet(out int two));
            Assert.AreEqual(2, two);
        }

        IEnumerator<Yield> Put(int item)
        {
            yield return q.Put(item);
        }
    }

    [TestMethod] // QueueGetTests.test_nonblocking_get, test_nonblocking_get_exception, QueuePutTests.test_nonblocking_put_exception
    public void Queue_try_get_and_try_put_never_wait()
    {
        var q = new CoQueue<int>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.IsFalse(q.TryGet(out _));
            Assert.IsTrue(q.TryPut(1));
            Assert.IsFalse(q.TryPut(2));
            Assert.IsTrue(q.TryGet(out int x));
            Assert.AreEqual(1, x);
            yield break;
        }
    }

    [TestMethod] // QueueGetTests.test_get_cancelled_race, test_cancelled_getters_not_being_held_in_self_getters
    public void Queue_cancelled_getter_leaves_the_item_to_the_next()
    {
        var q = new CoQueue<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Getter()
        {
            yield return q.Get();
            yield return Yield.Return(Co.Result<string>());
        }

        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(Getter());
            CoTask t2 = Co.Spawn(Getter());
            yield return Yield.NextTick;
            Assert.AreEqual(2, q.WaitingGetters);
            t1.Cancel();
            Assert.AreEqual(1, q.WaitingGetters);
            yield return Yield.Catch(t1);
            Assert.IsTrue(t1.IsCancelled);
            yield return q.Put("a");
            yield return t2;
            Assert.AreEqual("a", t2.Result);
            Assert.AreEqual(0, q.WaitingGetters);
        }
    }

    [TestMethod] // QueueGetTests.test_get_cancel_drop_one_pending_reader, test_get_cancel_drop_many_pending_readers
    public void Queue_getter_cancelled_after_it_was_handed_an_item_loses_nothing()
    {
        var q = new CoQueue<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Getter()
        {
            yield return q.Get();
            yield return Yield.Return(Co.Result<int>());
        }

        IEnumerator<Yield> Main()
        {
            CoTask r1 = Co.Spawn(Getter());
            CoTask r2 = Co.Spawn(Getter());
            CoTask r3 = Co.Spawn(Getter());
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryPut(1));
            Assert.IsTrue(q.TryPut(2));
            r1.Cancel();
            yield return Yield.Catch(r1);
            Assert.IsTrue(r1.IsCancelled);
            yield return Co.Gather(r2, r3);
            CollectionAssert.AreEquivalent(new object[] { 1, 2 }, new[] { r2.Result, r3.Result });
            Assert.AreEqual(0, q.Count);
        }
    }

    [TestMethod] // QueuePutTests.test_blocking_put, test_blocking_put_wait, test_put_cancelled
    public void Queue_blocking_put_resumes_when_room_appears()
    {
        var q = new CoQueue<int>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Putter()
        {
            yield return q.Put(0);
            yield return q.Put(1);
            yield return Yield.Return(Co.Time);
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Putter());
            yield return Yield.Seconds(0.01);
            yield return q.Get();
            Assert.AreEqual(0, Co.Result<int>());
            yield return t;
            Assert.AreEqual(0.01, t.Result);
            yield return q.Get();
            Assert.AreEqual(1, Co.Result<int>());
        }
    }

    [TestMethod] // QueuePutTests.test_put_cancel_drop
    public void Queue_putter_cancelled_after_room_appeared_does_not_put_its_item()
    {
        var q = new CoQueue<int>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Put(int item)
        {
            yield return q.Put(item);
        }

        IEnumerator<Yield> Main()
        {
            Assert.IsTrue(q.TryPut(1));
            CoTask writer = Co.Spawn(Put(2));
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryGet(out int value1));
            Assert.AreEqual(1, value1);
            writer.Cancel();
            yield return Yield.Catch(writer);
            if (writer.IsCancelled)
            {
                // try again, as the CPython test does: the cancelled put left nothing behind
                writer = Co.Spawn(Put(2));
                yield return Co.Catch(Co.WaitFor(writer, 10));
                Assert.IsNull(Co.Exception, "the retried put must not block: the cancelled one put nothing");
            }

            Assert.IsTrue(q.TryGet(out int value2));
            Assert.AreEqual(2, value2);
            Assert.AreEqual(0, q.Count);
        }
    }

    [TestMethod] // QueuePutTests.test_put_cancelled_race, test_cancelled_puts_not_being_held_in_self_putters
    public void Queue_cancelled_waiting_putter_is_removed_and_the_others_keep_order()
    {
        var q = new CoQueue<string>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Put(string item)
        {
            yield return q.Put(item);
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Put("a"));
            CoTask b = Co.Spawn(Put("b"));
            CoTask c = Co.Spawn(Put("X"));
            yield return Yield.NextTick;
            Assert.IsTrue(a.IsDone);
            Assert.IsFalse(b.IsDone);
            Assert.AreEqual(2, q.WaitingPutters);
            c.Cancel();
            Assert.AreEqual(1, q.WaitingPutters);
            yield return Yield.NextTick;
            Assert.IsTrue(c.IsCancelled);
            Assert.IsTrue(q.TryGet(out string? first));
            Assert.AreEqual("a", first);
            yield return b;
            Assert.IsTrue(q.TryGet(out string? second));
            Assert.AreEqual("b", second);
            Assert.IsFalse(q.TryGet(out _));
        }
    }

    [TestMethod] // QueuePutTests.test_cancelled_put_silence_value_error_exception
    public void Queue_putter_cancelled_after_try_get_made_room_ends_cancelled_or_put()
    {
        var q = new CoQueue<int>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Put(int item)
        {
            yield return q.Put(item);
        }

        IEnumerator<Yield> Main()
        {
            Assert.IsTrue(q.TryPut(1));
            CoTask t = Co.Spawn(Put(1));
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryGet(out _));
            t.Cancel();
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual(0, q.WaitingPutters);
        }
    }

    [TestMethod] // QueuePutTests.test_why_are_putters_waiting, QueueGetTests.test_why_are_getters_waiting
    public void Queue_putters_and_getters_in_a_task_group_all_finish()
    {
        var q = new CoQueue<int>(2);
        var got = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Putter(int item)
        {
            yield return q.Put(item);
        }

        IEnumerator<Yield> Getter()
        {
            yield return Yield.NextTick;
            int n = q.Count;
            for (int i = 0; i < n; i++)
            {
                Assert.IsTrue(q.TryGet(out int x));
                got.Add(x);
            }
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Getter());
            for (int i = 0; i < 4; i++)
            {
                g.Spawn(Putter(i));
            }

            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            CollectionAssert.AreEqual(new[] { 0, 1 }, got);
            Assert.AreEqual(2, q.Count);
            Assert.IsTrue(q.TryGet(out int a));
            Assert.IsTrue(q.TryGet(out int b));
            CollectionAssert.AreEqual(new[] { 2, 3 }, new[] { a, b });
        }
    }

    [TestMethod] // _QueueJoinTestMixin.test_task_done_underflow
    public void Queue_task_done_too_often_throws()
    {
        var q = new CoQueue<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => q.TaskDone());
            yield break;
        }
    }

    [TestMethod] // _QueueJoinTestMixin.test_task_done (on all three kinds)
    public void Queue_join_waits_for_every_task_done()
    {
        foreach (CoQueue<int> q in new CoQueue<int>[] { new(), new CoLifoQueue<int>(), new CoPriorityQueue<int>() })
        {
            int sum = 0;
            bool running = true;
            Parity.Run(Main);
            Assert.AreEqual(4950, sum);

            IEnumerator<Yield> Worker()
            {
                while (running)
                {
                    yield return q.Get();
                    sum += Co.Result<int>();
                    q.TaskDone();
                }
            }

            IEnumerator<Yield> Main()
            {
                for (int i = 0; i < 100; i++)
                {
                    Assert.IsTrue(q.TryPut(i));
                }

                CoTask w1 = Co.Spawn(Worker());
                CoTask w2 = Co.Spawn(Worker());
                yield return q.Join();
                Assert.AreEqual(0, q.UnfinishedTasks);
                running = false;
                w1.Cancel();
                w2.Cancel();
                yield return Co.Gather(new Future[] { w1, w2 }, returnExceptions: true);
            }
        }
    }

    [TestMethod] // _QueueJoinTestMixin.test_join_empty_queue
    public void Queue_join_on_an_empty_queue_returns_at_once()
    {
        var q = new CoQueue<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return q.Join();
            yield return q.Join();
            Assert.AreEqual(0.0, Co.Time);
        }
    }
}
