using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// A gather (or a when-any) whose children have all finished, with their completions still on the way to it, has
// nothing left to cancel: asyncio's gather.cancel() returns False, so the task awaiting it is cancelled at its next
// step whatever the gather then delivers. The shape arises in a task group: a child's failure reaches the group's
// listener first, the group cancels a sibling that awaits a gather over that child, and only then does the gather hear
// of the failure. The sibling ends cancelled (it used to fail with the child's error, as if the cancel had made a
// cleanup fail, so the group raised that error twice).
[TestClass]
public sealed class CancelAfterChildrenFinishedTests
{
    public enum Over
    {
        Gather,
        GatherReturningExceptions,
        WhenAll,
        WhenAny,
    }

    [TestMethod]
    [DataRow(Over.Gather)]
    [DataRow(Over.GatherReturningExceptions)]
    [DataRow(Over.WhenAll)]
    [DataRow(Over.WhenAny)]
    public void A_task_cancelled_while_its_gathers_children_are_done_but_not_delivered_is_cancelled(Over over)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        var log = new List<string>();
        CoTask? sibling = null;
        Exception? groupError = null;
        loop.Run(Main());

        Assert.IsTrue(sibling!.IsCancelled, "cancelled, not " + (sibling.Exception?.Message ?? "succeeded"));
        CollectionAssert.AreEqual(new[] { "sibling unwound" }, log);
        var group = (TaskGroupException)groupError!;
        Assert.AreEqual(1, group.InnerExceptions.Count, "the failing child's error once: " + group);
        Assert.AreEqual("failing child", group.InnerExceptions[0].Message);
        Assert.AreEqual(0, reported.Count, "nothing else to report: " + string.Join("; ", reported));

        IEnumerator<Yield> Main()
        {
            CoTask done = Co.Spawn(Quick(), "done");
            yield return done;
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g, done)));
            groupError = Co.Exception;
        }

        IEnumerator<Yield> Body(TaskGroup g, CoTask done)
        {
            CoTask failing = g.Spawn(Fails(), "failing"); // the group listens to it before the sibling's gather does
            sibling = g.Spawn(Sibling(failing, done), "sibling");
            yield break;
        }

        IEnumerator<Yield> Sibling(CoTask failing, CoTask done)
        {
            try
            {
                yield return over switch
                {
                    Over.Gather => Co.Gather(failing, done),
                    Over.GatherReturningExceptions => Co.Gather(new Future[] { failing, done }, returnExceptions: true),
                    Over.WhenAll => Co.WhenAll(failing, done),
                    _ => Co.WhenAny(failing), // over a done child it would have finished at once
                };
                log.Add("sibling resumed");
            }
            finally
            {
                log.Add("sibling unwound");
            }
        }

        static IEnumerator<Yield> Quick()
        {
            yield return Yield.Return("done");
        }

        static IEnumerator<Yield> Fails()
        {
            yield return Yield.Seconds(1);
            throw new InvalidOperationException("failing child");
        }
    }

    // The same with a second child still running: the cancel reaches it, and the child that failed before the cancel
    // counts as asyncio counts it. Gathering exceptions, its failure is a result the cancel discards: the sibling is
    // cancelled. Failing fast, its failure fails the gather (asyncio's done-callback sets it though a cancel was
    // asked), so the sibling fails with that very error. A when-any is settled by its first finished child.
    [TestMethod]
    [DataRow(Over.Gather, "failed")]
    [DataRow(Over.WhenAll, "failed")]
    [DataRow(Over.GatherReturningExceptions, "cancelled")]
    [DataRow(Over.WhenAny, "cancelled")]
    public void A_task_cancelled_while_one_child_is_done_but_not_delivered_and_another_runs(Over over, string siblingEnds)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        CoTask? sibling = null;
        CoTask? failing = null;
        CoTask? slow = null;
        Exception? groupError = null;
        loop.Run(Main());

        Assert.AreEqual(siblingEnds, sibling!.IsCancelled ? "cancelled" : sibling.IsFailed ? "failed" : "succeeded");
        Assert.IsTrue(slow!.IsCancelled, "the cancel reached the running child");
        var group = (TaskGroupException)groupError!;
        Assert.AreSame(failing!.Exception, group.InnerExceptions[0]);
        if (siblingEnds == "failed")
        {
            Assert.AreSame(failing.Exception, sibling.Exception);
            Assert.AreEqual(2, group.InnerExceptions.Count);
        }
        else
        {
            Assert.AreEqual(1, group.InnerExceptions.Count, group.ToString());
        }

        Assert.AreEqual(0, reported.Count, "nothing else to report: " + string.Join("; ", reported));

        IEnumerator<Yield> Main()
        {
            slow = Co.Spawn(Slow(), "slow");
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            groupError = Co.Exception;
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            failing = g.Spawn(Fails(), "failing");
            sibling = g.Spawn(Sibling(), "sibling");
            yield break;
        }

        IEnumerator<Yield> Sibling()
        {
            yield return over switch
            {
                Over.Gather => Co.Gather(failing!, slow!),
                Over.GatherReturningExceptions => Co.Gather(new Future[] { failing!, slow! }, returnExceptions: true),
                Over.WhenAll => Co.WhenAll(failing!, slow!),
                _ => Co.WhenAny(failing!, slow!),
            };
        }

        static IEnumerator<Yield> Slow()
        {
            yield return Yield.Seconds(10);
        }

        static IEnumerator<Yield> Fails()
        {
            yield return Yield.Seconds(1);
            throw new InvalidOperationException("failing child");
        }
    }

    // A gather whose children finished inline has finished too: cancelling it returns false and changes nothing.
    [TestMethod]
    public void Cancelling_a_gather_whose_children_are_all_done_returns_false()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Future<object?[]>? gather = null;
        bool? cancelled = null;
        loop.Run(Main());
        Assert.IsFalse(cancelled);
        Assert.IsTrue(gather!.IsSucceeded);

        IEnumerator<Yield> Main()
        {
            var a = new Future<int>(Co.Loop);
            var b = new Future<int>(Co.Loop);
            gather = Co.Gather(a, b);
            a.SetResult(1);
            b.SetResult(2);
            cancelled = gather.Cancel();
            yield return gather;
        }
    }
}
