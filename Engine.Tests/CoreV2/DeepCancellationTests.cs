using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// Cancelling or killing a task reaches what it awaits, however deep the chain: 100,000 tasks each awaiting the next
// (directly, through a gather, through a task group) are cancelled without overflowing the stack, on a thread with a
// 1 MB stack (Windows' and Unity's main thread), in the order plain recursion gives for a chain: a kill runs the
// deepest finally block first and the root's last, and has finished when it returns; a cleanup failure at the bottom
// reaches the root. Depths on both sides of the propagation's limit give the same outcome (Tasks/CancelPropagation.cs).
[TestClass]
public sealed class DeepCancellationTests
{
    public enum Shape
    {
        Task,
        Gather,
        Group,
        Mixed,
    }

    private static readonly int[] Depths = { 10, CancelPropagation.DefaultDepthLimit - 1, CancelPropagation.DefaultDepthLimit, CancelPropagation.DefaultDepthLimit + 1, 1_000, 100_000 };

    private sealed class Chain
    {
        public readonly List<int> Finals = new();
        public readonly List<CoTask> Tasks = new();
        public int Depth;
        public Shape Shape;
        public bool FailAtBottom;

        public IEnumerator<Yield> Link(int level)
        {
            try
            {
                if (level == Depth)
                {
                    yield return Yield.Seconds(1_000_000);
                }
                else
                {
                    Shape shape = Shape == Shape.Mixed ? (Shape)(level % 3) : Shape;
                    if (shape == Shape.Group)
                    {
                        var group = new TaskGroup();
                        yield return group.Run(GroupBody(group, level + 1));
                    }
                    else
                    {
                        CoTask child = Co.Spawn(Link(level + 1));
                        Tasks.Add(child);
                        yield return shape == Shape.Gather ? Co.Gather(child) : child;
                    }
                }
            }
            finally
            {
                Finals.Add(level);
                if (FailAtBottom && level == Depth)
                {
                    throw new InvalidOperationException("cleanup failed at the bottom");
                }
            }
        }

        private IEnumerator<Yield> GroupBody(TaskGroup group, int level)
        {
            Tasks.Add(group.Spawn(Link(level)));
            yield break;
        }
    }

    private static void OnSmallStack(Action body)
    {
        Exception? error = null;
        var thread = new Thread(
            () =>
            {
                try
                {
                    body();
                }
                catch (Exception e)
                {
                    error = e;
                }
            },
            1 << 20);
        thread.Start();
        thread.Join();
        if (error is not null)
        {
            throw new AssertFailedException("The body failed: " + error, error);
        }
    }

    private static (EventLoop Loop, Chain Chain, CoTask Root) Build(Shape shape, int depth, bool failAtBottom = false)
    {
        var loop = new EventLoop(ClockKind.Virtual);
        var chain = new Chain { Depth = depth, Shape = shape, FailAtBottom = failAtBottom };
        CoTask root = loop.Spawn(chain.Link(0), "root");
        loop.RunUntil(1);
        Assert.AreEqual(depth + 1, chain.Tasks.Count + 1, "every level started");
        return (loop, chain, root);
    }

    private static IEnumerable<int> DeepestFirst(int depth) => Enumerable.Range(0, depth + 1).Reverse();

    [TestMethod]
    [DataRow(Shape.Task)]
    [DataRow(Shape.Gather)]
    [DataRow(Shape.Group)]
    [DataRow(Shape.Mixed)]
    public void Kill_of_a_deep_chain_has_run_every_finally_deepest_first_when_it_returns(Shape shape)
    {
        OnSmallStack(() =>
        {
            foreach (int depth in Depths)
            {
                (EventLoop loop, Chain chain, CoTask root) = Build(shape, depth);
                using (loop)
                {
                    Assert.IsTrue(root.Kill("stop"));
                    CollectionAssert.AreEqual(DeepestFirst(depth).ToList(), chain.Finals, "depth " + depth);
                    Assert.IsTrue(root.IsCancelled, "depth " + depth);
                    Assert.IsTrue(chain.Tasks.All(t => t.IsCancelled), "every level is cancelled, depth " + depth);
                }
            }
        });
    }

