using System;
using System.Globalization;

namespace Engine.Simulation;

// The event behind a Request handle: pooled per resource and reused once its request is released, its event processed
// and nothing refers to it any more (no waiter, never handed out as a SimEvent, never part of a condition). Its
// version changes with every reuse, so a Request handle kept past its release is detected instead of reading another
// request's state.
internal sealed partial class RequestEvent : SimEvent
{
    private Resource _resource;

    public RequestEvent(Resource resource)
        : base(resource.Environment)
    {
        _resource = resource;
    }

    public Resource Resource => _resource;

    public CoTask? Owner { get; private set; }

    public double Time { get; private set; }

    public double UsageSince { get; private set; }

    public int Priority { get; private set; }

    public bool Preempt { get; private set; }

    public RequestState RequestState { get; set; }

    public int Version { get; private set; }

    // Handed out as a SimEvent (a condition leg, a Contains check): never reused.
    public bool Escaped { get; set; }

    // Its handle released it (Dispose or Resource.Release).
    public bool Released { get; set; }

    public void Init(CoTask? owner, double time, int priority, bool preempt)
    {
        Owner = owner;
        Time = time;
        UsageSince = double.NaN;
        Priority = priority;
        Preempt = preempt;
        RequestState = RequestState.Waiting;
        Released = false;
    }

    public void Grant(double now)
    {
        UsageSince = now;
        RequestState = RequestState.Granted;
        Trigger(true, null);
    }

    // Back to the pool when nothing can see it any more.
    public bool CanRecycle => Released && !Escaped && RequestState != RequestState.Waiting && !HasCallbacks &&
        State != EventState.Triggered && !IsBeingProcessed;

    public void Recycle()
    {
        Version++;
        Owner = null;
        Released = false;
        ResetForReuse();
    }

    // SimPy's sort key (priority, time, not preempt): compared field by field.
    public int CompareKey(RequestEvent other)
    {
        int c = Priority.CompareTo(other.Priority);
        if (c != 0)
        {
            return c;
        }

        c = Time.CompareTo(other.Time);
        return c != 0 ? c : (Preempt ? 0 : 1).CompareTo(other.Preempt ? 0 : 1);
    }

    protected override string Describe() => "Request of " + (Owner?.Name ?? "no process") + " for " + _resource.Name +
        (Priority != 0 ? " (priority " + Priority.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);

    private protected override void WithdrawAsLoser()
    {
        if (RequestState == RequestState.Waiting)
        {
            _resource.Withdraw(this);
        }
    }

    private protected override Exception? CheckWaitable(CoTask task) =>
        RequestState is RequestState.Cancelled ? new InvalidOperationException(this + " was cancelled before it was granted; it will never be granted.") : null;

    private protected override void OnProcessed() => _resource.TryRecycle(this);
}
