using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// No error is ever lost: cleanup failures travel on with the earlier error as their context, leftover tasks' cleanup
// at Co.Run's end is reported, unretrieved failures are reported once they can never be retrieved, and a broken trace
// or exception handler never breaks the loop.
[TestClass]
[DoNotParallelize] // two tests swap Console.Error
public sealed class ErrorsNeverLostTests
{
    private static IEnumerator<Yield> ThrowsInFinally(string message, IEnumerator<Yield> inner)
    {
        try
        {
            yield return Yield.From(inner);
        }
        finally
        {
            throw new InvalidOperationException(message);
        }
    }

    private static IEnumerator<Yield> FailsAfter(double seconds, string message)
    {
        yield return Yield.Seconds(seconds);
        throw new ArgumentException(message);
    }

    [TestMethod]
    public void A_finally_that_throws_during_an_unwind_travels_on_and_keeps_the_first_as_its_context()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask t = loop.Spawn(ThrowsInFinally("outer cleanup", ThrowsInFinally("inner cleanup", FailsAfter(1, "original"))));
        loop.RunUntil(2);
        Exception traveling = t.Exception!;
        Assert.AreEqual("outer cleanup", traveling.Message);
        Exception? inner = Co.GetContext(traveling);
        Assert.AreEqual("inner cleanup", inner?.Message);
        Exception? original = Co.GetContext(inner!);
        Assert.IsInstanceOfType<ArgumentException>(original);
        Assert.AreEqual("original", original!.Message);
        Assert.IsNull(Co.GetContext(original));
    }

    [TestMethod]
    public void Two_finally_blocks_that_throw_while_cancelling_lose_neither_exception()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask t = loop.Spawn(ThrowsInFinally("outer cleanup", ThrowsInFinally("inner cleanup", TestCoroutines.Sleep(10, null))));
        loop.RunUntil(1);
        t.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(t.IsFailed, "a cleanup failure turns the cancellation into a failure");
        Assert.AreEqual("outer cleanup", t.Exception!.Message);
        Assert.AreEqual("inner cleanup", Co.GetContext(t.Exception)?.Message);
    }

    [TestMethod]
    public void Killing_nested_frames_whose_finally_blocks_throw_keeps_every_error()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        CoTask t = loop.Spawn(ThrowsInFinally("b", ThrowsInFinally("a", TestCoroutines.Sleep(10, null))));
        loop.Tick(0.1);
        t.Kill();
        Assert.AreEqual("b", t.Exception!.Message);
        Assert.AreEqual("a", Co.GetContext(t.Exception)!.Message);
    }

    [TestMethod]
    public void WaitFor_reports_the_inner_tasks_cleanup_error_instead_of_a_bare_timeout()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Exception? seen = null;
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(ThrowsInFinally("cleanup failed", TestCoroutines.Sleep(10, null)), 1));
            seen = Co.Exception;
        }

        loop.Run(Main());
        Assert.AreEqual("cleanup failed", seen?.Message, "the cleanup error travels on");
        Assert.IsInstanceOfType<CancelledException>(Co.GetContext(seen!), "the cancellation it happened in stays reachable");
    }

    [TestMethod]
    public void WaitFor_with_zero_timeout_reports_a_cleanup_error_with_the_timeout_as_context()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Exception? seen = null;
        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(ThrowsInFinally("cleanup failed", TestCoroutines.Sleep(10, null)));
            yield return Yield.NextTick;
            yield return Co.Catch(Co.WaitFor(inner, 0));
            seen = Co.Exception;
        }

        loop.Run(Main());
        Assert.AreEqual("cleanup failed", seen?.Message);
        Assert.IsInstanceOfType<TimeoutException>(Co.GetContext(seen!));
    }

    [TestMethod]
    public void Co_Run_reports_leftover_tasks_whose_cleanup_fails_at_shutdown()
    {
        var seen = new List<LoopExceptionContext>();
        IEnumerator<Yield> Main()
        {
            Co.Loop.ExceptionHandler = seen.Add;
            Co.Spawn(ThrowsInFinally("leftover cleanup", TestCoroutines.Sleep(100, null)), "leftover");
            yield return Yield.Seconds(1);
        }

        Co.Run(Main(), ClockKind.Virtual);
        Assert.AreEqual(1, seen.Count);
        Assert.AreEqual("leftover cleanup", seen[0].Exception?.Message);
        StringAssert.Contains(seen[0].Message, "'leftover'");
    }

    [TestMethod]
    public void An_unretrieved_future_failure_is_reported_when_the_loop_closes()
    {
        var seen = new List<LoopExceptionContext>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = seen.Add };
        var future = new Future<int>(loop);
        future.SetException(new InvalidOperationException("nobody awaits me"));
        loop.RunUntil(1);
        Assert.AreEqual(0, seen.Count, "still retrievable: not reported yet");
        loop.Dispose();
        Assert.AreEqual(1, seen.Count);
        Assert.AreEqual("nobody awaits me", seen[0].Exception?.Message);
        StringAssert.Contains(seen[0].Message, "Future");
        GC.KeepAlive(future);
    }

    [TestMethod]
    public void A_retrieved_failure_is_never_reported()
    {
        var seen = new List<LoopExceptionContext>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = seen.Add };
        var future = new Future<int>(loop);
        future.SetException(new InvalidOperationException("read later"));
        CoTask failing = loop.Spawn(FailsAfter(1, "task failure"));
        loop.RunUntil(2);
        Assert.IsNotNull(future.Exception);
        Assert.ThrowsExactly<ArgumentException>(() => failing.Result);
        loop.Dispose();
        Assert.AreEqual(0, seen.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FailAndDrop(EventLoop loop)
    {
        new Future<string>(loop).SetException(new InvalidOperationException("collected unretrieved"));
        loop.Spawn(FailsAfter(0.5, "collected task failure"), "dropped");
    }

    [TestMethod]
    public void An_unretrieved_failure_is_reported_once_it_is_garbage_collected()
    {
        var seen = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = seen.Add };
        FailAndDrop(loop);
        loop.RunUntil(1);
        Assert.AreEqual(0, seen.Count);
        for (int i = 0; i < 10 && seen.Count < 2; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            loop.RunUntil(loop.Time + 1);
        }

        CollectionAssert.AreEquivalent(
            new[] { "collected unretrieved", "collected task failure" },
            new[] { seen[0].Exception!.Message, seen[1].Exception!.Message });
    }

    // A collected failure is reported through the loop's queue; a loop closed before it drained that queue, or before
    // the finalizer ran at all, still reports it, exactly once.
    [TestMethod]
    public void A_collected_failure_is_reported_when_the_loop_closes_before_it_ran_again()
    {
        var seen = new List<string>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => seen.Add(c.Exception!.Message) };
        FailAndDrop(loop);
        loop.RunUntil(1);
        GC.Collect();
        GC.WaitForPendingFinalizers(); // the finalizers queued the reports for an iteration the loop never runs
        loop.Dispose();
        CollectionAssert.AreEquivalent(new[] { "collected unretrieved", "collected task failure" }, seen);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.AreEqual(2, seen.Count, "reported once");
    }

    // Reporting a collected failure adds no iteration: the same program runs the same iterations (and so checks its
    // polls at the same times) whether or not the collector ran during the run.
    [TestMethod]
    public void A_collected_failure_does_not_change_the_run()
    {
        var runs = new List<string>();
        foreach (bool collect in new[] { false, true })
        {
            var seen = new List<string>();
            using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => seen.Add(c.Exception!.Message) };
            bool flag = false;
            IEnumerator<Yield> Poller()
            {
                yield return Yield.Until(() => flag);
                seen.Add("poll saw the flag at " + Co.Time);
            }

            IEnumerator<Yield> Setter()
            {
                yield return Yield.Seconds(1.5);
                flag = true; // after this iteration checked its polls: the next iteration sees it
                if (collect)
                {
                    GC.Collect();
                    GC.WaitForPendingFinalizers(); // the dropped failures' finalizers run now, during the run
                }
            }

            FailAndDrop(loop);
            loop.Spawn(Poller(), "poller");
            loop.Spawn(Setter(), "setter");
            loop.CallLater(2, () => seen.Add("timer at 2"));
            loop.RunUntil(5);
            runs.Add(string.Join("; ", seen.FindAll(l => !l.StartsWith("collected", StringComparison.Ordinal))));
        }

        Assert.AreEqual("timer at 2; poll saw the flag at 2", runs[0]);
        Assert.AreEqual(runs[0], runs[1]);
    }

    [TestMethod]
    public void A_collected_failure_whose_finalizer_has_not_run_is_reported_when_the_loop_closes()
    {
        var seen = new List<string>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => seen.Add(c.Exception!.Message) };
        FailAndDrop(loop);
        loop.RunUntil(1);
        // Not disposed: the finalizer thread may still be leaving Wait when the test goes on.
        var release = new ManualResetEventSlim();
        var blocked = new ManualResetEventSlim();
        BlockFinalizerThread(release, blocked);
        GC.Collect();
        Assert.IsTrue(blocked.Wait(TimeSpan.FromSeconds(30)), "the finalizer thread reached the blocker");
        loop.Dispose(); // the failed future and task are collected; their sentinels may wait behind the blocker
        release.Set();

        GC.WaitForPendingFinalizers();
        CollectionAssert.AreEquivalent(new[] { "collected unretrieved", "collected task failure" }, seen);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.AreEqual(2, seen.Count, "reported once");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void BlockFinalizerThread(ManualResetEventSlim release, ManualResetEventSlim blocked) =>
        _ = new FinalizerBlocker(release, blocked);

    private sealed class FinalizerBlocker
    {
        private readonly ManualResetEventSlim _release;
        private readonly ManualResetEventSlim _blocked;

        public FinalizerBlocker(ManualResetEventSlim release, ManualResetEventSlim blocked)
        {
            _release = release;
            _blocked = blocked;
        }

        ~FinalizerBlocker()
        {
            try
            {
                _blocked.Set();
                _release.Wait(TimeSpan.FromSeconds(30));
            }
            catch (Exception)
            {
                // A finalizer must never throw: that would end the test process.
            }
        }
    }

    [TestMethod]
    public void A_trace_that_throws_is_reported_and_removed_and_the_task_steps_on()
    {
        var seen = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = seen.Add };
        loop.Trace = _ => throw new InvalidOperationException("broken trace");
        CoTask t = loop.Spawn(TestCoroutines.Sleep(1, "result"));
        loop.RunUntil(2);
        Assert.AreEqual("result", t.Result);
        Assert.AreEqual(0, loop.TaskCount, "no zombie counted live");
        Assert.AreEqual(1, seen.Count);
        Assert.AreEqual("broken trace", seen[0].Exception!.Message);
        Assert.IsNull(loop.Trace);
    }

    [TestMethod]
    public void An_exception_handler_that_throws_falls_back_to_stderr_and_the_loop_goes_on()
    {
        TextWriter old = Console.Error;
        var capture = new StringWriter();
        Console.SetError(capture);
        try
        {
            var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = _ => throw new InvalidOperationException("handler broke") };
            loop.CallSoon(() => throw new ArithmeticException("callback broke"));
            CoTask after = loop.Spawn(TestCoroutines.Sleep(1, "still running"));
            loop.RunUntil(2);
            Assert.AreEqual("still running", after.Result);
            loop.Dispose();
        }
        finally
        {
            Console.SetError(old);
        }

        string text = capture.ToString();
        StringAssert.Contains(text, "handler broke");
        StringAssert.Contains(text, "callback broke");
    }

    [TestMethod]
    public void RunUntil_infinity_runs_until_nothing_is_left_and_keeps_a_finite_time()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(TestCoroutines.Sleep(7.5, null));
        loop.Spawn(TestCoroutines.Sleep(3, null));
        loop.RunUntil(double.PositiveInfinity);
        Assert.AreEqual(7.5, loop.Time);
        Assert.AreEqual(0, loop.TaskCount);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RunUntil(double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RunUntil(1));
    }

    // A task woken with a failure for its catching wait (Yield.Catch) and cancelled before it steps ends cancelled, as
    // in asyncio (the cancel wins), but the failure it never read goes to the exception handler instead of vanishing
    // (asyncio drops it). Found by Engine.Tests/Core/Differential's random programs. Cancel and Kill, and the control:
    // a waiter that reads the failure reports nothing.
    [TestMethod]
    [DataRow("cancel")]
    [DataRow("kill")]
    [DataRow("none")]
    public void A_failure_a_cancelled_waiter_never_read_is_reported(string how)
    {
        var reports = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = reports.Add };
        var seen = new List<string>();
        CoTask failing = loop.Spawn(FailsAfter(1, "boom"), "failing");
        IEnumerator<Yield> Waiter()
        {
            yield return Co.Catch(failing);
            seen.Add("read " + Co.Exception?.Message);
        }

        CoTask waiter = loop.Spawn(Waiter(), "waiter");
        IEnumerator<Yield> Canceller()
        {
            yield return Yield.Seconds(1); // due with the failing task's timer, after it: the waiter is woken, not stepped
            if (how == "cancel")
            {
                waiter.Cancel();
            }
            else if (how == "kill")
            {
                waiter.Kill();
            }
        }

        loop.Spawn(Canceller(), "canceller");
        loop.RunUntil(5);
        if (how == "none")
        {
            CollectionAssert.AreEqual(new[] { "read boom" }, seen);
            Assert.AreEqual(0, reports.Count);
            return;
        }

        Assert.IsTrue(waiter.IsCancelled);
        Assert.AreEqual(0, seen.Count);
        Assert.AreEqual(1, reports.Count);
        Assert.AreEqual("boom", reports[0].Exception!.Message);
        Assert.AreSame(waiter, reports[0].Task);
        StringAssert.Contains(reports[0].Message, "cancelled before it could receive");
    }
    // A fail-fast gather finishes with the first failure; a child that fails later was received by nobody. asyncio's
    // gather marks that failure retrieved and drops it; here it stays unretrieved: reported once it can never be read
    // (the gather's own child tasks have no other owner), unless whoever holds the child reads it first.
    [TestMethod]
    [DataRow("coroutines")]
    [DataRow("tasks, not read")]
    [DataRow("tasks, read")]
    [DataRow("return exceptions")]
    public void A_failure_that_arrives_after_a_gather_finished_is_not_dropped(string how)
    {
        var reports = new List<string>();
        var seen = new List<string>();
        CoTask? second = null;
        using (var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reports.Add(c.Exception?.Message ?? c.Message) })
        {
            IEnumerator<Yield> Main()
            {
                Future<object?[]> gather;
                if (how == "coroutines")
                {
                    gather = Co.Gather(FailsAfter(1, "first"), FailsAfter(2, "second"));
                }
                else
                {
                    second = Co.Spawn(FailsAfter(2, "second"));
                    gather = Co.Gather(new Future[] { Co.Spawn(FailsAfter(1, "first")), second }, returnExceptions: how == "return exceptions");
                }

                yield return Co.Catch(gather);
                seen.Add(Co.Exception?.Message ?? "results: " + ((Exception)gather.Result[0]!).Message + ", " + ((Exception)gather.Result[1]!).Message);
                yield return Yield.Seconds(5);
                if (how == "tasks, read")
                {
                    seen.Add("read " + second!.Exception!.Message);
                }
            }

            loop.RunUntilComplete(loop.Spawn(Main()));
        }

        switch (how)
        {
            case "return exceptions":
                CollectionAssert.AreEqual(new[] { "results: first, second" }, seen);
                Assert.AreEqual(0, reports.Count, "the gather delivered both failures");
                break;
            case "tasks, read":
                CollectionAssert.AreEqual(new[] { "first", "read second" }, seen);
                Assert.AreEqual(0, reports.Count, "the owner read the later failure");
                break;
            default:
                CollectionAssert.AreEqual(new[] { "first" }, seen);
                CollectionAssert.AreEqual(new[] { "second" }, reports, "the later failure reached the handler when the loop closed");
                break;
        }
    }
    // A task is cancelled (or killed) while it awaits work through one of the helpers, and the work's cleanup throws.
    // Whatever the helper, that error is not lost: the task fails with it (it is in the chain of the task's exception),
    // or, where the helper leaves the work running on its own, the loop's exception handler receives it.
    [TestMethod]
    [DataRow("child frame", "cancel")]
    [DataRow("child frame", "kill")]
    [DataRow("joined task", "cancel")]
    [DataRow("joined task", "kill")]
    [DataRow("WaitFor", "cancel")]
    [DataRow("WaitFor", "kill")]
    [DataRow("Timeout", "cancel")]
    [DataRow("Timeout", "kill")]
    [DataRow("MoveOnAfter", "cancel")]
    [DataRow("MoveOnAfter", "kill")]
    [DataRow("group child", "cancel")]
    [DataRow("group child", "kill")]
    [DataRow("group body", "cancel")]
    [DataRow("group body", "kill")]
    [DataRow("Gather", "cancel")]
    [DataRow("Gather", "kill")]
    [DataRow("WhenAll", "cancel")]
    [DataRow("WhenAll", "kill")]
    [DataRow("WhenAny", "cancel")]
    [DataRow("WhenAny", "kill")]
    [DataRow("WaitFor of a group child", "cancel")]
    [DataRow("WaitFor of a group child", "kill")]
    public void A_cleanup_error_of_awaited_work_is_kept_when_the_awaiting_task_is_cancelled(string helper, string how)
    {
        var reports = new List<Exception>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reports.Add(c.Exception!) };
        static IEnumerator<Yield> Sleeper()
        {
            yield return Yield.Seconds(100);
        }

        IEnumerator<Yield> Work() => ThrowsInFinally("cleanup", Sleeper());
        IEnumerator<Yield> GroupWith(TaskGroup g, IEnumerator<Yield> child)
        {
            g.Spawn(child);
            yield return Yield.Seconds(100);
        }

        Yield Through()
        {
            var g = new TaskGroup();
            return helper switch
            {
                "child frame" => Yield.From(Work()),
                "joined task" => Co.Spawn(Work()),
                "WaitFor" => Co.WaitFor(Work(), 50),
                "Timeout" => Co.Timeout(50, Work()),
                "MoveOnAfter" => Co.MoveOnAfter(50, Work()),
                "group child" => g.Run(GroupWith(g, Work())),
                "group body" => g.Run(Work()),
                "Gather" => Co.Gather(Work(), Sleeper()),
                "WhenAll" => Co.WhenAll(Work(), Sleeper()),
                "WhenAny" => Co.WhenAny(Work(), Sleeper()),
                _ => Co.WaitFor(g.Run(GroupWith(g, Work())) is var run ? Wrap(run) : default, 50),
            };
        }

        static IEnumerator<Yield> Wrap(Yield y)
        {
            yield return y;
        }

        IEnumerator<Yield> Awaiting()
        {
            yield return Through();
        }

        CoTask t = loop.Spawn(Awaiting(), "awaiting");
        loop.RunUntil(1);
        if (how == "kill")
        {
            t.Kill();
        }
        else
        {
            t.Cancel();
        }

        loop.RunUntil(200);
        Assert.IsTrue(t.IsDone, "the task ended");
        var chain = new List<string>();
        for (Exception? e = t.IsFailed ? t.Exception : null; e != null; e = Co.GetContext(e) ?? e.InnerException)
        {
            chain.Add(e.Message);
            if (e is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    chain.Add(inner.Message);
                }
            }
        }

        foreach (Exception r in reports)
        {
            chain.Add("reported " + r.Message);
        }

        Assert.IsTrue(chain.Exists(m => m.EndsWith("cleanup", StringComparison.Ordinal)),
            helper + "/" + how + ": the cleanup error was lost; task " + (t.IsCancelled ? "cancelled" : "failed") + "; seen: " + string.Join(" | ", chain));
    }
    // A task cancelled during its own step (by itself, or by code it runs: killing a task that awaits it reaches it)
    // whose failure then goes to a frame that would catch it: that frame never runs again, so the failure travels on
    // and the task fails with it, whatever helper did the catching.
    [TestMethod]
    [DataRow("Catch")]
    [DataRow("child frame")]
    [DataRow("Timeout")]
    [DataRow("Timeout 0")]
    [DataRow("MoveOnAfter")]
    [DataRow("MoveOnAfter 0")]
    [DataRow("WaitFor")]
    [DataRow("group body")]
    public void A_failure_raised_after_the_task_was_cancelled_in_the_same_step_is_not_lost(string helper)
    {
        var reports = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reports.Add(c.Exception?.Message ?? c.Message) };
        CoTask? t = null;
        IEnumerator<Yield> Inner()
        {
            t!.Cancel();
            throw new InvalidOperationException("raised after the cancel");
#pragma warning disable CS0162 // an iterator needs a yield
            yield break;
#pragma warning restore CS0162
        }

        IEnumerator<Yield> Body()
        {
            yield return Yield.NextTick;
            yield return helper switch
            {
                "Catch" => Co.Catch(Yield.From(Inner())),
                "child frame" => Yield.From(Inner()),
                "Timeout" => Co.Timeout(5, Inner()),
                "Timeout 0" => Co.Timeout(0, Inner()),
                "MoveOnAfter" => Co.MoveOnAfter(5, Inner()),
                "MoveOnAfter 0" => Co.MoveOnAfter(0, Inner()),
                "WaitFor" => Co.WaitFor(Inner(), 5),
                _ => new TaskGroup().Run(Inner()),
            };
        }

        t = loop.Spawn(Body(), "t");
        loop.RunUntil(10);
        Assert.IsTrue(t.IsFailed, helper + ": the task failed");
        var chain = new List<string>();
        for (Exception? e = t.Exception; e != null; e = e.InnerException ?? Co.GetContext(e))
        {
            chain.Add(e.Message);
        }

        Assert.IsTrue(chain.Contains("raised after the cancel"), helper + ": " + string.Join(" | ", chain));
        Assert.AreEqual(0, reports.Count, string.Join("; ", reports));
    }
    // The interrupt of a timeout scope or of an aborting task group reaches a task that its awaited work already woke
    // with a failure for its catching wait, before it stepped: the interrupt wins (as a cancel does), and the failure it
    // never read goes to the exception handler.
    [TestMethod]
    [DataRow("timeout scope")]
    [DataRow("task group")]
    public void A_failure_an_interrupted_waiter_never_read_is_reported(string by)
    {
        var reports = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = reports.Add };
        var seen = new List<string>();
        var future = new Future<int>(loop);
        loop.CallLater(1, () => future.SetException(new InvalidOperationException("failed at 1"))); // due first at 1
        IEnumerator<Yield> Waits()
        {
            yield return Co.Catch(future);
            seen.Add("read " + Co.Exception?.Message);
        }

        IEnumerator<Yield> Body(TaskGroup group)
        {
            group.Spawn(FailsAfter(1, "child failed at 1")); // its timer is due at 1 after the callback's
            yield return Yield.From(Waits());
        }

        IEnumerator<Yield> Main()
        {
            if (by == "timeout scope")
            {
                yield return Co.Catch(Co.Timeout(1, Waits()));
            }
            else
            {
                var group = new TaskGroup();
                yield return Co.Catch(group.Run(Body(group)));
            }

            seen.Add("main: " + Co.Exception?.GetType().Name);
        }

        loop.RunUntilComplete(loop.Spawn(Main(), "main"));
        CollectionAssert.AreEqual(new[] { "main: " + (by == "timeout scope" ? "TimeoutException" : "TaskGroupException") }, seen);
        Assert.AreEqual(1, reports.Count, string.Join("; ", reports));
        Assert.AreEqual("failed at 1", reports[0].Exception!.Message);
        StringAssert.Contains(reports[0].Message, "interrupted before it could receive");
    }
    // Two cleanup errors meet where one already carries the other: a gather being cancelled receives a child's cleanup
    // error E5 (raised while that child handled the failure E4 of the task it awaited), then E4 itself from a second
    // child. Chaining E5 under E4 would loop, so E5 (which carries E4) travels on; neither is dropped.
    [TestMethod]
    public void A_cleanup_error_that_already_carries_the_next_one_is_not_dropped()
    {
        var reports = new List<Exception>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reports.Add(c.Exception!) };
        CoTask? owner = null;
        Future? gather = null;
        var children = new List<CoTask>();
        IEnumerator<Yield> CatchesOwner()
        {
            children.Add(Co.CurrentTask!);
            try
            {
                yield return Co.Catch(owner!);
            }
            finally
            {
                throw new InvalidOperationException("E5");
            }
        }

        IEnumerator<Yield> WaitsForOwner()
        {
            children.Add(Co.CurrentTask!);
            yield return Co.Catch(Co.WaitFor(owner!, 2));
        }

        IEnumerator<Yield> Owner()
        {
            try
            {
                gather = Co.Gather(CatchesOwner(), WaitsForOwner());
                yield return gather;
            }
            finally
            {
                throw new InvalidOperationException("E4");
            }
        }

        owner = loop.Spawn(Owner(), "owner");
        loop.RunUntil(1);
        Assert.AreEqual(2, children.Count);
        owner.Cancel(); // the gather starts cancelling its children, which wait for the owner: a cycle
        children[0].Kill(); // breaks it: kills the owner (E4), then raises E5 with E4 as its context
        children[1].Cancel();
        loop.RunUntil(5);
        loop.Dispose();
        Assert.IsTrue(gather!.IsFailed);
        Assert.AreEqual(1, reports.Count, "the gather's failure, which nobody awaited any more");
        Assert.AreEqual("E5", reports[0].Message);
        Assert.AreEqual("E4", Co.GetContext(reports[0])?.Message);
    }
}
