using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class CancellationTests
{
    private static IEnumerator<Yield> Level(int n, List<string> log)
    {
        try
        {
            if (n == 0)
            {
                yield return Yield.Seconds(100);
            }
            else
            {
                yield return Yield.From(Level(n - 1, log));
            }
        }
        finally
        {
            log.Add("finally " + n);
        }
    }

    [TestMethod]
    public void Cancel_runs_the_finally_blocks_of_every_frame_top_down()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask task = loop.Spawn(Level(3, log));
        loop.RunUntil(1);
        Assert.IsTrue(task.Cancel());
        loop.RunUntil(2);
        CollectionAssert.AreEqual(new[] { "finally 0", "finally 1", "finally 2", "finally 3" }, log);
        Assert.IsTrue(task.IsCancelled);
        Assert.AreEqual(0, loop.TaskCount);
        Assert.IsFalse(task.Cancel(), "cancelling a finished task reports false");
    }

    private static IEnumerator<Yield> WaitFor(Future f, List<string> log)
    {
        yield return Yield.Catch(f);
        log.Add(Co.Exception?.GetType().Name ?? "none");
    }

    [TestMethod]
    public void Waiters_see_a_cancelled_task_as_CancelledException()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask victim = loop.Spawn(Level(0, log), "victim");
        CoTask waiter = loop.Spawn(WaitFor(victim, log));
        loop.RunUntil(1);
        victim.Cancel();
        loop.RunUntilComplete(waiter);
        CollectionAssert.AreEqual(new[] { "finally 0", "CancelledException" }, log);
        var ex = Assert.ThrowsExactly<CancelledException>(() => victim.Result);
        StringAssert.Contains(ex.Message, "victim");
    }

    [TestMethod]
    public void Cancel_before_the_first_step_never_runs_the_body()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask task = loop.Spawn(Level(0, log));
        task.Cancel();
        loop.RunUntil(1);
        Assert.IsTrue(task.IsCancelled);
        CollectionAssert.AreEqual(Array.Empty<string>(), log, "a coroutine that never started has no finally to run");
    }

    private static IEnumerator<Yield> SelfCancel(List<string> log)
    {
        try
        {
            Co.CurrentTask!.Cancel();
            log.Add("still running this step");
            yield return Yield.NextTick;
            log.Add("never");
        }
        finally
        {
            log.Add("finally");
        }
    }

    [TestMethod]
    public void A_task_that_cancels_itself_stops_at_its_next_yield()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask task = loop.Spawn(SelfCancel(log));
        loop.RunUntil(1);
        Assert.IsTrue(task.IsCancelled);
        CollectionAssert.AreEqual(new[] { "still running this step", "finally" }, log);
    }

    [TestMethod]
    public void Cancelled_waiter_leaves_no_entry_in_the_future()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var future = new Future<int>(loop);
        var log = new List<string>();
        CoTask a = loop.Spawn(WaitFor(future, log));
        CoTask b = loop.Spawn(WaitFor(future, log));
        loop.RunUntil(1);
        Assert.AreEqual(2, future.WaiterCount);
        a.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(future.IsCancelled, "cancelling a task cancels the future it awaits (asyncio's rule)");
        Assert.IsTrue(a.IsCancelled);
        Assert.IsTrue(b.IsSucceeded, "b caught the outcome of the same future");
        CollectionAssert.AreEqual(new[] { "CancelledException" }, log);
    }

    private static IEnumerator<Yield> WaitShielded(Future<int> future, List<string> log)
    {
        yield return Co.Shield(future);
        log.Add("got " + Co.Result<int>());
    }

    [TestMethod]
    public void Cancelled_shielded_waiter_leaves_no_entry_in_the_future()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var future = new Future<int>(loop);
        var log = new List<string>();
        CoTask a = loop.Spawn(WaitShielded(future, log));
        CoTask b = loop.Spawn(WaitShielded(future, log));
        loop.RunUntil(1);
        Assert.AreEqual(2, future.WaiterCount);
        a.Cancel();
        loop.RunUntil(2);
        Assert.AreEqual(1, future.WaiterCount, "the cancelled shield removed itself; the future itself is untouched");
        Assert.IsFalse(future.IsDone);
        future.SetResult(1);
        loop.RunUntil(3);
        Assert.IsTrue(b.IsSucceeded);
        Assert.IsTrue(a.IsCancelled);
        CollectionAssert.AreEqual(new[] { "got 1" }, log);
    }

    private static IEnumerator<Yield> CleanupFails()
    {
        try
        {
            yield return Yield.Seconds(10);
        }
        finally
        {
            throw new InvalidOperationException("cleanup failed");
        }
    }

    [TestMethod]
    public void An_exception_from_cleanup_during_cancel_fails_the_task_instead()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var seen = new List<LoopExceptionContext>();
        loop.ExceptionHandler = seen.Add;
        CoTask task = loop.Spawn(CleanupFails());
        loop.RunUntil(1);
        task.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(task.IsFailed);
        loop.Dispose();
        Assert.AreEqual(1, seen.Count, "nobody retrieved it, so the closed loop reported it");
        Assert.AreEqual("cleanup failed", task.Exception!.Message);
    }
}
