using System;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using Engine.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// Every duration is a double of seconds, and each has a TimeSpan overload (docs/asyncio.md, "Durations"): the same
// values accepted and rejected, InfiniteTimeSpan and MaxValue meaning no limit. The `#region` is the doc's snippet.
[TestClass]
public sealed class DurationSnippets
{
    #region Durations
    private static IEnumerator<Yield> Blink(List<string> log)
    {
        yield return Yield.Sleep(TimeSpan.FromMilliseconds(250));          // the same as Yield.Sleep(0.25)
        log.Add($"blink at {Co.Time}");
        yield return Co.MoveOnAfter(TimeSpan.FromSeconds(1), Forever());   // and every other duration
        log.Add($"moved on at {Co.Time}");
        yield return Co.WaitFor(Quick(), Timeout.InfiniteTimeSpan);        // no limit
        log.Add($"quick done at {Co.Time}");
    }
    #endregion

    private static IEnumerator<Yield> Forever()
    {
        while (true)
        {
            yield return Yield.Seconds(10);
        }
    }

    private static IEnumerator<Yield> Do(Yield instruction)
    {
        yield return instruction;
    }

    private static IEnumerator<Yield> Quick()
    {
        yield return Yield.Seconds(TimeSpan.FromSeconds(0.5));
    }

    [TestMethod]
    public void Durations_run_as_documented()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Run(Blink(log));
        CollectionAssert.AreEqual(new[] { "blink at 0.25", "moved on at 1.25", "quick done at 1.75" }, log);
    }

    [TestMethod]
    public void Every_TimeSpan_overload_waits_as_its_seconds_overload()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        var never = new Future<int>(loop);
        loop.CallLater(TimeSpan.FromSeconds(2), () => log.Add("callback at " + loop.Time));
        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(TimeSpan.FromSeconds(1));
            log.Add("seconds at " + Co.Time);
            yield return Yield.Until(() => false, TimeSpan.FromSeconds(1.5));
            log.Add("until " + Co.Result<bool>() + " at " + Co.Time);
            yield return Yield.While(() => true, TimeSpan.FromSeconds(0.5));
            log.Add("while " + Co.Result<bool>() + " at " + Co.Time);
            yield return Co.Wait(new Future[] { never }, WaitMode.AllCompleted, TimeSpan.FromSeconds(1));
            log.Add("wait pending " + Co.Result<WaitResult>().Pending.Count + " at " + Co.Time);
            yield return Yield.Catch(Do(Co.Timeout(TimeSpan.FromSeconds(1), Forever())));
            log.Add("timeout " + (Co.Exception is TimeoutException) + " at " + Co.Time);
            yield return Yield.Catch(Do(TimeoutScope.FailAfter(TimeSpan.FromSeconds(1)).Run(Forever())));
            log.Add("fail after " + (Co.Exception is TimeoutException) + " at " + Co.Time);
            TimeoutScope scope = TimeoutScope.MoveOnAfter(TimeSpan.FromSeconds(1));
            yield return scope.Run(Forever());
            log.Add("move on " + scope.Expired + " at " + Co.Time);
            yield return Yield.Catch(Do(Co.WaitFor(never, TimeSpan.FromSeconds(1))));
            log.Add("wait for future " + (Co.Exception is TimeoutException) + " at " + Co.Time);
            yield return Yield.Catch(Do(Co.WaitFor(Forever(), TimeSpan.FromSeconds(1))));
            log.Add("wait for work " + (Co.Exception is TimeoutException) + " at " + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(
            new[]
            {
                "seconds at 1", "callback at 2", "until False at 2.5", "while False at 3", "wait pending 1 at 4", "timeout True at 5",
                "fail after True at 6", "move on True at 7", "wait for future True at 8", "wait for work True at 9",
            },
            log);
    }

    [TestMethod]
    public void TimeSpan_overloads_reject_what_the_seconds_overloads_reject_and_read_infinite_as_no_limit()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Sleep(TimeSpan.FromSeconds(-1)));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Seconds(Timeout.InfiniteTimeSpan));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.CallLater(TimeSpan.FromTicks(-1), () => { }));
        using (var frames = new EventLoop(ClockKind.Frame))
        {
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => frames.Tick(TimeSpan.FromSeconds(-1)));
            frames.Tick(TimeSpan.FromMilliseconds(16));
            Assert.AreEqual(0.016, frames.Time, 1e-12);
        }

        var never = new Future<int>(loop);
        IEnumerator<Yield> Main()
        {
            yield return Co.MoveOnAfter(TimeSpan.MaxValue, Quick());
            yield return Co.Wait(new Future[] { never }, WaitMode.FirstCompleted, TimeSpan.Zero);
            yield return Yield.Return(Co.Result<WaitResult>().Pending.Count);
        }

        Assert.AreEqual(1, loop.Run(Main()));
        Assert.AreEqual(0.5, loop.Time, "MaxValue is no limit: Quick ran to its end; a zero wait returns at once");
    }

    [TestMethod]
    [Timeout(30_000, CooperativeCancellation = true)]
    public void Socket_waits_take_TimeSpan_timeouts()
    {
        using var loop = new EventLoop(ClockKind.Real);
        using CoSocket listener = CoSocket.Listen(new IPEndPoint(IPAddress.Loopback, 0));
        IEnumerator<Yield> Main()
        {
            yield return Yield.Catch(Do(listener.Accept(TimeSpan.FromMilliseconds(100))));
            yield return Yield.Return(Co.Exception?.GetType().Name);
        }

        Assert.AreEqual(nameof(TimeoutException), loop.Run(Main()));
    }
}
