using System;
using System.Globalization;

namespace Engine.IO;

// The one waiter of a socket direction (reader or writer): the task parked on it, the operation to retry on
// readiness, and the wait's deadline. It is the task's only registration: readiness and the deadline both wake the
// task through it (ParkedTask), so a socket wait with a timeout is one waiter, not two.
//
// The deadline lives in the loop's timer queue, lazily: a direction has at most one timer entry, aimed at this waiter
// (ITimerTarget), not at the task. A wait whose deadline is later than the pending entry's just records it; when the
// entry fires early it re-arms for the current deadline. A server that waits with a 30 s timeout 100,000 times a
// second thus keeps one timer entry per socket, not three million, and allocates nothing per wait.
internal sealed class IoWaiter : IWaitHolder, ITimerTarget
{
    private readonly IoDriver _driver;
    private ParkedTask _parked;
    private bool _hasWaiter;
    private bool _timerPending;
    private double _timerDue;
    private int _timerVersion;

    public IoWaiter(IoDriver driver, IoRegistration registration, IoEvents direction)
    {
        _driver = driver;
        Registration = registration;
        Direction = direction;
    }

    public IoRegistration Registration { get; }

    public IoEvents Direction { get; }

    public IoOperation? Operation { get; private set; }

    public double Deadline { get; private set; } = double.PositiveInfinity;

    public double TimeoutSeconds { get; private set; }

    public bool HasWaiter => _hasWaiter;

    public bool HasLiveWaiter => _hasWaiter && _parked.IsLive;

    public CoTask? Task => _hasWaiter ? _parked.Task : null;

    public ParkedTask Parked => _parked;

    public void Park(CoTask task, IoOperation? operation, double timeoutSeconds, EventLoop loop)
    {
        _parked = task.ParkOn(this);
        _hasWaiter = true;
        Operation = operation;
        TimeoutSeconds = timeoutSeconds;
        Deadline = double.IsPositiveInfinity(timeoutSeconds) ? double.PositiveInfinity : loop.Now + timeoutSeconds;
        if (!double.IsPositiveInfinity(Deadline) && !(_timerPending && _timerDue <= Deadline))
        {
            Arm(loop, Deadline);
        }
    }

    // Forgets the waiter (woken, timed out, cancelled or closed). Returns what it was.
    public ParkedTask Clear()
    {
        ParkedTask parked = _parked;
        if (_hasWaiter)
        {
            _hasWaiter = false;
            _parked = default;
            Operation = null;
            Deadline = double.PositiveInfinity;
            _driver.OnWaiterCleared();
        }

        return parked;
    }

    void IWaitHolder.Forget(CoTask task, bool woken)
    {
        if (_hasWaiter && ReferenceEquals(_parked.Task, task))
        {
            Clear();
        }
    }

    bool IWaitHolder.CancelAwaited(CoTask task, bool immediate, string? message) => false;

    void ITimerTarget.OnTimer(int version)
    {
        if (version != _timerVersion)
        {
            return; // superseded by an earlier deadline armed since
        }

        _timerPending = false;
        if (!HasLiveWaiter || double.IsPositiveInfinity(Deadline))
        {
            return;
        }

        EventLoop loop = _parked.Task.Loop;
        if (loop.Now < Deadline)
        {
            Arm(loop, Deadline);
            return;
        }

        string? verb = Operation?.Verb;
        double seconds = TimeoutSeconds;
        bool read = Direction == IoEvents.Read;
        ParkedTask parked = Clear();
        parked.Fail(
            new TimeoutException(
                "Task '" + parked.Task.Name + "' waited " + seconds.ToString("R", CultureInfo.InvariantCulture) + " s for a socket to become " +
                (read ? "readable" : "writable") + (verb is null ? string.Empty : " (to " + verb + ")") + " and timed out."),
            WakeCause.Timeout);
        _driver.ForgetIfIdle(Registration);
    }

    private void Arm(EventLoop loop, double due)
    {
        _timerPending = true;
        _timerDue = due;
        loop.AddTimer(due, this, ++_timerVersion);
    }
}
