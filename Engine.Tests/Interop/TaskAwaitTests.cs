using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Interop;

// A coroutine waits for a .NET Task, Task<T>, ValueTask or ValueTask<T>: result, failure, cancellation, resumption on
// the loop thread, the virtual clock standing still, and a real-clock loop asleep in its selector woken by the Task.
[TestClass]
public sealed class TaskAwaitTests
{
    // Completes a task from another thread after a pause, so the loop is idle when it happens.
    private static Task<T> CompleteLater<T>(T value, int milliseconds = 30)
    {
        var source = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            Thread.Sleep(milliseconds);
            source.SetResult(value);
        })
        {
            IsBackground = true,
        };
        thread.Start();
        return source.Task;
    }

    private static Task FailLater(Exception error, int milliseconds = 30) =>
        Task.Run(async () =>
        {
            await Task.Delay(milliseconds).ConfigureAwait(false);
            throw error;
        });

    [TestMethod]
    public void A_task_result_arrives_on_the_loop_thread()
    {
        using var loop = new EventLoop(ClockKind.Real);
        int loopThread = Environment.CurrentManagedThreadId;
        IEnumerator<Yield> Main()
        {
            yield return Yield.Await(CompleteLater("done"));
            Assert.AreEqual(loopThread, Environment.CurrentManagedThreadId, "the coroutine resumes on the loop thread");
            yield return Yield.Return(Co.Result<string>());
        }

        Assert.AreEqual("done", loop.Run(Main()));
        Assert.AreEqual(0, loop.PendingExternalWork);
    }

    [TestMethod]
    public void Every_task_shape_delivers_its_result()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Yield.Await(CompleteLater(1));
            log.Add("Task<int> " + Co.Result<int>());
            yield return Yield.Await((Task)CompleteLater(2));
            log.Add("Task " + (Co.ResultObject ?? "null"));
            yield return Yield.Await(new ValueTask<int>(CompleteLater(3)));
            log.Add("ValueTask<int> " + Co.Result<int>());
            yield return Yield.Await(new ValueTask<int>(4));
            log.Add("ValueTask<int> sync " + Co.Result<int>());
            yield return Yield.Await(new ValueTask(CompleteLater(5)));
            log.Add("ValueTask " + (Co.ResultObject ?? "null"));
            yield return Yield.Await(default(ValueTask));
            log.Add("ValueTask sync " + (Co.ResultObject ?? "null"));
            yield return Yield.Await(Task.Run(() => { }));
            log.Add("Task.Run " + (Co.ResultObject ?? "null"));
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(
            new[] { "Task<int> 1", "Task null", "ValueTask<int> 3", "ValueTask<int> sync 4", "ValueTask null", "ValueTask sync null", "Task.Run null" },
            log);
    }

    [TestMethod]
    public void A_completed_task_continues_in_the_same_step()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        long framesBefore = -1;
        long framesAfter = -1;
        IEnumerator<Yield> Main()
        {
            framesBefore = Co.Loop.Frame;
            yield return Yield.Await(Task.FromResult(5));
            yield return Yield.Await(new ValueTask<string>("x"));
            yield return Yield.Await(Task.CompletedTask);
            framesAfter = Co.Loop.Frame;
            yield return Yield.Return(5);
        }

        Assert.AreEqual(5, loop.Run(Main()));
        Assert.AreEqual(framesBefore, framesAfter, "no loop iteration passes for an already completed task");
    }

    [TestMethod]
    public void A_task_failure_is_raised_in_the_coroutine_as_the_same_exception()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var error = new InvalidOperationException("database down");
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Yield.Await(FailLater(error)));
            Assert.AreSame(error, Co.Exception, "the exception itself, not an AggregateException around it");
            yield return Yield.Await(FailLater(error));
        }

        InvalidOperationException thrown = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        Assert.AreSame(error, thrown);
    }

    [TestMethod]
    public void Several_failures_stay_together_in_their_AggregateException()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var first = new InvalidOperationException("one");
        var second = new ArgumentException("two");
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Yield.Await(Task.WhenAll(FailLater(first), FailLater(second, 60))));
            yield return Yield.Return(Co.Exception);
        }

        var aggregate = (AggregateException)loop.Run(Main())!;
        CollectionAssert.AreEquivalent(new Exception[] { first, second }, aggregate.InnerExceptions);
    }

    [TestMethod]
    public void A_cancelled_task_raises_CancelledException_carrying_the_tasks_own()
    {
        using var loop = new EventLoop(ClockKind.Real);
        using var cts = new CancellationTokenSource();
        Task delay = Task.Delay(Timeout.Infinite, cts.Token);
        IEnumerator<Yield> Main()
        {
            cts.CancelAfter(20);
            yield return Co.Catch(Yield.Await(delay));
            yield return Yield.Return(Co.Exception);
        }

        var e = (CancelledException)loop.Run(Main())!;
        var inner = (OperationCanceledException)e.InnerException!;
        Assert.AreEqual(cts.Token, inner.CancellationToken);
        StringAssert.Contains(e.Message, "was cancelled");
    }

    [TestMethod]
    public void Gather_waits_for_several_tasks_through_FromTask()
    {
        using var loop = new EventLoop(ClockKind.Real);
        IEnumerator<Yield> Main()
        {
            Future<int> a = Co.FromTask(CompleteLater(1, 40));
            Future<int> b = Co.FromTask(CompleteLater(2, 10));
            yield return Co.Gather(a, b);
            yield return Yield.Return(a.Result + b.Result);
        }

        Assert.AreEqual(3, loop.Run(Main()));
    }

    [TestMethod]
    public void The_virtual_clock_stands_still_while_a_task_is_out()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Ticker()
        {
            yield return Yield.Seconds(1);
            log.Add("ticker at " + Co.Time);
        }

        using var go = new ManualResetEventSlim();
        var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var completer = new Thread(() =>
        {
            go.Wait(TimeSpan.FromSeconds(30));
            Thread.Sleep(50);
            source.SetResult(9);
        })
        {
            IsBackground = true,
        };
        completer.Start();
        IEnumerator<Yield> Main()
        {
            Co.Spawn(Ticker());
            Future<int> pending = Co.FromTask(source.Task);
            Assert.AreEqual(1, Co.Loop.PendingExternalWork);
            go.Set();   // only now may the task complete (however slow this thread is)
            yield return pending;
            log.Add("task at " + Co.Time);
            Assert.AreEqual(0, Co.Loop.PendingExternalWork);
            yield return Yield.Seconds(2);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "task at 0", "ticker at 1" }, log, "the timer at 1 s did not fire while the task was out");
    }

    [TestMethod]
    public void Cancelling_a_task_future_stops_the_virtual_clock_from_waiting_for_it()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var never = new TaskCompletionSource<int>();
        IEnumerator<Yield> Main()
        {
            Future<int> f = Co.FromTask(never.Task);
            Assert.AreEqual(1, Co.Loop.PendingExternalWork);
            Assert.IsTrue(f.Cancel());
            Assert.AreEqual(0, Co.Loop.PendingExternalWork);
            yield return Co.Catch(f);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            yield return Yield.Seconds(3);
        }

        loop.Run(Main());
        Assert.AreEqual(3.0, loop.Time);
        never.SetResult(1);   // a late outcome is dropped (posted to a loop that no longer cares)
    }

    [TestMethod]
    public void A_task_completing_after_its_loop_closed_is_dropped_quietly()
    {
        var gate = new TaskCompletionSource<int>();
        CoTask? waiter = null;
        IEnumerator<Yield> Waiter()
        {
            yield return Yield.Await(gate.Task);
        }

        IEnumerator<Yield> Main()
        {
            waiter = Co.Spawn(Waiter());
            yield return Yield.NextTick;
        }

        Co.Run(Main(), ClockKind.Virtual);   // cancels the waiter and closes the loop
        Assert.IsTrue(waiter!.IsCancelled);
        gate.SetResult(1);                   // the continuation's Post meets a closed loop: nothing throws
        Assert.IsTrue(waiter.Loop.IsClosed);
    }

    [TestMethod]
    public void Bad_input_names_the_problem()
    {
        Assert.ThrowsExactly<InvalidOperationException>(() => Yield.Await(Task.CompletedTask), "outside a loop");
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Main()
        {
            Assert.ThrowsExactly<ArgumentNullException>(() => Yield.Await((Task)null!));
            Assert.ThrowsExactly<ArgumentNullException>(() => Yield.Await((Task<int>)null!));
            yield break;
        }

        loop.Run(Main());
    }

    // The loop has nothing ready, no timer and no poll: it sleeps in its selector (epoll, or the portable one) until the
    // task's continuation posts to it. It must wake then, not at some timeout, and must not spin while it waits.
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void A_real_clock_loop_asleep_in_its_selector_is_woken_by_a_completing_task(bool portable)
    {
        for (int round = 0; round < 5; round++)
        {
            using var loop = portable ? new EventLoop(ClockKind.Real, new PortableSelector()) : new EventLoop(ClockKind.Real);
            _ = loop.Selector;   // created now: with nothing to do, the loop waits in it
            var order = new List<string>();
            long completedAt = 0;
            var source = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            long framesWhileWaiting = 0;
            IEnumerator<Yield> Main()
            {
                var completer = new Thread(() =>
                {
                    Thread.Sleep(100);
                    lock (order)
                    {
                        order.Add("completed");
                    }

                    completedAt = Stopwatch.GetTimestamp();
                    source.SetResult(42);
                })
                {
                    IsBackground = true,
                };
                long framesBefore = Co.Loop.Frame;
                completer.Start();
                yield return Yield.Await(source.Task);
                framesWhileWaiting = Co.Loop.Frame - framesBefore;
                lock (order)
                {
                    order.Add("resumed");
                }

                yield return Yield.Return(Co.Result<int>());
            }

            Task<object?> run = loop.RunAsync(Main());
            Assert.IsTrue(run.Wait(TimeSpan.FromSeconds(30)), "the loop was never woken");
            double wokenAfter = (Stopwatch.GetTimestamp() - completedAt) / (double)Stopwatch.Frequency;
            Assert.AreEqual(42, run.Result);
            CollectionAssert.AreEqual(new[] { "completed", "resumed" }, order);
            Assert.IsLessThan(10.0, wokenAfter, "woken by the post, not by a timeout");
            Assert.IsLessThan(20L, framesWhileWaiting, "the loop slept instead of spinning while the task was out");
        }
    }
}
