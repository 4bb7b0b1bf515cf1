using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code shown in docs/asyncio.md. Each `#region Name` below is copied verbatim into the doc under
// `<!-- snippet: Name -->`; Doc_snippets_match_this_file fails when the two drift apart, and each snippet
// has a test that runs it on the virtual clock, so the documentation cannot rot.
[TestClass]
public sealed class AsyncioDocSnippets
{
    #region WaitFor
    private static IEnumerator<Yield> SlowJob(List<string> log)
    {
        try
        {
            yield return Yield.Seconds(10);
        }
        finally
        {
            log.Add($"job cleaned up at {Co.Time}");
        }
    }

    private static IEnumerator<Yield> WaitForDemo(List<string> log)
    {
        CoTask job = Co.Spawn(SlowJob(log));
        yield return Co.Catch(Co.WaitFor(job, timeout: 2));
        if (Co.Exception is TimeoutException)
        {
            log.Add($"timed out at {Co.Time}; job cancelled: {job.IsCancelled}");
        }
    }
    #endregion

    #region TimeoutScope
    private static IEnumerator<Yield> Fetch(double seconds)
    {
        yield return Yield.Seconds(seconds);
        yield return Yield.Return("data");
    }

    private static IEnumerator<Yield> TimeoutDemo(List<string> log)
    {
        // asyncio.timeout / trio.fail_after: raises TimeoutException.
        yield return Co.Catch(Co.Timeout(1, Fetch(5)));
        log.Add($"fail_after: {Co.Exception?.GetType().Name}");

        // trio.move_on_after: ends the block quietly; ask the scope whether it expired.
        TimeoutScope scope = TimeoutScope.MoveOnAfter(1);
        yield return scope.Run(Fetch(5));
        log.Add($"move_on_after: expired={scope.Expired}");

        // Absolute deadlines, and rescheduling from inside the block.
        TimeoutScope later = TimeoutScope.FailAt(Co.Time + 1);
        later.Reschedule(Co.Time + 10);
        yield return later.Run(Fetch(5));
        log.Add($"rescheduled: {Co.Result<string>()} at {Co.Time}");
    }
    #endregion

    #region Wait
    private static IEnumerator<Yield> WaitDemo(List<string> log)
    {
        CoTask fast = Co.Spawn(Fetch(1));
        CoTask slow = Co.Spawn(Fetch(3));
        yield return Co.Wait(new[] { fast, slow }, WaitMode.FirstCompleted);
        WaitResult r = Co.Result<WaitResult>();
        log.Add($"done {r.Done.Count}, pending {r.Pending.Count} at {Co.Time}");
        yield return Co.Wait(r.Pending); // AllCompleted by default; cancels nothing
        log.Add($"all done at {Co.Time}");
    }
    #endregion

    #region Shield
    private static IEnumerator<Yield> ShieldDemo(List<string> log)
    {
        CoTask save = Co.Spawn(Fetch(3), "save");
        yield return Co.Catch(Co.WaitFor(Co.Shield(save), 1)); // the timeout cancels the shield, not the save
        log.Add($"gave up waiting at {Co.Time}; save still running: {!save.IsDone}");
        yield return save;
        log.Add($"save finished at {Co.Time}");
    }
    #endregion

    #region AsCompleted
    private static IEnumerator<Yield> AsCompletedDemo(List<string> log)
    {
        AsCompleted results = Co.AsCompleted(new[] { Co.Spawn(Fetch(3)), Co.Spawn(Fetch(1)), Co.Spawn(Fetch(2)) });
        for (int i = 0; i < results.Count; i++)
        {
            yield return results.Next();
            log.Add($"{Co.Result<string>()} at {Co.Time}");
        }
    }
    #endregion

