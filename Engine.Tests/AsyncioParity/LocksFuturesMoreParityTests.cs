using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// More of CPython Lib/test/test_asyncio/test_locks.py (Semaphore, Barrier), test_queues.py and test_futures.py in the
// generator form. Not mirrored: the barrier's draining state (test_draining_state and the reset/abort-while-draining
// tests: the engine releases a round at once, so there is no draining phase for a task to observe; a task arriving
// right after a release starts the next round, as test_blocking_tasks_while_draining checks), repr tests.
[TestClass]
public sealed class LocksFuturesMoreParityTests
{
    [TestMethod] // SemaphoreTests.test_acquire_fifo_order_3 (a cancelled waiter's place goes to the next, in order)
    public void Semaphore_cancelled_waiter_is_skipped_and_the_others_keep_fifo_order()
    {
        var sem = new CoSemaphore(0);
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> C(int n)
        {
            yield return sem.Acquire();
            result.Add(n);
            yield return Yield.Return(true);
        }

        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(C(1));
            CoTask t2 = Co.Spawn(C(2));
            CoTask t3 = Co.Spawn(C(3));
            yield return Yield.NextTick;
            t1.Cancel();
            yield return Yield.NextTick;
            sem.Release();
            sem.Release();
            yield return Co.Gather(new Future[] { t1, t2, t3 }, returnExceptions: true);
            CollectionAssert.AreEqual(new[] { 2, 3 }, result);
        }
    }

    [TestMethod] // BarrierTests.test_abort_barrier_when_exception (one party fails and aborts: the others see the break)
    public void Barrier_aborted_by_a_failing_party_breaks_the_others_waits()
    {
        const int N = 5;
        var barrier = new CoBarrier(N);
        var results1 = new List<bool>();
        var results2 = new List<bool>();
        Parity.Run(Main);
        IEnumerator<Yield> Round()
        {
            yield return barrier.Wait();
            if (Co.Result<int>() == N / 2)
            {
                throw new InvalidOperationException("party failed");
            }

            yield return barrier.Wait();
            results1.Add(true);
        }

        IEnumerator<Yield> Coro()
        {
            yield return Yield.Catch(Round());
            if (Co.Exception is BrokenBarrierException)
            {
                results2.Add(true);
            }
            else if (Co.Exception is InvalidOperationException)
            {
                barrier.Abort();
            }
        }

        IEnumerator<Yield> Main()
        {
            var tasks = new Future[N];
            for (int i = 0; i < N; i++)
            {
                tasks[i] = Co.Spawn(Coro());
            }

            yield return Co.Gather(tasks);
            Assert.IsTrue(barrier.IsBroken);
            Assert.IsEmpty(results1);
            Assert.HasCount(N - 1, results2);
            Assert.AreEqual(0, barrier.WaiterCount);
        }
    }

    [TestMethod] // BarrierTests.test_abort_barrier_when_exception: a wait on a broken barrier raises at the wait
    public void Barrier_wait_on_a_broken_barrier_raises_at_the_wait()
    {
        var barrier = new CoBarrier(2);
        Parity.Run(Main);
        IEnumerator<Yield> Waits()
        {
            yield return barrier.Wait();
        }

        IEnumerator<Yield> Main()
        {
            barrier.Abort();
            Yield wait = barrier.Wait(); // no exception yet: the error belongs to the wait
            yield return Co.Catch(wait);
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            yield return Yield.Catch(Waits());
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            CoTask t = Co.Spawn(Waits());
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            Assert.AreEqual(0, barrier.WaiterCount);
            barrier.Reset();
            CoTask a = Co.Spawn(Waits());
            CoTask b = Co.Spawn(Waits());
            yield return Co.Gather(a, b);
        }
    }

    [TestMethod] // BarrierTests.test_reset_barrier_while_tasks_waiting_and_waiting_again (the reset round's waiters retry)
    public void Barrier_waiters_broken_by_a_reset_can_wait_again()
    {
        const int N = 4;
        var barrier = new CoBarrier(N);
        var results1 = new List<bool>();
        var results2 = new List<bool>();
        Parity.Run(Main);
        IEnumerator<Yield> Coro()
        {
            yield return Co.Catch(barrier.Wait());
            if (Co.Exception is BrokenBarrierException)
            {
                results1.Add(true);
            }

            yield return barrier.Wait();
            results2.Add(true);
        }

        IEnumerator<Yield> Main()
        {
            var tasks = new Future[N - 1];
            for (int i = 0; i < N - 1; i++)
            {
                tasks[i] = Co.Spawn(Coro());
            }

            yield return Yield.NextTick;
            Assert.AreEqual(N - 1, barrier.WaiterCount);
            barrier.Reset();
            yield return Yield.NextTick;
            CoTask last = Co.Spawn(BarrierOnce(barrier));
            yield return Co.Gather(tasks);
            yield return last;
            Assert.HasCount(N - 1, results1);
            Assert.HasCount(N - 1, results2);
            Assert.IsFalse(barrier.IsBroken);
            Assert.AreEqual(0, barrier.WaiterCount);
        }
    }

    private static IEnumerator<Yield> BarrierOnce(CoBarrier barrier)
    {
        yield return barrier.Wait();
    }

    [TestMethod] // QueueGetTests.test_get_with_waiting_putters (a get frees room for the waiting putter at once)
    public void Queue_get_lets_a_waiting_putter_in()
    {
        var q = new CoQueue<string>(1);
        Parity.Run(Main);
        IEnumerator<Yield> Put(string item)
        {
            yield return q.Put(item);
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Put("a"));
            CoTask b = Co.Spawn(Put("b"));
            yield return Yield.NextTick;
            yield return q.Get();
            Assert.AreEqual("a", Co.Result<string>());
            yield return q.Get();
            Assert.AreEqual("b", Co.Result<string>());
            yield return Co.Gather(a, b);
        }
    }

    [TestMethod] // QueuePutTests.test_nonblocking_put, test_put_nowait (a full queue refuses without waiting)
    public void Queue_try_put_fills_to_capacity_then_refuses()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var q = new CoQueue<int>(2);
            Assert.IsTrue(q.TryPut(1));
            Assert.IsTrue(q.TryPut(2));
            Assert.IsFalse(q.TryPut(3));
            Assert.AreEqual(2, q.Count);
            Assert.AreEqual(2, q.UnfinishedTasks, "a refused put is not counted");
            Assert.IsTrue(q.TryGet(out int first));
            Assert.AreEqual(1, first);
            Assert.IsTrue(q.TryPut(3));
            yield break;
        }
    }

    [TestMethod] // test_futures: a done callback that raises goes to the exception handler; the others still run
    public void Done_callback_that_throws_is_reported_and_the_others_run()
    {
        var reported = new List<string>();
        var ran = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reported.Add(c.Exception?.Message ?? c.Message) };
        IEnumerator<Yield> Main()
        {
            var f = new Future<int>();
            f.OnCompleted(_ => ran.Add("first"));
            f.OnCompleted(_ => throw new InvalidOperationException("callback failed"));
            f.OnCompleted(_ => ran.Add("third"));
            f.SetResult(1);
            yield return Yield.NextTick;
            yield return Yield.NextTick;
            yield return Yield.Return(f.Result);
        }

        Assert.AreEqual(1, loop.Run(Main()));
        CollectionAssert.AreEqual(new[] { "first", "third" }, ran);
        CollectionAssert.AreEqual(new[] { "callback failed" }, reported);
    }

    [TestMethod] // BaseFutureTests.test_tb_logger_result_unretrieved, test_tb_logger_abandoned (only failures are reported)
    public void Unread_results_and_abandoned_pending_futures_are_not_reported()
    {
        var reported = new List<string>();
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => reported.Add(c.Message) };
        var result = new Future<int>(loop);
        result.SetResult(42);
        _ = new Future<int>(loop); // abandoned pending
        var cancelled = new Future<int>(loop);
        cancelled.Cancel();
        loop.RunUntil(1);
        loop.Dispose();
        Assert.IsEmpty(reported);
    }
}
