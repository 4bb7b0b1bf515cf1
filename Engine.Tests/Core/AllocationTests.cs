using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

// Zero garbage per resume in steady state: the promise game code relies on.
[TestClass]
[DoNotParallelize]
public sealed class AllocationTests
{
    private static IEnumerator<Yield> Ticker(int n)
    {
        for (int i = 0; i < n; i++)
        {
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> Sleeper(int n, double delay)
    {
        for (int i = 0; i < n; i++)
        {
            yield return Yield.Seconds(delay);
        }
    }

    [TestMethod]
    public void A_million_next_tick_resumes_allocate_nothing()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        for (int i = 0; i < 1000; i++)
        {
            loop.Spawn(Ticker(1_002));
        }

        loop.Tick(0);
        loop.Tick(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 0; f < 1000; f++)
        {
            loop.Tick(0.016);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0L, allocated, "bytes allocated over 1,000,000 next-tick resumes");
    }

    [TestMethod]
    public void Next_tick_resumes_allocate_nothing_after_a_sink_came_and_went()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var recorder = new Engine.Observe.TraceRecorder();
        loop.AddSink(recorder);
        for (int i = 0; i < 1000; i++)
        {
            loop.Spawn(Ticker(1_003));
        }

        loop.Tick(0);
        loop.Tick(0);
        Assert.IsTrue(recorder.Count > 0, "the sink saw the first frames");
        Assert.IsTrue(loop.RemoveSink(recorder));
        loop.Tick(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int f = 0; f < 1000; f++)
        {
            loop.Tick(0.016);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0L, allocated, "bytes allocated over 1,000,000 next-tick resumes with no sink left");
    }

    [TestMethod]
    public void A_million_timer_resumes_allocate_nothing()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        for (int i = 0; i < 1000; i++)
        {
            loop.Spawn(Sleeper(2_000_000, 0.5 + (i % 10 * 0.1)));
        }

        // Warm-up: the timer queue's bucket pool and dictionary grow to their high-water mark.
        // The virtual clock makes the run identical every time, so this bound is deterministic.
        loop.RunUntil(1500);
        long before = GC.GetAllocatedBytesForCurrentThread();
        loop.RunUntil(2500);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0L, allocated, $"bytes allocated over about a million timer resumes: {allocated}");
    }
}