    #region AsCompletedTimeout
    private static IEnumerator<Yield> AsCompletedTimeoutDemo(List<string> log)
    {
        AsCompleted results = Co.AsCompleted(new[] { Co.Spawn(Fetch(3)), Co.Spawn(Fetch(1)), Co.Spawn(Fetch(2)) }, timeout: 1.5);
        for (int i = 0; i < results.Count; i++)
        {
            yield return Co.Catch(results.Next());
            log.Add($"{(Co.Exception is { } e ? e.GetType().Name : Co.Result<string>())} at {Co.Time}");
        }
    }
    #endregion

    #region TaskGroup
    private static IEnumerator<Yield> Download(string name, double seconds, bool fail = false)
    {
        yield return Yield.Seconds(seconds);
        if (fail)
        {
            throw new InvalidOperationException(name + " failed");
        }
    }

    private static IEnumerator<Yield> TaskGroupBody(TaskGroup group)
    {
        group.Spawn(Download("a", 1), "a");
        group.Spawn(Download("b", 2, fail: true), "b");
        group.Spawn(Download("c", 5), "c"); // cancelled when b fails
        yield break;
    }

    private static IEnumerator<Yield> TaskGroupDemo(List<string> log)
    {
        var group = new TaskGroup();
        yield return Co.Catch(group.Run(TaskGroupBody(group)));
        if (Co.Exception is TaskGroupException e)
        {
            log.Add($"{e.InnerExceptions.Count} error(s) from {string.Join(",", e.TaskNames)} at {Co.Time}");
        }
    }
    #endregion

    #region Queue
    private static IEnumerator<Yield> Worker(CoQueue<int> queue, List<string> log)
    {
        while (true)
        {
            yield return queue.Get();
            int job = Co.Result<int>();
            yield return Yield.Seconds(job);
            log.Add($"job {job} done at {Co.Time}");
            queue.TaskDone();
        }
    }

    private static IEnumerator<Yield> QueueDemo(List<string> log)
    {
        var queue = new CoQueue<int>(capacity: 2);
        CoTask worker = Co.Spawn(Worker(queue, log));
        for (int job = 1; job <= 3; job++)
        {
            yield return queue.Put(job); // waits while the queue is full
        }

        yield return queue.Join(); // until every job was marked TaskDone
        worker.Cancel();
        log.Add($"all jobs done at {Co.Time}");
    }
    #endregion

    #region PriorityAndLifo
    private static IEnumerator<Yield> PriorityDemo(List<string> log)
    {
        var urgent = new CoPriorityQueue<(int Priority, string Name)>();
        yield return urgent.Put((2, "later"));
        yield return urgent.Put((1, "first"));
        yield return urgent.Get();
        log.Add(Co.Result<(int, string)>().Item2);

        var stack = new CoLifoQueue<string>();
        yield return stack.Put("bottom");
        yield return stack.Put("top");
        yield return stack.Get();
        log.Add(Co.Result<string>());
    }
    #endregion

    #region Lock
    private static IEnumerator<Yield> UseAccount(CoLock account, string who, List<string> log)
    {
        yield return account.Acquire();
        try
        {
            log.Add($"{who} in at {Co.Time}");
            yield return Yield.Seconds(1);
        }
        finally
        {
            account.Release();
        }
    }

    private static IEnumerator<Yield> LockDemo(List<string> log)
    {
        var account = new CoLock();
        yield return Co.Gather(UseAccount(account, "ann", log), UseAccount(account, "bob", log));
    }
    #endregion

    #region Event
    private static IEnumerator<Yield> EventDemo(List<string> log)
    {
        var started = new CoEvent();
        IEnumerator<Yield> Waiter()
        {
            yield return started.Wait();
            log.Add($"go at {Co.Time}");
        }

        CoTask w = Co.Spawn(Waiter());
        yield return Yield.Seconds(2);
        started.Set();
        yield return w;
    }
    #endregion

