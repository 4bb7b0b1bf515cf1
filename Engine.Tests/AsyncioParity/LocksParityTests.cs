using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.AsyncioParity;

// CPython Lib/test/test_asyncio/test_locks.py, in the engine's generator form: CoLock, CoEvent, CoCondition,
// CoSemaphore, CoBoundedSemaphore and CoBarrier. Differences by design (docs/asyncio.md), not tested against:
// a lock knows its owner (releasing another task's lock throws); a condition waiter cancelled before it got the lock
// back is excused instead of re-acquiring it (test_wait_cancel / test_wait_cancel_contested check that asyncio
// re-acquires).
[TestClass]
public sealed class LocksParityTests
{
    private static IEnumerator<Yield> AcquireLog(CoLock l, List<int> result, int id)
    {
        yield return l.Acquire();
        result.Add(id);
        l.Release();
    }

    [TestMethod] // LockTests.test_lock, test_release_no_waiters
    public void Lock_acquire_then_release_leaves_it_unlocked()
    {
        var l = new CoLock();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.IsFalse(l.IsLocked);
            yield return l.Acquire();
            Assert.IsTrue(l.IsLocked);
            l.Release();
            Assert.IsFalse(l.IsLocked);
        }
    }

    [TestMethod] // LockTests.test_acquire
    public void Lock_waiters_acquire_in_request_order()
    {
        var l = new CoLock();
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            CoTask t1 = Co.Spawn(AcquireLog(l, result, 1));
            CoTask t2 = Co.Spawn(AcquireLog(l, result, 2));
            yield return Yield.NextTick;
            Assert.AreEqual(0, result.Count);
            CoTask t3 = Co.Spawn(AcquireLog(l, result, 3));
            l.Release();
            yield return Co.Gather(t1, t2, t3);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, result);
            Assert.IsFalse(l.IsLocked);
        }
    }

    [TestMethod] // LockTests.test_acquire_cancel
    public void Lock_cancelled_waiter_never_gets_it()
    {
        var l = new CoLock();
        Parity.Run(Main);
        IEnumerator<Yield> Waiter()
        {
            yield return l.Acquire();
            Assert.Fail("a cancelled waiter must not acquire");
        }

        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            CoTask t = Co.Spawn(Waiter());
            yield return Yield.NextTick;
            Assert.IsTrue(t.Cancel());
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual(0, l.WaiterCount);
            l.Release();
            Assert.IsFalse(l.IsLocked);
        }
    }

    [TestMethod] // LockTests.test_cancel_race
    public void Lock_cancelling_a_middle_waiter_keeps_the_others_in_order()
    {
        var l = new CoLock();
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Locker(string name)
        {
            yield return l.Acquire();
            log.Add(name);
            l.Release();
        }

        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            CoTask ta = Co.Spawn(Locker("a"));
            CoTask tb = Co.Spawn(Locker("b"));
            CoTask tc = Co.Spawn(Locker("c"));
            yield return Yield.NextTick;
            Assert.AreEqual(3, l.WaiterCount);
            tb.Cancel();
            l.Release();
            yield return Co.Gather(new Future[] { ta, tb, tc }, returnExceptions: true);
            CollectionAssert.AreEqual(new[] { "a", "c" }, log);
            Assert.IsTrue(tb.IsCancelled);
            Assert.IsFalse(l.IsLocked);
        }
    }

    [TestMethod] // LockTests.test_cancel_release_race, test_finished_waiter_cancelled
    public void Lock_waiter_handed_the_lock_then_cancelled_passes_it_on()
    {
        var l = new CoLock();
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Locker(string name)
        {
            yield return l.Acquire();
            try
            {
                log.Add(name);
            }
            finally
            {
                l.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            CoTask t1 = Co.Spawn(Locker("t1"));
            CoTask t2 = Co.Spawn(Locker("t2"));
            yield return Yield.NextTick;
            l.Release();          // hands the lock to t1, which has not run yet
            t1.Cancel();          // t1 never runs with it: t2 gets it
            yield return Co.Gather(new Future[] { t1, t2 }, returnExceptions: true);
            Assert.IsTrue(t1.IsCancelled);
            CollectionAssert.AreEqual(new[] { "t2" }, log);
            Assert.IsFalse(l.IsLocked);
        }
    }

    [TestMethod] // LockTests.test_release_not_acquired
    public void Lock_release_when_not_held_throws()
    {
        var l = new CoLock();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => l.Release());
            yield break;
        }
    }

    [TestMethod] // EventTests.test_wait
    public void Event_set_wakes_every_waiter_in_order()
    {
        var ev = new CoEvent();
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Waiter(int id)
        {
            yield return ev.Wait();
            result.Add(id);
        }

        IEnumerator<Yield> Main()
        {
            Assert.IsFalse(ev.IsSet);
            CoTask t1 = Co.Spawn(Waiter(1));
            CoTask t2 = Co.Spawn(Waiter(2));
            yield return Yield.NextTick;
            Assert.AreEqual(0, result.Count);
            CoTask t3 = Co.Spawn(Waiter(3));
            ev.Set();
            yield return Co.Gather(t1, t2, t3);
            CollectionAssert.AreEqual(new[] { 3, 1, 2 }, result, "t3 was scheduled before the set woke t1 and t2, as in asyncio");
            Assert.IsTrue(ev.IsSet);
        }
    }

    [TestMethod] // EventTests.test_wait_on_set
    public void Event_wait_on_a_set_event_returns_at_once()
    {
        var ev = new CoEvent();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            ev.Set();
            yield return ev.Wait();
            Assert.AreEqual(0.0, Co.Time);
        }
    }

    [TestMethod] // EventTests.test_wait_cancel
    public void Event_cancelled_waiter_is_removed()
    {
        var ev = new CoEvent();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask wait = Co.Spawn(Wait());
            yield return Yield.NextTick;
            Assert.AreEqual(1, ev.WaiterCount);
            wait.Cancel();
            yield return Yield.Catch(wait);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual(0, ev.WaiterCount);
        }

        IEnumerator<Yield> Wait()
        {
            yield return ev.Wait();
        }
    }

    [TestMethod] // EventTests.test_clear
    public void Event_clear_resets_it()
    {
        var ev = new CoEvent();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            ev.Set();
            Assert.IsTrue(ev.IsSet);
            ev.Clear();
            Assert.IsFalse(ev.IsSet);
            yield break;
        }
    }

    [TestMethod] // EventTests.test_clear_with_waiters
    public void Event_set_then_clear_still_wakes_the_waiters_of_that_set()
    {
        var ev = new CoEvent();
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Waiter()
        {
            yield return ev.Wait();
            result.Add(1);
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Waiter());
            yield return Yield.NextTick;
            ev.Set();
            ev.Clear();
            Assert.IsFalse(ev.IsSet);
            ev.Set();
            ev.Set();
            yield return t;
            CollectionAssert.AreEqual(new[] { 1 }, result);
            Assert.AreEqual(0, ev.WaiterCount);
        }
    }

    private static IEnumerator<Yield> CondWaiter(CoCondition cond, List<int> result, int id)
    {
        yield return cond.Acquire();
        try
        {
            yield return cond.Wait();
            Assert.AreSame(Co.CurrentTask, cond.Lock.Owner, "Wait resumes with the lock held");
            result.Add(id);
        }
        finally
        {
            cond.Release();
        }
    }

    [TestMethod] // ConditionTests.test_wait, test_notify
    public void Condition_notify_wakes_waiters_in_order_one_at_a_time()
    {
        var cond = new CoCondition();
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(CondWaiter(cond, result, 1));
            CoTask t2 = Co.Spawn(CondWaiter(cond, result, 2));
            CoTask t3 = Co.Spawn(CondWaiter(cond, result, 3));
            yield return Yield.NextTick;
            Assert.AreEqual(3, cond.WaiterCount);
            Assert.IsFalse(cond.IsLocked);

            yield return cond.Acquire();
            cond.Notify(1);
            cond.Release();
            yield return Yield.NextTick;
            yield return Yield.NextTick;
            CollectionAssert.AreEqual(new[] { 1 }, result);

            yield return cond.Acquire();
            cond.Notify(1);
            cond.Notify(2048);
            cond.Release();
            yield return Co.Gather(t1, t2, t3);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, result);
            Assert.IsFalse(cond.IsLocked);
        }
    }

    [TestMethod] // ConditionTests.test_notify_all
    public void Condition_notify_all_wakes_everyone_in_order()
    {
        var cond = new CoCondition();
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(CondWaiter(cond, result, 1));
            CoTask t2 = Co.Spawn(CondWaiter(cond, result, 2));
            yield return Yield.NextTick;
            yield return cond.Acquire();
            cond.NotifyAll();
            Assert.AreEqual(0, result.Count, "waiters need the lock back before they resume");
            cond.Release();
            yield return Co.Gather(t1, t2);
            CollectionAssert.AreEqual(new[] { 1, 2 }, result);
        }
    }

    [TestMethod] // ConditionTests.test_wait_unacquired: the error is raised at the wait, as asyncio raises it when awaited
    public void Condition_wait_without_the_lock_throws()
    {
        var cond = new CoCondition();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(cond.Wait());
            Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
            Assert.IsFalse(cond.IsLocked);
            CoTask notifier = Co.Spawn(Notifier());
            yield return cond.Acquire();
            yield return Co.Catch(cond.Wait());
            Assert.IsNull(Co.Exception, "with the lock held the same condition waits normally");
            Assert.IsTrue(cond.IsLocked, "the lock is held again after the wait");
            cond.Release();
            yield return notifier;
        }

        IEnumerator<Yield> Notifier()
        {
            yield return Yield.Seconds(1);
            yield return cond.Acquire();
            cond.NotifyAll();
            cond.Release();
        }
    }

    [TestMethod] // ConditionTests.test_notify_unacquired, test_notify_all_unacquired
    public void Condition_notify_without_the_lock_throws()
    {
        var cond = new CoCondition();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => cond.Notify());
            Assert.ThrowsExactly<InvalidOperationException>(() => cond.NotifyAll());
            yield break;
        }
    }

    [TestMethod] // ConditionTests.test_wait_for
    public void Condition_wait_until_checks_the_predicate_after_each_notify()
    {
        var cond = new CoCondition();
        bool presult = false;
        int calls = 0;
        var result = new List<int>();
        Parity.Run(Main);
        bool Predicate()
        {
            calls++;
            return presult;
        }

        IEnumerator<Yield> Waiter()
        {
            yield return cond.Acquire();
            try
            {
                yield return Yield.From(cond.WaitUntil(Predicate));
                result.Add(1);
            }
            finally
            {
                cond.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask t = Co.Spawn(Waiter());
            yield return Yield.NextTick;
            Assert.AreEqual(1, calls);
            yield return cond.Acquire();
            cond.Notify();
            cond.Release();
            yield return Yield.NextTick;
            yield return Yield.NextTick;
            Assert.AreEqual(0, result.Count);
            Assert.AreEqual(2, calls);
            presult = true;
            yield return cond.Acquire();
            cond.Notify();
            cond.Release();
            yield return t;
            CollectionAssert.AreEqual(new[] { 1 }, result);
            Assert.AreEqual(3, calls);
        }
    }

    [TestMethod] // ConditionTests.test_wait_for_unacquired
    public void Condition_wait_until_without_the_lock_throws_at_the_wait()
    {
        var cond = new CoCondition();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return Co.Catch(Yield.From(cond.WaitUntil(() => false)));
            Assert.IsInstanceOfType<InvalidOperationException>(Co.Exception);
        }
    }

    [TestMethod] // ConditionTests.test_wait_cancel_after_notify
    public void Condition_waiter_cancelled_after_notify_lets_the_next_one_run()
    {
        var cond = new CoCondition();
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(CondWaiter(cond, result, 1));
            CoTask t2 = Co.Spawn(CondWaiter(cond, result, 2));
            yield return Yield.NextTick;
            yield return cond.Acquire();
            cond.Notify(1);
            t1.Cancel();
            cond.Notify(1);
            cond.Release();
            yield return Co.Gather(new Future[] { t1, t2 }, returnExceptions: true);
            Assert.IsTrue(t1.IsCancelled);
            CollectionAssert.AreEqual(new[] { 2 }, result);
            Assert.IsFalse(cond.IsLocked);
        }
    }

    [TestMethod] // ConditionTests.test_timeout_in_block
    public void Condition_wait_under_a_timeout_raises_timeout_and_frees_the_lock()
    {
        var cond = new CoCondition();
        Parity.Run(Main);
        IEnumerator<Yield> Body()
        {
            yield return cond.Wait();
        }

        IEnumerator<Yield> Main()
        {
            yield return cond.Acquire();
            try
            {
                // asyncio writes wait_for(condition.wait(), 0.5), which wraps the wait in a task of its own; a CoLock knows
                // its owner, so the block is a timeout scope on the task that holds the lock.
                yield return Co.Catch(Co.Timeout(0.5, Body()));
                Assert.IsInstanceOfType<TimeoutException>(Co.Exception);
                Assert.AreSame(Co.CurrentTask, cond.Lock.Owner, "the wait takes the lock back before the timeout is raised");
            }
            finally
            {
                cond.Release();
            }

            Assert.IsFalse(cond.IsLocked);
        }
    }

    // ConditionTests.test_timeout_in_block and asyncio's Condition.wait(), which re-acquires the lock in a finally
    // before the error travels on: the shapes of an interrupt (a timeout scope expiring) that reaches a waiter while it
    // waits for a notification with the lock taken by another task, and after a notify moved it onto the lock's queue.
    [TestMethod]
    [DataRow("waiting, lock contested")]
    [DataRow("notified, lock contested")]
    public void Condition_wait_interrupted_by_a_timeout_holds_the_lock_when_the_timeout_is_raised(string shape)
    {
        var cond = new CoCondition();
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Body()
        {
            yield return cond.Wait();
            log.Add("notified");
        }

        IEnumerator<Yield> Waiter()
        {
            yield return cond.Acquire();
            try
            {
                yield return Co.Catch(Co.Timeout(1, Body()));
                log.Add(Co.Exception?.GetType().Name + " at " + Co.Time + ", owner: " + (cond.Lock.Owner == Co.CurrentTask));
            }
            finally
            {
                cond.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask w = Co.Spawn(Waiter());
            yield return Yield.Seconds(0.5);
            yield return cond.Acquire();
            if (shape != "waiting, lock contested")
            {
                cond.Notify();
            }

            yield return Yield.Seconds(1);   // the timeout fires at 1 while this task holds the lock
            Assert.AreEqual(0, log.Count, "the waiter needs the lock back before the timeout is raised");
            cond.Release();
            yield return w;
            CollectionAssert.AreEqual(new[] { "TimeoutException at 1.5, owner: True" }, log);
            Assert.IsFalse(cond.IsLocked);
        }
    }

    [TestMethod] // ConditionTests.test_wait_cancel (documented difference: a cancelled waiter is excused, not re-locked)
    public void Condition_waiter_cancelled_while_the_lock_is_contested_is_excused()
    {
        var cond = new CoCondition();
        Parity.Run(Main);
        IEnumerator<Yield> Waiter()
        {
            yield return cond.Acquire();
            try
            {
                yield return cond.Wait();
            }
            finally
            {
                cond.Release(); // excused: the cancelled waiter never got the lock back
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask w = Co.Spawn(Waiter());
            yield return Yield.NextTick;
            yield return cond.Acquire();
            cond.Notify();
            w.Cancel();
            yield return Yield.Catch(w);
            Assert.IsTrue(w.IsCancelled);
            Assert.AreSame(Co.CurrentTask, cond.Lock.Owner);
            cond.Release();
            Assert.IsFalse(cond.IsLocked);
        }
    }

    [TestMethod] // TaskGroup aborting its body (test_taskgroups' sibling failure) while the body waits on a condition
    public void Condition_wait_interrupted_by_a_failing_task_group_sibling_unwinds_holding_the_lock()
    {
        var cond = new CoCondition();
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Body(TaskGroup group)
        {
            group.Spawn(Parity.SleepThenThrow(1, new InvalidOperationException("boom")), "failing");
            yield return cond.Acquire();
            try
            {
                yield return cond.Wait();
            }
            finally
            {
                log.Add("finally owner: " + (cond.Lock.Owner == Co.CurrentTask));
                cond.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            var group = new TaskGroup();
            yield return Co.Catch(group.Run(Body(group)));
            Assert.IsInstanceOfType<TaskGroupException>(Co.Exception);
            CollectionAssert.AreEqual(new[] { "finally owner: True" }, log);
            Assert.IsFalse(cond.IsLocked);
        }
    }

    [TestMethod] // ConditionTests.test_explicit_lock
    public void Condition_over_an_explicit_lock_shares_it()
    {
        var l = new CoLock();
        var cond = new CoCondition(l);
        Assert.AreSame(l, cond.Lock);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            Assert.IsTrue(cond.IsLocked);
            cond.Release();
            Assert.IsFalse(l.IsLocked);
        }
    }

    private static IEnumerator<Yield> SemAcquireLog(CoSemaphore sem, List<int> result, int id)
    {
        yield return sem.Acquire();
        result.Add(id);
    }

    [TestMethod] // SemaphoreTests.test_initial_value_zero, test_semaphore
    public void Semaphore_counts_permits()
    {
        var zero = new CoSemaphore(0);
        Assert.IsTrue(zero.IsLocked);
        var sem = new CoSemaphore();
        Assert.AreEqual(1, sem.CurrentCount);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return sem.Acquire();
            Assert.IsTrue(sem.IsLocked);
            Assert.AreEqual(0, sem.CurrentCount);
            sem.Release();
            Assert.IsFalse(sem.IsLocked);
            Assert.AreEqual(1, sem.CurrentCount);
        }
    }

    [TestMethod] // SemaphoreTests.test_semaphore_value
    public void Semaphore_negative_value_throws()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoSemaphore(-1));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoBoundedSemaphore(-1));
    }

    [TestMethod] // SemaphoreTests.test_acquire, test_acquire_fifo_order
    public void Semaphore_permits_go_in_request_order()
    {
        var sem = new CoSemaphore(3);
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return sem.Acquire();
            yield return sem.Acquire();
            Assert.IsFalse(sem.IsLocked);
            CoTask t1 = Co.Spawn(SemAcquireLog(sem, result, 1));
            CoTask t2 = Co.Spawn(SemAcquireLog(sem, result, 2));
            CoTask t3 = Co.Spawn(SemAcquireLog(sem, result, 3));
            yield return Yield.NextTick;
            CollectionAssert.AreEqual(new[] { 1 }, result);
            Assert.IsTrue(sem.IsLocked);
            Assert.AreEqual(2, sem.WaiterCount);
            CoTask t4 = Co.Spawn(SemAcquireLog(sem, result, 4));
            sem.Release();
            sem.Release();
            yield return Co.Gather(t1, t2, t3);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, result);
            Assert.IsFalse(t4.IsDone);
            sem.Release();
            yield return t4;
            CollectionAssert.AreEqual(new[] { 1, 2, 3, 4 }, result);
        }
    }

    [TestMethod] // SemaphoreTests.test_acquire_cancel
    public void Semaphore_cancelled_waiter_is_removed()
    {
        var sem = new CoSemaphore();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return sem.Acquire();
            CoTask t = Co.Spawn(SemAcquireLog(sem, new List<int>(), 1));
            yield return Yield.NextTick;
            t.Cancel();
            yield return Yield.Catch(t);
            Assert.IsInstanceOfType<CancelledException>(Co.Exception);
            Assert.AreEqual(0, sem.WaiterCount);
            sem.Release();
            Assert.AreEqual(1, sem.CurrentCount);
        }
    }

    [TestMethod] // SemaphoreTests.test_acquire_cancel_before_awoken, test_acquire_hang
    public void Semaphore_waiter_handed_a_permit_then_cancelled_gives_it_to_the_next()
    {
        var sem = new CoSemaphore(0);
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(SemAcquireLog(sem, result, 1));
            CoTask t2 = Co.Spawn(SemAcquireLog(sem, result, 2));
            CoTask t3 = Co.Spawn(SemAcquireLog(sem, result, 3));
            CoTask t4 = Co.Spawn(SemAcquireLog(sem, result, 4));
            yield return Yield.NextTick;
            sem.Release();
            sem.Release();
            t1.Cancel();
            t2.Cancel();
            yield return Co.Gather(new Future[] { t1, t2, t3, t4 }, returnExceptions: true);
            CollectionAssert.AreEqual(new[] { 3, 4 }, result);
            Assert.AreEqual(0, sem.CurrentCount);
            Assert.AreEqual(0, sem.WaiterCount);
        }
    }

    [TestMethod] // SemaphoreTests.test_acquire_no_hang
    public void Semaphore_cancelled_holder_cleanup_frees_the_next()
    {
        var sem = new CoSemaphore(1);
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Holder(string name)
        {
            yield return sem.Acquire();
            try
            {
                log.Add(name + "@" + Co.Time);
                yield return Yield.Seconds(10);
            }
            finally
            {
                sem.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(Holder("t1"));
            CoTask t2 = Co.Spawn(Holder("t2"));
            yield return Yield.Seconds(1);
            t1.Cancel();
            yield return Co.Gather(new Future[] { t1, t2 }, returnExceptions: true);
            CollectionAssert.AreEqual(new[] { "t1@0", "t2@1" }, log);
            Assert.AreEqual(1, sem.CurrentCount);
        }
    }

    [TestMethod] // SemaphoreTests.test_release_not_acquired
    public void Bounded_semaphore_release_beyond_its_count_throws()
    {
        var sem = new CoBoundedSemaphore();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            Assert.ThrowsExactly<InvalidOperationException>(() => sem.Release());
            yield return sem.Acquire();
            sem.Release();
            Assert.ThrowsExactly<InvalidOperationException>(() => sem.Release());
        }
    }

    [TestMethod] // SemaphoreTests.test_acquire_fifo_order_2
    public void Semaphore_release_during_waits_keeps_fifo()
    {
        var sem = new CoSemaphore(1);
        var result = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> C1()
        {
            yield return sem.Acquire();
            result.Add(1);
            yield return Yield.NextTick;
            sem.Release();
        }

        IEnumerator<Yield> C2()
        {
            yield return sem.Acquire();
            result.Add(2);
            sem.Release();
        }

        IEnumerator<Yield> C3()
        {
            yield return sem.Acquire();
            result.Add(3);
            sem.Release();
        }

        IEnumerator<Yield> Main()
        {
            CoTask t1 = Co.Spawn(C1());
            CoTask t2 = Co.Spawn(C2());
            yield return Yield.NextTick;
            CoTask t3 = Co.Spawn(C3());
            yield return Co.Gather(t1, t2, t3);
            CollectionAssert.AreEqual(new[] { 1, 2, 3 }, result);
        }
    }

    private static IEnumerator<Yield> BarrierRun(CoBarrier barrier, List<int> indices)
    {
        yield return barrier.Wait();
        indices.Add(Co.Result<int>());
    }

    [TestMethod] // BarrierTests.test_barrier, test_filling_task_by_task, test_filling_tasks_check_return_value
    public void Barrier_releases_all_parties_with_arrival_indices()
    {
        var barrier = new CoBarrier(3);
        var indices = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(BarrierRun(barrier, indices));
            yield return Yield.NextTick;
            Assert.AreEqual(1, barrier.WaiterCount);
            CoTask b = Co.Spawn(BarrierRun(barrier, indices));
            yield return Yield.NextTick;
            Assert.AreEqual(2, barrier.WaiterCount);
            CoTask c = Co.Spawn(BarrierRun(barrier, indices));
            yield return Co.Gather(a, b, c);
            indices.Sort();
            CollectionAssert.AreEqual(new[] { 0, 1, 2 }, indices);
            Assert.AreEqual(0, barrier.WaiterCount);
            Assert.IsFalse(barrier.IsBroken);
        }
    }

    [TestMethod] // BarrierTests.test_barrier_parties
    public void Barrier_parties_must_be_positive()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoBarrier(0));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new CoBarrier(-4));
        Assert.AreEqual(5, new CoBarrier(5).Parties);
    }

    [TestMethod] // BarrierTests.test_filling_one_task, test_filling_one_task_twice
    public void Barrier_of_one_never_waits()
    {
        var barrier = new CoBarrier(1);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            yield return barrier.Wait();
            Assert.AreEqual(0, Co.Result<int>());
            yield return barrier.Wait();
            Assert.AreEqual(0, Co.Result<int>());
            Assert.AreEqual(0.0, Co.Time);
        }
    }

    [TestMethod] // BarrierTests.test_filling_tasks_wait_twice, test_blocking_tasks_while_draining
    public void Barrier_runs_round_after_round()
    {
        var barrier = new CoBarrier(2);
        var log = new List<string>();
        Parity.Run(Main);
        IEnumerator<Yield> Twice(string name)
        {
            yield return barrier.Wait();
            log.Add(name + " round 1");
            yield return barrier.Wait();
            log.Add(name + " round 2");
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Twice("a"));
            CoTask b = Co.Spawn(Twice("b"));
            yield return Co.Gather(a, b);
            CollectionAssert.AreEquivalent(new[] { "a round 1", "b round 1", "a round 2", "b round 2" }, log);
            Assert.IsTrue(log.IndexOf("a round 2") > log.IndexOf("b round 1"));
            Assert.IsTrue(log.IndexOf("b round 2") > log.IndexOf("a round 1"));
        }
    }

    [TestMethod] // BarrierTests.test_filling_tasks_cancel_one
    public void Barrier_cancelled_waiter_leaves_the_round()
    {
        var barrier = new CoBarrier(3);
        var indices = new List<int>();
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(BarrierRun(barrier, indices));
            CoTask b = Co.Spawn(BarrierRun(barrier, indices));
            yield return Yield.NextTick;
            Assert.AreEqual(2, barrier.WaiterCount);
            b.Cancel();
            yield return Yield.Catch(b);
            Assert.AreEqual(1, barrier.WaiterCount);
            CoTask c = Co.Spawn(BarrierRun(barrier, indices));
            yield return Yield.NextTick;
            Assert.AreEqual(2, barrier.WaiterCount);
            Assert.IsFalse(a.IsDone);
            CoTask d = Co.Spawn(BarrierRun(barrier, indices));
            yield return Co.Gather(a, c, d);
            Assert.AreEqual(3, indices.Count);
        }
    }

    [TestMethod] // BarrierTests.test_reset_barrier, test_reset_barrier_while_tasks_waiting
    public void Barrier_reset_breaks_the_waiters_and_restores_the_barrier()
    {
        var barrier = new CoBarrier(3);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(BarrierRun(barrier, new List<int>()));
            CoTask b = Co.Spawn(BarrierRun(barrier, new List<int>()));
            yield return Yield.NextTick;
            barrier.Reset();
            yield return Co.Gather(new Future[] { a, b }, returnExceptions: true);
            foreach (object? r in Co.Result<object?[]>())
            {
                Assert.IsInstanceOfType<BrokenBarrierException>(r);
            }

            Assert.IsFalse(barrier.IsBroken);
            Assert.AreEqual(0, barrier.WaiterCount);
        }
    }

    [TestMethod] // BarrierTests.test_abort_barrier, test_abort_barrier_when_exception_then_resetting
    public void Barrier_abort_breaks_waiters_and_later_waits_until_reset()
    {
        var barrier = new CoBarrier(2);
        Parity.Run(Main);
        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(BarrierRun(barrier, new List<int>()));
            yield return Yield.NextTick;
            barrier.Abort();
            yield return Yield.Catch(a);
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            Assert.IsTrue(barrier.IsBroken);
            yield return Co.Catch(barrier.Wait()); // a later wait raises at the wait, as asyncio's does
            Assert.IsInstanceOfType<BrokenBarrierException>(Co.Exception);
            barrier.Reset();
            Assert.IsFalse(barrier.IsBroken);
            CoTask b = Co.Spawn(BarrierRun(barrier, new List<int>()));
            CoTask c = Co.Spawn(BarrierRun(barrier, new List<int>()));
            yield return Co.Gather(b, c);
        }
    }
}
