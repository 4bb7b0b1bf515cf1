using System;

namespace Engine;

// A task parked on one waiter: the task and the wait version it parked with. It is the only way anything wakes
// a task: timer and frame-wait entries, a future's waiter list, the wait lists of locks, queues and events,
// predicate polls and socket waiters all hold one and call Wake or Fail on it.
//
// Design: a task's wait version changes whenever it stops waiting (woken, cancelled, interrupted, finished),
// so a registration left behind somewhere (a timer entry of a cancelled wait, a poll whose task moved on) is
// simply dead: Wake returns false and nothing happens. That makes removal lazy where scanning would cost
// (timer buckets) and safe where it is eager (wait lists): a stale registration can never wake the wrong wait.
internal readonly struct ParkedTask : IEquatable<ParkedTask>
{
    public readonly CoTask Task;
    public readonly int Version;

    public ParkedTask(CoTask task, int version)
    {
        Task = task;
        Version = version;
    }

    // True while the task still waits with this registration.
    public bool IsLive => Task.IsParkedWith(Version);

    // Resumes the task on its loop's ready queue. False if the registration is dead.
    public bool Wake(WakeCause cause)
    {
        if (!Task.ClaimWake(Version))
        {
            return false;
        }

        Task.Requeue(cause);
        return true;
    }

    // Resumes the task and hands it a value for Co.Result<T>() (value types travel unboxed).
    public bool Wake<T>(T value, WakeCause cause)
    {
        if (!Task.ClaimWake(Version))
        {
            return false;
        }

        Task.ReceiveValue(value);
        Task.Requeue(cause);
        return true;
    }

    // Resumes the task by raising error at its wait (or handing it as the outcome of a catching wait).
    public bool Fail(Exception error, WakeCause cause)
    {
        if (!Task.ClaimWake(Version))
        {
            return false;
        }

        Task.ReceiveFailure(error);
        Task.Requeue(cause);
        return true;
    }

    // Resumes the task with the outcome of the future it awaited.
    public bool Deliver(Future future)
    {
        if (!Task.ClaimWake(Version))
        {
            return false;
        }

        future.HandOutcomeTo(Task);
        Task.Requeue(WakeCause.Future);
        return true;
    }

    public bool Equals(ParkedTask other) => ReferenceEquals(Task, other.Task) && Version == other.Version;

    public override bool Equals(object? obj) => obj is ParkedTask other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(Task, Version);
}
