using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// More of CPython 3.11's Lib/test/test_asyncio (test_tasks.py, test_taskgroups.py, test_futures.py), in the engine's
// generator form (session 22): waits given iterators and bad arguments, sleeps and their cancellation, a task
// cancelled while it awaits a plain future, futures of another loop, failures retrieved or not.
[TestClass]
public sealed class MoreTasksParityTests
{
    [TestMethod] // BaseTaskTests.test_wait_with_iterator_of_tasks
    public void Wait_takes_a_lazy_sequence_of_tasks()
    {
        Assert.AreEqual(42, Parity.Run(Main));
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Parity.Sleep(0.1));
            CoTask b = Co.Spawn(Parity.Sleep(0.15));
            yield return Co.Wait(Lazy(b, a));
            WaitResult r = Co.Result<WaitResult>();
            CollectionAssert.AreEquivalent(new Future[] { a, b }, (System.Collections.ICollection)r.Done);
            Assert.AreEqual(0, r.Pending.Count);
            Assert.AreEqual(0.15, Co.Time, 1e-9);
            yield return Yield.Return(42);
        }

        static IEnumerable<Future> Lazy(params Future[] futures)
        {
            foreach (Future f in futures)
            {
                yield return f;
            }
        }
    }

    [TestMethod] // BaseTaskTests.test_wait_invalid_args, test_as_completed_invalid_args
    public void Wait_and_as_completed_refuse_bad_arguments()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        Assert.ThrowsExactly<ArgumentException>(() => Co.Wait(Array.Empty<Future>()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Co.Wait(new Future[] { f }, (WaitMode)(-1)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Co.Wait(new Future[] { f }, WaitMode.AllCompleted, double.NaN));
        Assert.ThrowsExactly<ArgumentNullException>(() => Co.Wait(null!));
        Assert.ThrowsExactly<ArgumentException>(() => Co.Wait(new Future[] { f, null! }));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Co.AsCompleted(new Future[] { f }, double.NaN));
        Assert.ThrowsExactly<ArgumentNullException>(() => Co.AsCompleted(null!, 1));
        Assert.IsFalse(f.HasWaiters, "a refused wait subscribed to nothing");

        // asyncio's as_completed of an empty set yields nothing; here Count is 0 and Next refuses.
        Parity.Run(Empty);
        static IEnumerator<Yield> Empty()
        {
            AsCompleted ac = Co.AsCompleted(Array.Empty<Future>(), timeout: 1);
            Assert.AreEqual(0, ac.Count);
            Assert.ThrowsExactly<InvalidOperationException>(() => ac.Next());
            yield break;
        }
    }

    [TestMethod] // BaseTaskTests.test_sleep, test_sleep_cancel (the cancelled sleep's timer is gone: time does not move to it)
    public void Cancelled_sleep_leaves_no_timer_behind()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask slept = loop.Spawn(Parity.SleepThenReturn(0.05, "yeah"));
        loop.RunUntilComplete(slept);
        Assert.AreEqual("yeah", slept.Result);
        Assert.AreEqual(0.05, loop.Time, 1e-9);

        CoTask sleeper = loop.Spawn(Parity.SleepThenReturn(10, "never"));
        loop.RunUntil(0.06);
        Assert.IsTrue(sleeper.Cancel());
        Assert.ThrowsExactly<CancelledException>(() => loop.Run(Await(sleeper)));
        Assert.AreEqual(0.06, loop.Time, 1e-9, "the loop did not run on to the cancelled sleep's time");
        Assert.IsTrue(sleeper.IsCancelled);
    }

    [TestMethod] // BaseTaskTests.test_task_cancel_waiter_future
    public void Cancelling_a_task_that_awaits_a_future_cancels_the_future()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var fut = new Future<int>(loop);
        CoTask task = loop.Spawn(Await(fut));
        loop.RunUntil(0);
        Assert.IsTrue(fut.HasWaiters);
        task.Cancel();
        Assert.ThrowsExactly<CancelledException>(() => loop.Run(Await(task)));
        Assert.IsTrue(task.IsCancelled);
        Assert.IsTrue(fut.IsCancelled);
        Assert.IsFalse(fut.HasWaiters);
    }

    [TestMethod] // BaseTaskTests.test_task_cancel_message_getter (and the message reaches the waiter's exception)
    public void Task_cancel_message_is_kept_and_delivered()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Parity.Sleep(10));
            Assert.IsNull(t.CancelMessage);
            yield return Yield.NextTick;
            t.Cancel("my message");
            yield return Yield.Catch(t);
            Assert.AreEqual("my message", t.CancelMessage);
            Assert.AreEqual("my message", Co.Exception!.Message);
        }
    }

    [TestMethod] // BaseTaskTests.test_other_loop_future
    public void Awaiting_a_future_of_another_loop_raises_at_the_await()
    {
        using var other = new EventLoop(ClockKind.Virtual);
        var foreign = new Future<int>(other);
        Assert.AreEqual("refused", Parity.Run(Main));
        IEnumerator<Yield> Main()
        {
            yield return Yield.Catch(foreign);
            Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
            StringAssert.Contains(Co.Exception!.Message, "another event loop");
            Assert.IsFalse(foreign.HasWaiters);
            yield return Yield.Return("refused");
        }
    }

    [TestMethod] // GatherTests test_constructor_heterogenous_futures, test_constructor_homogenous_futures
    public void Gather_refuses_futures_of_two_loops()
    {
        using var a = new EventLoop(ClockKind.Virtual);
        using var b = new EventLoop(ClockKind.Virtual);
        var fa = new Future<int>(a);
        var fb = new Future<int>(b);
        Assert.ThrowsExactly<ArgumentException>(() => Co.Gather(fa, fb));
        Assert.ThrowsExactly<ArgumentException>(() => Co.Wait(new Future[] { fa, fb }));
        Assert.ThrowsExactly<ArgumentException>(() => Co.AsCompleted(new Future[] { fa, fb }));
        var fa2 = new Future<int>(a);
        Future<object?[]> both = Co.Gather(fa, fa2);
        Assert.AreSame(a, both.Loop);
        Assert.IsFalse(fb.HasWaiters);
    }

    [TestMethod] // CoroutineGatherTests.test_duplicate_coroutines (one task given three times: three results)
    public void Gather_keeps_a_task_given_three_times()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask c = Co.Spawn(Parity.SleepThenReturn(0, "abc"));
            yield return Co.Gather(c, c, Co.Spawn(Parity.SleepThenReturn(0, "def")), c);
            CollectionAssert.AreEqual(new object[] { "abc", "abc", "def", "abc" }, Co.Result<object?[]>());
        }
    }

    [TestMethod] // BaseTaskTests.test_exception_marking (a gather's first failure reaches the outer task; the later one is reported)
    public void Gather_failure_after_both_futures_is_the_outer_task_failure()
    {
        var reported = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reported.Add(c.Exception?.Message ?? c.Message) };
        var a = new Future<int>(loop);
        var b = new Future<int>(loop);
        CoTask f = loop.Spawn(Outer(a, b));
        loop.RunUntil(0);
        a.SetResult(0);
        loop.RunUntil(0);
        b.SetResult(0);
        loop.RunUntilComplete(f);
        Assert.IsInstanceOfType<InvalidOperationException>(f.Exception);
        Assert.AreEqual("should not be ignored", f.Exception!.Message);
        loop.Dispose();
        // asyncio's gather marks the second failure retrieved and drops it; the engine reports it (docs/asyncio.md: a
        // failure that reaches a fail-fast gather after it finished), so no error is lost. The first was retrieved.
        CollectionAssert.AreEqual(new[] { "should not be ignored" }, reported);

        static IEnumerator<Yield> Inner(Future f)
        {
            yield return f;
            throw new InvalidOperationException("should not be ignored");
        }

        static IEnumerator<Yield> Outer(Future a, Future b)
        {
            yield return Co.Gather(Inner(a), Inner(b));
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_20a (a child's error and the body's cleanup error, both in the group's error)
    public void Group_keeps_the_child_error_and_the_body_cleanup_error()
    {
        Parity.Run(Main);
        IEnumerator<Yield> CrashSoon()
        {
            yield return Yield.Seconds(0.1);
            throw new DivideByZeroException();
        }

        IEnumerator<Yield> Nested()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new InvalidProgramException("MyBaseExc");
            }
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(CrashSoon());
            yield return Yield.From(Nested());
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = Co.Exception as TaskGroupException;
            Assert.IsNotNull(e, Co.Exception?.ToString());
            var types = new HashSet<Type>();
            foreach (Exception inner in e!.InnerExceptions)
            {
                types.Add(inner.GetType());
            }

            Assert.IsTrue(types.SetEquals(new[] { typeof(InvalidProgramException), typeof(DivideByZeroException) }), string.Join(", ", types));
            Assert.AreEqual(0.1, Co.Time, 1e-9);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_already_entered, test_taskgroup_double_enter
    public void Group_runs_once()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Run(Parity.Sleep(0)), "already entered");
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Run(Parity.Sleep(0)), "entered before, and finished");
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(Parity.Sleep(0)), "finished");
        }
    }

    [TestMethod] // BaseFutureTests.test_future_exception_never_retrieved, test_tb_logger_result_retrieved, test_tb_logger_exception_result_retrieved
    public void Future_failure_read_through_its_result_is_not_reported()
    {
        var reported = new List<string>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reported.Add(c.Exception?.Message ?? c.Message) };
        var never = new Future<int>(loop);
        never.SetException(new InvalidOperationException("never retrieved"));
        var viaResult = new Future<int>(loop);
        viaResult.SetException(new InvalidOperationException("read via the result"));
        Assert.ThrowsExactly<InvalidOperationException>(() => viaResult.ThrowIfFailed());
        var succeeded = new Future<int>(loop);
        succeeded.SetResult(42);
        Assert.AreEqual(42, succeeded.ResultObject);
        loop.Dispose();
        CollectionAssert.AreEqual(new[] { "never retrieved" }, reported);
    }

    [TestMethod] // CoroutineTests (test_pep492).test_double_await: a coroutine a task drives cannot be awaited as well
    public void Coroutine_driven_by_a_task_cannot_be_run_as_a_child_too()
    {
        Assert.AreEqual("refused", Parity.Run(Runner));
        IEnumerator<Yield> Runner()
        {
            IEnumerator<Yield> coro = Parity.Sleep(0.1);
            CoTask t = Co.Spawn(coro);
            try
            {
                yield return Yield.NextTick;
                yield return Yield.Catch(coro);
                Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
                Assert.IsFalse(t.IsDone, "the refusal leaves the task that drives it running");
            }
            finally
            {
                t.Cancel();
            }

            yield return Yield.Return("refused");
        }
    }

    [TestMethod] // LockTests (test_pep492).test_context_manager_async_with: Lock, Condition, Semaphore, BoundedSemaphore
    [DataRow("lock")]
    [DataRow("condition")]
    [DataRow("semaphore")]
    [DataRow("bounded semaphore")]
    public void Primitive_is_locked_exactly_while_held(string kind)
    {
        Func<bool> locked = () => false;
        Func<Yield> acquire = () => Yield.NextTick;
        Action release = () => { };
        switch (kind)
        {
            case "lock":
                var l = new CoLock();
                (locked, acquire, release) = (() => l.IsLocked, l.Acquire, l.Release);
                break;
            case "condition":
                var c = new CoCondition();
                (locked, acquire, release) = (() => c.IsLocked, c.Acquire, c.Release);
                break;
            case "semaphore":
                var s = new CoSemaphore();
                (locked, acquire, release) = (() => s.IsLocked, s.Acquire, s.Release);
                break;
            default:
                var b = new CoBoundedSemaphore();
                (locked, acquire, release) = (() => b.IsLocked, b.Acquire, b.Release);
                break;
        }

        Parity.Run(Test);
        Assert.IsFalse(locked());
        IEnumerator<Yield> Test()
        {
            yield return Yield.Seconds(0.01);
            Assert.IsFalse(locked());
            yield return acquire();
            try
            {
                Assert.IsTrue(locked());
                yield return Yield.Seconds(0.01);
                Assert.IsTrue(locked());
            }
            finally
            {
                release();
            }

            Assert.IsFalse(locked());
        }
    }

    private static IEnumerator<Yield> Await(Future f)
    {
        yield return f;
    }
}
