using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_timeouts.py, in the engine's generator form: TimeoutScope, Co.Timeout, Co.TimeoutAt.
// Not mirrored, by design (docs/asyncio.md): a task cannot catch its own cancellation (test_timeout_after_cancellation,
// test_cancel_in_timeout_after_cancellation), a finally block cannot wait (test_nested_timeout_in_finally), and the
// busy-loop tests (test_nested_timeouts_concurrent, test_nested_timeouts_loop_busy) block the real clock.
[TestClass]
public sealed class TimeoutsParityTests
{
    [TestMethod] // TimeoutTests.test_timeout_basic, test_waiter_cancelled
    public void Timeout_raises_and_unwinds_the_block()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = TimeoutScope.FailAfter(0.01);
            yield return Co.Catch(cm.Run(Parity.SleepRecordingCancel(10, log, "sleep")));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsTrue(cm.Expired);
            Assert.AreEqual(0.01, Co.Time);
            CollectionAssert.AreEqual(new[] { "sleep cancelled" }, log);
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_at_basic
    public void Timeout_at_raises_at_its_deadline()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            double deadline = Co.Time + 0.01;
            TimeoutScope cm = TimeoutScope.FailAt(deadline);
            yield return Co.Catch(cm.Run(Parity.Sleep(10)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsTrue(cm.Expired);
            Assert.AreEqual(deadline, cm.Deadline);
        }
    }

    [TestMethod] // TimeoutTests.test_nested_timeouts
    public void Nested_timeouts_with_one_deadline_only_the_outer_raises()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Inner(TimeoutScope cm2)
        {
            yield return cm2.Run(Parity.SleepRecordingCancel(10, log, "sleep"));
            log.Add("inner block went on");
        }

        IEnumerator<Yield> Main()
        {
            double deadline = Co.Time + 0.01;
            TimeoutScope cm1 = TimeoutScope.FailAt(deadline);
            TimeoutScope cm2 = TimeoutScope.FailAt(deadline);
            yield return Co.Catch(cm1.Run(Inner(cm2)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            CollectionAssert.AreEqual(new[] { "sleep cancelled" }, log);
            Assert.IsTrue(cm1.Expired);
            Assert.IsTrue(cm2.Expired);
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_not_called
    public void Timeout_not_reached_does_not_expire()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = TimeoutScope.FailAfter(10);
            yield return cm.Run(Parity.Sleep(0.01));
            Assert.IsFalse(cm.Expired);
            Assert.IsTrue(cm.Deadline > Co.Time);
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_disabled, test_timeout_at_disabled
    public void Timeout_of_infinity_never_expires()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = TimeoutScope.FailAfter(double.PositiveInfinity);
            yield return cm.Run(Parity.Sleep(0.01));
            Assert.IsFalse(cm.Expired);
            Assert.AreEqual(double.PositiveInfinity, cm.Deadline);
            TimeoutScope at = TimeoutScope.FailAt(double.PositiveInfinity);
            yield return at.Run(Parity.Sleep(0.01));
            Assert.IsFalse(at.Expired);
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_zero, test_timeout_zero_sleep_zero, test_timeout_in_the_past_sleep_zero
    [DataRow(0.0, 10.0)]
    [DataRow(0.0, 0.0)]
    [DataRow(-11.0, 0.0)]
    public void Timeout_zero_or_past_raises_before_the_first_wait_completes(double delay, double sleep)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(1);
            double t0 = Co.Time;
            TimeoutScope cm = TimeoutScope.FailAfter(Math.Max(delay, 0));
            if (delay < 0)
            {
                cm = TimeoutScope.FailAt(Co.Time + delay);
            }

            yield return Co.Catch(cm.Run(Parity.Sleep(sleep)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsTrue(cm.Expired);
            Assert.AreEqual(t0, Co.Time);
            Assert.IsTrue(cm.Deadline <= Co.Time);
        }
    }

    [TestMethod] // TimeoutTests.test_foreign_exception_passed
    public void Timeout_lets_a_foreign_exception_pass()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = TimeoutScope.FailAfter(0.01);
            yield return Co.Catch(cm.Run(Parity.SleepThenThrow(0, new KeyNotFoundException())));
            Assert.IsInstanceOfType<KeyNotFoundException>(Co.Exception);
            Assert.IsFalse(cm.Expired);
        }
    }

    [TestMethod] // TimeoutTests.test_foreign_exception_on_timeout
    public void Timeout_whose_cleanup_throws_raises_the_cleanup_error()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Crash()
        {
            try
            {
                yield return Yield.Seconds(1);
            }
            finally
            {
                throw new DivideByZeroException();
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.Timeout(0.01, Crash()));
            Assert.IsInstanceOfType<DivideByZeroException>(Co.Exception);
        }
    }

