using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_taskgroups.py, in the engine's generator form: TaskGroup. A block is a child
// coroutine (group.Run(Body(group))); TaskGroupException stands for ExceptionGroup. Not mirrored, by design
// (docs/asyncio.md): a body catching its own cancellation (parts of test_taskgroup_07 count the body's except clause).
[TestClass]
public sealed class TaskGroupsParityTests
{
    [TestMethod] // TestTaskGroup.test_taskgroup_01
    public void Group_waits_for_its_children_results()
    {
        CoTask? t1 = null;
        CoTask? t2 = null;
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            t1 = g.Spawn(Parity.SleepThenReturn(0.1, 42));
            t2 = g.Spawn(Parity.SleepThenReturn(0.2, 11));
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            Assert.AreEqual(42, t1!.Result);
            Assert.AreEqual(11, t2!.Result);
            Assert.AreEqual(0.2, Co.Time);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_02, test_taskgroup_03
    public void Group_child_cancelled_explicitly_is_not_an_error()
    {
        CoTask? t1 = null;
        CoTask? t2 = null;
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            t1 = g.Spawn(Parity.SleepThenReturn(1, 42));
            yield return Yield.Seconds(0.15);
            t1.Cancel();
            t2 = g.Spawn(Parity.SleepThenReturn(0.2, 11));
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            Assert.IsTrue(t1!.IsCancelled);
            Assert.AreEqual(11, t2!.Result);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_04, test_cancel_children_on_child_error
    public void Group_child_failure_cancels_the_siblings_and_the_body()
    {
        var log = new List<string>();
        int num = 0;
        CoTask? t2 = null;
        Parity.Run(Main);
        IEnumerator<Yield> Foo2()
        {
            yield return Yield.From(Parity.SleepRecordingCancel(5, log, "t2"));
            num += 1;
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Parity.SleepThenThrow(0.1, new DivideByZeroException()));
            g.Spawn(Parity.SleepThenThrow(0.1, new DivideByZeroException()));
            g.Spawn(Parity.SleepThenThrow(0.1, new DivideByZeroException()));
            t2 = g.Spawn(Foo2());
            yield return Yield.From(Parity.SleepRecordingCancel(10, log, "runner"));
        }

        IEnumerator<Yield> Runner()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
            num += 10;
        }

        IEnumerator<Yield> Main()
        {
            yield return Yield.Catch(Co.Spawn(Runner()));
            var e = (TaskGroupException)Co.Exception!;
            foreach (Exception inner in e.InnerExceptions)
            {
                Assert.IsInstanceOfType<DivideByZeroException>(inner);
            }

            // CPython's test allows partial errors too: which of three same-instant failures run before the first one
            // cancels the others is same-instant interleaving (documented in docs/asyncio.md).
            Assert.IsTrue(e.InnerExceptions.Count is >= 1 and <= 3);
            Assert.AreEqual(0, num);
            CollectionAssert.AreEquivalent(new[] { "t2 cancelled", "runner cancelled" }, log);
            Assert.IsTrue(t2!.IsCancelled);
        }
    }

    [TestMethod] // TestTaskGroup.test_cancellation
    public void Cancelling_the_parent_while_it_waits_cancels_every_child()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            for (int i = 0; i < 5; i++)
            {
                g.Spawn(Parity.SleepRecordingCancel(5, log, "foo"));
            }

