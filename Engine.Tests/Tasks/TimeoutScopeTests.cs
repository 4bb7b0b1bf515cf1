using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Tasks;

[TestClass]
public sealed class TimeoutScopeTests
{
    private static IEnumerator<Yield> Sleep(double seconds, List<string> log, string name)
    {
        try
        {
            yield return Yield.Seconds(seconds);
            log.Add(name + " done@" + Co.Time);
        }
        finally
        {
            log.Add(name + " finally@" + Co.Time);
        }

        yield return Yield.Return(name);
    }

    [TestMethod]
    public void Timeout_raises_TimeoutException_after_running_finally_blocks()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.Timeout(2, Sleep(10, log, "body")));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            log.Add("after@" + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "body finally@2", "after@2" }, log);
    }

    [TestMethod]
    public void Timeout_not_expired_returns_the_body_value()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        TimeoutScope scope = TimeoutScope.FailAfter(5);
        IEnumerator<Yield> Main()
        {
            yield return scope.Run(Sleep(1, log, "body"));
            yield return Yield.Return(Co.Result<string>());
        }

        Assert.AreEqual("body", loop.Run(Main()));
        Assert.IsFalse(scope.Expired);
        Assert.AreEqual(5.0, scope.Deadline);
        loop.RunUntil(10); // the cancelled deadline timer fires nothing
    }

    [TestMethod]
    public void MoveOnAfter_sets_Expired_and_continues()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        TimeoutScope scope = TimeoutScope.MoveOnAfter(1);
        IEnumerator<Yield> Main()
        {
            yield return scope.Run(Sleep(10, log, "body"));
            log.Add("expired=" + scope.Expired + "@" + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "body finally@1", "expired=True@1" }, log);
    }

    [TestMethod]
    public void Timeout_scopes_nest_inner_expires_first()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        TimeoutScope outer = TimeoutScope.FailAfter(5);
        TimeoutScope inner = TimeoutScope.MoveOnAfter(1);
        IEnumerator<Yield> Body()
        {
            yield return inner.Run(Sleep(10, log, "inner"));
            yield return Yield.From(Sleep(1, log, "after-inner"));
        }

        IEnumerator<Yield> Main()
        {
            yield return outer.Run(Body());
        }

        loop.Run(Main());
        Assert.IsTrue(inner.Expired);
        Assert.IsFalse(outer.Expired);
        CollectionAssert.AreEqual(new[] { "inner finally@1", "after-inner done@2", "after-inner finally@2" }, log);
    }

    [TestMethod]
    public void Timeout_scopes_nest_outer_expires_first()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        TimeoutScope outer = TimeoutScope.MoveOnAfter(1);
        TimeoutScope inner = TimeoutScope.FailAfter(5);
        IEnumerator<Yield> Body()
        {
            yield return inner.Run(Sleep(10, log, "inner"));
            log.Add("not reached");
        }

        IEnumerator<Yield> Main()
        {
            yield return outer.Run(Body());
            log.Add("main@" + Co.Time);
        }

        loop.Run(Main());
        Assert.IsTrue(outer.Expired);
        Assert.IsFalse(inner.Expired, "the outer deadline passes through the inner scope");
        CollectionAssert.AreEqual(new[] { "inner finally@1", "main@1" }, log);
    }

    [TestMethod]
    public void Timeout_reschedule_moves_the_deadline()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        TimeoutScope scope = TimeoutScope.MoveOnAfter(1);
        IEnumerator<Yield> Body()
        {
            yield return Yield.Seconds(0.5);
            scope.Reschedule(Co.Time + 3);
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Main()
        {
            yield return scope.Run(Body());
            log.Add("moved on@" + Co.Time);
        }

        loop.Run(Main());
        Assert.IsTrue(scope.Expired);
        CollectionAssert.AreEqual(new[] { "moved on@3.5" }, log);
    }

    [TestMethod]
    public void TimeoutAt_uses_an_absolute_deadline()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(2);
            yield return Co.Catch(Co.TimeoutAt(3, Sleep(10, log, "body")));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            log.Add("at " + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "body finally@3", "at 3" }, log);
    }

    [TestMethod]
    public void Timeout_cancels_the_task_its_body_awaits_and_waits_for_its_cleanup()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(CoTask other)
        {
            yield return other;
        }

        IEnumerator<Yield> Main()
        {
            CoTask other = Co.Spawn(Sleep(5, log, "other"));
            yield return Co.MoveOnAfter(1, Body(other));
            log.Add("moved on@" + Co.Time);
            Assert.IsTrue(other.IsCancelled, "the awaited task was cancelled with the body (asyncio's rule)");
            Assert.AreEqual(0, other.WaiterCount, "no stale waiter left on the other task");
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "other finally@1", "moved on@1" }, log);
    }

    [TestMethod]
    public void Timeout_leaves_a_shielded_task_running()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(CoTask other)
        {
            yield return Co.Shield(other);
        }

        IEnumerator<Yield> Main()
        {
            CoTask other = Co.Spawn(Sleep(5, log, "other"));
            yield return Co.MoveOnAfter(1, Body(other));
            Assert.AreEqual(0, other.WaiterCount, "no stale waiter left on the other task");
            yield return other;
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "other done@5", "other finally@5" }, log);
    }

    [TestMethod]
    public void Timeout_NaN_throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TimeoutScope.FailAfter(double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => TimeoutScope.MoveOnAt(double.NaN));
    }
}