    [TestMethod]
    [DataRow(Shape.Task)]
    [DataRow(Shape.Gather)]
    [DataRow(Shape.Group)]
    [DataRow(Shape.Mixed)]
    public void Cancel_of_a_deep_chain_cancels_every_level_and_finishes_deepest_first(Shape shape)
    {
        OnSmallStack(() =>
        {
            foreach (int depth in Depths)
            {
                (EventLoop loop, Chain chain, CoTask root) = Build(shape, depth);
                using (loop)
                {
                    Assert.IsTrue(root.Cancel("stop"));
                    Assert.AreEqual(0, chain.Finals.Count, "a cancel only requests: nothing has run yet, depth " + depth);
                    loop.RunUntil(2);
                    CollectionAssert.AreEqual(DeepestFirst(depth).ToList(), chain.Finals, "depth " + depth);
                    Assert.IsTrue(root.IsCancelled, "depth " + depth);
                    Assert.AreEqual("stop", root.CancelMessage, "depth " + depth);
                    Assert.IsTrue(chain.Tasks.All(t => t.IsCancelled), "every level is cancelled, depth " + depth);
                }
            }
        });
    }

    [TestMethod]
    [DataRow(Shape.Task, true)]
    [DataRow(Shape.Gather, true)]
    [DataRow(Shape.Group, true)]
    [DataRow(Shape.Mixed, true)]
    [DataRow(Shape.Task, false)]
    [DataRow(Shape.Gather, false)]
    [DataRow(Shape.Group, false)]
    [DataRow(Shape.Mixed, false)]
    public void A_cleanup_failure_at_the_bottom_of_a_deep_chain_reaches_the_root(Shape shape, bool kill)
    {
        OnSmallStack(() =>
        {
            var outcomes = new List<string>();
            foreach (int depth in Depths)
            {
                (EventLoop loop, Chain chain, CoTask root) = Build(shape, depth, failAtBottom: true);
                using (loop)
                {
                    if (kill)
                    {
                        root.Kill();
                    }
                    else
                    {
                        root.Cancel();
                        loop.RunUntil(2);
                    }

                    Assert.AreEqual(depth + 1, chain.Finals.Count, "depth " + depth);
                    Assert.IsTrue(root.IsFailed, "the cleanup failure is not lost, depth " + depth);
                    outcomes.Add(FailureOf(root));
                }
            }

            Assert.AreEqual(1, outcomes.Distinct().Count(), "every depth ends the same way: " + string.Join(" | ", outcomes));
            StringAssert.Contains(outcomes[0], "cleanup failed at the bottom");
        });
    }

    // The failure, through any nesting of task groups (their count aside: it follows the depth).
    private static string FailureOf(CoTask task)
    {
        Exception e = task.Exception!;
        string groups = string.Empty;
        while (e is TaskGroupException group)
        {
            Assert.AreEqual(1, group.InnerExceptions.Count);
            Assert.IsTrue(group.Message.Length < 300, "a group's message does not grow with the nesting: " + group.Message.Length);
            groups = "TaskGroupException > ";
            e = group.InnerExceptions[0];
        }

        return groups + e.GetType().Name + ": " + e.Message;
    }

    [TestMethod]
    public void Nested_task_group_errors_keep_a_short_message_and_print_whole_without_recursion()
    {
        OnSmallStack(() =>
        {
            foreach (int depth in new[] { 3, 40, 100_000 })
            {
                (EventLoop loop, Chain chain, CoTask root) = Build(Shape.Group, depth, failAtBottom: true);
                using (loop)
                {
                    root.Kill();
                    var top = (TaskGroupException)root.Exception!;
                    StringAssert.StartsWith(top.Message, "1 error in TaskGroup of task 'root': 'Task-");
                    StringAssert.Contains(top.Message, ": TaskGroupException: 1 error in TaskGroup of task 'Task-");
                    Assert.IsFalse(top.Message.Contains("cleanup failed"), "a nested group's details stay in its own exception");
                    string printed = top.ToString();
                    Assert.AreEqual(depth, CountOf(printed, " ---> (Inner Exception #0, task '"), "every level printed, depth " + depth);
                    Assert.AreEqual(1, CountOf(printed, "System.InvalidOperationException: cleanup failed at the bottom"), "depth " + depth);
                    Assert.AreEqual(depth, CountOf(printed, "<---"), "every level closed, depth " + depth);
                }
            }
        });
    }

    [TestMethod]
    public void A_task_group_error_prints_each_inner_exception_with_its_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Inner(TaskGroup g)
        {
            g.Spawn(TestCoroutines.Fail(1), "c");
            yield break;
        }

        IEnumerator<Yield> Nested()
        {
            var g = new TaskGroup();
            yield return g.Run(Inner(g));
        }

