using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Sync;

[TestClass]
public sealed class LockTests
{
    private static IEnumerator<Yield> Worker(CoLock l, List<string> log, string name, double hold)
    {
        yield return l.Acquire();
        try
        {
            log.Add(name + "@" + Co.Time);
            yield return Yield.Seconds(hold);
        }
        finally
        {
            l.Release();
        }
    }

    [TestMethod]
    public void Lock_is_FIFO_fair()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            var tasks = new List<Future>();
            foreach (string n in new[] { "a", "b", "c", "d" })
            {
                tasks.Add(Co.Spawn(Worker(l, log, n, 1)));
            }

            yield return Co.Gather(tasks, returnExceptions: false);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a@0", "b@1", "c@2", "d@3" }, log);
        Assert.IsFalse(l.IsLocked);
    }

    [TestMethod]
    public void Lock_release_hands_to_waiter_so_no_barging()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        var log = new List<string>();
        IEnumerator<Yield> Holder()
        {
            yield return l.Acquire();
            yield return Yield.Seconds(1);
            l.Release();
            // Immediately trying again must queue behind the waiter, not barge.
            Assert.IsFalse(l.TryAcquire());
            yield return l.Acquire();
            log.Add("holder again");
            l.Release();
        }

        IEnumerator<Yield> Waiter()
        {
            yield return l.Acquire();
            log.Add("waiter");
            l.Release();
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Holder());
            yield return Yield.NextTick;
            CoTask b = Co.Spawn(Waiter());
            yield return Co.Gather(a, b);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "waiter", "holder again" }, log);
    }

    [TestMethod]
    public void Lock_cancelled_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Worker(l, log, "a", 2));
            CoTask b = Co.Spawn(Worker(l, log, "b", 1));
            CoTask c = Co.Spawn(Worker(l, log, "c", 1));
            yield return Yield.Seconds(1);
            Assert.AreEqual(2, l.WaiterCount);
            b.Cancel();
            Assert.AreEqual(1, l.WaiterCount, "cancel removes the waiter at once");
            yield return Yield.Catch(b);
            Assert.IsTrue(b.IsCancelled);
            yield return Co.Gather(a, c);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a@0", "c@2" }, log);
        Assert.AreEqual(0, l.WaiterCount);
        Assert.IsFalse(l.IsLocked);
    }

    [TestMethod]
    public void Lock_timed_out_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Worker(l, log, "a", 5));
            yield return Yield.NextTick;
            yield return Co.MoveOnAfter(1, AcquireOnly(l));
            Assert.AreEqual(0, l.WaiterCount);
            Assert.AreEqual(1.0, Co.Time);
            yield return a;
        }

        loop.Run(Main());
        Assert.IsFalse(l.IsLocked);
    }

    private static IEnumerator<Yield> AcquireOnly(CoLock l)
    {
        yield return l.Acquire();
        l.Release();
    }

    [TestMethod]
    public void Lock_handed_to_a_cancelled_waiter_passes_on()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            CoTask b = Co.Spawn(Worker(l, log, "b", 1));
            CoTask c = Co.Spawn(Worker(l, log, "c", 1));
            yield return Yield.NextTick;
            l.Release();        // hands the lock to b, which has not run yet
            b.Cancel();         // b is cancelled before it runs: the lock must go on to c
            yield return Co.Gather(new Future[] { b, c }, returnExceptions: true);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "c@0" }, log);
        Assert.IsFalse(l.IsLocked);
    }

    [TestMethod]
    public void Lock_release_when_not_held_throws()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        IEnumerator<Yield> Main()
        {
            l.Release();
            yield break;
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "not held");
    }

    [TestMethod]
    public void Lock_release_by_another_task_throws()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        IEnumerator<Yield> Holder()
        {
            yield return l.Acquire();
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Main()
        {
            Co.Spawn(Holder(), "holder");
            yield return Yield.Seconds(1);
            l.Release();
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "held by task 'holder'");
    }

    [TestMethod]
    public void Lock_used_from_another_loop_throws()
    {
        var l = new CoLock();
        using (var loop1 = new EventLoop(ClockKind.Virtual))
        {
            loop1.Run(AcquireOnly(l));
        }

        using var loop2 = new EventLoop(ClockKind.Virtual);
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop2.Run(AcquireOnly(l)));
        StringAssert.Contains(e.Message, "different event loop");
    }
}
