using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Interop;

// Async code outside the loop: Task views of tasks and futures (AsTask), work handed in from any thread
// (SpawnThreadSafe), and whole loops on a dedicated thread (RunAsync).
[TestClass]
public sealed class TaskViewTests
{
    private static readonly TimeSpan s_bound = TimeSpan.FromSeconds(30);

    private static IEnumerator<Yield> Forever()
    {
        while (true)
        {
            yield return Yield.Seconds(1);
        }
    }

    // Signals `started` once it runs (so a test cancels it only then: a task cancelled before its first step never
    // enters its try block), then waits until cancelled.
    private static IEnumerator<Yield> Cleanup(List<string> log, string name, SemaphoreSlim? started = null)
    {
        try
        {
            started?.Release();
            yield return Yield.Seconds(60);
        }
        finally
        {
            lock (log)
            {
                log.Add(name + " finally");
            }
        }
    }

    [TestMethod]
    public async Task Co_RunAsync_gives_the_result_after_cleaning_up()
    {
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            Co.Spawn(Cleanup(log, "leftover"));
            yield return Yield.Seconds(0.01);
            yield return Yield.Return(7);
        }

        object? result = await Co.RunAsync(Main()).WaitAsync(s_bound);
        Assert.AreEqual(7, result);
        CollectionAssert.AreEqual(new[] { "leftover finally" }, log, "leftovers were cancelled before the task completed");
    }

    [TestMethod]
    public async Task Co_RunAsync_faults_with_the_coroutines_exception()
    {
        InvalidOperationException e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => Co.RunAsync(TestCoroutines.Fail(0.01)).WaitAsync(s_bound));
        Assert.AreEqual("boom", e.Message);
    }

    [TestMethod]
    public async Task Co_RunAsync_is_cancelled_by_its_token_after_main_cleans_up()
    {
        var log = new List<string>();
        using var cts = new CancellationTokenSource();
        using var started = new SemaphoreSlim(0);
        Task<object?> run = Co.RunAsync(Cleanup(log, "main", started), cancellationToken: cts.Token);
        Assert.IsTrue(await started.WaitAsync(s_bound));
        cts.Cancel();
        TaskCanceledException e = await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => run.WaitAsync(s_bound));
        Assert.AreEqual(cts.Token, e.CancellationToken);
        Assert.IsTrue(run.IsCanceled);
        CollectionAssert.AreEqual(new[] { "main finally" }, log);
    }

    [TestMethod]
    public async Task Co_RunAsync_on_the_virtual_clock_reports_a_deadlock_through_the_task()
    {
        IEnumerator<Yield> Stuck()
        {
            yield return new Future<int>();
        }

        InvalidOperationException e = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => Co.RunAsync(Stuck(), ClockKind.Virtual).WaitAsync(s_bound));
        StringAssert.Contains(e.Message, "Deadlock");
    }

    [TestMethod]
    public void RunAsync_refuses_the_frame_clock_and_a_busy_or_closed_loop()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Co.RunAsync(Forever(), ClockKind.Frame));
        using (var frame = new EventLoop(ClockKind.Frame))
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => frame.RunAsync(Forever()));
        }

        var closed = new EventLoop(ClockKind.Real);
        closed.Dispose();
        Assert.ThrowsExactly<ObjectDisposedException>(() => closed.RunAsync(Forever()));
        Assert.ThrowsExactly<ObjectDisposedException>(() => closed.SpawnThreadSafe(Forever()));
    }

    // A server's shape: the loop runs on its own thread; host code hands it work from other threads and awaits results.
    [TestMethod]
    public async Task SpawnThreadSafe_hands_work_to_a_loop_running_on_its_own_thread()
    {
        var log = new List<string>();
        using var stop = new CancellationTokenSource();
        using var loop = new EventLoop(ClockKind.Real);
        Task<object?> server = loop.RunAsync(Forever(), stop.Token);
        int loopThread = -1;
        IEnumerator<Yield> Square(int x)
        {
            loopThread = Environment.CurrentManagedThreadId;
            yield return Yield.Seconds(0.01);
            yield return Yield.Return(x * x);
        }

        Task<int>[] answers = { loop.SpawnThreadSafe<int>(Square(3)), loop.SpawnThreadSafe<int>(Square(4)) };
        int[] results = await Task.WhenAll(answers).WaitAsync(s_bound);
        CollectionAssert.AreEqual(new[] { 9, 16 }, results);
        Assert.AreNotEqual(Environment.CurrentManagedThreadId, loopThread);

        InvalidOperationException failure = await Assert.ThrowsExactlyAsync<InvalidOperationException>(
            () => loop.SpawnThreadSafe(TestCoroutines.Fail(0.01)).WaitAsync(s_bound));
        Assert.AreEqual("boom", failure.Message);

        await Assert.ThrowsExactlyAsync<InvalidCastException>(() => loop.SpawnThreadSafe<int>(TestCoroutines.Sleep(0.01, "text")).WaitAsync(s_bound));

        using var cancelOne = new CancellationTokenSource();
        using var started = new SemaphoreSlim(0);
        Task<object?> cancelled = loop.SpawnThreadSafe(Cleanup(log, "request", started), cancelOne.Token);
        Assert.IsTrue(await started.WaitAsync(s_bound));
        cancelOne.Cancel();
        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => cancelled.WaitAsync(s_bound));
        lock (log)
        {
            CollectionAssert.AreEqual(new[] { "request finally" }, log);
        }

        stop.Cancel();
        await Assert.ThrowsExactlyAsync<TaskCanceledException>(() => server.WaitAsync(s_bound));
        Assert.IsFalse(loop.IsRunning, "the server task completes once the loop has stopped");
    }

    [TestMethod]
    public async Task AsTask_views_a_task_from_inside_and_awaiting_code_never_runs_on_the_loop_thread()
    {
        var handedOut = new TaskCompletionSource<Task<string>>(TaskCreationOptions.RunContinuationsAsynchronously);
        int loopThread = -1;
        IEnumerator<Yield> Main()
        {
            loopThread = Environment.CurrentManagedThreadId;
            CoTask work = Co.Spawn(TestCoroutines.Sleep(0.05, "page"));
            handedOut.SetResult(work.AsTask<string>());
            yield return work;
            yield return Yield.Seconds(0.05);
        }

        Task<object?> run = Co.RunAsync(Main());
        Task<string> view = await handedOut.Task.WaitAsync(s_bound);
        int continuationThread = await view.ContinueWith(
            _ => Environment.CurrentManagedThreadId, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).WaitAsync(s_bound);
        Assert.AreEqual("page", await view);
        Assert.AreNotEqual(loopThread, continuationThread, "completing the view only queues its continuations");
        await run.WaitAsync(s_bound);
    }

    [TestMethod]
    public void AsTask_carries_failure_and_cancellation_and_the_loop_does_not_report_the_failure_again()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reports = new List<LoopExceptionContext>();
        loop.ExceptionHandler = reports.Add;
        Task<object?>? failed = null;
        Task<object?>? cancelled = null;
        Task<int>? future = null;
        Task<int>? wrongType = null;
        IEnumerator<Yield> Main()
        {
            CoTask f = Co.Spawn(TestCoroutines.Fail(1));
            failed = f.AsTask();
            CoTask c = Co.Spawn(TestCoroutines.Sleep(5, null));
            cancelled = c.AsTask();
            var promise = new Future<int>();
            future = promise.AsTask();
            wrongType = Co.Spawn(TestCoroutines.Sleep(1, "text")).AsTask<int>();
            yield return Yield.Seconds(2);
            c.Cancel();
            promise.SetResult(5);
            yield return Yield.Seconds(1);
        }

        loop.Run(Main());
        Assert.AreEqual("boom", failed!.Exception!.InnerException!.Message);
        Assert.IsTrue(cancelled!.IsCanceled);
        Assert.AreEqual(5, future!.Result);
        Assert.IsInstanceOfType<InvalidCastException>(wrongType!.Exception!.InnerException);
        Assert.IsEmpty(reports, "the Task view retrieved the failure");
    }

    [TestMethod]
    public void AsTask_from_a_thread_that_does_not_own_the_loop_names_the_problem()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var future = new Future<int>(loop);
        Exception? seen = null;
        var other = new Thread(() => seen = Record(() => future.AsTask()));
        other.Start();
        Assert.IsTrue(other.Join(s_bound));
        Assert.IsInstanceOfType<InvalidOperationException>(seen);
        StringAssert.Contains(seen.Message, "SpawnThreadSafe");
        Assert.IsNotNull(future.AsTask(), "the owner thread may");

        static Exception? Record(Action action)
        {
            try
            {
                action();
                return null;
            }
            catch (Exception e)
            {
                return e;
            }
        }
    }
}