    #region Condition
    private static IEnumerator<Yield> ConditionDemo(List<string> log)
    {
        var ready = new CoCondition();
        var items = new List<string>();
        IEnumerator<Yield> Consumer()
        {
            yield return ready.Acquire();
            try
            {
                yield return Yield.From(ready.WaitUntil(() => items.Count > 0));
                log.Add($"consumed {items[0]} at {Co.Time}");
            }
            finally
            {
                ready.Release();
            }
        }

        CoTask c = Co.Spawn(Consumer());
        yield return Yield.Seconds(1);
        yield return ready.Acquire();
        items.Add("bread");
        ready.NotifyAll();
        ready.Release();
        yield return c;
    }
    #endregion

    #region Semaphore
    private static IEnumerator<Yield> Limited(CoSemaphore slots, int id, List<string> log)
    {
        yield return slots.Acquire();
        try
        {
            log.Add($"{id} starts at {Co.Time}");
            yield return Yield.Seconds(1);
        }
        finally
        {
            slots.Release();
        }
    }

    private static IEnumerator<Yield> SemaphoreDemo(List<string> log)
    {
        var slots = new CoBoundedSemaphore(2); // Release beyond 2 permits throws
        yield return Co.Gather(Limited(slots, 1, log), Limited(slots, 2, log), Limited(slots, 3, log));
    }
    #endregion

    #region Barrier
    private static IEnumerator<Yield> Runner(CoBarrier start, double arrives, List<string> log)
    {
        yield return Yield.Seconds(arrives);
        yield return start.Wait();
        log.Add($"runner {Co.Result<int>()} leaves at {Co.Time}");
    }

    private static IEnumerator<Yield> BarrierDemo(List<string> log)
    {
        var start = new CoBarrier(2);
        yield return Co.Gather(Runner(start, 1, log), Runner(start, 3, log));
    }
    #endregion

    #region ToThread
    private static IEnumerator<Yield> ToThreadDemo(List<string> log)
    {
        yield return Co.ToThread(() => File.Exists("/no/such/file")); // blocking call on the thread pool
        log.Add($"exists: {Co.Result<bool>()}"); // back on the loop thread
    }
    #endregion

    #region Introspection
    private static IEnumerator<Yield> Sleeper()
    {
        yield return Yield.Seconds(5);
    }

    private static IEnumerator<Yield> IntrospectionDemo(List<string> log)
    {
        CoTask t = Co.Spawn(Sleeper());
        yield return Yield.NextTick;
        foreach (CoTask task in Co.AllTasks())
        {
            log.Add($"{task.Name}: {string.Join(" -> ", task.GetStack())} waiting for {task.WaitingFor}");
        }

        t.Cancel();
    }
    #endregion

    #region Debug
    private static void DebugDemo(List<string> log)
    {
        using var loop = new EventLoop(ClockKind.Virtual) { Debug = true, SlowStepThreshold = 0.1 };
        loop.ExceptionHandler = context => log.Add(context.Message);
        loop.Run(Sleeper()); // a step that blocks longer than 0.1 s would be reported here
    }
    #endregion

