using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// The rest of CPython Lib/test/test_asyncio/test_taskgroups.py and test_timeouts.py that the engine's TaskGroup and
// TimeoutScope claim, in the generator form. Not mirrored: test_taskgroup_08/11/12 (a body catching its own
// cancellation), the repr tests (the engine's ToString is its own), test_timeout_not_entered (the engine lets a scope be
// rescheduled before it runs: the deadline is then the absolute time given), contextvars (test_taskgroup_task_context).
[TestClass]
public sealed class GroupTimeoutParityTests
{
    [TestMethod] // TestTaskGroup.test_taskgroup_21a (a child failure while the body's own cleanup fails: both are kept)
    public void Group_keeps_a_child_failure_and_the_body_cleanup_failure()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Nested()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new InvalidCastException("body cleanup");
            }
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Parity.SleepThenThrow(0.1, new DivideByZeroException("crash soon")));
            yield return Yield.From(Nested());
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            var types = new HashSet<Type>();
            foreach (Exception inner in e.InnerExceptions)
            {
                types.Add(inner.GetType());
            }

            CollectionAssert.AreEquivalent(new[] { typeof(DivideByZeroException), typeof(InvalidCastException) }, new List<Type>(types));
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_22 (cancelling the task running a group with children)
    public void Cancelling_the_task_running_a_group_cancels_it_and_the_children()
    {
        CoTask? c1 = null;
        CoTask? c2 = null;
        Parity.Run(Main);
        IEnumerator<Yield> Runner()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            c1 = g.Spawn(Parity.SleepThenReturn(1, 42));
            c2 = g.Spawn(Parity.SleepThenReturn(2, 11));
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            CoTask r = Co.Spawn(Runner());
            yield return Yield.Seconds(0.05);
            r.Cancel();
            yield return Yield.Catch(r);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsTrue(r.IsCancelled);
            Assert.IsTrue(c1!.IsCancelled);
            Assert.IsTrue(c2!.IsCancelled);
            Assert.AreEqual(0.05, Co.Time, 1e-9);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_23 (finished children leave the group while the body goes on)
    public void Group_forgets_finished_children_while_the_body_runs()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            for (int count = 0; count < 10; count++)
            {
                yield return Yield.Seconds(0.1);
                g.Spawn(Parity.Sleep(0.3));
                if (count == 5)
                {
                    Assert.IsLessThan(5, g.RunningCount);
                }
            }

            yield return Yield.Seconds(1.35);
            Assert.AreEqual(0, g.RunningCount);
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_24 (a child spawns more children into the group after the body ended)
    public void Group_waits_for_children_spawned_by_children_after_the_body_ended()
    {
        var finished = new List<double>();
        Parity.Run(Main);
        IEnumerator<Yield> Coro1(double delay)
        {
            yield return Yield.Seconds(delay);
            finished.Add(Co.Time);
        }

        IEnumerator<Yield> Root(TaskGroup g)
        {
            yield return Yield.Seconds(0.1);
            g.Spawn(Coro1(0.1));
            g.Spawn(Coro1(0.2));
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Root(g));
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            Assert.AreEqual(0.3, Co.Time, 1e-9);
            Assert.HasCount(2, finished);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_25 (children multiplying until a sibling fails: the group stops them all)
    public void Group_with_multiplying_children_stops_at_a_sibling_failure()
    {
        int hydras = 0;
        Parity.Run(Main);
        IEnumerator<Yield> Hydra(TaskGroup g)
        {
            hydras++;
            yield return Yield.Seconds(0.01);
            g.Spawn(Hydra(g));
            g.Spawn(Hydra(g));
        }

        IEnumerator<Yield> Hercules()
        {
            while (hydras < 10)
            {
                yield return Yield.Seconds(0.015);
            }

            throw new DivideByZeroException();
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Hydra(g));
            g.Spawn(Hercules());
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.HasCount(1, e.InnerExceptions);
            Assert.IsInstanceOfType<DivideByZeroException>(e.InnerExceptions[0]);
            Assert.IsGreaterThanOrEqualTo(10, hydras);
            Assert.AreEqual(0, g.RunningCount);
            Assert.HasCount(1, Co.AllTasks(), "only the main task is left");
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_without_parent_task (spawning into a group that was never run)
    public void Spawning_into_a_group_that_was_not_run_throws()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            IEnumerator<Yield> work = Parity.Sleep(0);
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(work));
            yield return Yield.From(work); // the coroutine was not started: it can still run
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_exception_cause (the TimeoutError is raised from the CancelledError)
    public void Timeout_error_has_the_cancellation_as_its_cause()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.Timeout(0, Parity.Sleep(1)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception!.InnerException);

            yield return Co.Catch(Co.Timeout(0.5, Parity.Sleep(1)));
            Assert.IsInstanceOfType<CancelledException>(Co.Exception!.InnerException);

            // wait_for in 3.11 raises its TimeoutError from the CancelledError too.
            yield return Co.Catch(Co.WaitFor(Co.Spawn(Parity.Sleep(1)), 0.5));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception!.InnerException);

            yield return Co.Catch(Co.WaitFor(Co.Spawn(Parity.Sleep(1)), 0));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception!.InnerException);
        }
    }

    [TestMethod] // TimeoutTests.test_timeout_expired, test_timeout_expiring, test_timeout_finished
    public void Timeout_cannot_be_rescheduled_once_expired_or_finished()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Expiring(TimeoutScope cm)
        {
            try
            {
                yield return Yield.Seconds(1);
            }
            finally
            {
                // Expiring: the body is unwinding from the deadline.
                var e = Assert.ThrowsExactly<InvalidOperationException>(() => cm.Reschedule(Co.Time + 0.02));
                StringAssert.Contains(e.Message, "expired");
            }
        }

        IEnumerator<Yield> Main()
        {
            TimeoutScope expired = TimeoutScope.FailAfter(0.01);
            yield return Co.Catch(expired.Run(Expiring(expired)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            var e1 = Assert.ThrowsExactly<InvalidOperationException>(() => expired.Reschedule(Co.Time + 0.02));
            StringAssert.Contains(e1.Message, "expired");

            TimeoutScope finished = TimeoutScope.FailAfter(0.01);
            yield return finished.Run(Parity.Sleep(0));
            var e2 = Assert.ThrowsExactly<InvalidOperationException>(() => finished.Reschedule(Co.Time + 0.02));
            StringAssert.Contains(e2.Message, "finished");
            Assert.IsFalse(finished.Expired);
        }
    }
}
