using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Interop;

// CancellationToken both ways: a token cancels a task (from any thread), and a task hands out a token that is cancelled
// when the task is, which stops the async .NET work it started.
[TestClass]
public sealed class CancellationTokenTests
{
    [TestMethod]
    public void A_token_cancelled_from_another_thread_cancels_the_task_and_its_finally_runs()
    {
        using var loop = new EventLoop(ClockKind.Real);
        using var cts = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var log = new List<string>();
        IEnumerator<Yield> Worker()
        {
            try
            {
                log.Add("started");
                started.Set();
                yield return Yield.Seconds(60);
                log.Add("not reached");
            }
            finally
            {
                log.Add("finally");
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask worker = Co.Spawn(Worker(), cts.Token, "worker");
            new Thread(() =>
            {
                started.Wait(TimeSpan.FromSeconds(30));
                Thread.Sleep(20);   // the loop is asleep again, waiting for its 60 s timer
                cts.Cancel();       // on this thread: the task is cancelled on the loop, through Post
            })
            {
                IsBackground = true,
            }.Start();
            yield return Co.Catch(worker);
            log.Add("worker cancelled: " + worker.IsCancelled);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "started", "finally", "worker cancelled: True" }, log);
        Assert.IsLessThan(30.0, clock.Elapsed.TotalSeconds, "the loop, asleep until a 60 s timer, was woken by the cancellation");
    }

    [TestMethod]
    public void An_already_cancelled_token_cancels_the_task_before_its_first_step()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        bool ran = false;
        IEnumerator<Yield> Body()
        {
            ran = true;
            yield break;
        }

        CoTask task = loop.Spawn(Body(), new CancellationToken(canceled: true));
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(task);
        }

        loop.Run(Main());
        Assert.IsTrue(task.IsCancelled);
        Assert.IsFalse(ran);
    }

    [TestMethod]
    public void A_task_that_finishes_first_is_not_touched_by_a_later_cancel_and_leaves_no_registration()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        using var cts = new CancellationTokenSource();
        WeakReference finished = SpawnAndFinish(loop, cts.Token);
        for (int i = 0; i < 3 && finished.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.IsFalse(finished.IsAlive, "the token no longer holds the finished task: its registration was removed");
        cts.Cancel();
        loop.RunUntil(3);
        Assert.AreEqual(0, loop.TaskCount);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference SpawnAndFinish(EventLoop loop, CancellationToken token)
    {
        CoTask task = loop.Spawn(TestCoroutines.Sleep(1, "done"), token);
        loop.RunUntil(2);
        Assert.AreEqual("done", task.Result);
        return new WeakReference(task);
    }

    [TestMethod]
    public void The_task_token_is_cancelled_when_the_task_is_cancelled_after_its_finally_blocks()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CancellationToken token = default;
        IEnumerator<Yield> Worker()
        {
            token = Co.CancellationToken;
            token.Register(() => log.Add("token cancelled"));
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                log.Add("finally, token cancelled: " + token.IsCancellationRequested);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask worker = Co.Spawn(Worker());
            yield return Yield.Seconds(1);
            Assert.IsFalse(worker.CancellationToken.IsCancellationRequested);
            Assert.AreEqual(token, worker.CancellationToken, "one token per task");
            worker.Cancel();
            yield return Co.Catch(worker);
            Assert.IsTrue(worker.CancellationToken.IsCancellationRequested);
        }

        loop.Run(Main());
        Assert.IsTrue(token.IsCancellationRequested);
        CollectionAssert.AreEqual(new[] { "finally, token cancelled: False", "token cancelled" }, log);
    }

    [TestMethod]
    public void The_task_token_is_not_cancelled_when_the_task_succeeds_or_fails()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CancellationToken succeeded = default;
        CancellationToken failed = default;
        IEnumerator<Yield> Succeeds()
        {
            succeeded = Co.CancellationToken;
            yield return Yield.Seconds(1);
        }

        IEnumerator<Yield> Fails()
        {
            failed = Co.CancellationToken;
            yield return Yield.Seconds(1);
            throw new InvalidOperationException("boom");
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Succeeds());
            CoTask b = Co.Spawn(Fails());
            yield return Co.Gather(new Future[] { a, b }, returnExceptions: true);
            Assert.AreEqual(CancellationToken.None, a.CancellationToken, "a finished task's token never cancels");
        }

        loop.Run(Main());
        Assert.IsTrue(succeeded.CanBeCanceled);
        Assert.IsFalse(succeeded.IsCancellationRequested);
        Assert.IsFalse(failed.IsCancellationRequested);
    }

    [TestMethod]
    public void Cancelling_a_task_cancels_the_async_work_it_started_with_its_token()
    {
        using var loop = new EventLoop(ClockKind.Real);
        Task? started = null;
        IEnumerator<Yield> Fetch()
        {
            started = Task.Delay(Timeout.Infinite, Co.CancellationToken);   // stands for an HttpClient call
            yield return Yield.Await(started);
        }

        IEnumerator<Yield> Main()
        {
            CoTask fetch = Co.Spawn(Fetch());
            yield return Yield.Seconds(0.05);
            fetch.Cancel();
            yield return Co.Catch(fetch);
            Assert.IsTrue(fetch.IsCancelled);
        }

        loop.Run(Main());
        Assert.IsTrue(SpinWait.SpinUntil(() => started!.IsCompleted, TimeSpan.FromSeconds(10)));
        Assert.IsTrue(started!.IsCanceled, "the task's token stopped the work");
    }

    [TestMethod]
    public void A_throwing_token_callback_is_reported_and_the_loop_goes_on()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reports = new List<LoopExceptionContext>();
        loop.ExceptionHandler = reports.Add;
        IEnumerator<Yield> Worker()
        {
            Co.CancellationToken.Register(() => throw new InvalidOperationException("bad callback"));
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Main()
        {
            CoTask worker = Co.Spawn(Worker(), "worker");
            yield return Yield.Seconds(1);
            worker.Cancel();
            yield return Co.Catch(worker);
            Assert.IsTrue(worker.IsCancelled);
            yield return Yield.Seconds(1);
            yield return Yield.Return("still running");
        }

        Assert.AreEqual("still running", loop.Run(Main()));
        Assert.HasCount(1, reports);
        StringAssert.Contains(reports[0].Message, "task 'worker'");
        Assert.AreEqual("bad callback", reports[0].Exception!.InnerException?.Message ?? reports[0].Exception!.Message);
    }

    [TestMethod]
    public void Co_CancellationToken_outside_a_task_names_the_problem()
    {
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => Co.CancellationToken);
        StringAssert.Contains(e.Message, "Co.CancellationToken");
    }
}
