using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class GatherTests
{
    private static IEnumerator<Yield> After(double seconds, object value, List<string>? log = null)
    {
        yield return Yield.Seconds(seconds);
        log?.Add("done " + value);
        yield return Yield.Return(value);
    }

    private static IEnumerator<Yield> FailAfter(double seconds, string message)
    {
        yield return Yield.Seconds(seconds);
        throw new InvalidOperationException(message);
    }

    private static IEnumerator<Yield> GatherThree()
    {
        yield return Co.Gather(After(3, "a"), After(1, "b"), After(2, "c"));
        yield return Yield.Return(string.Join(",", Co.Result<object?[]>()));
    }

    [TestMethod]
    public void Gather_results_come_in_argument_order_and_run_concurrently()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual("a,b,c", loop.Run(GatherThree()));
        Assert.AreEqual(3.0, loop.Time, "three waits of 1, 2 and 3 s overlap: 3 s in all, not 6");
    }

    private static IEnumerator<Yield> GatherWithFailure(List<string> log)
    {
        Future<object?[]> g = Co.Gather(After(3, "slow", log), FailAfter(1, "boom"), After(2, "mid", log));
        yield return Yield.Catch(g);
        log.Add("gather failed at " + Co.Time + " with " + Co.Exception!.Message);
        yield return Yield.Seconds(5);
    }

    [TestMethod]
    public void Gather_first_failure_reaches_the_waiter_at_once_and_siblings_keep_running()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        loop.Run(GatherWithFailure(log));
        CollectionAssert.AreEqual(new[] { "gather failed at 1 with boom", "done mid", "done slow" }, log);
    }

    private static IEnumerator<Yield> GatherReturnExceptions()
    {
        CoTask a = Co.Spawn(After(1, 1));
        CoTask b = Co.Spawn(FailAfter(1, "bad"));
        CoTask c = Co.Spawn(After(5, 3));
        c.Cancel();
        yield return Co.Gather(new Future[] { a, b, c }, returnExceptions: true);
        object?[] r = Co.Result<object?[]>();
        yield return Yield.Return(r[0] + "|" + ((Exception)r[1]!).Message + "|" + r[2]!.GetType().Name);
    }

    [TestMethod]
    public void Gather_with_returnExceptions_puts_failures_in_the_results()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual("1|bad|CancelledException", loop.Run(GatherReturnExceptions()));
    }

    private static IEnumerator<Yield> GatherNothing()
    {
        yield return Co.Gather(Array.Empty<Future>());
        yield return Yield.Return(Co.Result<object?[]>().Length);
    }

    [TestMethod]
    public void Gather_of_nothing_completes_with_an_empty_array()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual(0, loop.Run(GatherNothing()));
    }

    private static IEnumerator<Yield> CancelGather(List<string> log)
    {
        CoTask a = Co.Spawn(After(5, "a", log));
        CoTask b = Co.Spawn(After(5, "b", log));
        Future<object?[]> g = Co.Gather(a, b);
        yield return Yield.Seconds(1);
        g.Cancel();
        yield return Yield.Seconds(1);
        yield return Yield.Return(a.IsCancelled && b.IsCancelled && g.IsCancelled);
    }

    [TestMethod]
    public void Cancelling_a_gather_cancels_its_children()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        Assert.AreEqual(true, loop.Run(CancelGather(log)));
        Assert.AreEqual(0, log.Count);
    }

    [TestMethod]
    public void Gather_rejects_null_items_and_mixed_loops()
    {
        using var l1 = new EventLoop(ClockKind.Virtual);
        using var l2 = new EventLoop(ClockKind.Virtual);
        Assert.ThrowsExactly<ArgumentNullException>(() => Co.Gather(new Future[] { new Future<int>(l1), null! }, false));
        var ex = Assert.ThrowsExactly<ArgumentException>(() => Co.Gather(new Future[] { new Future<int>(l1), new Future<int>(l2) }, false));
        StringAssert.Contains(ex.Message, "different event loops");
    }
}