    private static List<string> Run(Func<List<string>, IEnumerator<Yield>> demo)
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Run(demo(log));
        return log;
    }

    [TestMethod]
    public void WaitFor_snippet() => CollectionAssert.AreEqual(new[] { "job cleaned up at 2", "timed out at 2; job cancelled: True" }, Run(WaitForDemo));

    [TestMethod]
    public void TimeoutScope_snippet() => CollectionAssert.AreEqual(
        new[] { "fail_after: TimeoutException", "move_on_after: expired=True", "rescheduled: data at 7" }, Run(TimeoutDemo));

    [TestMethod]
    public void Wait_snippet() => CollectionAssert.AreEqual(new[] { "done 1, pending 1 at 1", "all done at 3" }, Run(WaitDemo));

    [TestMethod]
    public void Shield_snippet() => CollectionAssert.AreEqual(
        new[] { "gave up waiting at 1; save still running: True", "save finished at 3" }, Run(ShieldDemo));

    [TestMethod]
    public void AsCompleted_snippet() => CollectionAssert.AreEqual(new[] { "data at 1", "data at 2", "data at 3" }, Run(AsCompletedDemo));

    [TestMethod]
    public void AsCompletedTimeout_snippet() => CollectionAssert.AreEqual(
        new[] { "data at 1", "TimeoutException at 1.5", "TimeoutException at 1.5" }, Run(AsCompletedTimeoutDemo));

    [TestMethod]
    public void TaskGroup_snippet() => CollectionAssert.AreEqual(new[] { "1 error(s) from b at 2" }, Run(TaskGroupDemo));

    [TestMethod]
    public void Queue_snippet() => CollectionAssert.AreEqual(
        new[] { "job 1 done at 1", "job 2 done at 3", "job 3 done at 6", "all jobs done at 6" }, Run(QueueDemo));

    [TestMethod]
    public void PriorityAndLifo_snippet() => CollectionAssert.AreEqual(new[] { "first", "top" }, Run(PriorityDemo));

    [TestMethod]
    public void Lock_snippet() => CollectionAssert.AreEqual(new[] { "ann in at 0", "bob in at 1" }, Run(LockDemo));

    [TestMethod]
    public void Event_snippet() => CollectionAssert.AreEqual(new[] { "go at 2" }, Run(EventDemo));

    [TestMethod]
    public void Condition_snippet() => CollectionAssert.AreEqual(new[] { "consumed bread at 1" }, Run(ConditionDemo));

    [TestMethod]
    public void Semaphore_snippet() => CollectionAssert.AreEqual(new[] { "1 starts at 0", "2 starts at 0", "3 starts at 1" }, Run(SemaphoreDemo));

    [TestMethod]
    public void Barrier_snippet() => CollectionAssert.AreEquivalent(new[] { "runner 0 leaves at 3", "runner 1 leaves at 3" }, Run(BarrierDemo));

    [TestMethod]
    public void ToThread_snippet() => CollectionAssert.AreEqual(new[] { "exists: False" }, Run(ToThreadDemo));

    [TestMethod]
    public void Introspection_snippet()
    {
        List<string> log = Run(IntrospectionDemo);
        Assert.AreEqual(2, log.Count);
        StringAssert.StartsWith(log[0], "main: ");
        StringAssert.EndsWith(log[0], "waiting for running");
        StringAssert.EndsWith(log[1], "AsyncioDocSnippets.Sleeper waiting for Seconds(5)");
    }

    [TestMethod]
    public void Debug_snippet()
    {
        var log = new List<string>();
        DebugDemo(log);
        Assert.AreEqual(0, log.Count);
    }

    [TestMethod]
    public void Doc_snippets_match_this_file()
    {
        string root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Engine.sln")))
        {
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Engine.sln not found above the test output folder.");
        }

        string source = File.ReadAllText(Path.Combine(root, "Engine.Tests", "Docs", "AsyncioDocSnippets.cs")).Replace("\r\n", "\n");
        string doc = File.ReadAllText(Path.Combine(root, "docs", "asyncio.md")).Replace("\r\n", "\n");
        MatchCollection regions = Regex.Matches(source, @"    #region (\w+)\n(.*?)\n    #endregion", RegexOptions.Singleline);
        Assert.IsTrue(regions.Count >= 15);
        foreach (Match region in regions)
        {
            string name = region.Groups[1].Value;
            string code = Regex.Replace(region.Groups[2].Value, "^    ", string.Empty, RegexOptions.Multiline);
            string expected = "<!-- snippet: " + name + " -->\n```csharp\n" + code + "\n```";
            Assert.IsTrue(doc.Contains(expected, StringComparison.Ordinal), "docs/asyncio.md is missing or has an outdated copy of snippet '" + name + "'. Expected:\n" + expected);
        }
    }
}