    [TestMethod] // TimeoutTests.test_foreign_cancel_doesnt_timeout_if_not_expired
    public void Timeout_scope_of_a_cancelled_task_does_not_expire()
    {
        TimeoutScope cm = TimeoutScope.FailAfter(10);
        Parity.Run(Main);
        IEnumerator<Yield> Body()
        {
            Co.CurrentTask!.Cancel();
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Victim()
        {
            yield return cm.Run(Body());
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Victim());
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsFalse(cm.Expired);
            Assert.AreEqual(0.0, Co.Time);
        }
    }

    [TestMethod] // TimeoutTests.test_outer_task_is_not_cancelled
    public void Timeout_leaves_the_outer_task_running()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Outer()
        {
            yield return Co.Catch(Co.Timeout(0.001, Parity.Sleep(10)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
        }

        IEnumerator<Yield> Main()
        {
            CoTask task = Co.Spawn(Outer());
            yield return task;
            Assert.IsFalse(task.IsCancelled);
            Assert.IsTrue(task.IsSucceeded);
        }
    }

    [TestMethod] // TimeoutTests.test_reschedule
    public void Timeout_reschedule_moves_or_disables_the_deadline()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            double deadline1 = Co.Time + 10;
            double deadline2 = deadline1 + 20;
            TimeoutScope cm = TimeoutScope.FailAt(deadline1);
            CoTask task = Co.Spawn(F(cm));
            yield return Yield.NextTick;
            Assert.AreEqual(deadline1, cm.Deadline);
            cm.Reschedule(deadline2);
            Assert.AreEqual(deadline2, cm.Deadline);
            cm.Reschedule(double.PositiveInfinity);
            yield return Yield.Seconds(40);
            Assert.IsFalse(task.IsDone, "a disabled deadline never fires");
            task.Cancel();
            yield return Yield.Catch(task);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsFalse(cm.Expired);
        }

        IEnumerator<Yield> F(TimeoutScope cm)
        {
            yield return cm.Run(Parity.Sleep(50));
        }
    }

    [TestMethod] // TimeoutTests.test_reschedule (an earlier deadline, asyncio's reschedule to the past)
    public void Timeout_rescheduled_to_the_past_expires_at_once()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = TimeoutScope.FailAfter(10);
            CoTask task = Co.Spawn(F(cm));
            yield return Yield.Seconds(1);
            cm.Reschedule(0);
            yield return Yield.Catch(task);
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsTrue(cm.Expired);
            Assert.AreEqual(1.0, Co.Time);
        }

        IEnumerator<Yield> F(TimeoutScope cm)
        {
            yield return cm.Run(Parity.Sleep(50));
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_double_enter, test_timeout_already_entered
    public void Timeout_scope_runs_once()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = TimeoutScope.FailAfter(10);
            yield return cm.Run(Parity.Sleep(0));
            Assert.ThrowsExactly<InvalidOperationException>(() => cm.Run(Parity.Sleep(0)));
        }
    }
}
