using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.ScopeWokenCoroutines;

namespace Engine.Tests.World;

// A timeout scope's interrupt and a task woken right before the snapshot. The scoped task waits for a lock, a permit, a
// queue item or an event; the waker hands it over at 1.0, so the task is woken and not yet stepped at the next save.
// Two timings, both as in the uninterrupted run:
// - the deadline is 1.0 from the start: its timer fires after the waker's, and the scope interrupts the woken task in
//   the same iteration, before the save; the interrupt replaces the wake (what the task was handed goes back at once:
//   the lock or permit to the next waiter, the item to the queue's head), and the save holds the task ready with its
//   interrupt, which the restored task steps into;
// - the waker moves the deadline to 1.0 as it hands over: the deadline fires after the restore, behind the woken task's
//   step (a timer's callback runs after the tasks already ready), so the restored task takes what it was given and the
//   scope interrupts it in its next wait (a lock or permit holder), or it has finished in time (a get, an event).
// Each restored run prints the rest of the original trace and ends every task in the original's state.
[TestClass]
public sealed class ScopeWokenTests
{
    public static IEnumerable<object[]> Cases =>
        from kind in new[] { "lock", "semaphore", "queue", "event" }
        from raise in new[] { true, false }
        from moveDeadline in new[] { false, true }
        select new object[] { kind, raise, moveDeadline };

    private static List<CoTask> Populate(EventLoop loop, string kind, bool raise, bool moveDeadline)
    {
        var gate = new CoLock();
        var permits = new CoSemaphore(1);
        var queue = new CoQueue<int>();
        var signal = new CoEvent();
        double deadline = moveDeadline ? 10 : 1;
        TimeoutScope scope = raise ? TimeoutScope.FailAfter(deadline) : TimeoutScope.MoveOnAfter(deadline);
        return new List<CoTask>
        {
            loop.Spawn(new WakerMachine(kind, gate, permits, queue, signal, scope, 1.0, moveDeadline), "waker"),
            loop.Spawn(new ScopedMachine(scope, Body(kind, "scoped", gate, permits, queue, signal), "scoped"), "scoped"),
            loop.Spawn(Body(kind, "next", gate, permits, queue, signal), "next"),
        };
    }

    private static IEnumerator<Yield> Body(string kind, string name, CoLock gate, CoSemaphore permits, CoQueue<int> queue, CoEvent signal) => kind switch
    {
        "lock" => new HoldLockMachine(gate, name, 0.5),
        "semaphore" => new HoldPermitMachine(permits, name, 0.5),
        "queue" => new TakeItemMachine(queue, name),
        _ => new AwaitSignalMachine(signal, name),
    };

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void WokenTaskAndItsScopesInterruptContinueLikeTheOriginal(string kind, bool raise, bool moveDeadline)
    {
        string what = kind + (raise ? " FailAfter" : " MoveOnAfter") + (moveDeadline ? ", deadline moved at the wake" : ", deadline at the wake");

        // The original run, saved at the first iteration boundary where the scoped task is woken and not yet stepped (or,
        // interrupted while woken, ready with the interrupt and not yet stepped).
        using var loop = new EventLoop(ClockKind.Virtual);
        var trace = new List<string>();
        loop.Trace = trace.Add;
        List<CoTask> tasks = Populate(loop, kind, raise, moveDeadline);
        CoTask scoped = tasks.Single(t => t.Name == "scoped");
        string? wokenSave = null;
        int traceAt = 0;
        do
        {
            bool ready = moveDeadline ? scoped.IsWokenForSave : trace.Any(l => l.Contains("scoped interrupted", System.StringComparison.Ordinal));
            if (wokenSave is null && ready)
            {
                wokenSave = JsonSerializer.Serialize(loop.Save());
                traceAt = trace.Count;
            }
        }
        while (loop.RunOnce());

        Assert.IsNotNull(wokenSave, what + ": the scoped task is woken at some save");
        bool interrupted = !moveDeadline || kind is "lock" or "semaphore";
        string expected = "scoped " + (interrupted && raise ? "TimeoutException" : "in time") + ", expired " + interrupted + " at 1";
        Assert.AreEqual(expected, scoped.Result, what + ": the original run");
        List<string> rest = trace.Skip(traceAt).ToList();
        if (!moveDeadline)
        {
            Assert.IsFalse(rest.Any(l => l.Contains("scoped got", System.StringComparison.Ordinal) || l.Contains("scoped saw", System.StringComparison.Ordinal)),
                what + ": interrupted while woken, the task never used what it was handed");
        }

        Dictionary<long, string> final = tasks.ToDictionary(t => t.Id, WorldRun.State);

        // Restored woken: the rest of the run is the original's.
        using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(wokenSave)!);
        var restoredTrace = new List<string>();
        restored.Trace = restoredTrace.Add;
        CoTask[] live = restored.GetTasks();
        Assert.AreEqual(moveDeadline, live.Single(t => t.Name == "scoped").IsWokenForSave, what + ": restored woken, or with the interrupt that replaced its wake");
        int guard = 0;
        while (guard++ < 1000 && restored.RunOnce())
        {
        }

        TraceAssert.Continues(trace, traceAt, restoredTrace, what);
        foreach (CoTask task in live)
        {
            Assert.AreEqual(final[task.Id], WorldRun.State(task), what);
        }

        if (interrupted && kind != "event")
        {
            string got = kind switch { "lock" => "next got the lock at 1", "semaphore" => "next got a permit at 1", _ => "next got item 7 at 1" };
            Assert.Contains(got, restoredTrace, what + ": what the interrupted task was handed goes to the next waiter at once");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void EverySaveOfTheWorldContinuesLikeTheOriginal(string kind, bool raise, bool moveDeadline)
    {
        Assert.IsGreaterThanOrEqualTo(4, WorldRun.RestoreEverywhere(loop => Populate(loop, kind, raise, moveDeadline)));
    }
}
