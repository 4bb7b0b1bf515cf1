namespace Engine;

// Something a task can park on without a Future: a lock, a queue's getters, an event...
//
// Design: the task yields Yield(Wait, source); its trampoline calls TryCompleteOrEnqueue with the task and
// its new wait version. The source either completes the wait at once (the task keeps running in the same
// step) or records (task, version) in its own FIFO and later wakes it with CoTask.WakeFromSource, possibly
// handing it a value or ownership. Nothing is allocated per wait: the FIFO is a reusable ring buffer and a
// value travels in the task's reusable typed box. A task cancelled while parked is removed eagerly
// (Remove); a task that was handed something but cancelled before it ran gives it back (Abandon), so no
// stale entry and no leaked ownership stay behind.
internal abstract class WaitSource
{
    // Completes the wait now (return true; the source may set the task's received value) or records the
    // waiter and returns false. Called on the loop thread from the task's step; must not throw.
    internal abstract bool TryCompleteOrEnqueue(CoTask task, int version);

    // The task stopped waiting before it was woken (cancelled, timed out): forget its entry.
    internal abstract void Remove(CoTask task);

    // The task was woken (handed a value or ownership) but cancelled before it resumed: take it back.
    internal virtual void Abandon(CoTask task)
    {
    }
}
