using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class FutureTests
{
    private static IEnumerator<Yield> Await(Future<int> f, List<string> log, string name)
    {
        yield return f;
        log.Add(name + " " + Co.Result<int>());
    }

    [TestMethod]
    public void SetResult_wakes_waiters_in_the_order_they_started_waiting()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        var log = new List<string>();
        loop.Spawn(Await(f, log, "a"));
        loop.Spawn(Await(f, log, "b"));
        loop.Spawn(Await(f, log, "c"));
        loop.RunUntil(1);
        f.SetResult(7);
        loop.RunUntil(2);
        CollectionAssert.AreEqual(new[] { "a 7", "b 7", "c 7" }, log);
        Assert.AreEqual(7, f.Result);
    }

    [TestMethod]
    public void Completing_twice_is_an_error()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        f.SetResult(1);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => f.SetResult(2));
        StringAssert.Contains(ex.Message, "only once");
        Assert.ThrowsExactly<InvalidOperationException>(() => f.SetException(new Exception()));
        Assert.IsFalse(f.TrySetResult(3));
        Assert.IsFalse(f.Cancel());
        Assert.AreEqual(1, f.Result);
    }

    [TestMethod]
    public void Callbacks_run_on_the_loop_never_inline()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<string>(loop);
        var log = new List<string>();
        f.OnCompleted(x => log.Add("callback " + ((Future<string>)x).Result));
        f.SetResult("done");
        log.Add("after SetResult");
        loop.RunUntil(0);
        CollectionAssert.AreEqual(new[] { "after SetResult", "callback done" }, log);

        f.OnCompleted(_ => log.Add("late callback"));
        Assert.AreEqual(2, log.Count, "a callback added to a done future is still scheduled, not run inline");
        loop.RunUntil(0);
        Assert.AreEqual("late callback", log[^1]);
    }

    [TestMethod]
    public void SetException_raises_in_the_waiter_and_Result_rethrows()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        var log = new List<string>();
        CoTask t = loop.Spawn(Await(f, log, "a"));
        loop.RunUntil(1);
        f.SetException(new TimeoutException("slow"));
        loop.RunUntilComplete(t);
        Assert.IsTrue(t.IsFailed);
        Assert.IsInstanceOfType<TimeoutException>(t.Exception);
        Assert.ThrowsExactly<TimeoutException>(() => f.Result);
    }

    [TestMethod]
    public void Result_of_a_pending_future_is_an_error()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => f.Result);
        StringAssert.Contains(ex.Message, "not done");
    }

    [TestMethod]
    public void Cancelled_future_raises_CancelledException_in_waiters()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        var log = new List<string>();
        CoTask t = loop.Spawn(Await(f, log, "a"));
        loop.RunUntil(1);
        Assert.IsTrue(f.Cancel());
        loop.RunUntilComplete(t);
        Assert.IsTrue(t.IsCancelled, "the CancelledException it did not catch ends it cancelled, as in asyncio");
        Assert.IsNull(t.Exception);
    }

    private static IEnumerator<Yield> AwaitForeign(Future f)
    {
        yield return f;
    }

    [TestMethod]
    public void Awaiting_a_future_of_another_loop_names_the_problem()
    {
        using var other = new EventLoop(ClockKind.Virtual);
        using var loop = new EventLoop(ClockKind.Virtual);
        var foreign = new Future<int>(other);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(AwaitForeign(foreign)));
        StringAssert.Contains(ex.Message, "another event loop");
    }

    private static IEnumerator<Yield> AwaitSelf()
    {
        yield return Co.CurrentTask!;
    }

    [TestMethod]
    public void A_task_awaiting_itself_fails_clearly()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(AwaitSelf()));
        StringAssert.Contains(ex.Message, "itself");
    }

    [TestMethod]
    public void Future_without_a_running_loop_needs_one()
    {
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => new Future<int>());
        StringAssert.Contains(ex.Message, "No event loop");
    }

    private static IEnumerator<Yield> Sub(int x)
    {
        yield return Yield.Seconds(x);
        yield return Yield.Return(x * 2);
    }

    private static IEnumerator<Yield> SpawnAndAwait()
    {
        CoTask t = Co.Spawn(Sub(3), "sub");
        Assert.AreEqual("sub", t.Name);
        yield return t;
        yield return Yield.Return(Co.Result<int>() + t.GetResult<int>());
    }

    [TestMethod]
    public void Awaiting_a_task_gives_its_result()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual(12, loop.Run(SpawnAndAwait()));
        Assert.AreEqual(3.0, loop.Time);
    }

    [TestMethod]
    public void Task_names_default_to_Task_N()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask a = loop.Spawn(Sub(1));
        CoTask b = loop.Spawn(Sub(1));
        Assert.AreEqual("Task-1", a.Name);
        Assert.AreEqual("Task-2", b.Name);
        CollectionAssert.AreEqual(new[] { a, b }, loop.GetTasks());
        loop.RunUntil(5);
        Assert.AreEqual(0, loop.GetTasks().Length);
    }
}
