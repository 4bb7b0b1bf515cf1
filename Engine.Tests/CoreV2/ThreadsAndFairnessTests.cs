using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// One thread owns a loop; other threads hand work in with Post (FIFO per thread; FIFO with CallSoon on the loop's own
// thread). Touching a loop's futures or tasks from another thread throws at once, naming Post. A task that keeps
// continuing synchronously yields to the others after a bounded number of continuations.
[TestClass]
public sealed class ThreadsAndFairnessTests
{
    [TestMethod]
    public void Post_from_the_loop_thread_keeps_FIFO_order_with_CallSoon()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        loop.CallSoon(() => log.Add("A"));
        loop.Post(() => log.Add("B"));
        loop.CallSoon(() => log.Add("C"));
        IEnumerator<Yield> Main()
        {
            Co.Loop.CallSoon(() => log.Add("D"));
            Co.Loop.Post(() => log.Add("E"));
            Co.Loop.CallSoon(() => log.Add("F"));
            yield return Yield.NextTick;
            yield return Yield.NextTick;
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "A", "B", "C", "D", "E", "F" }, log);
    }

    [TestMethod]
    public void Posts_from_another_thread_run_in_the_order_that_thread_posted_them()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var seen = new List<int>();
        var all = new Future<int>(loop);
        var poster = new Thread(() =>
        {
            for (int i = 0; i < 1000; i++)
            {
                int n = i;
                loop.Post(() => seen.Add(n));
            }

            loop.Post(() => all.SetResult(0));
        });
        poster.Start();
        loop.RunUntilComplete(all);
        poster.Join();
        Assert.AreEqual(1000, seen.Count);
        for (int i = 0; i < 1000; i++)
        {
            Assert.AreEqual(i, seen[i]);
        }
    }

    [TestMethod]
    public void Touching_a_loops_futures_and_tasks_from_another_thread_throws_and_names_Post()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var future = new Future<int>(loop);
        CoTask task = loop.Spawn(TestCoroutines.Sleep(10, null));
        var errors = new List<Exception>();
        var thread = new Thread(() =>
        {
            void Expect(Action a)
            {
                try
                {
                    a();
                    errors.Add(new Exception("no exception"));
                }
                catch (Exception e)
                {
                    errors.Add(e);
                }
            }

            Expect(() => future.SetResult(1));
            Expect(() => future.TrySetResult(1));
            Expect(() => future.SetException(new Exception()));
            Expect(() => future.Cancel());
            Expect(() => task.Cancel());
            Expect(() => task.Kill());
            Expect(() => loop.Spawn(TestCoroutines.Sleep(1, null)));
            Expect(() => loop.CallSoon(() => { }));
            Expect(() => loop.CallLater(1, () => { }));
        });
        thread.Start();
        thread.Join();
        foreach (Exception e in errors)
        {
            Assert.IsInstanceOfType<InvalidOperationException>(e, e.ToString());
            StringAssert.Contains(e.Message, "Post");
        }

        Assert.IsFalse(future.IsDone, "nothing happened to the future");
        Assert.IsFalse(task.IsCancelRequested);
        loop.RunUntil(11);
        Assert.IsTrue(task.IsSucceeded);
    }

    // A posting thread and a loop asleep in its selector (or on its event): every post must wake the loop, however it
    // falls against the loop draining its wake-up signal. Each round posts two actions a random few microseconds apart
    // (so the second can land while the loop is waking for the first), then waits until both ran; the loop is then
    // asleep again and the next round's first post must wake it. A lost wake-up leaves the loop asleep until its next
    // timer: the main task wakes every four seconds, the poster gives up after one and a half, counts the loss and
    // stops, so the test always ends.
    [TestMethod]
    [DataRow("event")]
    [DataRow("epoll")]
    [DataRow("portable")]
    public void Every_post_wakes_a_sleeping_loop(string waitOn)
    {
        using var loop = waitOn == "portable" ? new EventLoop(ClockKind.Real, new PortableSelector()) : new EventLoop(ClockKind.Real);
        if (waitOn == "epoll")
        {
            _ = loop.Selector; // the loop then sleeps in the default selector (epoll on Linux)
        }

        const int Rounds = 5_000;
        using var acked = new SemaphoreSlim(0);
        int handled = 0;
        int lost = 0;
        bool finished = false;
        void Handle()
        {
            handled++;
            acked.Release();
        }

        var poster = new Thread(() =>
        {
            var random = new Random(7);
            for (int i = 0; i < Rounds && lost == 0; i++)
            {
                loop.Post(Handle);
                Thread.SpinWait(random.Next(0, 4_000));
                loop.Post(Handle);
                for (int ack = 0; ack < 2; ack++)
                {
                    if (!acked.Wait(1_500))
                    {
                        lost++;
                        acked.Wait(30_000); // the main task's next timer wakes the loop
                    }
                }
            }

            loop.Post(() => finished = true);
        });

        IEnumerator<Yield> Main()
        {
            poster.Start();
            while (!finished)
            {
                yield return Yield.Seconds(4);
            }
        }

        loop.Run(Main());
        poster.Join();
        Assert.AreEqual(0, lost, "posts that did not wake the sleeping loop");
        Assert.AreEqual(2 * Rounds, handled);
    }

    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void Four_threads_completing_and_cancelling_through_Post_lose_nothing(bool withSelector)
    {
        for (int round = 0; round < 10; round++)
        {
            using var loop = new EventLoop(ClockKind.Real);
            if (withSelector)
            {
                _ = loop.Selector; // the loop then sleeps in the selector (epoll) instead of on an event
            }

            const int PerThread = 500;
            var futures = new Future<int>[4 * PerThread];
            for (int i = 0; i < futures.Length; i++)
            {
                futures[i] = new Future<int>(loop);
            }

            var finished = new CountdownEvent(4);
            var threads = new Thread[4];
            for (int t = 0; t < 4; t++)
            {
                int first = t * PerThread;
                threads[t] = new Thread(() =>
                {
                    for (int i = first; i < first + PerThread; i++)
                    {
                        Future<int> f = futures[i];
                        int value = i;
                        if (i % 7 == 0)
                        {
                            loop.Post(() => f.Cancel());
                        }
                        else
                        {
                            loop.Post(() => f.SetResult(value));
                        }

                        if (i % 50 == 0)
                        {
                            Thread.Sleep(1);
                        }
                    }

                    finished.Signal();
                });
            }

            IEnumerator<Yield> Main()
            {
                foreach (Thread th in threads)
                {
                    th.Start();
                }

                yield return Co.Gather(futures, returnExceptions: true);
                object?[] results = Co.Result<object?[]>();
                for (int i = 0; i < results.Length; i++)
                {
                    if (i % 7 == 0)
                    {
                        Assert.IsInstanceOfType<CancelledException>(results[i]);
                    }
                    else
                    {
                        Assert.AreEqual(i, results[i]);
                    }
                }
            }

            loop.Run(Main());
            Assert.IsTrue(finished.Wait(TimeSpan.FromSeconds(30)));
            foreach (Thread th in threads)
            {
                th.Join();
            }
        }
    }

    [TestMethod]
    public void A_post_wakes_a_loop_that_sleeps_with_no_timer_at_all()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var future = new Future<int>(loop);
        var watchdog = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            Thread.Sleep(50);
            loop.Post(() => future.SetResult(42));
        });
        IEnumerator<Yield> Main()
        {
            thread.Start();
            yield return future;
            yield return Yield.Return(Co.Result<int>());
        }

        Assert.AreEqual(42, loop.Run(Main()));
        thread.Join();
        Assert.IsTrue(watchdog.Elapsed < TimeSpan.FromSeconds(5), "woken by the post, not by chance: " + watchdog.Elapsed);
    }

    private static IEnumerator<Yield> Ticker(List<double> ticks, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return Yield.Seconds(0.01);
            ticks.Add(Co.Time);
        }
    }

    private static IEnumerator<Yield> Immediate()
    {
        yield break;
    }

    // Shapes of a task that never truly waits: every wait it makes is already satisfied.
    private static IEnumerator<Yield> BusyOn(string shape, StrongBox counter)
    {
        var done = new Future<int>(Co.Loop);
        done.SetResult(1);
        var gate = new CoLock();
        var queue = new CoQueue<int>();
        while (true)
        {
            switch (shape)
            {
                case "done future":
                    yield return done;
                    break;
                case "uncontended lock":
                    yield return gate.Acquire();
                    gate.Release();
                    break;
                case "child that finishes at once":
                    yield return Yield.From(Immediate());
                    break;
                default:
                    queue.TryPut(1);
                    yield return queue.Get();
                    break;
            }

            counter.Value++;
        }
    }

    public sealed class StrongBox
    {
        public long Value;
    }

    [TestMethod]
    [DataRow("done future")]
    [DataRow("uncontended lock")]
    [DataRow("child that finishes at once")]
    [DataRow("own queue")]
    public void A_task_that_never_waits_cannot_starve_a_ticker(string shape)
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var ticks = new List<double>();
        var counter = new StrongBox();
        CoTask busy = loop.Spawn(BusyOn(shape, counter), "busy");
        loop.Spawn(Ticker(ticks, 50), "ticker");
        for (int frame = 0; frame < 60; frame++)
        {
            loop.Tick(0.01);
        }

        Assert.AreEqual(50, ticks.Count, "the ticker kept its rate: one tick per frame");
        Assert.IsTrue(counter.Value >= 50 * 100, "the busy task kept making progress: " + counter.Value);
        Assert.IsTrue(counter.Value <= 60L * loop.ContinuationBudget, "and was bounded per frame: " + counter.Value);
        busy.Kill();
    }

    [TestMethod]
    public void A_ten_millisecond_ticker_keeps_its_rate_on_the_real_clock_while_a_busy_task_runs()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var ticks = new List<double>();
        var counter = new StrongBox();
        IEnumerator<Yield> Main()
        {
            CoTask busy = Co.Spawn(BusyOn("done future", counter));
            yield return Yield.From(Ticker(ticks, 20));
            busy.Cancel();
        }

        var watch = Stopwatch.StartNew();
        loop.Run(Main());
        Assert.AreEqual(20, ticks.Count);
        Assert.IsTrue(watch.Elapsed < TimeSpan.FromSeconds(5), "20 ticks of 10 ms took " + watch.Elapsed);
        Assert.IsTrue(counter.Value > 0);
    }

    [TestMethod]
    public void The_continuation_budget_is_validated()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.ContinuationBudget = 0);
        loop.ContinuationBudget = 1;
        Assert.AreEqual(1, loop.ContinuationBudget);
    }
}
