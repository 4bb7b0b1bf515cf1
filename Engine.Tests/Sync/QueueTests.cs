using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Sync;

[TestClass]
public sealed class QueueTests
{
    [TestMethod]
    public void Queue_is_FIFO_and_put_waits_when_full()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>(2);
        var log = new List<string>();
        IEnumerator<Yield> Producer()
        {
            for (int i = 0; i < 5; i++)
            {
                yield return q.Put(i);
                log.Add("put " + i + "@" + Co.Time);
            }
        }

        IEnumerator<Yield> Consumer()
        {
            for (int i = 0; i < 5; i++)
            {
                yield return Yield.Seconds(1);
                yield return q.Get();
                log.Add("got " + Co.Result<int>() + "@" + Co.Time);
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Gather(Co.Spawn(Producer()), Co.Spawn(Consumer()));
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(
            new[] { "put 0@0", "put 1@0", "got 0@1", "put 2@1", "got 1@2", "put 3@2", "got 2@3", "put 4@3", "got 3@4", "got 4@5" },
            log);
    }

    [TestMethod]
    public void Queue_getters_are_FIFO_fair()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<string>();
        var log = new List<string>();
        IEnumerator<Yield> Getter(string name)
        {
            yield return q.Get();
            log.Add(name + " got " + Co.Result<string>());
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Getter("a"));
            CoTask b = Co.Spawn(Getter("b"));
            CoTask c = Co.Spawn(Getter("c"));
            yield return Yield.Seconds(1);
            Assert.AreEqual(3, q.WaitingGetters);
            Assert.IsTrue(q.TryPut("x"));
            Assert.IsTrue(q.TryPut("y"));
            Assert.IsTrue(q.TryPut("z"));
            yield return Co.Gather(a, b, c);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a got x", "b got y", "c got z" }, log);
    }

