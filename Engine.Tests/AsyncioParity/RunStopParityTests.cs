using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// asyncio's run_until_complete stops the loop from a done-callback of the future: the loop stops after the iteration
// that runs that callback, so whatever became ready before or as the future completed (callbacks the main coroutine
// scheduled, tasks it spawned, tasks its completion woke, timers due at that time) still runs before the call returns;
// nothing after that iteration does, and the clock does not advance for it. RunUntilComplete, Run and Co.Run end the
// same way.
[TestClass]
public sealed class RunStopParityTests
{
    [TestMethod] // loop.call_soon(cb) just before main returns: cb runs inside run_until_complete
    public void A_callback_scheduled_as_the_main_task_returns_runs_before_the_run_returns()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.RunUntilComplete(loop.Spawn(Main()));
        CollectionAssert.AreEqual(new[] { "main ends", "soon" }, log);

        IEnumerator<Yield> Main()
        {
            yield return Yield.NextTick;
            loop.CallSoon(() => log.Add("soon"));
            log.Add("main ends");
        }
    }

    [TestMethod] // a task awaiting the future wakes from its done-callback, scheduled ahead of the loop's stop
    public void A_task_awaiting_the_completed_future_resumes_before_the_run_returns()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        var future = new Future<string>(loop);
        loop.Spawn(Waiter());
        loop.CallLater(1, () => future.SetResult("value"));
        loop.RunUntilComplete(future);
        CollectionAssert.AreEqual(new[] { "waiter got value" }, log);
        Assert.AreEqual(1.0, loop.Time);

        IEnumerator<Yield> Waiter()
        {
            yield return future;
            log.Add("waiter got " + Co.Result<string>());
        }
    }

    [TestMethod] // asyncio.run: a task created just before main returns takes its first step, then is cancelled
    public void A_task_spawned_as_main_returns_starts_and_is_then_cancelled_by_Co_Run()
    {
        var log = new List<string>();
        Co.Run(Main(), ClockKind.Virtual);
        CollectionAssert.AreEqual(new[] { "child starts", "child cleanup" }, log);

        IEnumerator<Yield> Main()
        {
            Co.Spawn(Child());
            yield break;
        }

        IEnumerator<Yield> Child()
        {
            try
            {
                log.Add("child starts");
                yield return Yield.Seconds(10);
                log.Add("child woke");
            }
            finally
            {
                log.Add("child cleanup");
            }
        }
    }

    [TestMethod] // the stop iteration runs timers due at the loop's time, never later ones: the clock stands still
    public void The_last_iteration_runs_timers_due_now_and_never_advances_the_clock()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.RunUntilComplete(loop.Spawn(Main()));
        CollectionAssert.AreEqual(new[] { "later 0" }, log);
        Assert.AreEqual(2.0, loop.Time);

        loop.RunUntil(3);
        CollectionAssert.AreEqual(new[] { "later 0", "later 0.5" }, log);

        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(2);
            loop.CallLater(0.5, () => log.Add("later 0.5"));
            loop.CallLater(0, () => log.Add("later 0"));
        }
    }

    [TestMethod] // one iteration, as the batch asyncio runs after stop(): what that iteration makes ready waits
    public void Only_one_more_iteration_runs_and_what_it_schedules_waits_for_the_next_run()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.RunUntilComplete(loop.Spawn(Main()));
        CollectionAssert.AreEqual(new[] { "first" }, log);

        loop.RunUntil(loop.Time);
        CollectionAssert.AreEqual(new[] { "first", "second" }, log);

        IEnumerator<Yield> Main()
        {
            loop.CallSoon(() =>
            {
                log.Add("first");
                loop.CallSoon(() => log.Add("second"));
            });
            yield break;
        }
    }

    [TestMethod] // nothing ready when the future completes: the run returns in that iteration
    public void With_nothing_ready_the_run_returns_in_the_iteration_the_future_completed()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        long frameAtEnd = -1;
        loop.RunUntilComplete(loop.Spawn(Main()));
        Assert.AreEqual(frameAtEnd, loop.Frame);

        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(1);
            frameAtEnd = loop.Frame;
        }
    }

    [TestMethod] // the loop's own Run(main) ends the same way
    public void Run_ends_like_RunUntilComplete()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual("done", loop.Run(Main()));
        CollectionAssert.AreEqual(new[] { "soon" }, log);

        IEnumerator<Yield> Main()
        {
            loop.CallSoon(() => log.Add("soon"));
            yield return Yield.Return("done");
        }
    }
}
