using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.TestCoroutines;

namespace Engine.Tests.Tasks;

[TestClass]
public sealed class WaitTests
{
    [TestMethod]
    public void Wait_FirstCompleted_returns_done_and_pending_and_cancels_nothing()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Sleep(3, "a"));
            CoTask b = Co.Spawn(Sleep(1, "b"));
            yield return Co.Wait(new[] { a, b }, WaitMode.FirstCompleted);
            WaitResult r = Co.Result<WaitResult>();
            Assert.AreEqual(1.0, Co.Time);
            CollectionAssert.AreEqual(new Future[] { b }, (System.Collections.ICollection)r.Done);
            CollectionAssert.AreEqual(new Future[] { a }, (System.Collections.ICollection)r.Pending);
            Assert.IsFalse(a.IsDone, "wait cancels nothing");
            yield return a;
            Assert.AreEqual("a", Co.Result<string>());
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Wait_FirstException_returns_at_the_first_failure()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Sleep(1, "a"));
            CoTask b = Co.Spawn(Fail(2));
            CoTask c = Co.Spawn(Sleep(5, "c"));
            yield return Co.Wait(new[] { a, b, c }, WaitMode.FirstException);
            WaitResult r = Co.Result<WaitResult>();
            Assert.AreEqual(2.0, Co.Time);
            Assert.AreEqual(2, r.Done.Count);
            Assert.AreEqual(1, r.Pending.Count);
            Assert.IsInstanceOfType<InvalidOperationException>(b.Exception);
            c.Cancel();
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Wait_AllCompleted_and_timeout_leave_no_waiter_behind()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Sleep(1, "a"));
            CoTask b = Co.Spawn(Sleep(10, "b"));
            yield return Co.Wait(new[] { a, b }, WaitMode.AllCompleted, timeout: 2);
            WaitResult r = Co.Result<WaitResult>();
            Assert.AreEqual(2.0, Co.Time);
            Assert.AreEqual(1, r.Done.Count);
            Assert.AreSame(b, r.Pending[0]);
            Assert.AreEqual(0, b.WaiterCount, "the timed-out wait removed itself from the pending task");
            yield return Co.Wait(new[] { a, b });
            Assert.AreEqual(10.0, Co.Time);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Wait_with_no_futures_or_NaN_timeout_throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Co.Wait(Array.Empty<Future>()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Co.Wait(Array.Empty<Future>(), WaitMode.AllCompleted, double.NaN));
    }

    [TestMethod]
    public void WaitFor_cancels_the_inner_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Slow()
        {
            try
            {
                yield return Yield.Seconds(10);
                log.Add("not reached");
            }
            finally
            {
                log.Add("inner finally@" + Co.Time);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(Slow(), "slow");
            yield return Co.Catch(Co.WaitFor(inner, 2));
            log.Add("waiter resumed@" + Co.Time);
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsTrue(inner.IsCancelled);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "inner finally@2", "waiter resumed@2" }, log);
    }

    [TestMethod]
    public void WaitFor_returns_the_result_in_time()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            yield return Co.WaitFor(Sleep(1, 42), 5);
            yield return Yield.Return(Co.Result<int>());
        }

        Assert.AreEqual(42, loop.Run(Main()));
        Assert.AreEqual(1.0, loop.Time);
    }

    [TestMethod]
    public void WaitFor_propagates_the_inner_exception()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            yield return Co.WaitFor(Fail(1), 5);
        }

        Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
    }

    [TestMethod]
    public void WaitFor_cancelling_the_waiter_cancels_the_inner_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? inner = null;
        IEnumerator<Yield> Waiter()
        {
            inner = Co.Spawn(Sleep(10, null));
            yield return Co.WaitFor(inner, 5);
        }

        IEnumerator<Yield> Main()
        {
            CoTask w = Co.Spawn(Waiter());
            yield return Yield.Seconds(1);
            w.Cancel();
            yield return Yield.Catch(w);
            yield return Yield.Catch(inner!);
            Assert.IsTrue(inner!.IsCancelled);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void WaitFor_NaN_timeout_throws()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            yield return Co.WaitFor(Sleep(1, null), double.NaN);
        }

        ArgumentOutOfRangeException e = Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "NaN");
    }

    [TestMethod]
    public void Shield_inner_task_survives_outer_cancellation()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? inner = null;
        IEnumerator<Yield> Waiter()
        {
            inner = Co.Spawn(Sleep(3, "kept"));
            yield return Co.Shield(inner);
        }

        IEnumerator<Yield> Main()
        {
            CoTask w = Co.Spawn(Waiter());
            yield return Yield.Seconds(1);
            w.Cancel();
            yield return Yield.Catch(w);
            Assert.IsTrue(w.IsCancelled);
            Assert.IsFalse(inner!.IsDone);
            yield return inner;
            Assert.AreEqual("kept", Co.Result<string>());
            Assert.AreEqual(3.0, Co.Time);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void AsCompleted_yields_results_in_completion_order()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var got = new List<string>();
        IEnumerator<Yield> Main()
        {
            AsCompleted ac = Co.AsCompleted(new Future[] { Co.Spawn(Sleep(3, "slow")), Co.Spawn(Sleep(1, "fast")), Co.Spawn(Sleep(2, "mid")) });
            for (int i = 0; i < ac.Count; i++)
            {
                yield return ac.Next();
                got.Add(Co.Result<string>() + "@" + Co.Time);
            }
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "fast@1", "mid@2", "slow@3" }, got);
    }
}
