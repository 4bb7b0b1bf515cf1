using System;
using System.Collections.Generic;
using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class ClockTests
{
    private static IEnumerator<Yield> SleepLoop(int times, double seconds)
    {
        for (int i = 0; i < times; i++)
        {
            yield return Yield.Seconds(seconds);
        }
    }

    [TestMethod]
    public void Virtual_clock_jumps_to_the_next_timer_so_a_simulated_hour_costs_microseconds()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var sw = Stopwatch.StartNew();
        loop.Run(SleepLoop(3600, 1.0));
        sw.Stop();
        Assert.AreEqual(3600.0, loop.Time);
        Assert.IsLessThan(5.0, sw.Elapsed.TotalSeconds, "generous bound: an hour of virtual sleeping must not take real time");
    }

    private static IEnumerator<Yield> Stamp(List<string> log, string name, double delay)
    {
        yield return Yield.Seconds(delay);
        log.Add(name + "@" + Co.Time);
    }

    [TestMethod]
    public void RunUntil_runs_what_is_due_and_stops_at_the_given_time()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        loop.Spawn(Stamp(log, "a", 5));
        loop.Spawn(Stamp(log, "b", 10));
        loop.RunUntil(7);
        Assert.AreEqual(7.0, loop.Time);
        CollectionAssert.AreEqual(new[] { "a@5" }, log);
        loop.RunUntil(10);
        CollectionAssert.AreEqual(new[] { "a@5", "b@10" }, log);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RunUntil(3));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.RunUntil(double.NaN));
    }

    [TestMethod]
    public void Equal_time_timers_resume_in_FIFO_order()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        for (int i = 0; i < 20; i++)
        {
            loop.Spawn(Stamp(log, "t" + i, 1.5));
        }

        loop.RunUntil(2);
        for (int i = 0; i < 20; i++)
        {
            Assert.AreEqual("t" + i + "@1.5", log[i]);
        }
    }

    [TestMethod]
    public void Frame_clock_advances_only_by_Tick()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        loop.Spawn(Stamp(log, "half", 0.5));
        loop.Tick(0);
        for (int i = 0; i < 29; i++)
        {
            loop.Tick(1.0 / 60);
        }

        Assert.AreEqual(0, log.Count, "29 frames of 1/60 s are less than 0.5 s");
        loop.Tick(1.0 / 60);
        loop.Tick(1.0 / 60);
        Assert.AreEqual(1, log.Count);
        Assert.AreEqual(32L, loop.Frame);
    }

    private static IEnumerator<Yield> EveryFrame(List<long> frames, int count)
    {
        for (int i = 0; i < count; i++)
        {
            frames.Add(Co.Loop.Frame);
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> FrameWaits(List<long> frames)
    {
        frames.Add(Co.Loop.Frame);
        yield return Yield.Frames(3);
        frames.Add(Co.Loop.Frame);
        yield return Yield.Frames(1);
        frames.Add(Co.Loop.Frame);
    }

    [TestMethod]
    public void NextTick_resumes_once_per_frame_and_Frames_counts_frames()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var every = new List<long>();
        var waits = new List<long>();
        loop.Spawn(EveryFrame(every, 4));
        loop.Spawn(FrameWaits(waits));
        for (int i = 0; i < 10; i++)
        {
            loop.Tick(0.016);
        }

        CollectionAssert.AreEqual(new long[] { 1, 2, 3, 4 }, every);
        CollectionAssert.AreEqual(new long[] { 1, 4, 5 }, waits);
    }

    private static IEnumerator<Yield> UntilFlag(Func<bool> flag, List<string> log)
    {
        yield return Yield.Until(flag);
        log.Add("until " + Co.Loop.Frame);
        yield return Yield.While(flag);
        log.Add("while " + Co.Loop.Frame);
    }

    [TestMethod]
    public void Until_and_While_poll_once_per_frame()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        bool flag = false;
        var log = new List<string>();
        loop.Spawn(UntilFlag(() => flag, log));
        loop.Tick(0.1);
        loop.Tick(0.1);
        flag = true;
        loop.Tick(0.1);
        loop.Tick(0.1);
        flag = false;
        loop.Tick(0.1);
        loop.Tick(0.1);
        CollectionAssert.AreEqual(new[] { "until 3", "while 5" }, log);
    }

    [TestMethod]
    public void Until_predicate_exception_is_raised_in_the_waiting_coroutine()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        loop.ExceptionHandler = _ => { };
        CoTask t = loop.Spawn(UntilFlag(() => throw new ArithmeticException("predicate"), log));
        loop.Tick(0.1);
        loop.Tick(0.1);
        Assert.IsInstanceOfType<ArithmeticException>(t.Exception);
    }

    [TestMethod]
    public void Each_clock_accepts_only_its_own_driver()
    {
        using var frame = new EventLoop(ClockKind.Frame);
        using var virt = new EventLoop(ClockKind.Virtual);
        using var real = new EventLoop(ClockKind.Real);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => virt.Tick(0.1)).Message, "frame clock");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => real.Tick(0.1)).Message, "frame clock");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => frame.RunUntil(1)).Message, "Tick(dt)");
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => frame.Run(SleepLoop(1, 1))).Message, "Tick(dt)");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => frame.Tick(-0.1)).Message, "zero seconds or more");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => frame.Tick(double.NaN));
    }

    [TestMethod]
    public void Real_clock_sleeps_about_the_requested_time()
    {
        var sw = Stopwatch.StartNew();
        Co.Run(SleepLoop(2, 0.05));
        sw.Stop();
        Assert.IsGreaterThanOrEqualTo(0.09, sw.Elapsed.TotalSeconds);
        Assert.IsLessThan(5.0, sw.Elapsed.TotalSeconds, "generous upper bound");
    }

    private static IEnumerator<Yield> WaitsForever(Future f)
    {
        yield return f;
    }

    [TestMethod]
    public void Virtual_clock_reports_a_deadlock_instead_of_hanging()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var f = new Future<int>(loop);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(WaitsForever(f)));
        StringAssert.Contains(ex.Message, "Deadlock");
        StringAssert.Contains(ex.Message, "main");
    }
}
