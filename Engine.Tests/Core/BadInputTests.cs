using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

// Bad input gets an exception that names the problem, and the loop keeps running the other tasks.
[TestClass]
public sealed class BadInputTests
{
    private static IEnumerator<Yield> Yields(Func<Yield> make)
    {
        yield return Yield.NextTick;
        yield return make();
    }

    private static IEnumerator<Yield> Counter(List<int> log, int n)
    {
        for (int i = 0; i < n; i++)
        {
            log.Add(i);
            yield return Yield.Seconds(1);
        }
    }

    private static (CoTask Bad, List<int> Good) RunBadBesideGood(Func<Yield> make)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.ExceptionHandler = _ => { };
        var good = new List<int>();
        loop.Spawn(Counter(good, 3));
        CoTask bad = loop.Spawn(Yields(make));
        loop.RunUntil(10);
        return (bad, good);
    }

    [TestMethod]
    public void Negative_delay_fails_only_that_coroutine()
    {
        var (bad, good) = RunBadBesideGood(() => Yield.Seconds(-1));
        var ex = (ArgumentOutOfRangeException)bad.Exception!;
        StringAssert.Contains(ex.Message, "zero or more");
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, good);
    }

    [TestMethod]
    public void NaN_and_infinite_delays_are_rejected()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Seconds(double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Seconds(double.PositiveInfinity));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Yield.Frames(-2));
    }

    [TestMethod]
    public void Default_Yield_is_not_an_instruction()
    {
        var (bad, good) = RunBadBesideGood(() => default);
        var ex = (InvalidOperationException)bad.Exception!;
        StringAssert.Contains(ex.Message, "default(Yield)");
        StringAssert.Contains(ex.Message, "not an instruction");
        CollectionAssert.AreEqual(new[] { 0, 1, 2 }, good);
    }

    [TestMethod]
    public void Null_child_coroutine_is_rejected_at_the_yield()
    {
        var (bad, _) = RunBadBesideGood(() => Yield.From(null!));
        Assert.AreEqual("child", ((ArgumentNullException)bad.Exception!).ParamName);
    }

    [TestMethod]
    public void Null_coroutine_cannot_be_spawned_or_run()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual("coroutine", Assert.ThrowsExactly<ArgumentNullException>(() => loop.Spawn(null!)).ParamName);
        Assert.AreEqual("main", Assert.ThrowsExactly<ArgumentNullException>(() => loop.Run(null!)).ParamName);
        Assert.AreEqual("main", Assert.ThrowsExactly<ArgumentNullException>(() => Co.Run(null!)).ParamName);
    }

    private static IEnumerator<Yield> RunsLoopInside(EventLoop loop)
    {
        yield return Yield.NextTick;
        loop.RunUntil(5);
    }

    [TestMethod]
    public void Running_the_loop_from_inside_itself_is_an_error()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(RunsLoopInside(loop)));
        StringAssert.Contains(ex.Message, "already running");
    }

    [TestMethod]
    public void Closed_loop_refuses_work()
    {
        var loop = new EventLoop(ClockKind.Virtual);
        loop.Dispose();
        StringAssert.Contains(Assert.ThrowsExactly<ObjectDisposedException>(() => loop.Spawn(Counter(new List<int>(), 1))).Message, "closed");
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.CallSoon(() => { }));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.CallSoon(_ => { }, null));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.CallLater(1, () => { }));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.CallAt(1, () => { }));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.Post(() => { }));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.RunUntil(1));
        Assert.ThrowsExactly<ObjectDisposedException>(() => loop.Run(Counter(new List<int>(), 1)));
        loop.Dispose(); // idempotent
    }

    [TestMethod]
    public void Unretrieved_task_exception_reaches_the_handler_with_the_coroutine_chain()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var seen = new List<LoopExceptionContext>();
        loop.ExceptionHandler = seen.Add;
        CoTask bad = loop.Spawn(Yields(() => Yield.Seconds(-5)), "worker");
        loop.RunUntil(1);
        Assert.AreEqual(0, seen.Count, "still retrievable through 'bad': not reported yet (asyncio's rule)");
        loop.Dispose();
        Assert.AreEqual(1, seen.Count, "the closed loop reports what nobody retrieved");
        Assert.AreSame(bad, seen[0].Task);
        StringAssert.Contains(seen[0].Message, "worker");
        Assert.AreEqual("BadInputTests.Yields", seen[0].Coroutines[0]);
    }

    [TestMethod]
    public void Default_handler_writes_to_stderr()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        TextWriter old = Console.Error;
        var capture = new StringWriter();
        Console.SetError(capture);
        try
        {
            loop.Spawn(Yields(() => Yield.Seconds(-5)), "noisy");
            loop.RunUntil(1);
            loop.Dispose();
        }
        finally
        {
            Console.SetError(old);
        }

        string text = capture.ToString();
        StringAssert.Contains(text, "noisy");
        StringAssert.Contains(text, "coroutines (innermost first): BadInputTests.Yields");
        StringAssert.Contains(text, "ArgumentOutOfRangeException");
    }

    private static IEnumerator<Yield> AwaitsLater(CoTask t)
    {
        yield return Yield.Seconds(1);
        yield return Yield.Catch(t);
    }

    [TestMethod]
    public void Awaited_failures_are_not_reported_as_unhandled()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var seen = new List<LoopExceptionContext>();
        loop.ExceptionHandler = seen.Add;
        var f = new Future<int>(loop);
        CoTask bad = loop.Spawn(Yields(() => Yield.Await(f)));
        CoTask waiter = loop.Spawn(AwaitsLater(bad));
        loop.RunUntil(0.5);
        f.SetException(new InvalidOperationException("x"));
        loop.RunUntil(0.6);
        loop.RunUntil(2);
        Assert.IsTrue(waiter.IsSucceeded);
        loop.Dispose();
        Assert.AreEqual(0, seen.Count, "no waiter when it failed, but retrieved later while still retrievable: never reported (asyncio's rule)");
    }
}
