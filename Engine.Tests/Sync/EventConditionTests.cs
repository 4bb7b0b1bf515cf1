using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Sync;

[TestClass]
public sealed class EventConditionTests
{
    private static IEnumerator<Yield> EventWaiter(CoEvent ev, List<string> log, string name)
    {
        yield return ev.Wait();
        log.Add(name + "@" + Co.Time);
    }

    [TestMethod]
    public void Event_set_wakes_every_waiter_in_FIFO_order()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ev = new CoEvent();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(EventWaiter(ev, log, "a"));
            CoTask b = Co.Spawn(EventWaiter(ev, log, "b"));
            CoTask c = Co.Spawn(EventWaiter(ev, log, "c"));
            yield return Yield.Seconds(2);
            ev.Set();
            yield return Co.Gather(a, b, c);
            yield return ev.Wait(); // set: passes at once
            log.Add("main");
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a@2", "b@2", "c@2", "main" }, log);
    }

    [TestMethod]
    public void Event_cancelled_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ev = new CoEvent();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(EventWaiter(ev, log, "a"));
            CoTask b = Co.Spawn(EventWaiter(ev, log, "b"));
            yield return Yield.Seconds(1);
            a.Cancel();
            Assert.AreEqual(1, ev.WaiterCount);
            ev.Set();
            yield return Co.Gather(new Future[] { a, b }, returnExceptions: true);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "b@1" }, log);
        Assert.AreEqual(0, ev.WaiterCount);
    }

    private static IEnumerator<Yield> Consumer(CoCondition cond, List<int> items, List<string> log, string name)
    {
        yield return cond.Acquire();
        try
        {
            while (items.Count == 0)
            {
                yield return cond.Wait();
            }

            Assert.IsTrue(cond.Lock.Owner == Co.CurrentTask, "woken waiter holds the lock again");
            log.Add(name + " got " + items[0] + "@" + Co.Time);
            items.RemoveAt(0);
        }
        finally
        {
            cond.Release();
        }
    }

    [TestMethod]
    public void Condition_notify_wakes_FIFO_and_reacquires_the_lock()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var cond = new CoCondition();
        var items = new List<int>();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Consumer(cond, items, log, "a"));
            CoTask b = Co.Spawn(Consumer(cond, items, log, "b"));
            yield return Yield.Seconds(1);
            Assert.AreEqual(2, cond.WaiterCount);
            yield return cond.Acquire();
            items.Add(1);
            items.Add(2);
            cond.NotifyAll();
            yield return Yield.Seconds(1); // waiters cannot run while we hold the lock
            Assert.AreEqual(0, log.Count);
            cond.Release();
            yield return Co.Gather(a, b);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a got 1@2", "b got 2@2" }, log);
        Assert.IsFalse(cond.IsLocked);
    }

    [TestMethod]
    public void Condition_cancelled_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var cond = new CoCondition();
        var items = new List<int>();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Consumer(cond, items, log, "a"));
            CoTask b = Co.Spawn(Consumer(cond, items, log, "b"));
            yield return Yield.Seconds(1);
            a.Cancel();
            Assert.AreEqual(1, cond.WaiterCount);
            yield return Yield.Catch(a);
            Assert.IsTrue(a.IsCancelled, "the finally's Release of a cancelled waiter is excused, not an error");
            yield return cond.Acquire();
            items.Add(7);
            cond.Notify();
            cond.Release();
            yield return b;
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "b got 7@1" }, log);
        Assert.AreEqual(0, cond.WaiterCount);
        Assert.IsFalse(cond.IsLocked);
    }

    [TestMethod]
    public void Condition_wait_without_the_lock_throws()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var cond = new CoCondition();
        IEnumerator<Yield> Main()
        {
            yield return cond.Wait();
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "Acquire() first");
    }

    [TestMethod]
    public void Condition_WaitUntil_checks_the_predicate_after_each_notify()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var cond = new CoCondition();
        int value = 0;
        double doneAt = -1;
        IEnumerator<Yield> Waiter()
        {
            yield return cond.Acquire();
            yield return Yield.From(cond.WaitUntil(() => value >= 3));
            doneAt = Co.Time;
            cond.Release();
        }

        IEnumerator<Yield> Main()
        {
            CoTask w = Co.Spawn(Waiter());
            for (int i = 0; i < 3; i++)
            {
                yield return Yield.Seconds(1);
                yield return cond.Acquire();
                value++;
                cond.NotifyAll();
                cond.Release();
            }

            yield return w;
        }

        loop.Run(Main());
        Assert.AreEqual(3.0, doneAt);
    }

    [TestMethod]
    public void Condition_timed_out_waiter_leaves_no_entry_and_its_release_is_excused()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var cond = new CoCondition();
        IEnumerator<Yield> WaitForever()
        {
            yield return cond.Acquire();
            try
            {
                yield return cond.Wait();
            }
            finally
            {
                cond.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.MoveOnAfter(1, WaitForever());
            Assert.AreEqual(0, cond.WaiterCount);
            Assert.IsFalse(cond.IsLocked);
            yield return cond.Acquire(); // still usable
            cond.Release();
        }

        loop.Run(Main());
    }
}
