using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// When each helper's timeout starts, against CPython 3.11's asyncio (tasks.py, timeouts.py): wait's _wait calls
// call_later when the awaiting task first steps it; wait_for computes its deadline when it runs; as_completed is a
// generator whose body (and call_later) runs at its first next(); timeout(delay) fixes loop.time() + delay when called.
// Every test makes the helper at one time and starts it at another, then checks same-instant outcomes on the virtual
// clock (which of two timers due at one time fires first is the order they were armed in, in asyncio as here).
[TestClass]
public sealed class TimeoutStartParityTests
{
    // BaseTaskTests.test_wait_concurrent_complete, as written: the wait runs in a task made after the sleepers, so its
    // timeout starts after their sleeps, and the task done at the timeout's instant is done.
    [TestMethod]
    public void Wait_timeout_starts_when_its_task_first_steps_it()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.Sleep(0.1));
            CoTask b = Co.Spawn(Parity.Sleep(0.15));
            CoTask waiter = Co.Spawn(WaitIn(new Future[] { b, a }, 0.1));
            yield return waiter;
            var r = (WaitResult)waiter.Result!;
            CollectionAssert.AreEqual(new Future[] { a }, (System.Collections.ICollection)r.Done);
            CollectionAssert.AreEqual(new Future[] { b }, (System.Collections.ICollection)r.Pending);
            Assert.AreEqual(0.1, Co.Time, 1e-9);
            yield return Co.Wait(new Future[] { a, b });
        }
    }

    // The same, with the wait awaited in the step that spawned the sleepers: its timeout starts before their sleeps, so
    // it fires first at 0.1 and both are pending (asyncio: foo creates a and b, then awaits wait(), whose call_later
    // runs in foo's step, before a and b first run).
    [TestMethod]
    public void Wait_timeout_started_before_the_sleeps_fires_first()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.Sleep(0.1));
            CoTask b = Co.Spawn(Parity.Sleep(0.15));
            yield return Co.Wait(new Future[] { b, a }, WaitMode.AllCompleted, timeout: 0.1);
            WaitResult r = Co.Result<WaitResult>();
            Assert.AreEqual(0, r.Done.Count);
            Assert.AreEqual(2, r.Pending.Count);
            Assert.AreEqual(0.1, Co.Time, 1e-9);
            yield return Co.Wait(new Future[] { a, b });
        }
    }

    // A wait made at 0 and awaited at 0.5 times out at 1.5 (asyncio: w = wait([t], timeout=1); await sleep(0.5); await w),
    // so a future done at 1.2 is done.
    [TestMethod]
    [DataRow(1.2, true, 1.2)]
    [DataRow(1.5, true, 1.5)]    // its timer was armed first: done at the instant the timeout fires, in asyncio too
    [DataRow(1.7, false, 1.5)]
    public void Wait_made_early_counts_its_timeout_from_its_first_await(double taskEnds, bool done, double resumedAt)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<int>();
            Co.Loop.CallLater(taskEnds, () => f.SetResult(1));
            Future<WaitResult> w = Co.Wait(new Future[] { f }, WaitMode.AllCompleted, timeout: 1);
            yield return Yield.Seconds(0.5);
            Assert.IsFalse(w.IsDone, "nothing waited for it yet: its timeout has not started");
            yield return w;
            WaitResult r = Co.Result<WaitResult>();
            Assert.AreEqual(done ? 1 : 0, r.Done.Count);
            Assert.AreEqual(resumedAt, Co.Time, 1e-9);
        }
    }

    // asyncio: y = wait_for(f, 1) made at 0 and awaited at 0.5 computes its deadline when it runs: 1.5.
    [TestMethod]
    [DataRow(1.2, "done")]
    [DataRow(1.5, "done")]      // the future's timer was armed first: done at the deadline's instant wins
    [DataRow(1.7, "timeout")]
    public void WaitFor_made_early_counts_its_timeout_from_its_first_step(double futureEnds, string expected)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<string>();
            Co.Loop.CallLater(futureEnds, () => f.SetResult("done"));
            Yield wait = Co.WaitFor(f, 1);
            yield return Yield.Seconds(0.5);
            yield return Co.Catch(wait);
            Assert.AreEqual(expected, Co.Exception is TimeoutException ? "timeout" : Co.Result<string>());
            Assert.AreEqual(expected == "done" ? futureEnds : 1.5, Co.Time, 1e-9);
        }
    }

    [TestMethod] // BaseTaskTests.test_as_completed_with_timeout (the result before the timeout, then TimeoutError)
    public void AsCompleted_timeout_raises_for_results_not_done_in_time()
    {
        var values = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.SleepThenReturn(0.1, "a"));
            CoTask b = Co.Spawn(Parity.SleepThenReturn(0.15, "b"));
            CoTask foo = Co.Spawn(Foo(a, b));
            yield return foo;
            CollectionAssert.AreEqual(new[] { "1 a", "2 timeout" }, values);
            Assert.AreEqual(0.12, Co.Time, 1e-9);
            yield return Co.Wait(new Future[] { a, b });
            Assert.AreEqual("b", b.Result, "the timeout cancels nothing");
        }

        IEnumerator<Yield> Foo(Future a, Future b)
        {
            AsCompleted ac = Co.AsCompleted(new[] { a, b }, timeout: 0.12);
            for (int i = 0; i < ac.Count; i++)
            {
                yield return Co.Catch(ac.Next());
                values.Add(Co.Exception is TimeoutException ? "2 timeout" : "1 " + Co.Result<string>());
            }
        }
    }

    // as_completed's body runs at its first next(): made at 0, first asked at 0.5, its timeout of 1 passes at 1.5.
    // Results done before the timeout are still delivered after it, ahead of the timeouts (asyncio's queue order).
    [TestMethod]
    public void AsCompleted_timeout_starts_at_the_first_Next()
    {
        var values = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var fs = new[] { new Future<string>(), new Future<string>(), new Future<string>(), new Future<string>() };
            double[] ends = { 1.2, 1.3, 1.5, 2 };
            for (int i = 0; i < fs.Length; i++)
            {
                Future<string> f = fs[i];
                string name = "f" + i;
                Co.Loop.CallLater(ends[i], () => f.SetResult(name));
            }

            AsCompleted ac = Co.AsCompleted(fs, timeout: 1);
            yield return Yield.Seconds(0.5);
            yield return Co.Catch(ac.Next());
            values.Add(Co.Result<string>() + "@" + Co.Time);
            yield return Yield.Seconds(3);
            for (int i = 1; i < ac.Count; i++)
            {
                yield return Co.Catch(ac.Next());
                values.Add((Co.Exception is TimeoutException ? "timeout" : Co.Result<string>()) + "@" + Co.Time);
            }
        }

        // f2 ends at 1.5, the timeout's instant, its timer armed first: as asyncio's done-callback, its arrival goes
        // through the callback queue and the timeout, due in the same iteration, comes first.
        CollectionAssert.AreEqual(new[] { "f0@1.2", "f1@4.2", "timeout@4.2", "timeout@4.2" }, values);
    }

    [TestMethod] // test_as_completed_with_unused_timeout; a zero timeout delivers what is done and times out the rest
    [DataRow(0.0)]
    [DataRow(-1.0)]
    public void AsCompleted_zero_timeout_delivers_what_is_done(double timeout)
    {
        var values = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var done = new Future<string>();
            done.SetResult("done");
            var later = new Future<string>();
            AsCompleted ac = Co.AsCompleted(new Future[] { later, done }, timeout);
            for (int i = 0; i < ac.Count; i++)
            {
                yield return Co.Catch(ac.Next());
                values.Add((Co.Exception is TimeoutException ? "timeout" : Co.Result<string>()) + "@" + Co.Time);
            }

            later.SetResult("late");
            AsCompleted unused = Co.AsCompleted(new Future[] { Co.Spawn(Parity.SleepThenReturn(0.01, "a")) }, timeout: 1);
            yield return unused.Next();
            values.Add(Co.Result<string>() + "@" + Co.Time);
        }

        CollectionAssert.AreEqual(new[] { "done@0", "timeout@0", "a@0.01" }, values);
    }

    // asyncio's timeout(delay) fixes its deadline when called: a scope made at 0 and entered at 0.5 expires at 1.
    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Timeout_scope_made_in_a_coroutine_counts_from_its_creation(bool raises)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            TimeoutScope cm = raises ? TimeoutScope.FailAfter(1) : TimeoutScope.MoveOnAfter(1);
            Assert.AreEqual(1, cm.Deadline, 1e-9);
            yield return Yield.Seconds(0.5);
            yield return Co.Catch(cm.Run(Parity.Sleep(0.8)));
            Assert.AreEqual(raises, Co.Exception is TimeoutException);
            Assert.IsTrue(cm.Expired);
            Assert.AreEqual(1, Co.Time, 1e-9);
        }
    }

    // Made outside any running loop there is no time to count from: the delay counts from when the body starts.
    [TestMethod]
    public void Timeout_scope_made_outside_a_loop_counts_from_its_entry()
    {
        TimeoutScope cm = TimeoutScope.FailAfter(1);
        Assert.IsTrue(double.IsNaN(cm.Deadline));
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(0.5);
            yield return Co.Catch(cm.Run(Parity.Sleep(2)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(1.5, Co.Time, 1e-9);
        }
    }

    // The awaited future completes at the deadline's instant, its timer armed first: asyncio's task is woken but not yet
    // stepped when the timeout cancels it, so the timeout wins; so it does here.
    [TestMethod]
    public void Timeout_at_the_instant_the_awaited_future_completes_wins()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<string>();
            Co.Loop.CallLater(1, () => f.SetResult("done"));
            yield return Co.Catch(Co.Timeout(1, Await(f)));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            Assert.AreEqual(1, Co.Time, 1e-9);
        }

        static IEnumerator<Yield> Await(Future f)
        {
            yield return f;
        }
    }

    private static IEnumerator<Yield> WaitIn(Future[] futures, double timeout)
    {
        yield return Co.Wait(futures, WaitMode.AllCompleted, timeout);
        yield return Yield.Return(Co.Result<WaitResult>());
    }
}
