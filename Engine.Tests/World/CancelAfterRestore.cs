using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Persist;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Cancels (or kills) a task right after a restore and checks the restored run against the uninterrupted one given the same cancel
// at the same point: the original world is run again from its start to the iteration of the save, the task is cancelled
// there, and both runs go to their end. Their traces from the save on (with the failures the loop reports, as
// "reported:" lines) and every task's final state must be equal. A task woken but not yet stepped at the save is the
// case this is for: cancelled, it hands back what it was given (a lock to the next waiter, a permit, a queue item) and
// reports a failure its catching wait had not read, in the restored run as in the original.
internal static class CancelAfterRestore
{
    // A world run to its end, saved (through JSON) before every iteration, with the tasks live and the tasks woken but
    // not stepped at each save.
    public sealed class Run
    {
        public List<(string Json, int Iteration, long[] Live, long[] Woken)> Saves { get; } = new();
    }

    public static Run SaveEverywhere(Func<EventLoop, List<CoTask>> populate, ISaveConverter[] converters)
    {
        var run = new Run();
        using EventLoop loop = NewLoop(new List<string>());
        populate(loop);
        int iteration = 0;
        do
        {
            CoTask[] live = loop.GetTasks();
            run.Saves.Add((JsonSerializer.Serialize(loop.Save(converters)), iteration, live.Select(t => t.Id).ToArray(),
                live.Where(t => t.IsWokenForSave).Select(t => t.Id).ToArray()));
            iteration++;
        }
        while (iteration < 10_000 && loop.RunOnce());

        return run;
    }

    // Checks a cancel right after every save of every woken task (or, with allTasks, of every live task). Returns how
    // many cancels were checked and how many of them hit a woken task.
    public static (int Checked, int Woken) Everywhere(Func<EventLoop, List<CoTask>> populate, bool allTasks, params ISaveConverter[] converters)
    {
        Run run = SaveEverywhere(populate, converters);
        int checkedCount = 0;
        int woken = 0;
        foreach ((string json, int iteration, long[] live, long[] wokenIds) in run.Saves)
        {
            foreach (long id in allTasks ? live : wokenIds)
            {
                bool kill = (id + iteration) % 3 == 0; // some at once (Kill: cleanup has run when it returns)
                Check(populate, json, iteration, id, converters, (kill ? "kill" : "cancel") + " of task " + id + " right after the restore before iteration " + iteration, kill);
                checkedCount++;
                if (Array.IndexOf(wokenIds, id) >= 0)
                {
                    woken++;
                }
            }
        }

        return (checkedCount, woken);
    }

    // Restores json (saved before iteration) and cancels task id at once, then runs to the end; the same world run from
    // its start to that iteration and given the same cancel must end the same way.
    public static void Check(Func<EventLoop, List<CoTask>> populate, string json, int iteration, long id, ISaveConverter[] converters, string where, bool kill = false)
    {
        var expectedTrace = new List<string>();
        Dictionary<long, string> expected;
        using (EventLoop original = NewLoop(expectedTrace))
        {
            List<CoTask> tasks = populate(original);
            for (int i = 0; i < iteration; i++)
            {
                Assert.IsTrue(original.RunOnce(), where + ": the replayed world reaches the iteration");
            }

            expectedTrace.Clear();
            Stop(original.GetTasks().Single(t => t.Id == id), kill);
            RunToEnd(original);
            expected = tasks.ToDictionary(t => t.Id, WorldRun.State);
        }

        var restoredTrace = new List<string>();
        using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<Engine.World.WorldSnapshot>(json)!, converters);
        Attach(restored, restoredTrace);
        CoTask[] live = restored.GetTasks();
        Stop(live.Single(t => t.Id == id), kill);
        RunToEnd(restored);

        // The restored loop's trace writes no header for the first frame it sees: the original's first one is not compared.
        int headers = expectedTrace.Count(l => l.StartsWith("frame ", StringComparison.Ordinal));
        if (headers == restoredTrace.Count(l => l.StartsWith("frame ", StringComparison.Ordinal)) + 1)
        {
            expectedTrace.RemoveAt(expectedTrace.FindIndex(l => l.StartsWith("frame ", StringComparison.Ordinal)));
        }

        TraceAssert.Continues(expectedTrace, 0, restoredTrace, where);
        foreach (CoTask task in live)
        {
            if (expected.TryGetValue(task.Id, out string? state))
            {
                Assert.AreEqual(state, WorldRun.State(task), where);
            }
        }
    }

    private static void Stop(CoTask task, bool kill)
    {
        if (kill)
        {
            task.Kill("killed after the save");
        }
        else
        {
            task.Cancel("cancelled after the save");
        }
    }

    private static EventLoop NewLoop(List<string> trace)
    {
        var loop = new EventLoop(ClockKind.Virtual);
        Attach(loop, trace);
        return loop;
    }

    // Failures nobody retrieves are reported at once (not at garbage collection, which differs between two runs), into
    // the trace, with those a cancelled task had not read.
    private static void Attach(EventLoop loop, List<string> trace)
    {
        loop.ReportUnretrievedFailuresAtOnce = true;
        loop.Trace = trace.Add;
        loop.ExceptionHandler = context => trace.Add("reported: " + context.Message + " " + context.Exception?.GetType().Name + " '" + context.Exception?.Message + "'");
    }

    private static void RunToEnd(EventLoop loop)
    {
        int guard = 0;
        while (guard++ < 10_000 && loop.RunOnce())
        {
        }

        Assert.IsLessThan(10_000, guard, "the world ends");
    }
}
