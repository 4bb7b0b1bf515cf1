using System.Collections.Generic;
using System.Threading;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code of docs/observe.md, compiled and run. The doc quotes these members verbatim (checked by DocSnippetTests).
[TestClass]
public sealed class ObserveSnippets
{
    private sealed class WakeCounter : ILoopSink
    {
        public Dictionary<WakeCause, int> Counts { get; } = new();

        public void OnEvent(in LoopEvent e)
        {
            if (e.Kind == LoopEventKind.Woken)
            {
                Counts[e.Cause] = Counts.GetValueOrDefault(e.Cause) + 1;
            }
        }
    }

    private static IEnumerator<Yield> Await(Future<int> future)
    {
        yield return future;
        yield return Yield.Return(Co.Result<int>());
    }

    private static IEnumerator<Yield> Diner(CoLock first, CoLock second)
    {
        yield return first.Acquire();
        yield return Yield.Seconds(1);
        yield return second.Acquire();
    }

    private static IEnumerator<Yield> TwoDiners()
    {
        var left = new CoLock();
        var right = new CoLock();
        yield return Co.Gather(Diner(left, right), Diner(right, left));
    }

    private static IEnumerator<Yield> Busy(int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            yield return Yield.Seconds(0.1);
        }
    }

    private static Dictionary<WakeCause, int> CountWakes()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var counter = new WakeCounter();
        loop.AddSink(counter);
        loop.Run(Busy(10));
        return counter.Counts;
    }

    private static int CompletedByAnotherThread()
    {
        using var loop = new EventLoop(ClockKind.Real);
        var answer = new Future<int>(loop);
        ExternalWork work = loop.BeginExternalWork();   // the loop now waits for it, however long it takes
        new Thread(() =>
        {
            Thread.Sleep(100);
            work.Post(() => answer.SetResult(42));      // posts, and ends the announced work
        }).Start();
        return (int)loop.Run(Await(answer))!;
    }

    private static DeadlockReport? FrameClockCheck()
    {
        using var loop = new EventLoop(ClockKind.Frame) { DeadlockCheckFrames = 60 };
        DeadlockReport? found = null;
        loop.DeadlockDetected += report => found = report;
        loop.Spawn(TwoDiners());
        for (int frame = 0; frame < 600 && found is null; frame++)
        {
            loop.Tick(1.0 / 60);
        }

        return found;
    }

    private static string Profile()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var profiler = new LoopProfiler();
        loop.AddSink(profiler);
        loop.Run(Busy(100));
        ProfileReport report = profiler.GetReport();   // as data: report.Tasks, report.Sites, report.SlowestSteps...
        return report.ToString();                      // as a table
    }

    [TestMethod]
    public void A_custom_sink_counts_wake_ups()
    {
        Assert.AreEqual(10, CountWakes()[WakeCause.Timer]);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void Announced_outside_work_is_waited_for()
    {
        Assert.AreEqual(42, CompletedByAnotherThread());
    }

    [TestMethod]
    public void The_frame_clock_finds_the_diners_deadlock()
    {
        DeadlockReport report = FrameClockCheck()!;
        Assert.AreEqual(DeadlockKind.Cycle, report.Kind);
        Assert.HasCount(2, report.Cycles[0]);
    }

    [TestMethod]
    public void The_profile_table()
    {
        string table = Profile();
        StringAssert.StartsWith(table, "Profile: 101 steps");
        StringAssert.Contains(table, "wake-ups: Timer 100");
    }
}
