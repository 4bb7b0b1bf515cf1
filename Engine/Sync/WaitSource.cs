namespace Engine;

// Something a task can park on without a Future: a lock, a queue's getters, an event...
//
// Design: the task yields Yield(Wait, source); its trampoline calls TryCompleteOrEnqueue with its registration (a
// ParkedTask). The source either completes the wait at once (the task keeps running in the same step) or records the
// registration in its own FIFO and later wakes it through it, possibly handing it a value or ownership. Nothing is
// allocated per wait: the FIFO is a reusable ring buffer and a value travels in the task's reusable typed box. A task
// cancelled while parked is removed eagerly (Remove); a task that was handed something but cancelled before it ran
// gives it back (Abandon), so no stale entry and no leaked ownership stay behind.
/// <summary>
/// Something a coroutine waits on without a future: a lock, a queue, an event, a simulation resource or event. Its
/// <see cref="Yield"/> instructions come from the owning type (<c>yield return myLock.Acquire();</c>,
/// <c>yield return request;</c>). Only the engine's own types derive from it: its members are internal.
/// </summary>
public abstract class WaitSource : IWaitHolder
{
    private protected WaitSource()
    {
    }

    // Completes the wait now (return true; the source may hand the task a value) or records the waiter and returns
    // false. Called on the loop thread from the task's step; must not throw.
    internal abstract bool TryCompleteOrEnqueue(ParkedTask waiter);

    // The task stopped waiting before it was woken (cancelled, timed out): forget its entry.
    internal abstract void Remove(CoTask task);

    // The task was woken (handed a value or ownership) but cancelled before it resumed: take it back.
    internal virtual void Abandon(CoTask task)
    {
    }

    // The primitive this source belongs to (a lock, an event, a queue), for whole-loop saves; null for sources a save
    // does not know.
    internal virtual object? PersistOwner => null;

    // Cancelling a task parked here cancels nothing else, unless the source stands for work the task awaits.
    internal virtual bool CancelAwaited(CoTask task, bool immediate, string? message) => false;

    void IWaitHolder.Forget(CoTask task, bool woken)
    {
        if (woken)
        {
            Abandon(task);
        }
        else
        {
            Remove(task);
        }
    }

    // For live views and deadlock graphs (Engine/Observe): what this source is and which tasks hold it. Cold path.
    internal virtual void Describe(Observe.WaitDescription description) => description.Set(Observe.WaitKind.Other, this, ToString() ?? GetType().Name);

    bool IWaitHolder.CancelAwaited(CoTask task, bool immediate, string? message) => CancelAwaited(task, immediate, message);
}
