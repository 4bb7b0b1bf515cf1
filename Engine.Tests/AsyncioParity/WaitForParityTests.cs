using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_waitfor.py, in the engine's generator form: Co.WaitFor. Not mirrored, by design
// (docs/asyncio.md): an inner coroutine that catches or ignores its cancellation (test_wait_for_cancellation_race_condition,
// test_wait_for_self_cancellation) cannot be written, as a task cannot catch its own cancellation.
[TestClass]
public sealed class WaitForParityTests
{
    [TestMethod] // AsyncioWaitForTest.test_asyncio_wait_for_cancelled, test_cancel_wait_for, test_cancel_blocking_wait_for
    public void Cancelling_the_waiter_cancels_the_inner_work()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Waiter()
        {
            yield return Co.WaitFor(Parity.SleepRecordingCancel(10, log, "inner"), double.PositiveInfinity);
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Waiter());
            yield return Yield.Seconds(0.1);
            t.Cancel();
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            CollectionAssert.AreEqual(new[] { "inner cancelled" }, log);
            Assert.AreEqual(0.1, Co.Time);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_asyncio_wait_for_timeout, test_wait_for
    public void Timeout_cancels_the_inner_task_and_raises()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(Parity.SleepRecordingCancel(10, log, "inner"));
            yield return Co.Catch(Co.WaitFor(inner, 0.1));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(0.1, Co.Time);
            Assert.IsTrue(inner.IsCancelled);
            CollectionAssert.AreEqual(new[] { "inner cancelled" }, log);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_future_done
    [DataRow(0.0)]
    [DataRow(-1.0)]
    public void Timeout_zero_on_a_done_future_returns_its_result(double timeout)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var fut = new Future<string>();
            fut.SetResult("done");
            yield return Co.WaitFor(fut, timeout);
            Assert.AreEqual("done", Co.Result<string>());
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
    [DataRow(0.0)]
    [DataRow(-1.0)]
    public void Timeout_zero_never_starts_the_coroutine(double timeout)
    {
        bool running = false;
        Parity.Run(Main);
        IEnumerator<Yield> Foo()
        {
            running = true;
            yield return Yield.Seconds(0.1);
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Foo(), timeout));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsFalse(running);
            Assert.AreEqual(0.0, Co.Time);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_timeout_less_then_0_or_0
    [DataRow(0.0)]
    [DataRow(-1.0)]
    public void Timeout_zero_on_running_work_cancels_it(double timeout)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask fut = Co.Spawn(Parity.Sleep(0.3));
            yield return Yield.NextTick;
            yield return Co.Catch(Co.WaitFor(fut, timeout));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsTrue(fut.IsCancelled);
            Assert.IsTrue(Co.Time < 0.3);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_blocking
    public void No_timeout_returns_the_result()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.WaitFor(Parity.SleepThenReturn(0, "done"), double.PositiveInfinity);
            Assert.AreEqual("done", Co.Result<string>());
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_race_condition
    public void Result_before_the_timeout_is_returned()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var fut = new Future<string>();
            Co.Loop.CallLater(0.1, () => fut.SetResult("ok"));
            yield return Co.WaitFor(fut, 1);
            Assert.AreEqual("ok", Co.Result<string>());
            Assert.AreEqual(0.1, Co.Time);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_waits_for_task_cancellation, test_wait_for_waits_for_task_cancellation_w_timeout_0
    [DataRow(0.1)]
    [DataRow(0.0)]
    public void Timeout_resumes_the_waiter_only_after_the_inner_cleanup(double timeout)
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Inner()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                log.Add("inner cleanup");
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(Inner());
            yield return Yield.NextTick;
            yield return Co.Catch(Co.WaitFor(inner, timeout));
            log.Add("waiter resumed");
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            CollectionAssert.AreEqual(new[] { "inner cleanup", "waiter resumed" }, log);
            Assert.IsTrue(inner.IsCancelled);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for_reraises_exception_during_cancellation
    public void Inner_cleanup_error_during_the_timeout_is_raised()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Inner()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new FormatException("foo");
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Inner(), 0.1));
            Assert.IsInstanceOfType<FormatException>(Co.Exception);
        }
    }

    [TestMethod] // AsyncioWaitForTest.test_wait_for (the inner failure travels out unchanged)
    public void Inner_failure_before_the_timeout_is_raised()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Parity.SleepThenThrow(0.01, new KeyNotFoundException()), 1));
            Assert.IsInstanceOfType<KeyNotFoundException>(Co.Exception);
            Assert.AreEqual(0.01, Co.Time);
        }
    }
}
