using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// A slow coroutine whose site the profiler and debug mode must name.
public static partial class ProfiledCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> Crunch(int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            yield return Yield.Seconds(1);
            ProfilerTests.Spin(0.02);
        }
    }
}

// The profile: time per task and per site, the slowest steps with their sites, wake-ups by cause, idle vs stepping.
[TestClass]
[DoNotParallelize]
public sealed class ProfilerTests
{
    internal static void Spin(double seconds)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
        }
    }

    private static IEnumerator<Yield> Light(int rounds)
    {
        for (int i = 0; i < rounds; i++)
        {
            yield return Yield.NextTick;
        }
    }

    [TestMethod]
    public void The_slow_task_and_its_site_come_first()
    {
        var profiler = new LoopProfiler();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.AddSink(profiler);
        loop.Spawn(ProfiledCoroutines.RentCrunch(3), "cruncher");
        loop.Spawn(Light(50), "light");
        loop.RunUntil(double.PositiveInfinity);
        ProfileReport report = profiler.GetReport();
        Assert.AreEqual("cruncher", report.Tasks[0].Name);
        Assert.AreEqual(4, report.Tasks[0].Steps);
        Assert.IsGreaterThanOrEqualTo(0.06, report.Tasks[0].Seconds);
        Assert.AreEqual(51, report.Tasks.Single(t => t.Name == "light").Steps);
        StringAssert.Contains(report.Sites[0].Name, "Engine.Tests.Observe.ProfiledCoroutines.Crunch#1 (ProfilerTests.cs:17)");
        SlowStep slowest = report.SlowestSteps[0];
        Assert.AreEqual("cruncher", slowest.TaskName);
        StringAssert.Contains(slowest.Site, "ProfilerTests.cs:17");
        Assert.IsGreaterThanOrEqualTo(0.02, slowest.Seconds);
        Assert.HasCount(10, report.SlowestSteps);
        Assert.AreEqual(3L, report.WakesByCause[WakeCause.Timer]);
        Assert.AreEqual(55, report.Steps);
        Assert.IsGreaterThanOrEqualTo(report.SteppingSeconds, report.WallSeconds);
        string table = report.ToString();
        StringAssert.StartsWith(table, "Profile: 55 steps, ");
        StringAssert.Contains(table, "cruncher");
        StringAssert.Contains(table, "slowest steps:");
        StringAssert.Contains(table, "wake-ups: Timer 3");
        profiler.Reset();
        Assert.AreEqual(0, profiler.GetReport().Steps);
    }

    [TestMethod]
    [Timeout(60_000, CooperativeCancellation = true)]
    public void Real_clock_time_splits_into_idle_and_stepping()
    {
        var profiler = new LoopProfiler();
        using var loop = new EventLoop(ClockKind.Real);
        loop.AddSink(profiler);
        loop.Run(TestCoroutines.Sleep(0.2, null));
        ProfileReport report = profiler.GetReport();
        Assert.IsGreaterThanOrEqualTo(0.15, report.IdleSeconds);
        Assert.IsLessThan(report.IdleSeconds, report.SteppingSeconds);
        Assert.IsGreaterThanOrEqualTo(report.IdleSeconds, report.WallSeconds);
    }

    [TestMethod]
    public void Debug_mode_names_the_site_of_a_slow_step()
    {
        var reports = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { Debug = true, SlowStepThreshold = 0.01, ExceptionHandler = reports.Add };
        loop.Run(ProfiledCoroutines.RentCrunch(1));
        LoopExceptionContext slow = reports.Single();
        StringAssert.Contains(slow.Message, "from Engine.Tests.Observe.ProfiledCoroutines.Crunch#1 (ProfilerTests.cs:17) to its end");
        Assert.IsTrue(loop.Debug);
        loop.Debug = false;
        Assert.IsFalse(loop.Debug);
    }
}
