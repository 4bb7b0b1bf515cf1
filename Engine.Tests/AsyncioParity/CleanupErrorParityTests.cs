using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// "No error is ever lost": CPython's exception chaining (__context__) in the engine's form, Co.GetContext. An error
// raised in a finally block while another error or a cancellation unwinds travels on and keeps the earlier one as its
// context, in every shape: a task cancelled while it waits, an awaited task cancelled with a message
// (test_cancellation_exception_context), nested cleanups that all fail, a gather whose cancelled child's cleanup fails.
[TestClass]
public sealed class CleanupErrorParityTests
{
    private static IEnumerator<Yield> SleepThenCleanupFails(double seconds, string message)
    {
        try
        {
            yield return Yield.Seconds(seconds);
        }
        finally
        {
            throw new IOException(message);
        }
    }

    [TestMethod] // BaseTaskTests.test_cancellation_exception_context (the awaited task was cancelled with a message)
    public void Cleanup_error_after_an_awaited_task_was_cancelled_keeps_the_cancellation_as_context()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Coro(CoTask inner)
        {
            Co.Loop.CallSoon(() => inner.Cancel("msg"));
            try
            {
                yield return inner;
            }
            finally
            {
                throw new ArgumentException("cancelled");
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(Parity.Sleep(10));
            yield return Co.Catch(Yield.From(Coro(inner)));
            Assert.IsInstanceOfType<ArgumentException>(Co.Exception);
            Assert.AreEqual("cancelled", Co.Exception!.Message);
            Exception? context = Co.GetContext(Co.Exception);
            Assert.IsInstanceOfType<CancelledException>(context);
            Assert.AreEqual("msg", context!.Message);
        }
    }

    [TestMethod] // test_cancellation_exception_context for the cancelled task itself: its cleanup error keeps the cancellation
    public void Cancelled_task_whose_cleanup_fails_fails_with_the_cancellation_as_context()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(SleepThenCleanupFails(10, "cleanup"));
            yield return Yield.NextTick;
            t.Cancel("stop");
            yield return Yield.Catch(t);
            Assert.IsTrue(t.IsFailed, "a failed cleanup is not lost in a cancellation");
            Assert.IsInstanceOfType<IOException>(Co.Exception);
            Exception? context = Co.GetContext(Co.Exception!);
            Assert.IsInstanceOfType<CancelledException>(context);
            Assert.AreEqual("stop", context!.Message);

            // The same through Kill.
            CoTask k = Co.Spawn(SleepThenCleanupFails(10, "killed cleanup"));
            yield return Yield.NextTick;
            k.Kill();
            Assert.IsTrue(k.IsFailed);
            Assert.IsInstanceOfType<CancelledException>(Co.GetContext(k.Exception!));
        }
    }

    [TestMethod] // exception chaining through nested cleanups during a cancellation: outer -> inner -> the cancellation
    public void Nested_cleanup_errors_during_a_cancellation_chain_in_unwinding_order()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Outer()
        {
            try
            {
                yield return Yield.From(SleepThenCleanupFails(10, "inner cleanup"));
            }
            finally
            {
                throw new ArgumentException("outer cleanup");
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Outer());
            yield return Yield.NextTick;
            t.Cancel();
            yield return Yield.Catch(t);
            Exception outer = Co.Exception!;
            Assert.AreEqual("outer cleanup", outer.Message);
            Exception? inner = Co.GetContext(outer);
            Assert.AreEqual("inner cleanup", inner?.Message);
            Assert.IsInstanceOfType<CancelledException>(Co.GetContext(inner!));
            Assert.IsNull(Co.GetContext(Co.GetContext(inner!)!));
        }
    }

    [TestMethod] // exception chaining through nested cleanups during a failure: the failure is the chain's end
    public void Nested_cleanup_errors_during_a_failure_chain_back_to_the_failure()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Thrower()
        {
            yield return Yield.Seconds(1);
            throw new KeyNotFoundException("first");
        }

        // The failure comes from a child frame: within one iterator, a finally that throws replaces the exception in
        // flight (C#'s rule; the engine never sees the first one), so each error here belongs to its own frame.
        IEnumerator<Yield> Failing()
        {
            try
            {
                yield return Yield.From(Thrower());
            }
            finally
            {
                throw new IOException("second");
            }
        }

        IEnumerator<Yield> Outer()
        {
            try
            {
                yield return Yield.From(Failing());
            }
            finally
            {
                throw new ArgumentException("third");
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Yield.From(Outer()));
            Exception third = Co.Exception!;
            Assert.AreEqual("third", third.Message);
            Exception? second = Co.GetContext(third);
            Assert.AreEqual("second", second?.Message);
            Exception? first = Co.GetContext(second!);
            Assert.IsInstanceOfType<KeyNotFoundException>(first);
            Assert.IsNull(Co.GetContext(first!), "a real failure does not get a cancellation at its end");
        }
    }

    [TestMethod] // GatherTests: cancelling a gather whose child's cleanup fails: the failure reaches the awaiting task
    public void Cancelled_gather_whose_child_cleanup_fails_raises_that_failure()
    {
        var reported = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reported.Add(c.Exception?.Message ?? c.Message) };
        Exception? seen = null;
        CoTask? leaky = null;
        CoTask? plain = null;
        IEnumerator<Yield> Main()
        {
            leaky = Co.Spawn(SleepThenCleanupFails(10, "child cleanup"));
            plain = Co.Spawn(Parity.Sleep(10));
            Future<object?[]> g = Co.Gather(leaky, plain);
            yield return Yield.NextTick;
            g.Cancel();
            yield return Co.Catch(g);
            seen = Co.Exception;
        }

        loop.Run(Main());
        Assert.IsTrue(leaky!.IsFailed);
        Assert.IsTrue(plain!.IsCancelled);
        Assert.IsInstanceOfType<IOException>(seen, "asyncio's gather raises the first child's outcome, here its failure");
        Assert.IsEmpty(reported);
    }

    [TestMethod] // wait_for whose inner task's cleanup fails on timeout: the cleanup error travels, the timeout is its context
    public void Wait_for_timeout_with_a_failing_cleanup_raises_the_cleanup_error()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(SleepThenCleanupFails(10, "inner cleanup"));
            yield return Co.Catch(Co.WaitFor(inner, 1));
            Assert.IsInstanceOfType<IOException>(Co.Exception);
            Exception? context = Co.GetContext(Co.Exception!);
            Assert.IsNotNull(context, "the timeout is not lost");
            bool hasTimeout = false;
            for (Exception? e = context; e is not null; e = Co.GetContext(e))
            {
                hasTimeout |= e is TimeoutException || (e is CancelledException && e.Message.Contains("timeout", StringComparison.Ordinal));
            }

            // asyncio's wait_for raises the cleanup error with no trace of the timeout; the engine keeps the expiry.
            Assert.IsTrue(hasTimeout, "the chain holds the expiry");
        }
    }
}
