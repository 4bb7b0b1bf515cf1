using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// More of CPython Lib/test/test_asyncio/test_tasks.py in the engine's generator form: a task cancelling itself, the
// reach of a cancellation through gathers, waits and awaited tasks, gathers of plain futures with one cancelled child,
// shield shortcuts, current_task across interleaved tasks, sleep(0) and a task awaiting itself. Not mirrored, by design
// (docs/asyncio.md): awaiting inside an except block (test_exception_chaining_after_await: C# forbids yield in catch and
// finally); the context chaining it checks is mirrored in CleanupErrorParityTests on cleanup that throws.
[TestClass]
public sealed class TaskCancelParityTests
{
    [TestMethod] // BaseTaskTests.test_cancel_current_task
    public void Task_cancelling_itself_is_cancelled_at_its_next_wait()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? t = null;
        bool ranAfterSleep = false;
        IEnumerator<Yield> Body()
        {
            Assert.IsTrue(t!.Cancel());
            Assert.IsTrue(t.IsCancelRequested);
            yield return Yield.Seconds(100); // the sleep is cancelled at once
            ranAfterSleep = true;
        }

        t = loop.Spawn(Body());
        Assert.IsFalse(t.IsCancelled);
        loop.RunUntilComplete(t);
        Assert.IsTrue(t.IsCancelled);
        Assert.IsFalse(ranAfterSleep);
        Assert.IsTrue(loop.Time < 100, "the sleep did not run its course");
        Assert.IsFalse(t.Cancel());
    }

    [TestMethod] // BaseTaskTests.test_cancel_at_end (the coroutine returns right after the task cancelled itself)
    public void Task_cancelling_itself_and_returning_ends_cancelled()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? t = null;
        IEnumerator<Yield> Body()
        {
            Assert.IsTrue(t!.Cancel());
            yield return Yield.Return(12);
        }

        t = loop.Spawn(Body());
        loop.RunUntilComplete(t);
        Assert.IsTrue(t.IsCancelled);
        Assert.IsFalse(t.Cancel());
    }

    [TestMethod] // BaseTaskTests.test_cancel_awaited_task (a task cancelled while running cancels the task it awaits next)
    public void Task_cancelled_while_running_cancels_what_it_awaits_next()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var fut = new Future<int>(loop);
        CoTask? task = null;
        CoTask? nested = null;
        IEnumerator<Yield> Nested()
        {
            yield return fut;
        }

        IEnumerator<Yield> Body()
        {
            nested = Co.Spawn(Nested());
            yield return Yield.NextTick;
            task!.Cancel();
            yield return nested;
        }

        task = loop.Spawn(Body());
        loop.RunUntilComplete(task);
        Assert.IsTrue(task.IsCancelled);
        Assert.IsTrue(nested!.IsCancelled);
        Assert.IsTrue(fut.IsCancelled);
    }

    [TestMethod] // GatherTests.test_cancellation_broadcast
    public void Cancelling_a_task_awaiting_a_gather_cancels_every_child_and_what_they_await()
    {
        int proof = 0;
        Future<object?[]>? gatherer = null;
        using var loop = new EventLoop(ClockKind.Virtual);
        var waiter = new Future<int>(loop);
        IEnumerator<Yield> Inner()
        {
            yield return waiter;
            proof += 1;
        }

        CoTask child1 = loop.Spawn(Inner());
        CoTask child2 = loop.Spawn(Inner());
        IEnumerator<Yield> Outer()
        {
            gatherer = Co.Gather(child1, child2);
            yield return gatherer;
            proof += 100;
        }

        CoTask f = loop.Spawn(Outer());
        loop.RunUntil(0); // run briefly
        Assert.IsTrue(f.Cancel());
        loop.RunUntilComplete(f);
        Assert.IsTrue(f.IsCancelled);
        Assert.IsFalse(gatherer!.Cancel(), "the gather is already done");
        Assert.IsTrue(waiter.IsCancelled);
        Assert.IsTrue(child1.IsCancelled);
        Assert.IsTrue(child2.IsCancelled);
        loop.RunUntil(1);
        Assert.AreEqual(0, proof);
    }

    [TestMethod] // BaseTaskTests.test_yield_wait_does_not_shield_cancel
    public void Cancelling_a_task_awaiting_wait_leaves_the_watched_tasks_running()
    {
        int proof = 0;
        using var loop = new EventLoop(ClockKind.Virtual);
        var waiter = new Future<int>(loop);
        IEnumerator<Yield> Inner()
        {
            yield return waiter;
            proof += 1;
        }

        IEnumerator<Yield> Outer()
        {
            yield return Co.Wait(new Future[] { Co.Spawn(Inner()) });
            proof += 100;
        }

        CoTask f = loop.Spawn(Outer());
        loop.RunUntil(0);
        f.Cancel();
        loop.RunUntilComplete(f);
        Assert.IsTrue(f.IsCancelled);
        waiter.SetResult(0);
        loop.RunUntil(1);
        Assert.AreEqual(1, proof);
    }

    [TestMethod] // GatherTests (FutureGatherTests).test_one_cancellation
    public void Gather_of_futures_with_one_cancelled_fails_with_cancelled_and_ignores_later_outcomes()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Future<int>[] f = { new(), new(), new(), new(), new() };
            Future<object?[]> g = Co.Gather(f);
            int calls = 0;
            g.OnCompleted(_ => calls++);
            f[0].SetResult(1);
            f[1].Cancel();
            yield return Yield.Catch(g);
            yield return Yield.NextTick; // done callbacks run
            Assert.IsTrue(g.IsDone);
            Assert.AreEqual(1, calls);
            Assert.IsFalse(g.IsCancelled, "the gather fails with the cancellation; it is not cancelled itself");
            Assert.IsInstanceOfType<CancelledException>(g.Exception);

            // Does nothing to the gather.
            f[2].SetResult(3);
            f[3].Cancel();
            f[4].SetException(new InvalidOperationException());
            Assert.IsInstanceOfType<InvalidOperationException>(f[4].Exception);
            yield return Yield.NextTick;
            Assert.AreEqual(1, calls);
            Assert.IsInstanceOfType<CancelledException>(g.Exception);
        }
    }

    [TestMethod] // GatherTests (FutureGatherTests).test_result_exception_one_cancellation
    public void Gather_of_futures_with_return_exceptions_collects_cancellations_in_place()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Future<int>[] f = { new(), new(), new(), new(), new(), new() };
            Future<object?[]> g = Co.Gather(f, returnExceptions: true);
            int calls = 0;
            g.OnCompleted(_ => calls++);
            f[0].SetResult(1);
            var zde = new DivideByZeroException();
            f[1].SetException(zde);
            f[2].Cancel();
            yield return Yield.NextTick;
            Assert.IsFalse(g.IsDone);
            f[3].SetResult(3);
            f[4].Cancel();
            var rte = new InvalidOperationException();
            f[5].SetException(rte);
            yield return g;
            object?[] res = Co.Result<object?[]>();
            Assert.IsInstanceOfType<CancelledException>(res[2]);
            Assert.IsInstanceOfType<CancelledException>(res[4]);
            res[2] = res[4] = null;
            CollectionAssert.AreEqual(new object?[] { 1, zde, null, 3, null, rte }, res);
            yield return Yield.NextTick;
            Assert.AreEqual(1, calls);
        }
    }

    [TestMethod] // BaseTaskTests.test_shield_gather
    public void Shield_of_a_gather_cancelled_outside_leaves_the_gather_to_finish()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var child1 = new Future<int>();
            var child2 = new Future<int>();
            Future<object?[]> parent = Co.Gather(child1, child2);
            Future<object?> outer = Co.Shield(parent);
            yield return Yield.NextTick;
            outer.Cancel();
            yield return Yield.NextTick;
            Assert.IsTrue(outer.IsCancelled);
            child1.SetResult(1);
            child2.SetResult(2);
            yield return Yield.NextTick;
            CollectionAssert.AreEqual(new object?[] { 1, 2 }, parent.Result);
        }
    }

    [TestMethod] // BaseTaskTests.test_shield_shortcut (shield of a done future)
    public void Shield_of_a_done_future_gives_its_result()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var fut = new Future<int>();
            fut.SetResult(42);
            yield return Co.Shield(fut);
            Assert.AreEqual(42, Co.Result<int>());

            var failed = new Future<int>();
            failed.SetException(new KeyNotFoundException());
            yield return Co.Catch(Co.Shield(failed));
            Assert.IsInstanceOfType<KeyNotFoundException>(Co.Exception);
        }
    }

    // asyncio 3.11 tasks.shield's _inner_done_callback: `if inner.cancelled(): outer.cancel()`, no message; as_completed's
    // `return f.result()` raises the cancelled future's own error, message included.
    [TestMethod]
    [DataRow("task")]
    [DataRow("future")]
    [DataRow("already cancelled")]
    public void Shield_of_work_cancelled_with_a_message_is_cancelled_without_it(string shape)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Future inner;
            if (shape == "task")
            {
                CoTask task = Co.Spawn(Parity.SleepThenReturn(1, "never"));
                inner = task;
            }
            else
            {
                inner = new Future<int>();
            }

            if (shape == "already cancelled")
            {
                inner.Cancel("stop");
            }

            Future<object?> outer = Co.Shield(inner);
            if (shape != "already cancelled")
            {
                yield return Yield.NextTick;
                inner.Cancel("stop");
            }

            yield return Co.Catch(outer);
            Assert.IsTrue(inner.IsCancelled);
            Assert.AreEqual("stop", inner.CancelMessage);
            Assert.IsTrue(outer.IsCancelled);
            Assert.IsNull(outer.CancelMessage);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreNotEqual("stop", Co.Exception!.Message);
        }
    }

    [TestMethod]
    public void As_completed_passes_a_cancelled_futures_message_on()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var first = new Future<int>();
            CoTask second = Co.Spawn(Parity.SleepThenReturn(1, "never"));
            AsCompleted ac = Co.AsCompleted(new Future[] { first, second });
            first.Cancel("first stopped");
            yield return Co.Catch(ac.Next());
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual("first stopped", Co.Exception!.Message);

            Co.Loop.CallSoon(() => second.Cancel("second stopped"));
            yield return Co.Catch(ac.Next());
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual("second stopped", Co.Exception!.Message);
        }
    }

    [TestMethod] // BaseTaskTests.test_current_task_with_interleaving_tasks
    public void Current_task_follows_interleaved_tasks()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.IsNull(Co.CurrentTask);
        var fut1 = new Future<bool>(loop);
        var fut2 = new Future<bool>(loop);
        CoTask? task1 = null;
        CoTask? task2 = null;
        var seen = new List<string>();
        IEnumerator<Yield> Coro1()
        {
            seen.Add("1:" + ReferenceEquals(Co.CurrentTask, task1));
            yield return fut1;
            seen.Add("1:" + ReferenceEquals(Co.CurrentTask, task1));
            fut2.SetResult(true);
        }

        IEnumerator<Yield> Coro2()
        {
            seen.Add("2:" + ReferenceEquals(Co.CurrentTask, task2));
            fut1.SetResult(true);
            yield return fut2;
            seen.Add("2:" + ReferenceEquals(Co.CurrentTask, task2));
        }

        task1 = loop.Spawn(Coro1());
        task2 = loop.Spawn(Coro2());
        loop.RunUntilComplete(loop.Spawn(WaitBoth()));
        IEnumerator<Yield> WaitBoth()
        {
            yield return Co.Wait(new Future[] { task1, task2 });
        }

        CollectionAssert.AreEqual(new[] { "1:True", "2:True", "1:True", "2:True" }, seen);
        Assert.IsNull(Co.CurrentTask);
    }

    [TestMethod] // SleepTests.test_sleep_zero (a callback scheduled before sleep(0) has run when the task resumes)
    public void Next_tick_lets_callbacks_scheduled_before_it_run()
    {
        int result = 0;
        Parity.Run(Main);
        Assert.AreEqual(11, result);
        IEnumerator<Yield> Main()
        {
            Co.Loop.CallSoon(() => result += 1);
            Assert.AreEqual(0, result);
            yield return Yield.NextTick;
            Assert.AreEqual(1, result, "incremented by the CallSoon callback");
            result += 10;
        }
    }

    [TestMethod] // BaseTaskTests.test_sleep_zero shape with tasks: sleep(0) lets every other ready task step once
    public void Next_tick_lets_every_ready_task_step_once_in_order()
    {
        var log = new List<string>();
        Parity.Run(Main);
        CollectionAssert.AreEqual(new[] { "a0", "b0", "main", "a1", "b1" }, log);
        IEnumerator<Yield> Worker(string name)
        {
            log.Add(name + "0");
            yield return Yield.NextTick;
            log.Add(name + "1");
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Worker("a"));
            CoTask b = Co.Spawn(Worker("b"));
            yield return Yield.NextTick;
            log.Add("main");
            yield return Co.Gather(a, b);
        }
    }

    [TestMethod] // BaseTaskTests.test_task_awaits_on_itself
    public void Task_awaiting_itself_fails_at_the_wait()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask? self = null;
            IEnumerator<Yield> Body()
            {
                yield return Yield.Catch(self!);
                Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
                yield return Yield.Return("went on");
            }

            self = Co.Spawn(Body());
            yield return self;
            Assert.AreEqual("went on", Co.Result<string>());
        }
    }

    [TestMethod] // BaseTaskTests.test_set_result_causes_invalid_state, test_set_exception_causes_invalid_state (futures)
    public void Completing_a_done_future_again_throws()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var f = new Future<int>();
            f.SetResult(1);
            Assert.ThrowsExactly<InvalidOperationException>(() => f.SetResult(2));
            Assert.ThrowsExactly<InvalidOperationException>(() => f.SetException(new KeyNotFoundException()));
            Assert.IsFalse(f.Cancel());
            Assert.AreEqual(1, f.Result);
            yield break;
        }
    }

    [TestMethod] // BaseTaskTests.test_wait_with_exception
    public void Wait_all_completed_returns_failures_among_the_done()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.Sleep(0.1));
            CoTask b = Co.Spawn(Parity.SleepThenThrow(0.15, new DivideByZeroException("really")));
            for (int round = 0; round < 2; round++)
            {
                yield return Co.Wait(new Future[] { b, a });
                WaitResult r = Co.Result<WaitResult>();
                Assert.AreEqual(2, r.Done.Count);
                Assert.AreEqual(0, r.Pending.Count);
                int errors = 0;
                foreach (Future f in r.Done)
                {
                    errors += f.Exception is not null ? 1 : 0;
                }

                Assert.AreEqual(1, errors);
                Assert.AreEqual(0.15, Co.Time, 1e-9);
            }
        }
    }

    // BaseTaskTests.test_wait_concurrent_complete (a task done at the timeout's instant is done), with the tasks started
    // first; TimeoutStartParityTests mirrors it as written (the wait in a task made after the sleepers: Co.Wait's timeout,
    // like asyncio's, starts when that task first steps it).
    [TestMethod]
    public void Wait_timeout_at_the_instant_a_task_finishes_counts_it_done()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.Sleep(0.1));
            CoTask b = Co.Spawn(Parity.Sleep(0.15));
            yield return Yield.NextTick;
            yield return Co.Wait(new Future[] { b, a }, WaitMode.AllCompleted, timeout: 0.1);
            WaitResult r = Co.Result<WaitResult>();
            CollectionAssert.AreEqual(new Future[] { a }, (System.Collections.ICollection)r.Done);
            CollectionAssert.AreEqual(new Future[] { b }, (System.Collections.ICollection)r.Pending);
            Assert.AreEqual(0.1, Co.Time, 1e-9);
            yield return Co.Wait(new Future[] { a, b });
        }
    }

    [TestMethod] // BaseTaskTests.test_wait_duplicate_coroutines, test_as_completed_duplicate_coroutines (one future twice)
    public void Wait_and_as_completed_count_a_future_given_twice_once()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.SleepThenReturn(0.1, "a"));
            yield return Co.Wait(new Future[] { a, a });
            WaitResult r = Co.Result<WaitResult>();
            Assert.AreEqual(1, r.Done.Count);
            Assert.AreEqual(0, r.Pending.Count);

            CoTask b = Co.Spawn(Parity.SleepThenReturn(0.1, "b"));
            AsCompleted ac = Co.AsCompleted(new Future[] { b, b });
            Assert.AreEqual(1, ac.Count);
            yield return ac.Next();
            Assert.AreEqual("b", Co.Result<string>());
        }
    }

    [TestMethod] // BaseTaskTests.test_bare_create_named_task, test_task_repr_autogenerated, test_task_set_name
    public void Task_names_are_given_or_numbered_and_can_be_changed()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask named = Co.Spawn(Parity.Sleep(0), "No-op");
            Assert.AreEqual("No-op", named.Name);
            CoTask t1 = Co.Spawn(Parity.Sleep(0));
            CoTask t2 = Co.Spawn(Parity.Sleep(0));
            Assert.AreEqual("Task-" + t1.Id, t1.Name);
            Assert.AreEqual(t1.Id + 1, t2.Id, "numbers increase by spawn order");
            t2.Name = "renamed";
            Assert.AreEqual("renamed", t2.Name);
            Assert.ThrowsExactly<ArgumentNullException>(() => t2.Name = null!);
            yield return Co.Gather(named, t1, t2);
        }
    }

    // BaseTaskTests.test_cancel_awaited_task in more shapes: a task cancelled during its own step (by itself, or by code
    // it runs) cancels the work it waits for next, and finishes once that work has (asyncio's _must_cancel); a kill
    // kills the work at once. The work: a task (awaited or caught), a gather, a Co.WaitFor, a shield (which protects
    // its inner task), a task whose cleanup fails (the failure is not lost).
    [TestMethod]
    [DataRow("await")]
    [DataRow("catch")]
    [DataRow("gather")]
    [DataRow("waitfor")]
    [DataRow("waitfor-coroutine")]
    [DataRow("child-cancels")]
    public void Work_awaited_after_a_self_cancel_is_cancelled_and_finishes_first(string shape)
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? task = null;
        CoTask? nested = null;
        IEnumerator<Yield> CancelMeThenAwait(CoTask work)
        {
            Co.CurrentTask!.Cancel("stop");
            log.Add("still running");
            yield return work;
        }

        IEnumerator<Yield> Body()
        {
            nested = Co.Spawn(Parity.SleepRecordingCancel(10, log, "nested"));
            yield return Yield.NextTick;
            if (shape == "child-cancels")
            {
                yield return Yield.From(CancelMeThenAwait(nested)); // code the task runs cancels it, then awaits
                log.Add("never");
            }

            task!.Cancel("stop");
            log.Add("still running");
            switch (shape)
            {
                case "catch":
                    yield return Yield.Catch(nested);
                    break;
                case "gather":
                    yield return Co.Gather(nested, Co.Spawn(Parity.SleepRecordingCancel(10, log, "sibling")));
                    break;
                case "waitfor":
                    yield return Co.WaitFor(nested, 5);
                    break;
                case "waitfor-coroutine":
                    yield return Co.WaitFor(Parity.SleepRecordingCancel(10, log, "inner"), 5);
                    break;
                default:
                    yield return nested;
                    break;
            }

            log.Add("never");
        }

        task = loop.Spawn(Body());
        loop.RunUntilComplete(task);
        Assert.IsTrue(task.IsCancelled, shape);
        Assert.AreEqual("stop", task.CancelMessage, shape);
        Assert.IsFalse(log.Contains("never"), shape);
        Assert.IsTrue(log.Contains("still running"), shape + ": the step goes on to its next yield");
        if (shape != "waitfor-coroutine")
        {
            Assert.IsTrue(nested!.IsCancelled, shape + ": the awaited task was cancelled");
            Assert.IsTrue(log.Contains("nested cancelled"), shape + ": the work's finally ran before the task finished");
        }

        // Tasks spawned in the cancelling step (the gather's sibling, the WaitFor's task) are cancelled before they
        // start, so their bodies never run, as in asyncio.
        Assert.AreEqual(0.0, loop.Time, shape + ": nothing waited for its sleep to end");
        CoTask[] left = loop.GetTasks();
        if (shape == "waitfor-coroutine")
        {
            // Only the first task, which this shape never awaited, still runs; the WaitFor's own task was cancelled.
            CollectionAssert.AreEqual(new[] { nested }, left, shape);
        }
        else
        {
            Assert.IsEmpty(left, shape + ": no task is left running");
        }
    }

    [TestMethod] // test_cancel_awaited_task with a message (test_cancel_with_message_then_future_result's propagation)
    public void Self_cancel_message_reaches_the_awaited_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? task = null;
        CoTask? nested = null;
        IEnumerator<Yield> Body()
        {
            nested = Co.Spawn(Parity.Sleep(10));
            yield return Yield.NextTick;
            task!.Cancel("my message");
            yield return nested;
        }

        task = loop.Spawn(Body());
        loop.RunUntilComplete(task);
        Assert.AreEqual("my message", nested!.CancelMessage);
        Assert.AreEqual("my message", task.CancelMessage);
    }

    [TestMethod] // test_cancel_awaited_task where the awaited task's cleanup fails: the failure is not lost
    public void Self_cancelled_task_awaiting_work_whose_cleanup_fails_fails_with_that_error()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? task = null;
        IEnumerator<Yield> Leaky()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new System.IO.IOException("cleanup failed");
            }
        }

        IEnumerator<Yield> Body()
        {
            CoTask nested = Co.Spawn(Leaky());
            yield return Yield.NextTick;
            task!.Cancel();
            yield return nested;
        }

        task = loop.Spawn(Body());
        loop.RunUntilComplete(task);
        Assert.IsTrue(task.IsFailed);
        Assert.IsInstanceOfType<System.IO.IOException>(task.Exception);
    }

    [TestMethod] // test_cancel_awaited_task for Kill: the work is killed at once and the task finishes in the same step
    public void Self_kill_kills_the_awaited_work_at_once()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? task = null;
        CoTask? nested = null;
        IEnumerator<Yield> Body()
        {
            nested = Co.Spawn(Parity.SleepRecordingCancel(10, log, "nested"));
            yield return Yield.NextTick;
            task!.Kill();
            yield return nested;
        }

        task = loop.Spawn(Body());
        loop.RunUntil(0);
        Assert.IsTrue(task.IsCancelled);
        Assert.IsTrue(nested!.IsCancelled);
        CollectionAssert.AreEqual(new[] { "nested cancelled" }, log);
    }

    [TestMethod] // test_cancel_awaited_task with shield: the shield's outer future is cancelled, its inner task goes on
    public void Self_cancel_before_awaiting_a_shield_leaves_the_inner_task_running()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask? task = null;
        CoTask? inner = null;
        IEnumerator<Yield> Body()
        {
            inner = Co.Spawn(Parity.SleepThenReturn(1, "inner"));
            yield return Yield.NextTick;
            task!.Cancel();
            yield return Co.Shield(inner);
        }

        task = loop.Spawn(Body());
        loop.RunUntilComplete(task);
        Assert.IsTrue(task.IsCancelled);
        Assert.IsFalse(inner!.IsDone);
        loop.RunUntilComplete(inner);
        Assert.AreEqual("inner", inner.Result);
    }

    [TestMethod] // BaseTaskTests.test_cancel_with_message_then_future_exception (the message, or the default one)
    [DataRow(null)]
    [DataRow("my message")]
    public void Cancelled_task_read_after_wait_carries_the_cancel_message(string? message)
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask task = Co.Spawn(Parity.Sleep(10));
            yield return Yield.NextTick;
            task.Cancel(message);
            yield return Co.Wait(new Future[] { task });
            Assert.IsTrue(task.IsCancelled);
            Assert.AreEqual(message, task.CancelMessage);
            Assert.IsNull(task.Exception, "the property is null for a cancelled task (asyncio's task.exception() raises)");
            yield return Yield.Catch(task);
            Exception? e = Co.Exception;
            Assert.IsInstanceOfType<CancelledException>(e);
            Assert.AreEqual(message ?? "Task '" + task.Name + "' was cancelled.", e!.Message);
            Assert.IsNull(Co.GetContext(e));
        }
    }

    [TestMethod] // BaseTaskTests.test_task_cancel_sleeping_task (a callback cancels the awaited sleeper)
    public void Awaiting_a_task_a_callback_cancels_receives_the_cancellation_at_that_time()
    {
        Assert.AreEqual("cancelled", Parity.Run(Main));
        IEnumerator<Yield> Main()
        {
            CoTask sleeper = Co.Spawn(Parity.Sleep(5000));
            Co.Loop.CallLater(0.1, () => sleeper.Cancel());
            yield return Yield.Catch(sleeper);
            Assert.AreEqual(0.1, Co.Time, 1e-9);
            yield return Yield.Return(Co.Exception is CancelledException ? "cancelled" : "slept in");
        }
    }

    [TestMethod] // BaseTaskTests.test_cancel_inner_future, test_cancel_yield (cancelling between two sleep(0)s)
    public void Task_awaiting_a_future_cancelled_elsewhere_ends_cancelled()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Await(Future f)
        {
            yield return f;
            yield return Yield.Return(12);
        }

        IEnumerator<Yield> Twice()
        {
            yield return Yield.NextTick;
            yield return Yield.NextTick;
            yield return Yield.Return(12);
        }

        IEnumerator<Yield> Main()
        {
            var f = new Future<int>();
            CoTask t = Co.Spawn(Await(f));
            yield return Yield.NextTick;
            f.Cancel();
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsTrue(f.IsCancelled);
            Assert.IsTrue(t.IsCancelled, "the CancelledException it did not catch ends it cancelled, not failed");

            CoTask y = Co.Spawn(Twice());
            yield return Yield.NextTick;
            y.Cancel();
            yield return Yield.Catch(y);
            Assert.IsTrue(y.IsCancelled);
            Assert.IsFalse(y.Cancel());
        }
    }

    [TestMethod] // BaseTaskTests.test_step_result_future (the awaiting coroutine receives the very result object)
    public void Awaited_future_hands_over_its_result_object()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var fut = new Future<object>();
            object? result = null;
            IEnumerator<Yield> WaitForFuture()
            {
                yield return fut;
                result = Co.ResultObject;
            }

            CoTask t = Co.Spawn(WaitForFuture());
            yield return Yield.NextTick;
            Assert.AreEqual(1, fut.WaiterCount);
            var res = new object();
            fut.SetResult(res);
            yield return t;
            Assert.AreSame(res, result);
            Assert.IsTrue(t.IsSucceeded);
            Assert.IsNull(t.Result);
        }
    }
}

