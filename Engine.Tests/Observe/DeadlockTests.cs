using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Engine.IO;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// Deadlocks explained on every clock: cycles of 2 and 3 tasks over locks, awaited tasks, futures and queues; and no
// false report for tasks waiting on a timer, a socket, or a future another thread completes through Post.
[TestClass]
public sealed class DeadlockTests
{
    public enum Shape
    {
        Locks,
        Tasks,
        Futures,
        Queues,
    }

    // n tasks in a ring: task i holds (or is, or feeds) resource i and waits for resource i + 1.
    private static IEnumerator<Yield> Ring(Shape shape, int n, List<CoTask> tasks)
    {
        var locks = Enumerable.Range(0, n).Select(_ => new CoLock()).ToArray();
        var futures = Enumerable.Range(0, n).Select(_ => new Future<int>(Co.Loop)).ToArray();
        var queues = Enumerable.Range(0, n).Select(_ => new CoQueue<int>()).ToArray();
        var ring = new CoTask[n];
        for (int i = 0; i < n; i++)
        {
            IEnumerator<Yield> member = shape switch
            {
                Shape.Locks => LockMember(locks[i], locks[(i + 1) % n]),
                Shape.Tasks => TaskMember(ring, (i + 1) % n),
                Shape.Futures => FutureMember(futures[i], futures[(i + 1) % n]),
                _ => QueueMember(queues[i], queues[(i + 1) % n]),
            };
            ring[i] = Co.Spawn(member, "member-" + (i + 1));
        }

        tasks.AddRange(ring);
        yield return Co.Gather(ring);
    }

    private static IEnumerator<Yield> LockMember(CoLock mine, CoLock next)
    {
        yield return mine.Acquire();
        try
        {
            yield return Yield.Seconds(1);
            yield return next.Acquire();
            next.Release();
        }
        finally
        {
            mine.Release();
        }
    }

    private static IEnumerator<Yield> TaskMember(CoTask[] ring, int next)
    {
        yield return Yield.Seconds(1);
        yield return ring[next];
    }

    private static IEnumerator<Yield> FutureMember(Future<int> mine, Future<int> next)
    {
        yield return next;
        mine.SetResult(1);
    }

    private static IEnumerator<Yield> QueueMember(CoQueue<int> mine, CoQueue<int> next)
    {
        yield return next.Get();
        yield return mine.Put(1);
    }

    private static void AssertRingReported(DeadlockReport report, Shape shape, List<CoTask> ring)
    {
        long[] ids = ring.Select(t => t.Id).ToArray();
        CollectionAssert.IsSubsetOf(ids, report.Blocked.ToArray(), report.ToString());
        if (shape is Shape.Locks or Shape.Tasks)
        {
            Assert.AreEqual(DeadlockKind.Cycle, report.Kind);
            Assert.HasCount(1, report.Cycles);
            CollectionAssert.AreEquivalent(ids, report.Cycles[0].ToArray());
            StringAssert.Contains(report.ToString(), "Wait-for cycle: 'member-1' -> ");
            foreach (long id in ids)
            {
                Assert.IsNotEmpty(report.View.FindTask(id)!.Wait!.BlockedBy, "every edge of the cycle is in the graph");
            }
        }
        else
        {
            Assert.AreEqual(DeadlockKind.Stall, report.Kind);
            StringAssert.Contains(report.ToString(), "nothing can ever wake the waiting tasks");
        }

        StringAssert.Contains(report.ToString(), "'member-" + ring.Count + "' waits for ");
        StringAssert.Contains(report.ToDot(), "digraph waits");
    }