    [TestMethod]
    public void Queue_cancelled_getter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>();
        var got = new List<int>();
        IEnumerator<Yield> Getter()
        {
            yield return q.Get();
            got.Add(Co.Result<int>());
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Getter());
            CoTask b = Co.Spawn(Getter());
            yield return Yield.Seconds(1);
            a.Cancel();
            Assert.AreEqual(1, q.WaitingGetters);
            yield return q.Put(5);
            yield return Co.Gather(new Future[] { a, b }, returnExceptions: true);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { 5 }, got);
        Assert.AreEqual(0, q.WaitingGetters);
    }

    [TestMethod]
    public void Queue_getter_handed_an_item_then_cancelled_gives_it_back()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>();
        IEnumerator<Yield> Getter()
        {
            yield return q.Get();
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Getter());
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryPut(42)); // handed straight to a, which has not run yet
            a.Cancel();
            yield return Yield.Catch(a);
            Assert.AreEqual(1, q.Count);
            Assert.IsTrue(q.TryGet(out int item));
            Assert.AreEqual(42, item);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Queue_cancelled_putter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>(1);
        IEnumerator<Yield> Putter(int v)
        {
            yield return q.Put(v);
        }

        IEnumerator<Yield> Main()
        {
            yield return q.Put(1);
            CoTask a = Co.Spawn(Putter(2));
            CoTask b = Co.Spawn(Putter(3));
            yield return Yield.Seconds(1);
            Assert.AreEqual(2, q.WaitingPutters);
            a.Cancel();
            Assert.AreEqual(1, q.WaitingPutters);
            yield return q.Get();
            Assert.AreEqual(1, Co.Result<int>());
            yield return q.Get();
            Assert.AreEqual(3, Co.Result<int>(), "the cancelled put of 2 never entered the queue");
            yield return Co.Gather(new Future[] { a, b }, returnExceptions: true);
        }

        loop.Run(Main());
        Assert.AreEqual(0, q.WaitingPutters);
        Assert.AreEqual(0, q.Count);
    }

    [TestMethod]
    public void Queue_join_waits_until_every_item_is_done()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>();
        IEnumerator<Yield> Worker()
        {
            while (true)
            {
                yield return q.Get();
                yield return Yield.Seconds(Co.Result<int>());
                q.TaskDone();
            }
        }

        IEnumerator<Yield> Main()
        {
            q.TryPut(1);
            q.TryPut(2);
            q.TryPut(3);
            CoTask w = Co.Spawn(Worker());
            yield return q.Join();
            Assert.AreEqual(6.0, Co.Time);
            Assert.AreEqual(0, q.UnfinishedTasks);
            w.Cancel();
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Queue_join_cancelled_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>();
        IEnumerator<Yield> Joiner()
        {
            yield return q.Join();
        }

        IEnumerator<Yield> Main()
        {
            q.TryPut(1);
            yield return Co.MoveOnAfter(1, Joiner());
            q.TryGet(out _);
            q.TaskDone();
        }

        loop.Run(Main());
        Assert.AreEqual(0, q.UnfinishedTasks);
    }

    [TestMethod]
    public void Queue_TaskDone_too_many_times_throws()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<int>();
        IEnumerator<Yield> Main()
        {
            q.TaskDone();
            yield break;
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "more times than items were put");
    }

    [TestMethod]
    public void Queue_negative_capacity_throws()
    {
        ArgumentOutOfRangeException e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoQueue<int>(-1));
        StringAssert.Contains(e.Message, "capacity");
    }

    [TestMethod]
    public void Queue_joined_from_another_loop_throws()
    {
        var q = new CoQueue<int>();
        IEnumerator<Yield> Join()
        {
            yield return q.Join();
        }

        using (var loop1 = new EventLoop(ClockKind.Virtual))
        {
            loop1.Run(Join());
        }

        using var loop2 = new EventLoop(ClockKind.Virtual);
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop2.Run(Join()));
        StringAssert.Contains(e.Message, "CoQueue.Join() was used from a different event loop");
    }

    [TestMethod]
    public void PriorityQueue_returns_smallest_first_and_equal_items_FIFO()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoPriorityQueue<(int Priority, string Job)>(0, Comparer<(int Priority, string Job)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        var got = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return q.Put((3, "c"));
            yield return q.Put((1, "a1"));
            yield return q.Put((2, "b"));
            yield return q.Put((1, "a2"));
            while (!q.IsEmpty)
            {
                yield return q.Get();
                got.Add(Co.Result<(int, string)>().Item2);
            }
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a1", "a2", "b", "c" }, got);
    }

    [TestMethod]
    public void LifoQueue_returns_the_last_item_first()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoLifoQueue<int>();
        var got = new List<int>();
        IEnumerator<Yield> Main()
        {
            for (int i = 1; i <= 3; i++)
            {
                yield return q.Put(i);
            }

            for (int i = 0; i < 3; i++)
            {
                yield return q.Get();
                got.Add(Co.Result<int>());
            }
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { 3, 2, 1 }, got);
    }

    [TestMethod]
    public void Queue_ping_pong_of_ints_allocates_nothing_after_warm_up()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ping = new CoQueue<int>(1);
        var pong = new CoQueue<int>(1);
        const int Warm = 1000;
        const int Measured = 20000;
        long before = 0;
        long after = 0;
        IEnumerator<Yield> Echo()
        {
            for (int i = 0; i < Warm + Measured; i++)
            {
                yield return ping.Get();
                yield return pong.Put(Co.Result<int>() + 1);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask echo = Co.Spawn(Echo());
            for (int i = 0; i < Warm + Measured; i++)
            {
                if (i == Warm)
                {
                    before = GC.GetAllocatedBytesForCurrentThread();
                }

                yield return ping.Put(i);
                yield return pong.Get();
                if (Co.Result<int>() != i + 1)
                {
                    throw new InvalidOperationException("wrong item");
                }
            }

            after = GC.GetAllocatedBytesForCurrentThread();
            yield return echo;
        }

        loop.Run(Main());
        Assert.IsTrue(after - before < Measured / 10, "allocated " + (after - before) + " bytes for " + Measured + " items");
    }

    [TestMethod]
    public void Queue_timed_out_getter_and_putter_leave_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoQueue<string>(1);
        IEnumerator<Yield> Get()
        {
            yield return q.Get();
        }

        IEnumerator<Yield> Put(string item)
        {
            yield return q.Put(item);
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Get(), 1));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(0, q.WaitingGetters);
            yield return q.Put("a");
            yield return Co.Catch(Co.Timeout(1, Put("b")));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(0, q.WaitingPutters);
            Assert.AreEqual(1, q.Count);
            Assert.AreEqual(1, q.UnfinishedTasks, "the timed-out put never counted");
        }

        loop.Run(Main());
    }
}
