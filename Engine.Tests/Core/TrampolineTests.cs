using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class TrampolineTests
{
    private static IEnumerator<Yield> Deep(int n)
    {
        if (n == 0)
        {
            yield return Yield.Return(0);
        }

        yield return Yield.From(Deep(n - 1));
        yield return Yield.Return(Co.Result<int>() + 1);
    }

    [TestMethod]
    public void Hundred_thousand_deep_nested_calls_finish_without_stack_overflow()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual(100_000, loop.Run(Deep(100_000)));
    }

    private static IEnumerator<Yield> DeepThrow(int n, List<int> finallies)
    {
        try
        {
            if (n == 0)
            {
                throw new InvalidOperationException("bottom");
            }

            yield return Yield.From(DeepThrow(n - 1, finallies));
        }
        finally
        {
            finallies.Add(n);
        }
    }

    [TestMethod]
    public void Exception_unwinds_a_deep_stack_running_every_finally_innermost_first()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var finallies = new List<int>();
        var ex = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(DeepThrow(50_000, finallies)));
        Assert.AreEqual("bottom", ex.Message);
        Assert.AreEqual(50_001, finallies.Count);
        Assert.AreEqual(0, finallies[0]);
        Assert.AreEqual(50_000, finallies[^1]);
    }

    private static IEnumerator<Yield> Child(List<string> log)
    {
        log.Add("child start");
        yield return Yield.NextTick;
        log.Add("child end");
        yield return Yield.Return("from child");
    }

    private static IEnumerator<Yield> Parent(List<string> log)
    {
        log.Add("parent start");
        yield return Yield.From(Child(log));
        log.Add("parent got " + Co.Result<string>());
    }

    [TestMethod]
    public void Child_return_value_reaches_parent()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        loop.Run(Parent(log));
        CollectionAssert.AreEqual(new[] { "parent start", "child start", "child end", "parent got from child" }, log);
    }

    private static IEnumerator<Yield> NoReturn()
    {
        yield return Yield.NextTick;
    }

    private static IEnumerator<Yield> ReadsNull()
    {
        yield return Yield.From(NoReturn());
        yield return Yield.Return(Co.ResultObject is null ? "null" : "value");
    }

    [TestMethod]
    public void Child_that_ends_without_return_gives_null()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.AreEqual("null", loop.Run(ReadsNull()));
    }

    private static IEnumerator<Yield> ReturnInsideTry(List<string> log)
    {
        try
        {
            yield return Yield.Return(42);
            log.Add("never");
        }
        finally
        {
            log.Add("finally");
        }
    }

    [TestMethod]
    public void Return_runs_the_finally_blocks_of_the_returning_frame()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        Assert.AreEqual(42, loop.Run(ReturnInsideTry(log)));
        CollectionAssert.AreEqual(new[] { "finally" }, log);
    }

    private static IEnumerator<Yield> Thrower()
    {
        yield return Yield.NextTick;
        throw new FormatException("bad");
    }

    private static IEnumerator<Yield> PlainParent(List<string> log)
    {
        try
        {
            yield return Yield.From(Thrower());
            log.Add("not reached");
        }
        finally
        {
            log.Add("parent finally");
        }
    }

    private static IEnumerator<Yield> Grandparent(List<string> log)
    {
        yield return Yield.Catch(PlainParent(log));
        log.Add("caught " + Co.Exception?.GetType().Name);
        yield return Yield.Catch(Child(log));
        log.Add("ok " + (Co.Exception is null) + " " + Co.Result<string>());
    }

    [TestMethod]
    public void Exception_disposes_plain_parents_and_reaches_a_catching_frame()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        loop.Run(Grandparent(log));
        CollectionAssert.AreEqual(
            new[] { "parent finally", "caught FormatException", "child start", "child end", "ok True from child" },
            log);
    }

    private static IEnumerator<Yield> FinallyThrows()
    {
        try
        {
            yield return Yield.From(Thrower());
        }
        finally
        {
            throw new ArgumentException("from finally");
        }
    }

    [TestMethod]
    public void Exception_raised_in_a_finally_replaces_the_one_in_flight()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.ThrowsExactly<ArgumentException>(() => loop.Run(FinallyThrows()));
    }

    [TestMethod]
    public void Failure_chain_names_the_coroutines_innermost_first()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask task = loop.Spawn(PlainParent(new List<string>()));
        task.MarkExceptionObserved();
        loop.RunUntilComplete(task);
        CollectionAssert.AreEqual(new[] { "TrampolineTests.Thrower", "TrampolineTests.PlainParent" }, task.FailureChain.ToArrayList());
    }
}

internal static class ListExtensions
{
    public static string[] ToArrayList(this IReadOnlyList<string> list)
    {
        string[] a = new string[list.Count];
        for (int i = 0; i < a.Length; i++)
        {
            a[i] = list[i];
        }

        return a;
    }
}
