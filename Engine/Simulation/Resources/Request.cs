using System;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// A request for one unit of a <see cref="Resource"/> (SimPy's <c>Request</c>): an event that happens when the unit is
/// granted. Wait for it, and release it when done, with <c>using</c>:
/// <code>using (Request req = counter.Request()) { yield return req; ... }</code>
/// A request can be cancelled (reneging) with <see cref="Cancel"/>, and combined with a timeout in an any-of; disposing
/// a request that was never granted cancels it.
/// </summary>
/// <remarks>Releasing it (<see cref="Dispose"/>, <see cref="Resource.Release(Request)"/>) is allowed only to the process
/// that made it, or to code outside any process. Under <see cref="EventOrder.SimPy"/> a release, like SimPy's, serves the
/// next waiting request when its turn in the event queue comes.</remarks>
public class Request : SimEvent, IDisposable
{
    private readonly Resource _resource;
    private readonly CoTask? _owner;
    private readonly SimProcess? _process;
    private readonly double _time;
    private double _usageSince = double.NaN;
    private RequestState _requestState;

    internal Request(Resource resource, int priority, bool preempt)
        : base(resource.Environment)
    {
        _resource = resource;
        EventLoop loop = resource.Environment.Loop;
        _owner = loop.CurrentTask;
        _process = _owner?.Outermost as SimProcess;
        _time = loop.Time;
        Priority = priority;
        Preempt = preempt;
    }

    /// <summary>The resource.</summary>
    public Resource Resource => _resource;

    /// <summary>The process that made the request (SimPy's <c>proc</c>), or <see langword="null"/> outside any process.</summary>
    public SimProcess? Process => _process;

    /// <summary>Waiting, granted, released, cancelled or preempted.</summary>
    public RequestState RequestState => _requestState;

    /// <summary>The simulated time the request was made.</summary>
    public double Time => _time;

    /// <summary>When the request was granted (SimPy's <c>usage_since</c>); <see cref="double.NaN"/> before.</summary>
    public double UsageSince => _usageSince;

    /// <summary>The priority: lower numbers go first on a <see cref="PriorityResource"/>; 0 on a plain resource.</summary>
    public int Priority { get; }

    /// <summary>Whether this request may preempt a less important user of a <see cref="PreemptiveResource"/>.</summary>
    public bool Preempt { get; }

    internal CoTask? Owner => _owner;

    /// <summary>Withdraws the request if it is still waiting (SimPy's <c>cancel</c>); does nothing once granted. A process
    /// that waits for a cancelled request fails with <see cref="InvalidOperationException"/>.</summary>
    public void Cancel()
    {
        if (_requestState == RequestState.Waiting)
        {
            _resource.Withdraw(this);
        }
    }

    /// <summary>Releases the request: gives its unit back if granted, withdraws it if still waiting. What <c>using</c>
    /// calls; see <see cref="Resource.Release(Request)"/>.</summary>
    /// <exception cref="InvalidOperationException">Another process made the request.</exception>
    public void Dispose() => _resource.Release(this);

    /// <inheritdoc/>
    protected override string Describe() => "Request of " + (_process?.Name ?? "no process") + " for " + _resource.Name +
        (Priority != 0 ? " (priority " + Priority.ToString(CultureInfo.InvariantCulture) + ")" : string.Empty);

    internal void SetState(RequestState state) => _requestState = state;

    internal void Grant(double now)
    {
        _usageSince = now;
        _requestState = RequestState.Granted;
        Trigger(true, null);
    }

    // SimPy's sort key (priority, time, not preempt): compared field by field.
    internal int CompareKey(Request other)
    {
        int c = Priority.CompareTo(other.Priority);
        if (c != 0)
        {
            return c;
        }

        c = _time.CompareTo(other._time);
        return c != 0 ? c : (Preempt ? 0 : 1).CompareTo(other.Preempt ? 0 : 1);
    }

    private protected override void WithdrawAsLoser() => Cancel();

    private protected override Exception? CheckWaitable(CoTask task) =>
        _requestState is RequestState.Cancelled ? new InvalidOperationException(this + " was cancelled before it was granted; it will never be granted.") : null;
}
