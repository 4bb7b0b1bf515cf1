using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
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
}
