using System;
using System.Collections.Generic;

namespace Engine;

/// <summary>
/// A condition variable (asyncio's <c>Condition</c>): tasks holding its lock wait for a notification with
/// <c>yield return cond.Wait();</c>, which releases the lock while waiting and takes it back before resuming.
/// Notified waiters resume in the order they started waiting (FIFO-fair).
/// </summary>
/// <remarks>
/// Design: a notified waiter is moved onto the lock's own FIFO (the task now parks on the lock), so notify allocates
/// nothing and the lock's fairness applies. A coroutine cannot re-take a lock while it is being cancelled (no
/// <c>yield</c> during cleanup), so a waiter cancelled before it got the lock back is excused: its next
/// <see cref="Release"/> (the usual <c>finally</c>) does nothing instead of throwing. Release through the condition,
/// not the underlying lock, for that to work. A waiter interrupted by a timeout scope or a task group lives on in the
/// block that holds the lock, so it takes the lock back before the error is raised, as in asyncio.
/// </remarks>
public sealed partial class CoCondition
{
    private readonly WaitList<bool> _waiters = new();
    private readonly List<CoTask> _excused = new();
    private CoLock _lock; // replaced once by a restore (Engine/World), which creates the condition before its lock
    private readonly Yield _wait;
    private EventLoop? _loop;

    /// <summary>Creates a condition with its own new <see cref="CoLock"/>, or over <paramref name="lockObject"/>.</summary>
    /// <param name="lockObject">The lock to use; a new one when <see langword="null"/>.</param>
    public CoCondition(CoLock? lockObject = null)
    {
        _lock = lockObject ?? new CoLock();
        _wait = Yield.Create(YieldKind.Wait, 0, new WaitSourceImpl(this));
    }

    /// <summary>The underlying lock.</summary>
    public CoLock Lock => _lock;

    /// <summary><see langword="true"/> while some task holds the lock.</summary>
    public bool IsLocked => _lock.IsLocked;

    /// <summary>The number of tasks waiting for a notification.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>Acquires the underlying lock (<c>yield return cond.Acquire();</c>).</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield Acquire() => _lock.Acquire();

    /// <summary>Releases the underlying lock; does nothing for a task whose wait was cancelled before it got the lock back.</summary>
    /// <exception cref="InvalidOperationException">The calling task does not hold the lock.</exception>
    public void Release()
    {
        CoTask? task = EventLoop.Current?.CurrentTaskOnLoopThread;
        if (task is not null && _excused.Count > 0 && _excused.Remove(task))
        {
            return;
        }

        _lock.Release();
    }

    /// <summary>Releases the lock, waits for <see cref="Notify(int)"/> or <see cref="NotifyAll"/>, then re-acquires the lock
    /// before resuming: <c>yield return cond.Wait();</c>.</summary>
    /// <returns>The instruction to yield. A task that does not hold the lock gets <see cref="InvalidOperationException"/>
    /// at the wait (as every error of a wait, and as asyncio's <c>wait()</c> raises when awaited), so
    /// <c>yield return Co.Catch(cond.Wait());</c> receives it.</returns>
    public Yield Wait()
    {
        SyncHelper.RequireTask(ref _loop, "CoCondition.Wait()");
        return _wait;
    }

    /// <summary>Waits until <paramref name="predicate"/> is true, checking it first and after every notification (asyncio's
    /// <c>wait_for</c>): <c>yield return Yield.From(cond.WaitUntil(() =&gt; ready));</c>. The lock must be held.</summary>
    /// <param name="predicate">The condition to wait for; checked with the lock held.</param>
    /// <returns>The coroutine to run with <see cref="Yield.From(IEnumerator{Yield})"/>.</returns>
    public IEnumerator<Yield> WaitUntil(Func<bool> predicate)
    {
        if (predicate is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(predicate));
        }

        return new WaitUntilMachine(this, predicate);
    }

    /// <summary>Wakes up to <paramref name="count"/> waiting tasks, longest waiting first. The lock must be held, as in
    /// asyncio (a notification sent without it races with the waiter's own check of its condition).</summary>
    /// <param name="count">How many to wake; zero or more.</param>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void Notify(int count = 1)
    {
        if (count < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(count), count, "Notify needs a count of zero or more.");
        }

        if (!_lock.IsLocked)
        {
            ThrowHelper.ThrowInvalidOperation("CoCondition.Notify() needs the condition's lock held: yield return cond.Acquire() first.");
        }

        while (count > 0 && _waiters.Count > 0)
        {
            TakeLockBack(_waiters.Dequeue());
            count--;
        }
    }

    /// <summary>Wakes every waiting task, in the order they started waiting. The lock must be held.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held.</exception>
    public void NotifyAll() => Notify(int.MaxValue);

    internal void Excuse(CoTask task) => _excused.Add(task);

    // A waiter leaves the condition's list for the lock's FIFO: it resumes once it holds the lock again.
    private void TakeLockBack(WaitList<bool>.Entry e)
    {
        e.Task.RetargetWait(_lock.Source);
        if (_lock.AcquireOrEnqueue(e.Waiter, this) && !e.Waiter.Wake(WakeCause.Source))
        {
            _lock.ReleaseCore();
        }
    }

    private sealed class WaitSourceImpl : WaitSource
    {
        private readonly CoCondition _condition;

        public WaitSourceImpl(CoCondition condition) => _condition = condition;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (!_condition._lock.IsOwnedBy(waiter.Task))
            {
                waiter.Task.ReceiveFailure(new InvalidOperationException("CoCondition.Wait() needs the condition's lock held by task '" + waiter.Task.Name + "': yield return cond.Acquire() first."));
                return true;
            }

            _condition._lock.ReleaseCore();
            _condition._waiters.Enqueue(waiter, false);
            return false;
        }

        internal override void Remove(CoTask task)
        {
            if (_condition._waiters.Remove(task))
            {
                _condition.Excuse(task);
            }
        }

        // A timeout scope or task group interrupts the wait (not a cancel or kill): the task lives on in the block that
        // holds the lock, so, as asyncio's wait() does, it takes the lock back first and the error is raised then.
        internal override bool CancelAwaited(CoTask task, bool immediate, string? message)
        {
            if (immediate || task.IsCancelRequested || !_condition._waiters.Remove(task, out WaitList<bool>.Entry entry))
            {
                return false;
            }

            _condition.TakeLockBack(entry);
            return true;
        }

        internal override void Describe(Observe.WaitDescription description) =>
            description.Set(Observe.WaitKind.Condition, _condition, "CoCondition [" + _condition._waiters.Count + " waiting for a notification]");

        internal override object PersistOwner => _condition;

        public override string ToString() => "CoCondition.Wait";
    }
}
