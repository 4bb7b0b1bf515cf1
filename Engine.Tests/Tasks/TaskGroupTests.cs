using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Tasks;

[TestClass]
public sealed class TaskGroupTests
{
    private static IEnumerator<Yield> Child(double seconds, List<string> log, string name)
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

    private static IEnumerator<Yield> Failing(double seconds, string message)
    {
        yield return Yield.Seconds(seconds);
        throw new InvalidOperationException(message);
    }

    private static IEnumerator<Yield> FailsWhenCancelled(string message)
    {
        try
        {
            yield return Yield.Seconds(10);
        }
        finally
        {
            throw new InvalidOperationException(message);
        }
    }

    [TestMethod]
    public void TaskGroup_waits_for_every_child()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Child(2, log, "a"));
            g.Spawn(Child(1, log, "b"));
            yield return Yield.Return("body");
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            log.Add("group done@" + Co.Time + " " + Co.Result<string>());
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "b done@1", "b finally@1", "a done@2", "a finally@2", "group done@2 body" }, log);
    }

    [TestMethod]
    public void TaskGroup_failure_cancels_siblings_and_aggregates_errors()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Child(10, log, "sibling"), "sibling");
            g.Spawn(Failing(1, "first"), "bad1");
            g.Spawn(FailsWhenCancelled("second"), "bad2");
            try
            {
                yield return Yield.Seconds(10);
                log.Add("body not interrupted");
            }
            finally
            {
                log.Add("body finally@" + Co.Time);
            }
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            CollectionAssert.AreEqual(new[] { "bad1", "bad2" }, (System.Collections.ICollection)e.TaskNames, e.Message);
            Assert.AreEqual("first", e.InnerExceptions[0].Message);
            Assert.AreEqual("second", e.InnerExceptions[1].Message);
            StringAssert.Contains(e.Message, "'bad1': InvalidOperationException: first");
            log.Add("caught@" + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "sibling finally@1", "body finally@1", "caught@1" }, log, string.Join(", ", log));
    }

    [TestMethod]
    public void TaskGroup_body_failure_cancels_children()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Child(10, log, "child"));
            yield return Yield.Seconds(1);
            throw new InvalidOperationException("body broke");
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.AreEqual("(body)", e.TaskNames[0]);
            log.Add("caught@" + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "child finally@1", "caught@1" }, log);
    }

    [TestMethod]
    public void TaskGroup_cancelling_the_parent_cancels_the_children()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Child(10, log, "a"));
            g.Spawn(Child(10, log, "b"));
            yield break;
        }

        IEnumerator<Yield> Parent()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        IEnumerator<Yield> Main()
        {
            CoTask p = Co.Spawn(Parent());
            yield return Yield.Seconds(1);
            p.Cancel();
            yield return Yield.Catch(p);
            yield return Yield.NextTick;
            Assert.AreEqual(1, Co.AllTasks().Length, "no child outlives the group");
        }

        loop.Run(Main());
        CollectionAssert.AreEquivalent(new[] { "a finally@1", "b finally@1" }, log);
    }

    [TestMethod]
    public void TaskGroup_spawn_outside_its_run_throws()
    {
        var g = new TaskGroup();
        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(Failing(0, "x")));
        StringAssert.Contains(e.Message, "before the group runs");
    }

    [TestMethod]
    public void TaskGroup_inside_an_expiring_timeout_scope_cancels_children_and_lets_the_timeout_through()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Child(10, log, "child"));
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Grouped()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.Timeout(1, Grouped()));
            Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
            log.Add("timeout@" + Co.Time);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "child finally@1", "timeout@1" }, log);
    }
}
