using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Sync;

[TestClass]
public sealed class SemaphoreBarrierTests
{
    private static IEnumerator<Yield> Worker(CoSemaphore sem, List<string> log, string name)
    {
        yield return sem.Acquire();
        try
        {
            log.Add(name + "@" + Co.Time);
            yield return Yield.Seconds(1);
        }
        finally
        {
            sem.Release();
        }
    }

    [TestMethod]
    public void Semaphore_limits_concurrency_and_is_FIFO_fair()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var sem = new CoSemaphore(2);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            var tasks = new List<Future>();
            foreach (string n in new[] { "a", "b", "c", "d", "e" })
            {
                tasks.Add(Co.Spawn(Worker(sem, log, n)));
            }

            yield return Co.Gather(tasks, returnExceptions: false);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a@0", "b@0", "c@1", "d@1", "e@2" }, log);
        Assert.AreEqual(2, sem.CurrentCount);
    }

    [TestMethod]
    public void Semaphore_cancelled_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var sem = new CoSemaphore(1);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Worker(sem, log, "a"));
            CoTask b = Co.Spawn(Worker(sem, log, "b"));
            CoTask c = Co.Spawn(Worker(sem, log, "c"));
            yield return Yield.Seconds(0.5);
            b.Cancel();
            Assert.AreEqual(1, sem.WaiterCount);
            yield return Co.Gather(new Future[] { a, b, c }, returnExceptions: true);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "a@0", "c@1" }, log);
        Assert.AreEqual(0, sem.WaiterCount);
        Assert.AreEqual(1, sem.CurrentCount);
    }

    [TestMethod]
    public void Semaphore_timed_out_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var sem = new CoSemaphore(0);
        IEnumerator<Yield> Take()
        {
            yield return sem.Acquire();
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Take(), 1));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(0, sem.WaiterCount);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Semaphore_negative_count_throws()
    {
        ArgumentOutOfRangeException e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoSemaphore(-1));
        StringAssert.Contains(e.Message, "zero or more");
    }

    [TestMethod]
    public void BoundedSemaphore_over_release_throws()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var sem = new CoBoundedSemaphore(2);
        IEnumerator<Yield> Main()
        {
            yield return sem.Acquire();
            sem.Release();
            sem.Release();
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "released too many times");
        Assert.AreEqual(2, sem.CurrentCount);
    }

    private static IEnumerator<Yield> Party(CoBarrier barrier, List<string> log, string name, double arrive)
    {
        yield return Yield.Seconds(arrive);
        yield return barrier.Wait();
        log.Add(name + "#" + Co.Result<int>() + "@" + Co.Time);
    }

    [TestMethod]
    public void Barrier_releases_all_parties_together_with_arrival_indexes()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var barrier = new CoBarrier(3);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Co.Gather(Co.Spawn(Party(barrier, log, "a", 1)), Co.Spawn(Party(barrier, log, "b", 3)), Co.Spawn(Party(barrier, log, "c", 2)));
        }

        loop.Run(Main());
        CollectionAssert.AreEquivalent(new[] { "a#0@3", "c#1@3", "b#2@3" }, log);
        Assert.AreEqual(0, barrier.WaiterCount);
    }

    [TestMethod]
    public void Barrier_cancelled_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var barrier = new CoBarrier(2);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Party(barrier, log, "a", 0));
            yield return Yield.Seconds(1);
            a.Cancel();
            Assert.AreEqual(0, barrier.WaiterCount, "a cancelled party leaves the round");
            CoTask b = Co.Spawn(Party(barrier, log, "b", 0));
            CoTask c = Co.Spawn(Party(barrier, log, "c", 1));
            yield return Co.Gather(b, c);
        }

        loop.Run(Main());
        CollectionAssert.AreEquivalent(new[] { "b#0@2", "c#1@2" }, log);
    }

    [TestMethod]
    public void Barrier_abort_breaks_waiters()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var barrier = new CoBarrier(3);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Party(barrier, log, "a", 0));
            yield return Yield.Seconds(1);
            barrier.Abort();
            yield return Yield.Catch(a);
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            Assert.IsTrue(barrier.IsBroken);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Barrier_needs_at_least_one_party()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoBarrier(0));
    }

    [TestMethod]
    public void Semaphore_permit_handed_to_a_cancelled_waiter_passes_on()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var sem = new CoSemaphore(1);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return sem.Acquire();
            CoTask b = Co.Spawn(Worker(sem, log, "b"));
            CoTask c = Co.Spawn(Worker(sem, log, "c"));
            yield return Yield.NextTick;
            sem.Release(); // handed to b, which has not run yet
            b.Cancel();
            yield return Co.Gather(new Future[] { b, c }, returnExceptions: true);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "c@0" }, log);
        Assert.AreEqual(1, sem.CurrentCount);
    }

    [TestMethod]
    public void Event_timed_out_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ev = new CoEvent();
        IEnumerator<Yield> Wait()
        {
            yield return ev.Wait();
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.MoveOnAfter(1, Wait());
            Assert.AreEqual(0, ev.WaiterCount);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Barrier_timed_out_waiter_leaves_no_entry()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var barrier = new CoBarrier(2);
        IEnumerator<Yield> Wait()
        {
            yield return barrier.Wait();
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.MoveOnAfter(1, Wait());
            Assert.AreEqual(0, barrier.WaiterCount);
        }

        loop.Run(Main());
    }
}
