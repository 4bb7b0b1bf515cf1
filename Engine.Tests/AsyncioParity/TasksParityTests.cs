using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_tasks.py (and test_gather's shapes there), in the engine's generator form: CoTask
// cancel and cancel messages, Co.Gather, Co.Shield, Co.Wait, Co.AsCompleted, Co.CurrentTask. Not mirrored, by design
// (docs/asyncio.md): a task catching its own cancellation or calling uncancel (test_cancel_yield, test_uncancel_*),
// and same-instant step order through done-callbacks.
[TestClass]
public sealed class TasksParityTests
{
    [TestMethod] // BaseTaskTests.test_cancel, test_cancel_done_task (cancel of a done task returns false)
    public void Cancel_returns_true_while_pending_and_false_once_done()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Parity.Sleep(10));
            yield return Yield.NextTick;
            Assert.IsTrue(t.Cancel());
            Assert.IsTrue(t.Cancel(), "cancelling twice while pending returns true again, as in asyncio");
            yield return Yield.Catch(t);
            Assert.IsTrue(t.IsCancelled);
            Assert.IsFalse(t.Cancel());

            CoTask done = Co.Spawn(Parity.SleepThenReturn(0, 1));
            yield return done;
            Assert.IsFalse(done.Cancel());
            Assert.IsTrue(done.IsSucceeded);
        }
    }

    [TestMethod] // BaseTaskTests.test_cancel_with_message_then_future_result, test_cancel_with_message_before_starting_task
    public void Cancel_message_reaches_the_awaiting_task()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Parity.Sleep(10));
            t.Cancel("my message"); // before it started
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual("my message", Co.Exception!.Message);
            Assert.AreEqual("my message", t.CancelMessage);
        }
    }

    [TestMethod] // BaseTaskTests.test_cancel_inner_future, test_cancel_both_task_and_inner_future
    public void Cancel_reaches_the_awaited_future()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<int>();
            CoTask t = Co.Spawn(Await(f));
            yield return Yield.NextTick;
            t.Cancel();
            yield return Yield.Catch(t);
            Assert.IsTrue(f.IsCancelled);
            Assert.IsTrue(t.IsCancelled);
        }

        IEnumerator<Yield> Await(Future f)
        {
            yield return f;
        }
    }

    [TestMethod] // BaseTaskTests.test_current_task
    public void Current_task_is_the_running_one()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.IsNull(Co.CurrentTask);
        CoTask? seen = null;
        IEnumerator<Yield> Main()
        {
            seen = Co.CurrentTask;
            yield break;
        }

        CoTask main = loop.Spawn(Main());
        loop.RunUntilComplete(main);
        Assert.AreSame(main, seen);
    }

    [TestMethod] // GatherTests: test_one_exception / test_result_exception_success
    public void Gather_returns_results_in_argument_order_or_the_first_failure()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.Gather(Co.Spawn(Parity.SleepThenReturn(0.2, "a")), Co.Spawn(Parity.SleepThenReturn(0.1, "b")));
            CollectionAssert.AreEqual(new object?[] { "a", "b" }, Co.Result<object?[]>());

            CoTask sibling = Co.Spawn(Parity.SleepThenReturn(0.5, "sibling"));
            yield return Co.Catch(Co.Gather(Co.Spawn(Parity.SleepThenThrow(0.1, new KeyNotFoundException())), sibling));
            Assert.IsInstanceOfType<KeyNotFoundException>(Co.Exception);
            Assert.IsFalse(sibling.IsDone, "a failure does not cancel the other children");
            yield return sibling;
        }
    }

    [TestMethod] // GatherTests: test_return_exceptions
    public void Gather_with_return_exceptions_collects_failures_and_cancellations()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var err = new KeyNotFoundException();
            CoTask cancelled = Co.Spawn(Parity.Sleep(10));
            Co.Loop.CallLater(0.05, () => cancelled.Cancel());
            yield return Co.Gather(
                new Future[] { Co.Spawn(Parity.SleepThenReturn(0.1, 1)), Co.Spawn(Parity.SleepThenThrow(0.1, err)), cancelled },
                returnExceptions: true);
            object?[] r = Co.Result<object?[]>();
            Assert.AreEqual(1, r[0]);
            Assert.AreSame(err, r[1]);
            Assert.IsInstanceOfType<CancelledException>(r[2]);
        }
    }

    [TestMethod] // GatherTests: test_cancel_gather_1 / test_cancel_gather_2 (cancelling the gather cancels the children)
    public void Gather_cancelled_cancels_its_children()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Future<object?[]> g = Co.Gather(
                Co.Spawn(Parity.SleepRecordingCancel(10, log, "a")), Co.Spawn(Parity.SleepRecordingCancel(10, log, "b")));
            yield return Yield.NextTick;
            Assert.IsTrue(g.Cancel());
            yield return Yield.Catch(g);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            CollectionAssert.AreEquivalent(new[] { "a cancelled", "b cancelled" }, log);
        }
    }

    [TestMethod] // GatherTests: a child cancelled from outside fails a fail-fast gather with CancelledError
    public void Gather_child_cancelled_raises_cancelled_in_the_gather()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.Sleep(10));
            CoTask b = Co.Spawn(Parity.SleepThenReturn(1, "b"));
            Future<object?[]> g = Co.Gather(a, b);
            yield return Yield.NextTick;
            a.Cancel();
            yield return Yield.Catch(g);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsFalse(b.IsCancelled);
        }
    }

    [TestMethod] // BaseTaskTests.test_gather_shield / test_shield_result, test_shield_exception
    public void Shield_passes_the_result_or_failure_through()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.Shield(Co.Spawn(Parity.SleepThenReturn(0.1, "r")));
            Assert.AreEqual("r", Co.Result<string>());
            yield return Co.Catch(Co.Shield(Co.Spawn(Parity.SleepThenThrow(0.1, new KeyNotFoundException()))));
            Assert.IsInstanceOfType<KeyNotFoundException>(Co.Exception);
        }
    }

    [TestMethod] // BaseTaskTests.test_shield_effect, test_shield_cancel_outer
    public void Shield_keeps_the_inner_task_running_when_the_outer_is_cancelled()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Outer(CoTask inner)
        {
            yield return Co.Shield(inner);
        }

        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(Parity.SleepThenReturn(1, "inner"));
            CoTask outer = Co.Spawn(Outer(inner));
            yield return Yield.Seconds(0.1);
            outer.Cancel();
            yield return Yield.Catch(outer);
            Assert.IsTrue(outer.IsCancelled);
            Assert.IsFalse(inner.IsDone);
            yield return inner;
            Assert.AreEqual("inner", inner.Result);
        }
    }

    [TestMethod] // BaseTaskTests.test_shield_cancel_inner
    public void Shield_of_a_cancelled_inner_is_cancelled()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask inner = Co.Spawn(Parity.Sleep(1));
            Future<object?> outer = Co.Shield(inner);
            yield return Yield.NextTick;
            inner.Cancel();
            yield return Yield.Catch(outer);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsTrue(outer.IsCancelled);
        }
    }

    [TestMethod] // BaseTaskTests.test_wait, test_wait_first_completed, test_wait_first_exception, test_wait_really_done
    public void Wait_modes_split_done_and_pending_without_cancelling()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.SleepThenReturn(0.1, "a"));
            CoTask b = Co.Spawn(Parity.SleepThenReturn(0.15, "b"));
            yield return Co.Wait(new Future[] { b, a });
            WaitResult all = Co.Result<WaitResult>();
            CollectionAssert.AreEqual(new Future[] { a, b }, (System.Collections.ICollection)all.Done, "done in completion order");
            Assert.AreEqual(0, all.Pending.Count);
            Assert.AreEqual(0.15, Co.Time);

            CoTask slow = Co.Spawn(Parity.SleepThenReturn(10, "slow"));
            CoTask fast = Co.Spawn(Parity.SleepThenReturn(0.1, "fast"));
            yield return Co.Wait(new Future[] { slow, fast }, WaitMode.FirstCompleted);
            WaitResult first = Co.Result<WaitResult>();
            CollectionAssert.AreEqual(new Future[] { fast }, (System.Collections.ICollection)first.Done);
            CollectionAssert.AreEqual(new Future[] { slow }, (System.Collections.ICollection)first.Pending);
            Assert.IsFalse(slow.IsCancelled);

            CoTask failing = Co.Spawn(Parity.SleepThenThrow(0.1, new KeyNotFoundException()));
            CoTask ok = Co.Spawn(Parity.SleepThenReturn(0.05, "ok"));
            yield return Co.Wait(new Future[] { slow, failing, ok }, WaitMode.FirstException);
            WaitResult ex = Co.Result<WaitResult>();
            CollectionAssert.AreEquivalent(new Future[] { ok, failing }, (System.Collections.ICollection)ex.Done);
            CollectionAssert.AreEqual(new Future[] { slow }, (System.Collections.ICollection)ex.Pending);
            Assert.IsInstanceOfType<KeyNotFoundException>(failing.Exception);
            slow.Cancel();
        }
    }

    [TestMethod] // BaseTaskTests.test_wait_first_exception_in_wait (no exception: waits for all), test_wait_with_timeout
    public void Wait_first_exception_without_one_waits_for_all_and_timeout_returns_pending()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.SleepThenReturn(0.1, "a"));
            CoTask b = Co.Spawn(Parity.SleepThenReturn(0.2, "b"));
            yield return Co.Wait(new Future[] { a, b }, WaitMode.FirstException);
            Assert.AreEqual(2, Co.Result<WaitResult>().Done.Count);
            Assert.AreEqual(0.2, Co.Time);

            CoTask c = Co.Spawn(Parity.SleepThenReturn(0.1, "c"));
            CoTask d = Co.Spawn(Parity.SleepThenReturn(10, "d"));
            yield return Co.Wait(new Future[] { c, d }, WaitMode.AllCompleted, timeout: 0.11);
            WaitResult r = Co.Result<WaitResult>();
            CollectionAssert.AreEqual(new Future[] { c }, (System.Collections.ICollection)r.Done);
            CollectionAssert.AreEqual(new Future[] { d }, (System.Collections.ICollection)r.Pending);
            Assert.IsFalse(d.IsCancelled, "wait cancels nothing");
            Assert.AreEqual(0, d.WaiterCount, "and leaves no waiter behind");
            d.Cancel();
        }
    }

    [TestMethod] // BaseTaskTests.test_wait_errors (an empty set)
    public void Wait_on_nothing_throws()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.ThrowsExactly<ArgumentException>(() => Co.Wait(Array.Empty<Future>()));
            yield break;
        }
    }

    [TestMethod] // BaseTaskTests.test_as_completed, test_as_completed_with_unused_timeout
    public void As_completed_yields_in_completion_order()
    {
        var order = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            AsCompleted ac = Co.AsCompleted(new Future[]
            {
                Co.Spawn(Parity.SleepThenReturn(0.3, "a")),
                Co.Spawn(Parity.SleepThenReturn(0.1, "b")),
                Co.Spawn(Parity.SleepThenReturn(0.2, "c")),
            });
            for (int i = 0; i < ac.Count; i++)
            {
                yield return ac.Next();
                order.Add(Co.Result<string>() + "@" + Co.Time);
            }

            CollectionAssert.AreEqual(new[] { "b@0.1", "c@0.2", "a@0.3" }, order);
            Assert.AreEqual(0, ac.Remaining);
        }
    }

    [TestMethod] // BaseTaskTests.test_as_completed_reverse_wait, test_as_completed_concurrent (done before asked)
    public void As_completed_hands_out_already_done_results()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.SleepThenReturn(0.05, "a"));
            CoTask b = Co.Spawn(Parity.SleepThenReturn(0.1, "b"));
            AsCompleted ac = Co.AsCompleted(new Future[] { b, a });
            yield return Yield.Seconds(1);
            yield return ac.Next();
            Assert.AreEqual("a", Co.Result<string>());
            yield return ac.Next();
            Assert.AreEqual("b", Co.Result<string>());
            Assert.ThrowsExactly<InvalidOperationException>(() => ac.Next());
        }
    }

    [TestMethod] // BaseTaskTests.test_as_completed_with_timeout (a failure is raised at its turn; the others go on)
    public void As_completed_raises_a_failure_at_its_turn()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            AsCompleted ac = Co.AsCompleted(new Future[]
            {
                Co.Spawn(Parity.SleepThenThrow(0.1, new KeyNotFoundException())),
                Co.Spawn(Parity.SleepThenReturn(0.2, "ok")),
            });
            yield return Co.Catch(ac.Next());
            Assert.IsInstanceOfType<KeyNotFoundException>(Co.Exception);
            yield return ac.Next();
            Assert.AreEqual("ok", Co.Result<string>());
        }
    }

    [TestMethod] // BaseTaskTests.test_as_completed_with_timeout: the overall deadline is a timeout scope around the loop
    public void As_completed_under_a_timeout_leaves_the_futures_running()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Loop(AsCompleted ac, List<string> got)
        {
            for (int i = 0; i < ac.Count; i++)
            {
                yield return ac.Next();
                got.Add(Co.Result<string>());
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask fast = Co.Spawn(Parity.SleepThenReturn(0.1, "fast"));
            CoTask slow = Co.Spawn(Parity.SleepThenReturn(10, "slow"));
            AsCompleted ac = Co.AsCompleted(new Future[] { fast, slow });
            var got = new List<string>();
            yield return Co.Catch(Co.Timeout(0.12, Loop(ac, got)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            CollectionAssert.AreEqual(new[] { "fast" }, got);
            Assert.IsFalse(slow.IsDone, "as_completed cancels nothing it watches");
            slow.Cancel();
        }
    }
}
