using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// A task woken with a failure of what it awaited and then cancelled, killed or interrupted before it steps: the cancel
// or the interrupt wins, whether the wait catches (Yield.Catch) or not, as in asyncio, whose pending wake-up raises the
// CancelledError instead; the failure it never read goes to the loop's exception handler once (asyncio drops it). A
// failure that arrives after the cancel reached the work (its cleanup failed) is no unread failure: it travels on.
[TestClass]
public sealed class UnreadWakeFailureTests
{
    public enum Awaited
    {
        Future,
        Task,
        WaitFor,
        Shield,
    }

    public enum Stop
    {
        Cancel,
        Kill,
    }

    private static IEnumerator<Yield> Waiter(Func<Yield> makeWait, bool catching, List<string> log)
    {
        Yield awaited = makeWait(); // made in the task: Co.WaitFor and Co.Shield belong to the running loop
        try
        {
            if (catching)
            {
                yield return Co.Catch(awaited);
                log.Add("read " + Co.Exception?.Message);
            }
            else
            {
                yield return awaited;
                log.Add("resumed");
            }
        }
        finally
        {
            log.Add("unwound");
        }
    }

    private static IEnumerator<Yield> FailWhen(Future<int> trigger)
    {
        yield return trigger;
        throw new InvalidOperationException("never reached");
    }

    // The source fails and the waiter is stopped in one step of another task, so the waiter is woken but has not run.
    [TestMethod]
    [DataRow(Awaited.Future, false, Stop.Cancel)]
    [DataRow(Awaited.Future, true, Stop.Cancel)]
    [DataRow(Awaited.Future, false, Stop.Kill)]
    [DataRow(Awaited.Future, true, Stop.Kill)]
    [DataRow(Awaited.Task, false, Stop.Cancel)]
    [DataRow(Awaited.Task, true, Stop.Cancel)]
    [DataRow(Awaited.Task, false, Stop.Kill)]
    [DataRow(Awaited.WaitFor, false, Stop.Cancel)]
    [DataRow(Awaited.WaitFor, true, Stop.Kill)]
    [DataRow(Awaited.Shield, false, Stop.Cancel)]
    [DataRow(Awaited.Shield, true, Stop.Cancel)]
    public void A_task_stopped_after_its_wait_failed_and_before_it_ran_is_cancelled_and_the_failure_reported(Awaited kind, bool catching, Stop stop)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        var log = new List<string>();
        var source = new Future<int>(loop);
        var error = new ArgumentException("the awaited work failed");
        Future failing = kind == Awaited.Future ? source : loop.Spawn(Worker(source, error), "worker"); // failed when the waiter is stopped
        Func<Yield> makeWait = kind switch
        {
            Awaited.Future or Awaited.Task => () => failing,
            Awaited.WaitFor => () => Co.WaitFor(failing, 10),
            _ => () => Co.Shield(failing),
        };
        CoTask waiter = loop.Spawn(Waiter(makeWait, catching, log), "waiter");
        loop.RunUntil(1);
        Assert.IsFalse(waiter.IsDone);
        loop.Spawn(Stopper(), "stopper");
        loop.RunUntil(2);

        Assert.IsTrue(waiter.IsCancelled, "the " + stop + " wins: " + (waiter.Exception?.Message ?? "not failed"));
        CollectionAssert.AreEqual(new[] { "unwound" }, log, "the waiter never ran past its wait");
        Assert.AreEqual(1, reported.Count, "reported once");
        Assert.AreSame(error, reported[0]);

        IEnumerator<Yield> Stopper()
        {
            if (kind == Awaited.Future)
            {
                source.SetException(error);
            }
            else
            {
                source.SetResult(0); // the worker fails in this same iteration, before the stopper's next step
                yield return Yield.NextTick;
            }

            Assert.IsTrue(failing.IsFailed && !waiter.IsDone, "woken, not yet run");
            if (stop == Stop.Cancel)
            {
                waiter.Cancel();
            }
            else
            {
                waiter.Kill();
                Assert.IsTrue(waiter.IsCancelled);
            }
        }

