namespace Engine;

// Something that holds a parked task's registration and can let it go early: a future (its waiter list), a
// wait source (a lock's, queue's or event's wait list), a socket direction. Timer entries and predicate polls
// need no holder: their registrations die with the task's wait version.
internal interface IWaitHolder
{
    // The task stops waiting before it resumes (cancelled, interrupted, killed). woken: this holder had already
    // woken it, and may have handed it a value or ownership that it must take back.
    void Forget(CoTask task, bool woken);

    // The task is being cancelled while it waits here. A holder that stands for work the task awaits (a future or
    // task, a gather, a task group's children) cancels that work (at once when immediate) and returns true: it
    // wakes the task once the work has finished, with the work's outcome. Returns false when there is nothing to
    // cancel; the task then forgets this holder and finishes at once.
    bool CancelAwaited(CoTask task, bool immediate, string? message);
}
