using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class LoopCallbackTests
{
    [TestMethod]
    public void CallSoon_runs_callbacks_in_FIFO_order_and_cancelled_ones_never()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<int>();
        loop.CallSoon(() => log.Add(1));
        CallbackHandle h = loop.CallSoon(() => log.Add(2));
        loop.CallSoon(s => log.Add((int)s!), 3);
        h.Cancel();
        loop.RunUntil(0);
        CollectionAssert.AreEqual(new[] { 1, 3 }, log);
        Assert.IsTrue(h.IsCancelled);
        Assert.IsFalse(h.HasRun);
    }

    [TestMethod]
    public void CallLater_and_CallAt_run_in_time_order_then_FIFO()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        loop.CallLater(2, () => log.Add("later2@" + loop.Time));
        loop.CallAt(1, () => log.Add("at1a@" + loop.Time));
        loop.CallAt(1, () => log.Add("at1b@" + loop.Time));
        CallbackHandle c = loop.CallLater(1.5, () => log.Add("cancelled"));
        Assert.AreEqual(1.5, c.When);
        c.Cancel();
        loop.RunUntil(3);
        CollectionAssert.AreEqual(new[] { "at1a@1", "at1b@1", "later2@2" }, log);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.CallLater(-1, () => { }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.CallLater(double.NaN, () => { }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.CallAt(double.PositiveInfinity, () => { }));
    }

    [TestMethod]
    public void A_throwing_callback_is_reported_and_the_loop_keeps_going()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var seen = new List<LoopExceptionContext>();
        loop.ExceptionHandler = seen.Add;
        var log = new List<int>();
        loop.CallSoon(() => throw new InvalidOperationException("cb"));
        loop.CallSoon(() => log.Add(2));
        loop.RunUntil(0);
        Assert.AreEqual(1, seen.Count);
        Assert.AreEqual("cb", seen[0].Exception!.Message);
        CollectionAssert.AreEqual(new[] { 2 }, log);
    }

    private static IEnumerator<Yield> WaitForPost(Future<string> f)
    {
        yield return f;
        yield return Yield.Return(Co.Result<string>());
    }

    [TestMethod]
    [Timeout(20_000, CooperativeCancellation = true)]
    public void Post_from_another_thread_wakes_a_loop_blocked_in_Run()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var f = new Future<string>(loop);
        var thread = new Thread(() =>
        {
            Thread.Sleep(50);
            loop.Post(() => f.SetResult("from thread " + Environment.CurrentManagedThreadId));
        });
        thread.Start();
        object? result = loop.Run(WaitForPost(f));
        thread.Join();
        StringAssert.StartsWith((string)result!, "from thread");
    }

    [TestMethod]
    public void Posted_actions_run_on_the_loop_thread()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        int loopThread = -1;
        loop.Post(() => loopThread = Environment.CurrentManagedThreadId);
        loop.RunUntil(0);
        Assert.AreEqual(Environment.CurrentManagedThreadId, loopThread);
    }
}
