using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// asyncio's rule: cancelling a task cancels what it awaits (a task, a gather and its children, a wait_for, a timeout
// scope's body), and the task finishes once that work has; Shield opts out. Kill does the same at once.
[TestClass]
public sealed class CancelReachesAwaitedWorkTests
{
    private static IEnumerator<Yield> Worker(string name, double seconds, List<string> log)
    {
        try
        {
            yield return Yield.Seconds(seconds);
            log.Add(name + " done@" + Co.Time);
        }
        finally
        {
            log.Add(name + " finally@" + Co.Time);
        }
    }

    private static IEnumerator<Yield> Awaits(Future future, string name, List<string> log)
    {
        try
        {
            yield return future;
            log.Add(name + " resumed");
        }
        finally
        {
            log.Add(name + " finally@" + Co.Time);
        }
    }

    [TestMethod]
    public void Cancelling_a_task_cancels_the_task_it_awaits_and_finishes_after_it()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask inner = loop.Spawn(Worker("inner", 10, log), "inner");
        CoTask outer = loop.Spawn(Awaits(inner, "outer", log), "outer");
        loop.RunUntil(1);
        outer.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(inner.IsCancelled, "the awaited task was cancelled too");
        Assert.IsTrue(outer.IsCancelled);
        CollectionAssert.AreEqual(new[] { "inner finally@1", "outer finally@1" }, log, "the awaiting task finishes after the awaited one");
    }

    [TestMethod]
    public void Cancelling_a_task_cancels_the_gather_it_awaits_and_every_child()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        Future<object?[]>? gather = null;
        CoTask? a = null;
        CoTask? b = null;
        IEnumerator<Yield> Main()
        {
            a = Co.Spawn(Worker("a", 10, log));
            b = Co.Spawn(Worker("b", 20, log));
            gather = Co.Gather(a, b);
            yield return Yield.From(Awaits(gather, "main", log));
        }

        CoTask main = loop.Spawn(Main());
        loop.RunUntil(1);
        main.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(a!.IsCancelled && b!.IsCancelled, "the gather's children were cancelled");
        Assert.IsTrue(gather!.IsCancelled);
        Assert.IsTrue(main.IsCancelled);
        CollectionAssert.AreEqual(new[] { "a finally@1", "b finally@1", "main finally@1" }, log);
        Assert.AreEqual(0, loop.TaskCount, "nothing left running");
    }

    [TestMethod]
    public void Cancelling_a_task_cancels_its_WaitFor_and_the_inner_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Co.WaitFor(Worker("inner", 10, log), 5);
        }

        CoTask main = loop.Spawn(Main());
        loop.RunUntil(1);
        main.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(main.IsCancelled);
        CollectionAssert.AreEqual(new[] { "inner finally@1" }, log);
        Assert.AreEqual(0, loop.TaskCount);
    }

    [TestMethod]
    public void Cancelling_a_task_cancels_what_its_timeout_scope_body_awaits()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body()
        {
            CoTask inner = Co.Spawn(Worker("inner", 10, log));
            yield return inner;
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Timeout(5, Body());
        }

        CoTask main = loop.Spawn(Main());
        loop.RunUntil(1);
        main.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(main.IsCancelled);
        CollectionAssert.AreEqual(new[] { "inner finally@1" }, log);
        Assert.AreEqual(0, loop.TaskCount);
    }

    [TestMethod]
    public void Cancelling_a_task_in_Co_Wait_or_AsCompleted_cancels_the_helper_not_the_watched_futures()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask watched = loop.Spawn(Worker("watched", 10, log));
        IEnumerator<Yield> Waits()
        {
            yield return Co.Wait(new Future[] { watched }, WaitMode.FirstCompleted);
        }

        IEnumerator<Yield> Iterates()
        {
            AsCompleted ac = Co.AsCompleted(new Future[] { watched });
            yield return ac.Next();
        }

        CoTask w = loop.Spawn(Waits());
        CoTask i = loop.Spawn(Iterates());
        loop.RunUntil(1);
        int waitersWhileWaiting = watched.WaiterCount;
        w.Cancel();
        i.Cancel();
        loop.RunUntil(2);
        Assert.IsTrue(w.IsCancelled && i.IsCancelled);
        Assert.IsFalse(watched.IsDone, "asyncio.wait and as_completed never cancel the futures they watch");
        Assert.IsTrue(watched.WaiterCount < waitersWhileWaiting, "the cancelled Wait left no stale waiter");
        loop.RunUntil(11);
        Assert.IsTrue(watched.IsSucceeded);
    }

    [TestMethod]
    public void Shield_opts_out_of_cancel_propagation()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask inner = loop.Spawn(Worker("inner", 10, log));
        CoTask outer = loop.Spawn(Awaits(Co.Shield(inner), "outer", log));
        loop.RunUntil(1);
        outer.Cancel();
        loop.RunUntil(20);
        Assert.IsTrue(outer.IsCancelled);
        Assert.IsTrue(inner.IsSucceeded, "the shielded task kept running");
        CollectionAssert.AreEqual(new[] { "outer finally@1", "inner done@10", "inner finally@10" }, log);
    }

    [TestMethod]
    public void Cancelling_a_task_that_awaits_a_plain_future_cancels_the_future()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        var future = new Future<int>(loop);
        CoTask t = loop.Spawn(Awaits(future, "t", log));
        loop.RunUntil(1);
        t.Cancel("no longer needed");
        loop.RunUntil(2);
        Assert.IsTrue(future.IsCancelled);
        Assert.AreEqual("no longer needed", future.CancelMessage);
        Assert.IsTrue(t.IsCancelled);
    }

    [TestMethod]
    public void A_TaskGroup_whose_body_awaits_a_gather_leaves_nothing_running()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        var spawned = new List<CoTask>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(TestCoroutines.Fail(1), "failing child");
            CoTask x = Co.Spawn(Worker("x", 10, log));
            CoTask y = Co.Spawn(Worker("y", 10, log));
            spawned.Add(x);
            spawned.Add(y);
            yield return Co.Gather(x, y);
        }

        IEnumerator<Yield> Main()
        {
            var group = new TaskGroup();
            yield return Co.Catch(group.Run(Body(group)));
            log.Add("group ended@" + Co.Time + " with " + Co.Exception?.GetType().Name);
            foreach (CoTask t in spawned)
            {
                Assert.IsTrue(t.IsDone, "no task outlives the group's Run: " + t.Name);
            }
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "x finally@1", "y finally@1", "group ended@1 with TaskGroupException" }, log);
    }

    [TestMethod]
    public void Cancel_message_reaches_the_waiters_CancelledException()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        CoTask victim = loop.Spawn(Worker("victim", 10, log));
        IEnumerator<Yield> Watch()
        {
            yield return Yield.Catch(victim);
            log.Add("watcher saw: " + Co.Exception!.Message);
        }

        loop.Spawn(Watch());
        loop.RunUntil(1);
        victim.Cancel("game over");
        loop.RunUntil(2);
        CollectionAssert.AreEqual(new[] { "victim finally@1", "watcher saw: game over" }, log);
        Assert.AreEqual("game over", Assert.ThrowsExactly<CancelledException>(() => victim.Result).Message);
        Assert.AreEqual("game over", victim.CancelMessage);
    }

    [TestMethod]
    public void Kill_has_run_every_finally_when_it_returns()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        IEnumerator<Yield> Nested()
        {
            try
            {
                yield return Yield.From(Worker("inner", 10, log));
            }
            finally
            {
                log.Add("outer finally");
            }
        }

        CoTask t = loop.Spawn(Nested());
        loop.Tick(0.1);
        Assert.IsTrue(t.Kill("destroyed"));
        CollectionAssert.AreEqual(new[] { "inner finally@0.1", "outer finally" }, log, "finally blocks ran inside Kill");
        Assert.IsTrue(t.IsCancelled);
        Assert.AreEqual("destroyed", t.CancelMessage);
        Assert.AreEqual(0, loop.TaskCount);
        Assert.IsFalse(t.Kill(), "killing a finished task reports false");
        loop.Tick(0.1);
    }

    [TestMethod]
    public void Kill_kills_what_the_task_awaits_at_once()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        CoTask inner = loop.Spawn(Worker("inner", 10, log));
        CoTask outer = loop.Spawn(Awaits(inner, "outer", log));
        loop.Tick(0.1);
        outer.Kill();
        CollectionAssert.AreEqual(new[] { "inner finally@0.1", "outer finally@0.1" }, log);
        Assert.IsTrue(inner.IsCancelled && outer.IsCancelled);
    }

    [TestMethod]
    public void Kill_of_a_task_that_never_ran_runs_none_of_its_body()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        CoTask t = loop.Spawn(Worker("never", 1, log));
        t.Kill();
        loop.Tick(0.1);
        Assert.IsTrue(t.IsCancelled);
        CollectionAssert.AreEqual(Array.Empty<string>(), log, "an iterator disposed before its first step runs no finally");
    }

    [TestMethod]
    public void Kill_from_inside_the_task_finishes_it_at_its_next_yield_before_any_other_task_runs()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        CoTask? self = null;
        IEnumerator<Yield> Suicidal()
        {
            try
            {
                log.Add("kill returns " + self!.Kill());
                log.Add("still in this step");
                yield return Yield.NextTick;
                log.Add("never");
            }
            finally
            {
                log.Add("finally");
            }
        }

        IEnumerator<Yield> Other()
        {
            log.Add("other runs");
            yield break;
        }

        self = loop.Spawn(Suicidal());
        loop.Spawn(Other());
        loop.Tick(0.1);
        CollectionAssert.AreEqual(new[] { "kill returns True", "still in this step", "finally", "other runs" }, log);
        Assert.IsTrue(self.IsCancelled);
    }

    [TestMethod]
    public void Kill_from_another_tasks_step_runs_the_victims_finally_as_the_victim()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        CoTask? victim = null;
        IEnumerator<Yield> Victim()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                log.Add("victim finally as " + Co.CurrentTask!.Name);
            }
        }

        IEnumerator<Yield> Killer()
        {
            yield return Yield.NextTick;
            victim!.Kill();
            log.Add("killer continues as " + Co.CurrentTask!.Name);
        }

        victim = loop.Spawn(Victim(), "victim");
        loop.Spawn(Killer(), "killer");
        loop.Tick(0.1);
        loop.Tick(0.1);
        CollectionAssert.AreEqual(new[] { "victim finally as victim", "killer continues as killer" }, log);
    }

    // Killing what a task awaits can come back to the task itself: a gather that includes it, a task that awaits it
    // (a cycle of joins), a chain through a WaitFor's inner task. The task is finished once, its finally blocks run
    // once, and whoever awaited it sees it cancelled.
    [TestMethod]
    public void Kill_that_reaches_the_killed_task_again_through_what_it_awaits_finishes_it_once()
    {
        foreach (string shape in new[] { "gather of itself", "join cycle", "join cycle of three", "waitfor cycle", "shield of itself" })
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            var log = new List<string>();
            var tasks = new Dictionary<string, CoTask>();
            var reported = new List<string>();
            loop.ExceptionHandler = context => reported.Add(context.Message + " " + context.Exception);
            IEnumerator<Yield> Awaiting(string me, Func<Yield> what)
            {
                try
                {
                    yield return Yield.NextTick;
                    yield return what();
                    log.Add(me + " resumed");
                }
                finally
                {
                    log.Add(me + " finally");
                }
            }

            switch (shape)
            {
                case "gather of itself":
                    tasks["a"] = loop.Spawn(Awaiting("a", () => Co.Gather(tasks["a"], tasks["b"])), "a");
                    tasks["b"] = loop.Spawn(Awaiting("b", () => Yield.Seconds(10)), "b");
                    break;
                case "join cycle":
                    tasks["a"] = loop.Spawn(Awaiting("a", () => tasks["b"]), "a");
                    tasks["b"] = loop.Spawn(Awaiting("b", () => tasks["a"]), "b");
                    break;
                case "join cycle of three":
                    tasks["a"] = loop.Spawn(Awaiting("a", () => tasks["b"]), "a");
                    tasks["b"] = loop.Spawn(Awaiting("b", () => tasks["c"]), "b");
                    tasks["c"] = loop.Spawn(Awaiting("c", () => tasks["a"]), "c");
                    break;
                case "waitfor cycle":
                    tasks["a"] = loop.Spawn(Awaiting("a", () => Co.WaitFor(tasks["b"], 5)), "a");
                    tasks["b"] = loop.Spawn(Awaiting("b", () => Co.WaitFor(tasks["a"], 5)), "b");
                    break;
                default:
                    tasks["a"] = loop.Spawn(Awaiting("a", () => Co.Shield(tasks["a"])), "a");
                    tasks["b"] = loop.Spawn(Awaiting("b", () => tasks["a"]), "b");
                    break;
            }

            loop.RunUntil(1);
            Assert.IsTrue(tasks["a"].Kill(), shape);
            Assert.IsTrue(tasks["a"].IsCancelled, shape + ": a is cancelled when Kill returns");
            loop.RunUntil(2);
            foreach ((string name, CoTask t) in tasks)
            {
                Assert.IsTrue(t.IsDone, shape + ": " + name + " ended");
                Assert.AreEqual(1, log.FindAll(l => l == name + " finally").Count, shape + ": " + name + "'s finally ran once; " + string.Join(", ", log));
            }

            Assert.AreEqual(0, reported.Count, shape + ": " + string.Join("; ", reported));
            Assert.IsFalse(tasks["a"].Kill(), shape + ": killing it again reports it was done");
        }
    }

    [TestMethod]
    public void Kill_from_the_host_outside_the_loop_sees_the_current_task_in_finally()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        string? seen = null;
        IEnumerator<Yield> Script()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                seen = Co.CurrentTask?.Name + " at " + Co.Time;
            }
        }

        CoTask t = loop.Spawn(Script(), "script");
        loop.Tick(0.5);
        t.Kill();
        Assert.AreEqual("script at 0.5", seen);
        Assert.IsNull(EventLoop.Current, "the host's thread has no current loop after Kill");
    }

    [TestMethod]
    public void A_task_group_killed_with_its_parent_kills_its_children_synchronously()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Worker("child", 10, log));
            yield return Yield.Seconds(5);
        }

        IEnumerator<Yield> Parent()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        CoTask parent = loop.Spawn(Parent());
        loop.Tick(0.1);
        loop.Tick(0.1);
        parent.Kill();
        CollectionAssert.AreEqual(new[] { "child finally@0.2" }, log, "the child was killed within the parent's kill");
        Assert.AreEqual(0, loop.TaskCount);
    }
}