        IEnumerator<Yield> FailsWhenCancelled()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new InvalidOperationException("a cleanup");
            }
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(FailsWhenCancelled(), "a");
            g.Spawn(Nested(), "b");
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        CoTask main = loop.Spawn(Main(), "main");
        loop.RunUntilComplete(main);
        var error = (TaskGroupException)main.Exception!;
        Assert.AreEqual("2 errors in TaskGroup of task 'main': 'b': TaskGroupException: 1 error in TaskGroup of task 'b'; 'a': InvalidOperationException: a cleanup", error.Message);
        string[] lines = error.ToString().Split(Environment.NewLine);
        Assert.AreEqual("Engine.TaskGroupException: " + error.Message, lines[0]);
        string[] markers = lines.Where(l => l.Contains(" ---> ")).Select(l => l.Substring(0, l.IndexOf(')') + 1)).ToArray();
        CollectionAssert.AreEqual(new[] { " ---> (Inner Exception #0, task 'b')", " ---> (Inner Exception #0, task 'c')", " ---> (Inner Exception #1, task 'a')" }, markers);
    }

    private static int CountOf(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [TestMethod]
    public void A_kill_called_from_a_finally_during_a_deep_kill_has_finished_its_own_chain_when_it_returns()
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var other = new Chain { Depth = 5_000, Shape = Shape.Task };
            CoTask otherRoot = loop.Spawn(other.Link(0), "other");
            var seen = new List<string>();
            var chain = new Chain { Depth = 5_000, Shape = Shape.Task };
            IEnumerator<Yield> Bottom()
            {
                try
                {
                    yield return Yield.Seconds(1_000_000);
                }
                finally
                {
                    bool killed = otherRoot.Kill();
                    seen.Add(killed + " " + otherRoot.IsCancelled + " " + other.Finals.Count);
                }
            }

            IEnumerator<Yield> Top(int level)
            {
                if (level == 3_000)
                {
                    yield return Co.Spawn(Bottom());
                }
                else
                {
                    yield return Co.Spawn(Top(level + 1));
                }
            }

            CoTask root = loop.Spawn(Top(0), "root");
            loop.RunUntil(1);
            root.Kill();
            CollectionAssert.AreEqual(new[] { "True True 5001" }, seen, "the nested kill finished before it returned");
            Assert.IsTrue(root.IsCancelled);
        });
    }

    [TestMethod]
    public void Kill_of_a_gather_of_deep_chains_finishes_each_chain_deepest_first_and_the_root_last()
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var left = new Chain { Depth = 100_000, Shape = Shape.Task };
            var right = new Chain { Depth = 100_000, Shape = Shape.Gather };
            var log = new List<string>();
            IEnumerator<Yield> Root()
            {
                try
                {
                    yield return Co.Gather(Co.Spawn(left.Link(0)), Co.Spawn(right.Link(0)), Co.Spawn(TestCoroutines.Sleep(1_000, null)));
                }
                finally
                {
                    log.Add("root " + left.Finals.Count + " " + right.Finals.Count);
                }
            }

            CoTask root = loop.Spawn(Root(), "root");
            loop.RunUntil(1);
            root.Kill();
            CollectionAssert.AreEqual(new[] { "root 100001 100001" }, log, "the root finishes after both chains");
            CollectionAssert.AreEqual(DeepestFirst(100_000).ToList(), left.Finals);
            CollectionAssert.AreEqual(DeepestFirst(100_000).ToList(), right.Finals);
            Assert.IsTrue(root.IsCancelled);
            Assert.IsTrue(left.Tasks.Concat(right.Tasks).All(t => t.IsCancelled));
        });
    }

    [TestMethod]
    public void A_timeout_over_a_deep_chain_cancels_every_level_and_raises_at_its_scope()
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var chain = new Chain { Depth = 100_000, Shape = Shape.Task };
            string? outcome = null;
            IEnumerator<Yield> Main()
            {
                yield return Co.Catch(Co.Timeout(5, chain.Link(0)));
                outcome = Co.Exception?.GetType().Name + "@" + Co.Time;
            }

            CoTask main = loop.Spawn(Main());
            loop.RunUntil(10);
            Assert.AreEqual(nameof(TimeoutException) + "@5", outcome);
            Assert.IsTrue(main.IsSucceeded);
            Assert.IsTrue(chain.Tasks.All(t => t.IsCancelled));
            CollectionAssert.AreEqual(DeepestFirst(100_000).ToList(), chain.Finals);
        });
    }

    [TestMethod]
    public void A_WhenAny_kills_a_deep_losing_chain()
    {
        OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var chain = new Chain { Depth = 100_000, Shape = Shape.Gather };
            CoTask? loser = null;
            IEnumerator<Yield> Main()
            {
                loser = Co.Spawn(chain.Link(0));
                yield return Co.WhenAny(loser, Co.Spawn(TestCoroutines.Sleep(3, null)));
            }

            CoTask main = loop.Spawn(Main());
            loop.RunUntil(10);
            Assert.IsTrue(main.IsSucceeded);
            Assert.IsTrue(loser!.IsCancelled);
            CollectionAssert.AreEqual(DeepestFirst(100_000).ToList(), chain.Finals);
        });
    }
}