    [TestMethod]
    [DataRow(Shape.Locks, 2)]
    [DataRow(Shape.Locks, 3)]
    [DataRow(Shape.Tasks, 2)]
    [DataRow(Shape.Tasks, 3)]
    [DataRow(Shape.Futures, 2)]
    [DataRow(Shape.Futures, 3)]
    [DataRow(Shape.Queues, 2)]
    [DataRow(Shape.Queues, 3)]
    public void Virtual_clock_reports_the_graph_when_it_runs_out_of_events(Shape shape, int n)
    {
        var ring = new List<CoTask>();
        var detected = new List<DeadlockReport>();
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.DeadlockDetected += detected.Add;
        loop.AddSink(recorder);
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Ring(shape, n, ring)));
        StringAssert.StartsWith(e.Message, "Deadlock on the virtual clock");
        StringAssert.Contains(e.Message, "task #1 'main' is not done");
        DeadlockReport report = DeadlockReport.From(e)!;
        AssertRingReported(report, shape, ring);
        Assert.AreSame(report, detected.Single());
        Assert.IsTrue(recorder.ToArray().Any(ev => ev.Kind == LoopEventKind.DeadlockFound && ReferenceEquals(ev.Subject, report)));
        CollectionAssert.Contains(report.Blocked.ToArray(), 1L, "main waits on the ring");
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    [DataRow(Shape.Locks, 2)]
    [DataRow(Shape.Locks, 3)]
    [DataRow(Shape.Tasks, 2)]
    [DataRow(Shape.Tasks, 3)]
    public void Real_clock_reports_a_cycle_at_once(Shape shape, int n)
    {
        var ring = new List<CoTask>();
        using var loop = new EventLoop(ClockKind.Real) { StallTimeout = 30 };
        var watch = Stopwatch.StartNew();
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Ring(shape, n, ring)));
        Assert.IsLessThan(20.0, watch.Elapsed.TotalSeconds, "a cycle does not wait for StallTimeout");
        StringAssert.StartsWith(e.Message, "Deadlock on the real clock");
        AssertRingReported(DeadlockReport.From(e)!, shape, ring);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    [DataRow(Shape.Futures, 2)]
    [DataRow(Shape.Futures, 3)]
    [DataRow(Shape.Queues, 2)]
    [DataRow(Shape.Queues, 3)]
    public void Real_clock_reports_a_stall_after_StallTimeout_instead_of_hanging(Shape shape, int n)
    {
        var ring = new List<CoTask>();
        using var loop = new EventLoop(ClockKind.Real) { StallTimeout = 0.2 };
        var watch = Stopwatch.StartNew();
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Ring(shape, n, ring)));
        Assert.IsGreaterThanOrEqualTo(0.19, watch.Elapsed.TotalSeconds, "it waited for a post first");
        AssertRingReported(DeadlockReport.From(e)!, shape, ring);
        StringAssert.Contains(e.Message, "BeginExternalWork");
    }

    [TestMethod]
    [DataRow(Shape.Locks, 2)]
    [DataRow(Shape.Locks, 3)]
    [DataRow(Shape.Tasks, 2)]
    [DataRow(Shape.Tasks, 3)]
    [DataRow(Shape.Futures, 2)]
    [DataRow(Shape.Futures, 3)]
    [DataRow(Shape.Queues, 2)]
    [DataRow(Shape.Queues, 3)]
    public void Frame_clock_reports_once_after_DeadlockCheckFrames(Shape shape, int n)
    {
        var ring = new List<CoTask>();
        var detected = new List<(DeadlockReport Report, long Frame)>();
        using var loop = new EventLoop(ClockKind.Frame) { DeadlockCheckFrames = 10 };
        loop.DeadlockDetected += r => detected.Add((r, loop.Frame));
        loop.Spawn(Ring(shape, n, ring));
        for (int i = 0; i < 5; i++)
        {
            loop.Tick(0.5);
        }

        Assert.IsEmpty(detected, "not before the check");
        for (int i = 0; i < 60; i++)
        {
            loop.Tick(0.5);
        }

        (DeadlockReport report, long frame) = detected.Single();
        Assert.IsLessThanOrEqualTo(20L, frame);
        StringAssert.StartsWith(report.ToString(), "Deadlock on the frame clock");
        AssertRingReported(report, shape, ring);
        AssertRingReported(loop.FindDeadlock()!, shape, ring);
    }

    [TestMethod]
    public void Frame_clock_without_a_handler_reports_to_the_exception_handler()
    {
        var reports = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Frame) { DeadlockCheckFrames = 3, ExceptionHandler = reports.Add };
        loop.Spawn(Ring(Shape.Locks, 2, new List<CoTask>()));
        for (int i = 0; i < 20; i++)
        {
            loop.Tick(1);
        }

        Assert.HasCount(1, reports);
        Assert.AreEqual(DeadlockKind.Cycle, DeadlockReport.From(reports[0].Exception!)!.Kind);
    }

    [TestMethod]
    public void Frame_clock_finds_a_cycle_while_other_tasks_keep_running()
    {
        var detected = new List<DeadlockReport>();
        using var loop = new EventLoop(ClockKind.Frame) { DeadlockCheckFrames = 4 };
        loop.DeadlockDetected += detected.Add;
        loop.Spawn(Spinner(), "spinner");
        var ring = new List<CoTask>();
        loop.Spawn(Ring(Shape.Locks, 3, ring));
        for (int i = 0; i < 40; i++)
        {
            loop.Tick(0.5);
        }

        DeadlockReport report = detected.Single();
        Assert.AreEqual(DeadlockKind.Cycle, report.Kind);
        Assert.IsFalse(report.Blocked.Contains(loop.GetTasks().Single(t => t.Name == "spinner").Id));

        static IEnumerator<Yield> Spinner()
        {
            while (true)
            {
                yield return Yield.NextTick;
            }
        }
    }

    [TestMethod]
    public void No_report_for_tasks_waiting_on_timers_or_predicates()
    {
        using (var loop = new EventLoop(ClockKind.Virtual))
        {
            Assert.AreEqual(7, loop.Run(TestCoroutines.Sleep(1000, 7)));
        }

        var detected = new List<DeadlockReport>();
        using var frame = new EventLoop(ClockKind.Frame) { DeadlockCheckFrames = 2 };
        frame.DeadlockDetected += detected.Add;
        var flag = new CoEvent();
        frame.Spawn(TestCoroutines.Sleep(30, null));
        frame.Spawn(Until(flag));
        for (int i = 0; i < 50; i++)
        {
            frame.Tick(0.1);
        }

        Assert.IsEmpty(detected);
        Assert.IsNull(frame.FindDeadlock());

        static IEnumerator<Yield> Until(CoEvent flag)
        {
            yield return Yield.Until(() => flag.IsSet);
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void No_report_for_a_task_waiting_on_a_socket()
    {
        using var loop = new EventLoop(ClockKind.Real) { StallTimeout = 0.05 };
        using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var client = new Thread(() =>
        {
            Thread.Sleep(400);
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            Thread.Sleep(200);
        });
        client.Start();
        loop.Run(Accept(listener));
        client.Join();

        static IEnumerator<Yield> Accept(CoSocket listener)
        {
            yield return listener.Accept();
            listener.Accepted!.Dispose();
        }
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void No_report_for_a_future_another_thread_completes_through_Post()
    {
        // Unannounced: the real clock waits for a post as long as it takes (StallTimeout is infinite by default).
        using (var loop = new EventLoop(ClockKind.Real))
        {
            var f = new Future<int>(loop);
            var thread = new Thread(() =>
            {
                Thread.Sleep(2_500);
                loop.Post(() => f.SetResult(1));
            });
            thread.Start();
            Assert.AreEqual(1, loop.Run(Await(f)));
            thread.Join();
        }

        // A wake-up left over from a post an earlier iteration already ran does not end the wait early.
        using (var loop = new EventLoop(ClockKind.Real))
        {
            var f = new Future<int>(loop);
            int early = 0;
            var poster = new Thread(() => loop.Post(() => early++));
            poster.Start();
            poster.Join(); // posted before the run: its wake-up signal is still set when the loop first idles
            var thread = new Thread(() =>
            {
                Thread.Sleep(300);
                loop.Post(() => f.SetResult(3));
            });
            thread.Start();
            Assert.AreEqual(3, loop.Run(Await(f)));
            thread.Join();
            Assert.AreEqual(1, early);
        }

        // Announced: the loop waits however long it takes, whatever StallTimeout says.
        using (var loop = new EventLoop(ClockKind.Real) { StallTimeout = 0.01 })
        {
            var f = new Future<int>(loop);
            ExternalWork work = loop.BeginExternalWork();
            Assert.AreEqual(1, loop.PendingExternalWork);
            var thread = new Thread(() =>
            {
                Thread.Sleep(500);
                work.Post(() => f.SetResult(2));
            });
            thread.Start();
            Assert.AreEqual(2, loop.Run(Await(f)));
            thread.Join();
            Assert.AreEqual(0, loop.PendingExternalWork);
            Assert.IsTrue(work.IsEnded);
            Assert.ThrowsExactly<InvalidOperationException>(() => work.Post(() => { }));
        }

        // Executor work is announced by itself.
        using (var loop = new EventLoop(ClockKind.Real) { StallTimeout = 0.01 })
        {
            Assert.AreEqual(3, loop.Run(ToThread()));
        }

        static IEnumerator<Yield> ToThread()
        {
            yield return Co.ToThread(() =>
            {
                Thread.Sleep(400);
                return 3;
            });
            yield return Yield.Return(Co.Result<int>());
        }
    }

    [TestMethod]
    public void Virtual_clock_waits_for_announced_work_and_a_disposed_announcement_ends_it()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        ExternalWork work = loop.BeginExternalWork();
        var thread = new Thread(() =>
        {
            Thread.Sleep(100);
            work.Post(() => f.SetResult(5));
        });
        thread.Start();
        Assert.AreEqual(5, loop.Run(Await(f)));
        thread.Join();

        ExternalWork abandoned = loop.BeginExternalWork();
        abandoned.Dispose();
        abandoned.Dispose();
        var g = new Future<int>(loop);
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Await(g)));
        Assert.AreEqual(DeadlockKind.Stall, DeadlockReport.From(e)!.Kind);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void Real_clock_RunUntil_infinity_ends_when_nothing_can_happen_instead_of_hanging()
    {
        using var loop = new EventLoop(ClockKind.Real) { StallTimeout = 0.1 };
        var never = new CoEvent();
        CoTask waiter = loop.Spawn(WaitOn(never));
        loop.RunUntil(double.PositiveInfinity);
        Assert.IsFalse(waiter.IsDone);
        Assert.AreEqual(DeadlockKind.Stall, loop.FindDeadlock()!.Kind);

        static IEnumerator<Yield> WaitOn(CoEvent ev)
        {
            yield return ev.Wait();
        }
    }

    [TestMethod]
    public void StallTimeout_and_DeadlockCheckFrames_reject_bad_values()
    {
        using var loop = new EventLoop(ClockKind.Real);
        Assert.AreEqual(double.PositiveInfinity, loop.StallTimeout, "by default the real clock waits for a post forever, as asyncio does");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.StallTimeout = -1);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.StallTimeout = double.NaN);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.DeadlockCheckFrames = -1);
        Assert.AreEqual(0, loop.DeadlockCheckFrames);
    }

    private static IEnumerator<Yield> Await(Future<int> f)
    {
        yield return f;
        yield return Yield.Return(Co.Result<int>());
    }
}
