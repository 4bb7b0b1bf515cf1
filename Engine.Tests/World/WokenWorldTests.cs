using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// A task woken but not yet stepped when the loop is saved, cancelled right after the restore: it must hand back what it
// was given and report what it had not read, exactly as in the uninterrupted run given the same cancel (a lock passes to
// the next waiter, a CoCondition waiter's lock to a WaitUntil queued on the same condition, a permit to the next
// acquirer, a queue item back to the head of the queue for the next getter; a failure its catching wait had not read is
// reported). Each world is saved before every iteration; after every save each live task in turn is cancelled right
// after the restore and the run is compared with the original run from its start given that cancel (trace with the
// reported failures, every task's final state). Each shape must meet the woken case at least once.
[TestClass]
public sealed class WokenWorldTests
{
    private static void AssertWoken(Func<EventLoop, List<CoTask>> populate, int atLeast, params Engine.Persist.ISaveConverter[] converters)
    {
        (int checkedCount, int woken) = CancelAfterRestore.Everywhere(populate, allTasks: true, converters);
        Assert.IsGreaterThanOrEqualTo(atLeast, woken, "cancels of woken tasks checked (of " + checkedCount + ")");
    }

    [TestMethod]
    public void A_lock_handed_to_a_woken_waiter_passes_on()
    {
        AssertWoken(loop =>
        {
            var gate = new CoLock();
            var order = new List<int>();
            var tasks = new List<CoTask>();
            for (int i = 0; i < 4; i++)
            {
                tasks.Add(loop.Spawn(new WorldCoroutines.LockerMachine(gate, order, i, 0.5 + (i % 2 * 0.25)), "locker" + i));
            }

            return tasks;
        }, 3);
    }

    [TestMethod]
    public void A_condition_waiter_woken_with_the_lock_passes_it_to_a_WaitUntil_on_the_same_condition()
    {
        AssertWoken(loop =>
        {
            var condition = new CoCondition();
            var box = new List<int>();
            var flag = new Flag { Threshold = 1 };
            return new List<CoTask>
            {
                loop.Spawn(new SyncWorldCoroutines.ConditionTakerMachine(condition, box, 1), "taker1"),
                loop.Spawn(new HelperWorldCoroutines.UntilFlagMachine(condition, flag, "until1"), "until1"),
                loop.Spawn(new SyncWorldCoroutines.ConditionTakerMachine(condition, box, 2), "taker2"),
                loop.Spawn(new HelperWorldCoroutines.UntilFlagMachine(condition, flag, "until2"), "until2"),
                loop.Spawn(new SyncWorldCoroutines.ConditionFillerMachine(condition, box, 0.5, 2, 2), "filler"),
                loop.Spawn(new HelperWorldCoroutines.FlagRaiserMachine(condition, flag, 2, 0.75), "raiser"),
            };
        }, 3, new FlagConverter());
    }

    [TestMethod]
    public void A_permit_handed_to_a_woken_waiter_goes_to_the_next()
    {
        AssertWoken(loop =>
        {
            var permits = new CoSemaphore(1);
            var bounded = new CoBoundedSemaphore(2);
            var order = new List<int>();
            var tasks = new List<CoTask>();
            for (int i = 0; i < 4; i++)
            {
                tasks.Add(loop.Spawn(new SyncWorldCoroutines.SemaphoreUserMachine(i % 2 == 0 ? permits : bounded, order, i, 0.5), "user" + i));
            }

            tasks.Add(loop.Spawn(new SyncWorldCoroutines.SemaphoreUserMachine(permits, order, 8, 0.25), "user8"));
            tasks.Add(loop.Spawn(new SyncWorldCoroutines.SemaphoreUserMachine(bounded, order, 9, 0.75), "user9"));
            tasks.Add(loop.Spawn(new SyncWorldCoroutines.SemaphoreUserMachine(bounded, order, 10, 0.5), "user10"));
            return tasks;
        }, 3);
    }

    [TestMethod]
    [DataRow("fifo")]
    [DataRow("lifo")]
    [DataRow("priority")]
    public void A_queue_item_handed_to_a_woken_getter_goes_back_to_the_queue(string kind)
    {
        AssertWoken(loop =>
        {
            CoQueue<int> queue = kind switch
            {
                "lifo" => new CoLifoQueue<int>(1),
                "priority" => new CoPriorityQueue<int>(1),
                _ => new CoQueue<int>(1),
            };
            return new List<CoTask>
            {
                loop.Spawn(new WorldCoroutines.ConsumerMachine(queue, 2, 0.5), "consumer1"),
                loop.Spawn(new WorldCoroutines.ConsumerMachine(queue, 2, 0.25), "consumer2"),
                loop.Spawn(new WorldCoroutines.ProducerMachine(queue, 3), "producer1"),
                loop.Spawn(new WorldCoroutines.ProducerMachine(queue, 2), "producer2"),
            };
        }, 3);
    }

    [TestMethod]
    public void A_failure_a_woken_catching_wait_has_not_read_is_reported()
    {
        AssertWoken(loop =>
        {
            var future = new Future<int>(loop);
            CoTask failing = loop.Spawn(new FaultWorldCoroutines.FailerMachine(1, "boom"), "failing");
            return new List<CoTask>
            {
                failing,
                loop.Spawn(new FaultWorldCoroutines.CatcherMachine(failing, 0), "catcher1"),
                loop.Spawn(new FaultWorldCoroutines.CatcherMachine(failing, 0.25), "catcher2"),
                loop.Spawn(new FaultWorldCoroutines.PropagatorMachine(failing), "propagator"),
                loop.Spawn(new FutureWorldCoroutines.FutureCatcherMachine(future), "future catcher"),
                loop.Spawn(new FutureWorldCoroutines.FutureSetterMachine(future, 1.5, -1), "future failer"),
            };
        }, 3);
    }

    [TestMethod]
    public void A_value_handed_to_a_woken_waiter_is_dropped_with_it()
    {
        AssertWoken(loop =>
        {
            var future = new Future<int>(loop);
            CoTask sleeper = loop.Spawn(new WorldCoroutines.SleeperMachine(2, 0.5), "sleeper");
            var signal = new CoEvent();
            var barrier = new CoBarrier(2);
            return new List<CoTask>
            {
                sleeper,
                loop.Spawn(new WorldCoroutines.AwaiterMachine(sleeper, 1), "awaiter"),
                loop.Spawn(new FutureWorldCoroutines.FutureWaiterMachine(future, 2), "future waiter"),
                loop.Spawn(new FutureWorldCoroutines.FutureSetterMachine(future, 0.75, 7), "future setter"),
                loop.Spawn(new WorldCoroutines.EventWaiterMachine(signal, 3), "event waiter"),
                loop.Spawn(new WorldCoroutines.EventSetterMachine(signal, 1.25), "event setter"),
                loop.Spawn(new SyncWorldCoroutines.BarrierPartyMachine(barrier, 0.5, 2), "party1"),
                loop.Spawn(new SyncWorldCoroutines.BarrierPartyMachine(barrier, 1, 2), "party2"),
            };
        }, 3);
    }
}
