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