        static IEnumerator<Yield> Worker(Future<int> trigger, Exception error)
        {
            yield return trigger;
            throw error;
        }
    }

    // asyncio: `async with timeout(0): await t` where t fails before the task resumes raises TimeoutError. A zero
    // timeout expires before the body's first wait completes, also when that wait completes with a failure.
    [TestMethod]
    [DataRow(false, false)]
    [DataRow(true, false)]
    [DataRow(false, true)]
    [DataRow(true, true)]
    public void A_zero_timeout_wins_over_a_failure_that_arrives_in_the_same_instant(bool catching, bool later)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        string? outcome = null;
        loop.Run(Main());
        Assert.AreEqual("TimeoutException", outcome);
        Assert.AreEqual(1, reported.Count);
        Assert.AreEqual("child raised", reported[0].Message);

        IEnumerator<Yield> Main()
        {
            if (later)
            {
                yield return Yield.Seconds(0.5);
            }

            CoTask child = Co.Spawn(Raise());
            yield return Co.Catch(Co.Timeout(0, Body(child, catching)));
            outcome = Co.Exception?.GetType().Name ?? "returned " + Co.Result<string>();
            Assert.IsTrue(child.IsFailed);
        }

        static IEnumerator<Yield> Raise()
        {
            throw new InvalidOperationException("child raised");
#pragma warning disable CS0162 // an iterator that throws at its first step
            yield break;
#pragma warning restore CS0162
        }

        static IEnumerator<Yield> Body(CoTask child, bool catching)
        {
            if (catching)
            {
                yield return Co.Catch(child);
                yield return Yield.Return("caught " + Co.Exception?.Message);
            }
            else
            {
                yield return child;
                yield return Yield.Return("resumed");
            }
        }
    }

    // A zero timeout around work already done when the scope starts lets the body finish (asyncio's timeout(0) around
    // an await that does not suspend).
    [TestMethod]
    public void A_zero_timeout_around_a_failure_already_there_raises_that_failure()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        string? outcome = null;
        loop.Run(Main());
        Assert.AreEqual("InvalidOperationException: done before", outcome);
        Assert.AreEqual(0, reported.Count);

        IEnumerator<Yield> Main()
        {
            var done = new Future<int>(Co.Loop);
            done.SetException(new InvalidOperationException("done before"));
            yield return Co.Catch(Co.Timeout(0, Await(done)));
            outcome = Co.Exception?.GetType().Name + ": " + Co.Exception?.Message;
        }

        static IEnumerator<Yield> Await(Future f)
        {
            yield return f;
        }
    }

    // A task group aborts its body when a child fails; a body woken with a failure of its own wait in that same instant
    // is interrupted (the group's rule), and that failure is reported, not lost. The group raises the child's error.
    [TestMethod]
    public void A_group_body_woken_with_a_failure_when_the_group_aborts_reports_it()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        var trigger = new Future<int>(loop);
        var bodyWaits = new Future<int>(loop);
        Exception? groupError = null;
        loop.Spawn(Fire());
        loop.Run(Main());
        Assert.IsInstanceOfType<TaskGroupException>(groupError);
        var group = (TaskGroupException)groupError!;
        Assert.AreEqual(1, group.InnerExceptions.Count);
        Assert.AreEqual("child failed", group.InnerExceptions[0].Message);
        Assert.AreEqual(1, reported.Count);
        Assert.AreEqual("the body's wait failed", reported[0].Message);

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            groupError = Co.Exception;
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Child(), "child");
            yield return bodyWaits;
        }

        IEnumerator<Yield> Child()
        {
            yield return trigger;
            throw new InvalidOperationException("child failed");
        }

        IEnumerator<Yield> Fire()
        {
            yield return Yield.Seconds(1);
            trigger.SetResult(0); // the child runs first and fails...
            bodyWaits.SetException(new InvalidOperationException("the body's wait failed")); // ...after this woke the body
        }
    }

    // The mark of an unread failure ends with its wake: a plain wait woken with a cancellation and interrupted by its
    // scope before it ran leaves no mark behind, so a later cancel whose work fails in its cleanup still fails the task
    // with that error instead of reporting it as unread.
    [TestMethod]
    public void A_wake_interrupted_before_the_task_ran_leaves_no_mark_on_later_waits()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        CoTask forever = loop.Spawn(Forever(), "forever");
        loop.Spawn(Killer(), "killer"); // its timer at 1 is armed before the scope's
        string? scopeOutcome = null;
        CoTask waiter = loop.Spawn(Waiter(), "waiter");
        loop.RunUntil(1.5);
        Assert.AreEqual("TimeoutException", scopeOutcome, "the scope's expiry won over the cancellation it was handed");
        waiter.Cancel();
        loop.RunUntil(3);
        Assert.IsTrue(waiter.IsFailed, "the cleanup failure travels on");
        Assert.AreEqual("cleanup failed", waiter.Exception!.Message);
        Assert.AreEqual(0, reported.Count, string.Join("; ", reported));

        IEnumerator<Yield> Killer()
        {
            yield return Yield.Seconds(1);
            forever.Kill(); // wakes the waiter with a cancellation; the scope expires next, before the waiter runs
        }

        IEnumerator<Yield> Waiter()
        {
            yield return Co.Catch(Co.Timeout(1, Await(forever)));
            scopeOutcome = Co.Exception?.GetType().Name;
            CoTask work = Co.Spawn(CleanupFails(), "work");
            yield return work;
        }

        static IEnumerator<Yield> Forever()
        {
            yield return Yield.Seconds(100);
        }

        static IEnumerator<Yield> Await(CoTask t)
        {
            yield return t;
        }

        static IEnumerator<Yield> CleanupFails()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new InvalidOperationException("cleanup failed");
            }
        }
    }

    // The contrast: a cancel that reaches the awaited work first, whose cleanup then fails, makes the waiter fail
    // with that cleanup error (it travels on; nothing is reported).
    [TestMethod]
    public void A_failure_of_the_work_after_the_cancel_reached_it_travels_on()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<Exception>();
        loop.ExceptionHandler = context => reported.Add(context.Exception!);
        CoTask work = loop.Spawn(CleanupFails(), "work");
        CoTask waiter = loop.Spawn(Await(work), "waiter");
        loop.RunUntil(1);
        waiter.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(waiter.IsFailed);
        Assert.AreEqual("cleanup failed", waiter.Exception!.Message);
        Assert.AreEqual(0, reported.Count);

        static IEnumerator<Yield> CleanupFails()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new InvalidOperationException("cleanup failed");
            }
        }

        static IEnumerator<Yield> Await(CoTask t)
        {
            yield return t;
        }
    }
}
