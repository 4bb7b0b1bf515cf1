using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// Zero and past deadlines expire at once; an iterator is started once, by one task; every wait error is an outcome
// that Yield.Catch receives.
[TestClass]
public sealed class DeadlinesAndOwnershipTests
{
    private static IEnumerator<Yield> Logged(string name, List<string> log)
    {
        log.Add(name + " started");
        yield return Yield.Seconds(1);
        log.Add(name + " waited");
        yield return Yield.Return(name);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-1.0)]
    public void WaitFor_with_a_zero_or_past_timeout_never_runs_the_coroutine(double timeout)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.WaitFor(Logged("body", log), timeout));
            log.Add(Co.Exception?.GetType().Name ?? "no error");
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "TimeoutException" }, log);
        Assert.AreEqual(0, loop.TaskCount);
    }

    [TestMethod]
    public void WaitFor_with_a_zero_timeout_on_a_done_future_returns_its_result()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var done = new Future<int>(loop);
        done.SetResult(7);
        IEnumerator<Yield> Main()
        {
            yield return Co.WaitFor(done, 0);
            yield return Yield.Return(Co.Result<int>());
        }

        Assert.AreEqual(7, loop.Run(Main()));
    }

    [TestMethod]
    public void WaitFor_with_a_zero_timeout_cancels_a_running_task_and_waits_for_its_cleanup()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Cleanup()
        {
            try
            {
                yield return Yield.Seconds(10);
            }
            finally
            {
                log.Add("cleanup@" + Co.Time);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask running = Co.Spawn(Cleanup());
            yield return Yield.NextTick;
            yield return Co.Catch(Co.WaitFor(running, 0));
            log.Add(Co.Exception!.GetType().Name + " after cleanup: " + running.IsCancelled);
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "cleanup@0", "TimeoutException after cleanup: True" }, log);
    }

    [TestMethod]
    [DataRow(0.0)]
    [DataRow(-5.0)]
    public void Timeout_with_a_zero_or_past_delay_raises_before_the_bodys_first_wait_completes(double delay)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Co.Timeout(delay, Logged("body", log)));
            log.Add(Co.Exception?.GetType().Name + "@" + Co.Time);
        }

        loop.Run(Main());
        Assert.IsFalse(log.Contains("body waited"), "the body's first wait never completed");
        Assert.AreEqual("TimeoutException@0", log[log.Count - 1]);
    }

    [TestMethod]
    public void TimeoutAt_a_past_time_raises_before_the_first_wait_completes()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Yield.Seconds(5);
            yield return Co.Catch(Co.TimeoutAt(1, Logged("body", log)));
            log.Add(Co.Exception?.GetType().Name + "@" + Co.Time);
        }

        loop.Run(Main());
        Assert.IsFalse(log.Contains("body waited"));
        Assert.AreEqual("TimeoutException@5", log[log.Count - 1]);
    }

    [TestMethod]
    public void Spawning_one_iterator_twice_fails_at_the_second_spawn()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> c = Logged("c", log);
        loop.Spawn(c, "first");
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Spawn(c, "second"));
        StringAssert.Contains(e.Message, "already started");
        StringAssert.Contains(e.Message, "call the coroutine method again");
        loop.RunUntil(5);
        CollectionAssert.AreEqual(new[] { "c started", "c waited" }, log, "the first task ran it exactly once");
    }

    [TestMethod]
    public void Spawning_an_iterator_another_task_drives_names_that_task()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> c = Logged("c", log);
        loop.Spawn(c, "owner");
        loop.RunUntil(0.5);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Spawn(c));
        StringAssert.Contains(e.Message, "task 'owner'");
    }

    [TestMethod]
    public void Gather_of_the_same_iterator_twice_fails_before_spawning_anything()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            IEnumerator<Yield> c = Logged("c", log);
            Assert.ThrowsExactly<InvalidOperationException>(() => Co.Gather(c, c));
            Assert.AreEqual(1, Co.Loop.TaskCount, "only main: nothing was spawned");
            yield break;
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(Array.Empty<string>(), log);
    }

    [TestMethod]
    public void A_duplicate_spawned_far_apart_fails_in_the_task_that_would_step_it_second()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> c = Logged("c", log);
        CoTask first = loop.Spawn(c, "first");
        for (int i = 0; i < 10; i++)
        {
            loop.Spawn(TestCoroutines.Sleep(0, i));
        }

        CoTask second = loop.Spawn(c, "second");
        loop.RunUntil(5);
        Assert.IsTrue(first.IsSucceeded);
        Assert.IsTrue(second.IsFailed);
        StringAssert.Contains(second.Exception!.Message, "already started");
        CollectionAssert.AreEqual(new[] { "c started", "c waited" }, log, "the iterator ran once");
    }

    [TestMethod]
    public void Running_another_tasks_iterator_as_a_child_raises_in_the_coroutine_and_Catch_receives_it()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var log = new List<string>();
        IEnumerator<Yield> c = Logged("c", log);
        loop.Spawn(c, "owner");
        IEnumerator<Yield> Thief()
        {
            yield return Yield.Seconds(0.5);
            yield return Yield.Catch(c);
            log.Add("thief caught " + Co.Exception?.GetType().Name);
            yield return Co.Catch(Yield.From(c));
            log.Add("thief caught again " + Co.Exception?.GetType().Name);
        }

        CoTask thief = loop.Spawn(Thief());
        loop.RunUntil(5);
        Assert.IsTrue(thief.IsSucceeded);
        CollectionAssert.AreEqual(new[] { "c started", "thief caught InvalidOperationException", "thief caught again InvalidOperationException", "c waited" }, log);
    }

    [TestMethod]
    public void A_coroutine_cannot_run_itself_as_its_own_child()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield>? self = null;
        IEnumerator<Yield> Recursive()
        {
            yield return Yield.From(self!);
        }

        self = Recursive();
        CoTask t = loop.Spawn(self);
        loop.RunUntil(1);
        Assert.IsTrue(t.IsFailed);
        StringAssert.Contains(t.Exception!.Message, "already started");
    }

    [TestMethod]
    public void Awaiting_yourself_or_another_loops_future_is_an_outcome_Catch_receives()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        using var other = new EventLoop(ClockKind.Virtual);
        var foreign = new Future<int>(other);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            yield return Yield.Catch(Co.CurrentTask!);
            log.Add("self: " + Co.Exception?.Message);
            yield return Yield.Catch(foreign);
            log.Add("foreign: " + Co.Exception?.Message);
            yield return Co.Catch(Yield.Await(foreign));
            log.Add("foreign via Co.Catch: " + Co.Exception?.GetType().Name);
        }

        loop.Run(Main());
        Assert.AreEqual(3, log.Count);
        StringAssert.Contains(log[0], "cannot wait for itself");
        StringAssert.Contains(log[1], "belongs to another event loop");
        Assert.AreEqual("foreign via Co.Catch: InvalidOperationException", log[2]);
    }
}