            yield break;
        }

        IEnumerator<Yield> Runner()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        IEnumerator<Yield> Main()
        {
            CoTask r = Co.Spawn(Runner());
            yield return Yield.Seconds(0.1);
            Assert.IsFalse(r.IsDone);
            r.Cancel();
            yield return Yield.Catch(r);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual(5, log.Count);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_07
    public void Cancelling_the_parent_while_its_body_runs_cancels_the_body_and_the_children()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            for (int i = 0; i < 5; i++)
            {
                g.Spawn(Parity.SleepRecordingCancel(5, log, "foo"));
            }

            yield return Yield.From(Parity.SleepRecordingCancel(10, log, "body"));
        }

        IEnumerator<Yield> Runner()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }

        IEnumerator<Yield> Main()
        {
            CoTask r = Co.Spawn(Runner());
            yield return Yield.Seconds(0.1);
            r.Cancel();
            yield return Yield.Catch(r);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual(5, log.FindAll(x => x == "foo cancelled").Count);
            Assert.AreEqual(1, log.FindAll(x => x == "body cancelled").Count);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_09, test_taskgroup_10
    [DataRow(0.1)]
    [DataRow(0.0)]
    public void Body_failure_cancels_the_children_and_is_grouped(double sleepFirst)
    {
        CoTask? t1 = null;
        CoTask? t2 = null;
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            t1 = g.Spawn(Parity.SleepThenReturn(1, 42));
            t2 = g.Spawn(Parity.SleepThenReturn(2, 11));
            if (sleepFirst > 0)
            {
                yield return Yield.Seconds(sleepFirst);
            }

            throw new DivideByZeroException();
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.AreEqual(1, e.InnerExceptions.Count);
            Assert.IsInstanceOfType<DivideByZeroException>(e.InnerExceptions[0]);
            Assert.IsTrue(t1!.IsCancelled);
            Assert.IsTrue(t2!.IsCancelled);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_13
    public void Outer_child_failure_cancels_the_nested_group()
    {
        Parity.Run(Main);
        IEnumerator<Yield> InnerBody(TaskGroup g2)
        {
            g2.Spawn(Parity.SleepThenThrow(10, new ArgumentException("10")));
            yield break;
        }

        IEnumerator<Yield> Body(TaskGroup g1)
        {
            g1.Spawn(Parity.SleepThenThrow(0.1, new ArgumentException("0.1")));
            var g2 = new TaskGroup();
            yield return g2.Run(InnerBody(g2));
        }

        IEnumerator<Yield> Main()
        {
            var g1 = new TaskGroup();
            yield return Co.Catch(g1.Run(Body(g1)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.AreEqual(1, e.InnerExceptions.Count);
            Assert.IsInstanceOfType<ArgumentException>(e.InnerExceptions[0]);
            Assert.AreEqual(0.1, Co.Time);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_14
    public void Nested_group_failure_is_nested_in_the_outer_group_error()
    {
        Parity.Run(Main);
        IEnumerator<Yield> InnerBody(TaskGroup g2)
        {
            g2.Spawn(Parity.SleepThenThrow(0.1, new ArgumentException("0.1")));
            yield break;
        }

        IEnumerator<Yield> Body(TaskGroup g1)
        {
            g1.Spawn(Parity.SleepThenThrow(10, new ArgumentException("10")));
            var g2 = new TaskGroup();
            yield return g2.Run(InnerBody(g2));
        }

        IEnumerator<Yield> Main()
        {
            var g1 = new TaskGroup();
            yield return Co.Catch(g1.Run(Body(g1)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.AreEqual(1, e.InnerExceptions.Count);
            var nested = (TaskGroupException)e.InnerExceptions[0];
            Assert.AreEqual(1, nested.InnerExceptions.Count);
            Assert.IsInstanceOfType<ArgumentException>(nested.InnerExceptions[0]);
            Assert.AreEqual(0.1, Co.Time);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_15, test_taskgroup_16 (a failing child while the parent awaits a long task)
    public void Child_failure_cancels_what_the_body_awaits()
    {
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Parity.SleepThenThrow(0.3, new DivideByZeroException()));
            CoTask longTask = Co.Spawn(Parity.SleepRecordingCancel(10, log, "awaited"));
            yield return longTask;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.IsInstanceOfType<DivideByZeroException>(e.InnerExceptions[0]);
            CollectionAssert.AreEqual(new[] { "awaited cancelled" }, log);
            Assert.AreEqual(0.3, Co.Time);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_17, test_taskgroup_18 (cancelling a group that has no children)
    public void Cancelling_a_parent_in_an_empty_group_ends_cancelled()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Body()
        {
            yield return Yield.Seconds(10);
        }

        IEnumerator<Yield> Runner()
        {
            var g = new TaskGroup();
            yield return g.Run(Body());
        }

        IEnumerator<Yield> Main()
        {
            CoTask r = Co.Spawn(Runner());
            yield return Yield.Seconds(0.1);
            r.Cancel();
            yield return Yield.Catch(r);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.IsTrue(r.IsCancelled);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_19, test_taskgroup_20 (two failures, and a cleanup that fails too)
    public void Every_child_error_is_in_the_group_error()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Crash()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                throw new KeyNotFoundException("cleanup");
            }
        }

        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Parity.SleepThenThrow(0.1, new DivideByZeroException()), "zero");
            g.Spawn(Crash(), "crash");
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            var e = (TaskGroupException)Co.Exception!;
            Assert.AreEqual(2, e.InnerExceptions.Count);
            Assert.IsInstanceOfType<DivideByZeroException>(e.InnerExceptions[0]);
            Assert.IsInstanceOfType<KeyNotFoundException>(e.InnerExceptions[1]);
            CollectionAssert.AreEqual(new[] { "zero", "crash" }, (System.Collections.ICollection)e.TaskNames);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_task_name
    public void Spawn_names_the_child()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            CoTask t = g.Spawn(Parity.Sleep(0), "example name");
            Assert.AreEqual("example name", t.Name);
            yield break;
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return g.Run(Body(g));
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_no_create_task_after_failure
    public void Spawn_after_a_failure_throws()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup g)
        {
            g.Spawn(Parity.SleepThenThrow(0, new DivideByZeroException()));
            yield return Co.Catch(Yield.From(Parity.Sleep(1)));
            Assert.IsTrue(g.IsAborting);
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(Parity.Sleep(0)));
        }

        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            yield return Co.Catch(g.Run(Body(g)));
            Assert.IsInstanceOfType<TaskGroupException>(Co.Exception);
        }
    }

    [TestMethod] // TestTaskGroup.test_taskgroup_not_entered, test_taskgroup_finished, test_taskgroup_double_enter
    public void Spawn_before_or_after_the_group_runs_throws_and_a_group_runs_once()
    {
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            var g = new TaskGroup();
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(Parity.Sleep(0)));
            yield return g.Run(Parity.Sleep(0));
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Spawn(Parity.Sleep(0)));
            Assert.ThrowsExactly<InvalidOperationException>(() => g.Run(Parity.Sleep(0)));
        }
    }
}
