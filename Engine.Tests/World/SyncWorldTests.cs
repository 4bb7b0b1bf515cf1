using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.SyncWorldCoroutines;

namespace Engine.Tests.World;

// Whole-loop saves of the synchronization primitives beyond CoLock, CoEvent and the FIFO queue: every world is saved
// before every iteration, restored through JSON and run to its end, and must print the same trace and end in the same
// states as the uninterrupted run (WorldRun).
[TestClass]
public class SyncWorldTests
{
    [TestMethod]
    [DataRow(false)]
    [DataRow(true)]
    public void SemaphoreWaitersKeepTheirOrderAndPermits(bool bounded)
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            CoSemaphore permits = bounded ? new CoBoundedSemaphore(2) : new CoSemaphore(2);
            var order = new List<int>();
            return Enumerable.Range(0, 6).Select(i => loop.Spawn(new SemaphoreUserMachine(permits, order, i, 1 + (i % 2)), "user-" + i)).ToList();
        });
        Assert.IsGreaterThan(5, saves);
    }

    [TestMethod]
    public void BoundedSemaphoreStaysBoundedAfterRestore()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var permits = new CoBoundedSemaphore(1);
        loop.Spawn(new SemaphoreUserMachine(permits, new List<int>(), 1, 5), "holder");
        loop.Spawn(new SemaphoreUserMachine(permits, new List<int>(), 2, 5), "waiter");
        loop.Spawn(new OverReleaserMachine(permits, 20), "over-releaser");
        loop.RunUntil(1);
        using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(loop.Save()))!);
        CoTask[] tasks = restored.GetTasks();
        Assert.AreEqual("Wait(CoBoundedSemaphore.Acquire)", tasks.Single(t => t.Name == "waiter").WaitingFor);
        restored.RunUntil(30);
        Assert.AreEqual(1, tasks.Single(t => t.Name == "waiter").Result, "the waiter got the permit the holder released");
        StringAssert.Contains(tasks.Single(t => t.Name == "over-releaser").Exception!.Message, "CoBoundedSemaphore released too many times");
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    [DataRow(5)]
    public void ConditionWaitersAndNotifiedWaitersReacquiringTheLock(int notify)
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            var condition = new CoCondition();
            var box = new List<int>();
            var tasks = Enumerable.Range(0, 4).Select(i => loop.Spawn(new ConditionTakerMachine(condition, box, i), "taker-" + i)).ToList();
            tasks.Add(loop.Spawn(new ConditionFillerMachine(condition, box, 1, 2, notify), "filler-1"));
            tasks.Add(loop.Spawn(new ConditionFillerMachine(condition, box, 4, 2, notify), "filler-2"));
            return tasks;
        });
        Assert.IsGreaterThan(5, saves);
    }

    [TestMethod]
    public void ConditionOverASharedLock()
    {
        WorldRun.RestoreEverywhere(loop =>
        {
            var gate = new CoLock();
            var condition = new CoCondition(gate);
            var box = new List<int>();
            return new List<CoTask>
            {
                loop.Spawn(new ConditionTakerMachine(condition, box, 1), "taker"),
                loop.Spawn(new WorldCoroutines.LockerMachine(gate, new List<int>(), 7, 0.5), "locker"),
                loop.Spawn(new ConditionFillerMachine(condition, box, 0.25, 1, 1), "filler"),
                loop.Spawn(new WorldCoroutines.LockerMachine(gate, new List<int>(), 8, 0.5), "locker-2"),
            };
        });
    }

    [TestMethod]
    public void BarrierRoundsKeepArrivalOrder()
    {
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            var barrier = new CoBarrier(3);
            return Enumerable.Range(0, 5).Select(i => loop.Spawn(new BarrierPartyMachine(barrier, 0.5 * ((i * 7) % 4), 3), "party-" + i)).ToList();
        });
        Assert.IsGreaterThan(5, saves);
    }

    [TestMethod]
    public void BrokenBarrierStaysBroken()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var barrier = new CoBarrier(2);
        loop.Spawn(new BarrierPartyMachine(barrier, 1, 1), "late");
        barrier.Abort();
        loop.RunUntil(0.5);
        using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(JsonSerializer.Serialize(loop.Save()))!);
        CoTask late = restored.GetTasks().Single();
        restored.RunUntil(2);
        Assert.IsInstanceOfType<BrokenBarrierException>(late.Exception);
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(2)]
    public void LifoQueueKeepsItsStackAndBlockedTasks(int capacity)
    {
        WorldRun.RestoreEverywhere(loop =>
        {
            var queue = new CoLifoQueue<int>(capacity);
            return new List<CoTask>
            {
                loop.Spawn(new WorldCoroutines.ProducerMachine(queue, 5), "producer-a"),
                loop.Spawn(new WorldCoroutines.ProducerMachine(queue, 3), "producer-b"),
                loop.Spawn(new WorldCoroutines.ConsumerMachine(queue, 7, 0.6), "consumer"),
                loop.Spawn(new WorldCoroutines.ConsumerMachine(queue, 2, 0), "consumer-2"),
            };
        });
    }

    [TestMethod]
    [DataRow(0)]
    [DataRow(2)]
    public void PriorityQueueKeepsTiesInPutOrderWithASavedComparer(int capacity)
    {
        WorldRun.RestoreEverywhere(
            loop =>
            {
                var queue = new CoPriorityQueue<(int Priority, int Id)>(capacity, new ByPriority());
                return new List<CoTask>
                {
                    loop.Spawn(new TupleProducerMachine(queue, 6, 1), "producer-a"),
                    loop.Spawn(new TupleProducerMachine(queue, 6, 2), "producer-b"),
                    loop.Spawn(new TupleConsumerMachine(queue, 8, 1), "consumer"),
                    loop.Spawn(new JoinerMachine(queue), "joiner"),
                    loop.Spawn(new FinisherMachine(queue, 4, 0.5), "finisher"),
                };
            },
            new ByPriorityConverter());
    }

    [TestMethod]
    public void PriorityQueueWithDefaultComparer()
    {
        WorldRun.RestoreEverywhere(loop =>
        {
            var queue = new CoPriorityQueue<int>(1);
            return new List<CoTask>
            {
                loop.Spawn(new WorldCoroutines.ProducerMachine(queue, 5), "producer"),
                loop.Spawn(new WorldCoroutines.ConsumerMachine(queue, 5, 1), "consumer"),
            };
        });
    }

    [TestMethod]
    public void PriorityQueueWithAnUnsavableComparerIsReported()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var queue = new CoPriorityQueue<(int Priority, int Id)>(0, new ByPriority());
        loop.Spawn(new TupleConsumerMachine(queue, 1, 0), "consumer");
        loop.RunOnce();
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(e.Message, "CoPriorityQueue`1 field 'Comparer' holds a Engine.Tests.World.ByPriority: a type with no ISaveConverter registered");
    }
}
