using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

[TestClass]
public class WorldSnapshotTests
{
    // Runs main to the end one iteration at a time, saving (through JSON) before every iteration.
    private static (List<string> Trace, object? Result, List<(WorldSnapshot Snapshot, int TraceAt)> Saves) RunAndSaveEveryIteration(ClockKind clock)
    {
        using var loop = new EventLoop(clock);
        var trace = new List<string>();
        loop.Trace = trace.Add;
        CoTask main = loop.Spawn(new WorldCoroutines.WorldMachine(), "main");
        var saves = new List<(WorldSnapshot, int)>();
        for (int guard = 0; guard < 10_000 && !main.IsDone; guard++)
        {
            saves.Add((RoundTrip(loop.Save()), trace.Count));
            Step(loop);
        }

        Assert.IsTrue(main.IsDone, "the run ends");
        return (trace, main.Result, saves);
    }

    private static void Step(EventLoop loop)
    {
        if (loop.Clock == ClockKind.Frame)
        {
            loop.Tick(0.25);
        }
        else
        {
            Assert.IsTrue(loop.RunOnce());
        }
    }

    private static WorldSnapshot RoundTrip(WorldSnapshot snapshot) =>
        JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(snapshot))!;

    private static (List<string> Trace, object? Result) Continue(WorldSnapshot snapshot)
    {
        using EventLoop loop = EventLoop.Restore(snapshot);
        var trace = new List<string>();
        loop.Trace = trace.Add;
        CoTask main = loop.GetTasks().Single(t => t.Name == "main");
        for (int guard = 0; guard < 10_000 && !main.IsDone; guard++)
        {
            Step(loop);
        }

        Assert.IsTrue(main.IsDone, "the restored run ends");
        return (trace, main.Result);
    }

    // Names the first line that differs, with its neighbours, rather than only the counts.
    [TestMethod]
    [DataRow(ClockKind.Virtual)]
    [DataRow(ClockKind.Frame)]
    public void RestoringEveryIterationContinuesWithTheSameTraceAndResult(ClockKind clock)
    {
        (List<string> trace, object? result, List<(WorldSnapshot Snapshot, int TraceAt)> saves) = RunAndSaveEveryIteration(clock);
        Assert.IsTrue(saves.Count > 10, "many iterations: " + saves.Count);
        StringAssert.Contains((string)result!, "sleeper=6;awaiter-a=106;awaiter-b=206;parent=6;producer=;consumer=150;");
        for (int i = 0; i < saves.Count; i++)
        {
            (List<string> restoredTrace, object? restoredResult) = Continue(saves[i].Snapshot);
            Assert.AreEqual(result, restoredResult, "result after restoring iteration " + i);
            TraceAssert.Continues(trace, saves[i].TraceAt, restoredTrace, "after restoring iteration " + i);
        }
    }

    [TestMethod]
    public void OneSnapshotBranchesManyTimes()
    {
        (List<string> trace, object? result, List<(WorldSnapshot Snapshot, int TraceAt)> saves) = RunAndSaveEveryIteration(ClockKind.Virtual);
        (WorldSnapshot snapshot, int at) = saves[saves.Count / 2];
        for (int branch = 0; branch < 3; branch++)
        {
            (List<string> restoredTrace, object? restoredResult) = Continue(snapshot);
            Assert.AreEqual(result, restoredResult);
            TraceAssert.Continues(trace, at, restoredTrace, "branch " + branch);
        }
    }

    [TestMethod]
    public void RestoredLoopKeepsClockTasksAndIdentity()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new WorldCoroutines.WorldMachine(), "main");
        loop.RunUntil(1.2);
        WorldSnapshot snapshot = RoundTrip(loop.Save());
        using EventLoop restored = EventLoop.Restore(snapshot);
        Assert.AreEqual(loop.Time, restored.Time);
        Assert.AreEqual(loop.Frame, restored.Frame);
        CollectionAssert.AreEqual(loop.GetTasks().Select(t => t.Id + " " + t.Name + " " + t.WaitingFor).ToList(),
            restored.GetTasks().Select(t => t.Id + " " + t.Name + " " + t.WaitingFor).ToList());

        // One task awaited by two others (and listed by main) is one object in the snapshot and one task after restore.
        Assert.AreEqual(1, Enumerable.Range(1, snapshot.Objects.Count).Select(snapshot.ObjectAt).Count(o => snapshot.TypeOf(o).Name.StartsWith("Engine.CoTask", StringComparison.Ordinal) &&
            snapshot.FieldsOf(o).Any(f => f.Key == "Name" && snapshot.Decode(f.Value).Text == "sleeper")));
        CoTask sleeper = restored.GetTasks().Single(t => t.Name == "sleeper");
        restored.RunUntilComplete(restored.GetTasks().Single(t => t.Name == "awaiter-b"));
        Assert.IsTrue(sleeper.IsDone, "the awaiters waited for the restored sleeper itself");
        Assert.AreEqual(6, sleeper.Result);

        // New tasks are numbered after the saved ones.
        CoTask next = restored.Spawn(new WorldCoroutines.SleeperMachine(1, 1));
        Assert.AreEqual(snapshot.LastTaskId + 1, next.Id);
    }

    [TestMethod]
    public void RestoredLockQueueAndEventKeepTheirState()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var queue = new CoQueue<int>(2);
        var gate = new CoLock();
        var signal = new CoEvent();
        var order = new List<int>();
        loop.Spawn(new WorldCoroutines.ProducerMachine(queue, 4), "producer");
        loop.Spawn(new WorldCoroutines.LockerMachine(gate, order, 1, 5), "holder");
        loop.Spawn(new WorldCoroutines.LockerMachine(gate, order, 2, 5), "blocked");
        loop.Spawn(new WorldCoroutines.EventWaiterMachine(signal, 7), "waiter");
        loop.RunUntil(1);
        Assert.AreEqual(2, queue.Count);
        Assert.AreEqual(1, queue.WaitingPutters);
        WorldSnapshot snapshot = RoundTrip(loop.Save());
        using EventLoop restored = EventLoop.Restore(snapshot);
        CoTask[] tasks = restored.GetTasks();
        Assert.AreEqual("Wait(CoQueue.Put)", tasks.Single(t => t.Name == "producer").WaitingFor);
        Assert.AreEqual("Wait(CoLock.Acquire)", tasks.Single(t => t.Name == "blocked").WaitingFor);
        Assert.AreEqual("Wait(CoEvent.Wait)", tasks.Single(t => t.Name == "waiter").WaitingFor);
        restored.RunUntil(20);
        Assert.AreEqual(2, tasks.Single(t => t.Name == "blocked").Result, "the blocked locker got the lock after the holder");
        Assert.IsFalse(tasks.Single(t => t.Name == "waiter").IsDone, "nobody set the restored event");
        Assert.AreEqual("Wait(CoQueue.Put)", tasks.Single(t => t.Name == "producer").WaitingFor, "no consumer: the restored queue is still full");
    }

    [TestMethod]
    public void UnsavableStateListsEveryOffender()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new WorldCoroutines.HoldsDelegateMachine(3), "delegate-holder");
        loop.Spawn(WorldCoroutines.CompilerIterator(), "plain-iterator");
        loop.Spawn(new WorldCoroutines.PollsMachine(), "poller");
        loop.RunOnce();
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(e.Message, "3 values cannot be saved");
        StringAssert.Contains(e.Message, "task 'delegate-holder' field 'Top' coroutine 'Engine.Tests.World.WorldCoroutines.HoldsDelegate' field '_f'");
        StringAssert.Contains(e.Message, "task 'plain-iterator' field 'Top' holds a");
        StringAssert.Contains(e.Message, "task 'poller' field 'Top' coroutine 'Engine.Tests.World.WorldCoroutines.Polls' pending instruction Until holds a delegate to Engine.Tests.World.WorldCoroutines+PollsMachine.<Step>b__");
        StringAssert.Contains(e.Message, "a lambda, anonymous method or local function");
    }

    [TestMethod]
    public void ChangedMachineShapeIsRefusedNamingTheChange()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new WorldCoroutines.SleeperMachine(3, 1), "sleeper");
        loop.RunUntil(1.5);
        WorldSnapshot snapshot = RoundTrip(loop.Save());
        Engine.Persist.SavedType machine = snapshot.Types.Single(t => t.Kind == Engine.Persist.SavedObjectKind.Machine);
        // The snapshot as an older version of Sleeper would have written it: its hoisted 'total' was a long.
        string line = machine.Shape!.Split('\n').Single(l => l.StartsWith("field ", StringComparison.Ordinal) && l.Contains("total"));
        string[] parts = line.Split(' ');
        machine.Shape = machine.Shape.Replace(line, "field " + parts[1] + " long");
        ArgumentException e = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot));
        StringAssert.Contains(e.Message, "coroutine 'Engine.Tests.World.WorldCoroutines.Sleeper'");
        StringAssert.Contains(e.Message, "field '" + parts[1] + "' changed type from long to " + parts[2]);
    }

    // The real clock: a restored loop counts on from the saved time, so each wait keeps the time it had left when saved
    // (real time: the test asserts order and generous bounds).
    [TestMethod]
    public void RealClockLoopRestoresWithTheTimeItsWaitsHadLeft()
    {
        WorldSnapshot snapshot;
        using (var loop = new EventLoop(ClockKind.Real))
        {
            loop.Spawn(new WorldCoroutines.SleeperMachine(3, 0.2), "sleeper"); // three waits of 0.2 s: 1 + 2 + 3
            loop.RunUntil(0.3);                                                // the second wait is pending
            snapshot = RoundTrip(loop.Save());
        }

        Assert.AreEqual(ClockKind.Real, snapshot.Clock);
        Assert.IsGreaterThanOrEqualTo(0.3, snapshot.Time);
        using EventLoop restored = EventLoop.Restore(snapshot);
        Assert.AreEqual(ClockKind.Real, restored.Clock);
        Assert.IsGreaterThanOrEqualTo(snapshot.Time, restored.Time, "the restored clock goes on from the saved time");
        CoTask sleeper = restored.GetTasks().Single(t => t.Name == "sleeper");
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        restored.RunUntilComplete(sleeper);
        Assert.AreEqual(6, sleeper.Result);
        Assert.IsGreaterThanOrEqualTo(0.19, elapsed.Elapsed.TotalSeconds, "at least the last wait's 0.2 s passed after the restore");
        Assert.IsLessThan(10.0, elapsed.Elapsed.TotalSeconds);
        Assert.IsGreaterThanOrEqualTo(snapshot.Time + 0.2, restored.Time);
    }

    [TestMethod]
    public void SaveIsRefusedWhileRunning()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        InvalidOperationException? inside = null;
        loop.CallSoon(() =>
        {
            try
            {
                loop.Save();
            }
            catch (InvalidOperationException e)
            {
                inside = e;
            }
        });
        loop.RunOnce();
        Assert.IsNotNull(inside);
        StringAssert.Contains(inside!.Message, "between iterations");
    }
}
