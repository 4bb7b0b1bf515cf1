using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

// Deep structures whose cost or order once depended on the stack: completion through nested futures defers past a fixed
// nesting (EventLoop.Listeners.cs), so the order in which waiters resume is the same on a 1 MB and an 8 MB stack; a chain
// of cleanup errors, each raised while the one before unwinds, is kept whole in linear time (Internal/ExceptionContext.cs).
[TestClass]
public sealed class DeepOrderTests
{
    private static IEnumerator<Yield> Await(Future future, List<int> log, int level)
    {
        yield return Co.Catch(future);
        log.Add(level);
    }

    // A chain leaf <- g1 <- ... <- g(depth), a waiter on every level (spawned from the top down, so the queue order is
    // the order of completion, not of spawning): the levels in the order their waiters resumed.
    private static List<int> ResumeOrder(int depth)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var leaf = new Future<int>(loop);
        var levels = new Future[depth + 1];
        levels[0] = leaf;
        for (int i = 1; i <= depth; i++)
        {
            levels[i] = Co.Gather(levels[i - 1]);
        }

        var log = new List<int>();
        for (int i = depth; i >= 0; i--)
        {
            loop.Spawn(Await(levels[i], log, i));
        }

        loop.RunUntil(1);
        leaf.SetResult(1);
        loop.RunUntil(2);
        Assert.AreEqual(depth + 1, log.Count);
        return log;
    }

    private static List<int> ResumeOrderOnStack(int size, int depth)
    {
        List<int>? order = null;
        DeepStructureTests.OnStack(size, () => order = ResumeOrder(depth));
        return order!;
    }

    [TestMethod]
    [DataRow(EventLoop.DefaultListenerDepthLimit - 1)]
    [DataRow(EventLoop.DefaultListenerDepthLimit)]
    [DataRow(EventLoop.DefaultListenerDepthLimit + 1)]
    [DataRow(EventLoop.DefaultListenerDepthLimit * 2 + 3)]
    [DataRow(20_000)]
    [DataRow(100_000)]
    public void Waiters_of_a_deep_chain_resume_in_the_same_order_on_a_1MB_and_an_8MB_stack(int depth)
    {
        List<int> small = ResumeOrderOnStack(1 << 20, depth);
        List<int> large = ResumeOrderOnStack(8 << 20, depth);
        CollectionAssert.AreEqual(large, small);
    }

    [TestMethod]
    public void Below_the_limit_completion_is_inline_the_top_waiter_first_then_each_level_down()
    {
        // Inline recursion: a level's first listener is the level above it, so the top completes (and queues its waiter)
        // before any lower level's waiter is told.
        int depth = EventLoop.DefaultListenerDepthLimit - 1;
        var expected = new List<int>();
        for (int i = depth; i >= 0; i--)
        {
            expected.Add(i);
        }

        CollectionAssert.AreEqual(expected, ResumeOrder(depth));
    }

    [TestMethod]
    public void Past_the_limit_the_deferred_levels_follow_in_a_fixed_order()
    {
        // The levels up to the limit recurse inline (level k's gather is told at nesting k); the notification that would
        // nest one deeper is queued and runs once the outermost (leaf telling level 1) returns. So the waiters of levels
        // limit..1 resume first, from the top of the inline part down, then the queued part from its top down, then
        // leaf's own waiter, registered after level 1's gather.
        int limit = EventLoop.DefaultListenerDepthLimit;
        int depth = limit + 10;
        List<int> order = ResumeOrder(depth);
        var expected = new List<int>();
        for (int i = limit; i >= 1; i--)
        {
            expected.Add(i);
        }

        for (int i = depth; i > limit; i--)
        {
            expected.Add(i);
        }

        expected.Add(0);

        CollectionAssert.AreEqual(expected, order);
    }

    private sealed class CleanupException : Exception
    {
        public CleanupException(int level)
            : base("cleanup " + level)
        {
            Level = level;
        }

        public int Level { get; }
    }

    private static IEnumerator<Yield> ThrowingCleanups(int n)
    {
        try
        {
            if (n == 0)
            {
                throw new InvalidOperationException("bottom");
            }

            yield return Yield.From(ThrowingCleanups(n - 1));
        }
        finally
        {
            if (n > 0)
            {
                throw new CleanupException(n);
            }
        }
    }

    [TestMethod]
    [DataRow(3)]
    [DataRow(100_000)]
    public void Every_cleanup_error_of_a_deep_task_stays_reachable_from_the_one_the_caller_sees(int depth)
    {
        DeepStructureTests.OnStack(1 << 20, () =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var top = Assert.ThrowsExactly<CleanupException>(() => loop.Run(ThrowingCleanups(depth)));

            // The outermost frame's error travels on; each error's context is the one raised just below it, down to
            // the bottom failure: nothing lost, no loop.
            Exception? e = top;
            for (int level = depth; level > 0; level--)
            {
                Assert.AreEqual(level, ((CleanupException)e!).Level);
                e = Co.GetContext(e);
            }

            Assert.IsInstanceOfType<InvalidOperationException>(e);
            Assert.IsNull(Co.GetContext(e));
        });
    }
}
