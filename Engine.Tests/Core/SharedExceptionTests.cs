using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

// One exception object thrown again in two places (a cached or rethrown failure): two context chains then meet at it,
// and an exception raised while the other chain unwinds must keep both reachable, with no loop
// (Internal/ExceptionContext.cs, Splice). Before, the chain of the earlier exception was dropped there: lost.
[TestClass]
public sealed class SharedExceptionTests
{
    private static IEnumerator<Yield> Throws(Exception error)
    {
        yield return Yield.NextTick;
        throw error;
    }

    // A frame that calls child and throws cleanup from its finally block while child's failure unwinds it.
    private static IEnumerator<Yield> CleanupThrows(IEnumerator<Yield> child, Exception cleanup)
    {
        try
        {
            yield return Yield.From(child);
        }
        finally
        {
            throw cleanup;
        }
    }

    private static List<Exception> Chain(Exception top)
    {
        var chain = new List<Exception>();
        for (Exception? e = top; e is not null; e = Co.GetContext(e))
        {
            Assert.IsFalse(chain.Contains(e), "the context chain loops at " + e.Message);
            chain.Add(e);
            Assert.IsLessThan(10_000, chain.Count);
        }

        return chain;
    }

    private static Exception Fail(IEnumerator<Yield> coroutine)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask task = loop.Spawn(coroutine);
        loop.RunUntil(10);
        Assert.IsTrue(task.IsFailed);
        return task.Exception!;
    }

    [TestMethod]
    public void A_cleanup_error_rethrown_over_another_chain_keeps_both_chains()
    {
        var shared = new InvalidOperationException("shared");
        var y = new ArgumentException("y");
        var x = new FormatException("x");

        // First run: y is raised while shared unwinds, so y's chain is y, shared.
        Exception first = Fail(CleanupThrows(Throws(shared), y));
        CollectionAssert.AreEqual(new Exception[] { y, shared }, Chain(first));

        // Second run: x is raised while shared unwinds (x, shared), then y again over x: y travels on, and x (the
        // cleanup error of this run) is still reachable from it.
        Exception second = Fail(CleanupThrows(CleanupThrows(Throws(shared), x), y));
        Assert.AreSame(y, second);
        CollectionAssert.AreEqual(new Exception[] { y, x, shared }, Chain(second));
    }

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(1, 4)]
    [DataRow(4, 1)]
    [DataRow(3, 5)]
    public void Chains_that_meet_below_their_heads_are_spliced_where_they_meet(int travelingAbove, int earlierAbove)
    {
        var shared = new InvalidOperationException("shared");
        var below = new InvalidOperationException("below");
        ExceptionContext.Attach(shared, below);
        Exception traveling = Build("t", travelingAbove, shared);
        Exception earlier = Build("e", earlierAbove, shared);
        List<Exception> travelingBefore = Chain(traveling);
        List<Exception> earlierBefore = Chain(earlier);

        Exception result = ExceptionContext.Combine(traveling, earlier);

        Assert.AreSame(traveling, result);
        List<Exception> chain = Chain(result);

        // Traveling's own exceptions first, then earlier's, then the part they share: each chain's order kept.
        var expected = new List<Exception>(travelingBefore.GetRange(0, travelingAbove));
        expected.AddRange(earlierBefore);
        CollectionAssert.AreEqual(expected, chain);
        CollectionAssert.AreEqual(earlierBefore, Chain(earlier));
    }

    [TestMethod]
    public void Combining_chains_that_already_hold_each_other_changes_nothing()
    {
        var bottom = new InvalidOperationException("bottom");
        Exception upper = Build("u", 3, bottom);
        List<Exception> before = Chain(upper);
        Exception middle = before[2];

        Assert.AreSame(upper, ExceptionContext.Combine(middle, upper)); // upper already holds middle
        Assert.AreSame(upper, ExceptionContext.Combine(upper, middle)); // middle is on upper's chain
        CollectionAssert.AreEqual(before, Chain(upper));
    }

    // A random model: exceptions combined in random pairs (sharing tails, heads and middles as they come), each result
    // checked after every step and all at the end: the chain never loops, and everything that any earlier Combine made
    // reachable from its result is still reachable from it.
    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(3)]
    [DataRow(4)]
    [DataRow(5)]
    public void Random_combinations_never_lose_an_exception_or_loop(int seed)
    {
        var random = new Random(seed);
        var pool = new List<Exception>();
        for (int i = 0; i < 60; i++)
        {
            pool.Add(new InvalidOperationException("e" + i));
        }

        var promises = new List<(Exception Result, Exception A, Exception B)>();
        for (int step = 0; step < 400; step++)
        {
            Exception a = pool[random.Next(pool.Count)];
            Exception b = pool[random.Next(pool.Count)];
            Exception result = ExceptionContext.Combine(a, b);
            Assert.IsTrue(ReferenceEquals(result, a) || ReferenceEquals(result, b));
            promises.Add((result, a, b));
            List<Exception> chain = Chain(result);
            CollectionAssert.Contains(chain, a);
            CollectionAssert.Contains(chain, b);
        }

        foreach ((Exception result, Exception a, Exception b) in promises)
        {
            List<Exception> chain = Chain(result);
            CollectionAssert.Contains(chain, a);
            CollectionAssert.Contains(chain, b);
        }
    }

    // A chain of count new exceptions named prefix0..., each the context of the one before, ending on below.
    private static Exception Build(string prefix, int count, Exception below)
    {
        Exception next = below;
        for (int i = count - 1; i >= 0; i--)
        {
            var e = new InvalidOperationException(prefix + i);
            ExceptionContext.Attach(e, next);
            next = e;
        }

        return next;
    }
}
