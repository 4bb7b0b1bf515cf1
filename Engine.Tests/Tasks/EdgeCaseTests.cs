using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.TestCoroutines;

namespace Engine.Tests.Tasks;

[TestClass]
public sealed class EdgeCaseTests
{
    [TestMethod]
    public void WaitFor_an_already_done_future_returns_its_result_even_with_zero_timeout()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            var f = new Future<int>(Co.Loop);
            f.SetResult(3);
            yield return Co.WaitFor(f, 0);
            yield return Yield.Return(Co.Result<int>());
        }

        Assert.AreEqual(3, loop.Run(Main()));
    }

    [TestMethod]
    public void WaitFor_zero_timeout_times_out_a_pending_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Sleep(1, null), 0));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(0.0, Co.Time);
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void TimeoutScope_runs_only_once()
    {
        TimeoutScope scope = TimeoutScope.FailAfter(1);
        scope.Run(Sleep(0, null));
        Assert.ThrowsExactly<InvalidOperationException>(() => scope.Run(Sleep(0, null)));
    }

    [TestMethod]
    public void TimeoutScope_cannot_be_rescheduled_after_it_expired()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        TimeoutScope scope = TimeoutScope.MoveOnAfter(1);
        IEnumerator<Yield> Main()
        {
            yield return scope.Run(Sleep(5, null));
        }

        loop.Run(Main());
        Assert.IsTrue(scope.Expired);
        Assert.ThrowsExactly<InvalidOperationException>(() => scope.Reschedule(100));
    }

    [TestMethod]
    public void Timeout_works_on_the_frame_clock()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.Timeout(1, Sleep(5, null)));
            log.Add(Co.Exception?.GetType().Name + "@" + Co.Time);
        }

        loop.Spawn(Main());
        for (int i = 0; i < 10; i++)
        {
            loop.Tick(0.25);
        }

        // Entered at 0.25 (first tick), deadline 1.25; the deadline callback runs in the 1.25 frame and the
        // interrupted task resumes in the next one, as anything made ready during a frame does.
        CollectionAssert.AreEqual(new[] { "TimeoutException@1.5" }, log);
    }

    [TestMethod]
    public void Timeout_interrupts_a_predicate_wait()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        bool never = false;
        IEnumerator<Yield> Body()
        {
            yield return Yield.Until(() => never);
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.MoveOnAfter(2, Body());
            yield return Yield.Return(Co.Time);
        }

        Assert.AreEqual(2.0, loop.Run(Main()));
    }

    [TestMethod]
    public void AsCompleted_raises_a_failure_and_refuses_extra_calls()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            AsCompleted ac = Co.AsCompleted(new Future[] { Co.Spawn(Fail(1)), Co.Spawn(Sleep(2, "ok")) });
            yield return Yield.Catch(AwaitNext(ac));
            Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
            yield return ac.Next();
            Assert.AreEqual("ok", Co.Result<string>());
            Assert.AreEqual(0, ac.Remaining);
            Assert.ThrowsExactly<InvalidOperationException>(() => ac.Next());
        }

        loop.Run(Main());
    }

    private static IEnumerator<Yield> AwaitNext(AsCompleted ac)
    {
        yield return ac.Next();
    }

    [TestMethod]
    public void TaskGroup_refuses_spawns_while_shutting_down_and_after_it_finished()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var g = new TaskGroup();
        string? whileAborting = null;
        IEnumerator<Yield> Body()
        {
            g.Spawn(Fail(1));
            try
            {
                yield return Yield.Seconds(5);
            }
            finally
            {
                try
                {
                    g.Spawn(Sleep(1, null));
                }
                catch (InvalidOperationException e)
                {
                    whileAborting = e.Message;
                }
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(g.Run(Body()));
            Assert.IsInstanceOfType<TaskGroupException>(Co.Exception);
        }

        loop.Run(Main());
        StringAssert.Contains(whileAborting!, "shutting down");
        InvalidOperationException after = Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(Sleep(1, null)));
        StringAssert.Contains(after.Message, "after the group finished");
    }

    [TestMethod]
    public void TaskGroup_a_cancelled_child_is_not_an_error()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            CoTask child = g.Spawn(Sleep(5, null));
            g.Spawn(Sleep(1, null));
            yield return Yield.Seconds(0.5);
            child.Cancel();
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            yield return Yield.Return(Co.Time);
        }

        Assert.AreEqual(1.0, loop.Run(Main()));
    }

    [TestMethod]
    public void Lock_is_not_reentrant()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            yield return l.Acquire();
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        StringAssert.Contains(e.Message, "not reentrant");
    }

    [TestMethod]
    public void Primitives_outside_a_coroutine_throw_clearly()
    {
        var q = new CoQueue<int>();
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => q.Get());
        StringAssert.Contains(e.Message, "inside a coroutine");
        Assert.IsTrue(q.TryPut(1), "the non-waiting forms work anywhere");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoCondition().Notify(-1));
    }

    [TestMethod]
    public void Barrier_reset_breaks_current_waiters_then_works_again()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var barrier = new CoBarrier(2);
        IEnumerator<Yield> Party()
        {
            yield return barrier.Wait();
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Party());
            yield return Yield.Seconds(1);
            barrier.Reset();
            yield return Yield.Catch(a);
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            Assert.IsFalse(barrier.IsBroken);
            yield return Co.Gather(Co.Spawn(Party()), Co.Spawn(Party()));
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void Queue_TryPut_fails_when_full_and_TryGet_when_empty()
    {
        var q = new CoQueue<string>(1);
        Assert.IsTrue(q.TryPut("a"));
        Assert.IsTrue(q.IsFull);
        Assert.IsFalse(q.TryPut("b"));
        Assert.IsTrue(q.TryGet(out string? item));
        Assert.AreEqual("a", item);
        Assert.IsFalse(q.TryGet(out _));
        Assert.AreEqual(1, q.UnfinishedTasks);
    }
}
