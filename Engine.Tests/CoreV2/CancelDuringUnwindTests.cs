using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// A finally block that cancels or kills its own task (directly, or by killing the task's group) while the frames unwind
// a failure delivered by what the task awaited: the catching frame does not run again, and the finally block's error
// is the task's outcome, carrying the delivered failure as its context. Found by the game fault-injection fuzzer: when
// the failure came in at the start of a step (a failed task, gather, when-any or future woke the task), the catching
// frame ran on with no error, and a body that then ended completed the task successfully, losing both errors.
[TestClass]
public sealed class CancelDuringUnwindTests
{
    public enum Delivery
    {
        AwaitedTask,
        WhenAny,
        Gather,
        Future,
        ChildFrame,
    }

    public enum Stop
    {
        Cancel,
        Kill,
        GroupKill,
    }

    private static IEnumerator<Yield> FailsAfterTick(string message)
    {
        yield return Yield.NextTick;
        throw new ArgumentException(message);
    }

    private static IEnumerator<Yield> Waits()
    {
        yield return Yield.Seconds(100);
    }

    private static IEnumerator<Yield> CleanupStops(Delivery delivery, Stop stop, ScriptGroup? group, List<string> log)
    {
        try
        {
            switch (delivery)
            {
                case Delivery.AwaitedTask:
                    yield return Co.Spawn(FailsAfterTick("delivered"));
                    break;
                case Delivery.WhenAny:
                    yield return Co.WhenAny(FailsAfterTick("delivered"), Waits());
                    break;
                case Delivery.Gather:
                    yield return Co.Gather(FailsAfterTick("delivered"), Waits());
                    break;
                case Delivery.Future:
                    {
                        var future = new Future<int>(Co.CurrentTask!.Loop);
                        future.Loop.CallSoon(() => future.SetException(new ArgumentException("delivered")));
                        yield return future;
                        break;
                    }

                default:
                    yield return Yield.From(FailsAfterTick("delivered"));
                    break;
            }
        }
        finally
        {
            log.Add("finally");
            switch (stop)
            {
                case Stop.Cancel:
                    Co.CurrentTask!.Cancel();
                    break;
                case Stop.Kill:
                    Co.CurrentTask!.Kill();
                    break;
                default:
                    group!.Kill();
                    break;
            }

            throw new InvalidOperationException("cleanup");
        }
    }

    private static IEnumerator<Yield> Catches(IEnumerator<Yield> body, bool moreAfter, List<string> log)
    {
        yield return Co.Catch(Yield.From(body));
        log.Add("caught " + (Co.Exception?.Message ?? "nothing"));
        if (moreAfter)
        {
            yield return Yield.NextTick;
            log.Add("after");
        }
    }

    [TestMethod]
    [DataRow(Delivery.AwaitedTask, Stop.Cancel, false)]
    [DataRow(Delivery.AwaitedTask, Stop.Kill, false)]
    [DataRow(Delivery.AwaitedTask, Stop.GroupKill, false)]
    [DataRow(Delivery.AwaitedTask, Stop.Kill, true)]
    [DataRow(Delivery.WhenAny, Stop.Cancel, false)]
    [DataRow(Delivery.WhenAny, Stop.Kill, false)]
    [DataRow(Delivery.WhenAny, Stop.GroupKill, false)]
    [DataRow(Delivery.WhenAny, Stop.GroupKill, true)]
    [DataRow(Delivery.Gather, Stop.Cancel, true)]
    [DataRow(Delivery.Gather, Stop.Kill, false)]
    [DataRow(Delivery.Gather, Stop.GroupKill, false)]
    [DataRow(Delivery.Future, Stop.Cancel, false)]
    [DataRow(Delivery.Future, Stop.Kill, true)]
    [DataRow(Delivery.Future, Stop.GroupKill, false)]
    [DataRow(Delivery.ChildFrame, Stop.Cancel, false)]
    [DataRow(Delivery.ChildFrame, Stop.Kill, false)]
    [DataRow(Delivery.ChildFrame, Stop.GroupKill, true)]
    public void The_catching_frame_does_not_run_and_the_cleanup_error_is_the_outcome(Delivery delivery, Stop stop, bool moreAfter)
    {
        using var game = new GameLoop();
        ScriptGroup group = game.CreateGroup("ui");
        var reported = new List<Exception?>();
        game.Loop.ExceptionHandler = context => reported.Add(context.Exception);
        var log = new List<string>();
        CoTask task = group.Spawn(Catches(CleanupStops(delivery, stop, group, log), moreAfter, log), "t");
        for (int frame = 0; frame < 5 && !task.IsDone; frame++)
        {
            game.Tick(0.1);
        }

        CollectionAssert.AreEqual(new[] { "finally" }, log, "the catching frame must not run again once its task is stopped");
        Assert.IsTrue(task.IsFailed, "the cleanup error fails the task");
        Assert.AreEqual("cleanup", task.Exception!.Message);
        Exception? context = Co.GetContext(task.Exception);
        while (context is not null and not ArgumentException)
        {
            context = context.InnerException ?? Co.GetContext(context);
        }

        Assert.AreEqual("delivered", context?.Message, "the delivered failure stays reachable from the cleanup error");
    }
}
