using System;
using System.Diagnostics.CodeAnalysis;

namespace Engine.Simulation;

/// <summary>
/// A request for one unit of a <see cref="Resource"/> (SimPy's <c>Request</c>): an event that happens when the unit is
/// granted. Wait for it, and release it when done, with <c>using</c>:
/// <code>using (Request req = counter.Request()) { yield return req; ... }</code>
/// A request can be cancelled (reneging) with <see cref="Cancel"/> and combined with a timeout in an any-of
/// (<c>req | env.Timeout(5)</c>); disposing a request that was never granted cancels it.
/// </summary>
/// <remarks>
/// <para>Releasing it (<see cref="Dispose"/>, <see cref="Resource.Release(Request)"/>) is allowed only to the process that
/// made it, or to code outside any process. Under <see cref="EventOrder.SimPy"/> a release, like SimPy's, serves the next
/// waiting request when its turn in the event queue comes.</para>
/// <para>Design: a request is a handle (an object and a version) to a pooled event, so requesting and releasing allocates
/// nothing in steady state. Once released, the handle is spent: reading it throws <see cref="ObjectDisposedException"/>,
/// and releasing it again does nothing. A request handed out as a <see cref="SimEvent"/> (<see cref="AsEvent"/>, a
/// condition) is never reused, so that event stays valid.</para>
/// </remarks>
public readonly partial struct Request : IDisposable, IEquatable<Request>
{
    private readonly RequestEvent? _event;
    private readonly int _version;

    internal Request(RequestEvent requestEvent)
    {
        _event = requestEvent;
        _version = requestEvent.Version;
    }

    /// <summary>The resource.</summary>
    public Resource Resource => Live.Resource;

    /// <summary>The process that made the request (SimPy's <c>proc</c>), or <see langword="null"/> outside any process.</summary>
    public SimProcess? Process => Live.Owner is { } owner ? new SimProcess(Live.Resource.Environment, owner) : null;

    /// <summary>Waiting, granted, released, cancelled or preempted.</summary>
    public RequestState State => Live.RequestState;

    /// <summary><see langword="true"/> once the request was granted (its event triggered), even if not processed yet.</summary>
    public bool IsTriggered => Live.IsTriggered;

    /// <summary>The simulated time the request was made.</summary>
    public double Time => Live.Time;

    /// <summary>When the request was granted (SimPy's <c>usage_since</c>); <see cref="double.NaN"/> before.</summary>
    public double UsageSince => Live.UsageSince;

    /// <summary>The priority: lower numbers go first on a <see cref="PriorityResource"/>; 0 on a plain resource.</summary>
    public int Priority => Live.Priority;

    /// <summary>Whether this request may preempt a less important user of a <see cref="PreemptiveResource"/>.</summary>
    public bool Preempt => Live.Preempt;

    /// <summary><see langword="true"/> once this handle was released (or is <c>default</c>): its other members then throw.</summary>
    public bool IsSpent => _event is null || _event.Version != _version || _event.Released;

    internal RequestEvent Event => Live;

    private RequestEvent Live
    {
        get
        {
            RequestEvent? e = _event;
            if (e is null || e.Version != _version)
            {
                ThrowSpent();
            }

            return e;
        }
    }

    /// <summary>Waits for the unit: <c>yield return req;</c>.</summary>
    /// <param name="request">The request.</param>
    /// <exception cref="ObjectDisposedException">The request was already released.</exception>
    public static implicit operator Yield(Request request) => request.Live.ToYield();

    /// <summary>The request's event, for conditions (<c>env.AnyOf(req, timeout)</c>) and for
    /// <see cref="ConditionValue.Contains(SimEvent)"/>.</summary>
    /// <param name="request">The request.</param>
    public static implicit operator SimEvent(Request request) => request.AsEvent();

    /// <summary>An any-of condition over the request and another event (SimPy's <c>req | other</c>).</summary>
    /// <param name="left">The request.</param>
    /// <param name="right">The other event.</param>
    /// <returns>The condition.</returns>
    public static Condition operator |(Request left, SimEvent right) => left.AsEvent() | right;

    /// <summary>An all-of condition over the request and another event (SimPy's <c>req &amp; other</c>).</summary>
    /// <param name="left">The request.</param>
    /// <param name="right">The other event.</param>
    /// <returns>The condition.</returns>
    public static Condition operator &(Request left, SimEvent right) => left.AsEvent() & right;

    /// <summary>Compares two handles.</summary>
    public static bool operator ==(Request left, Request right) => left.Equals(right);

    /// <summary>Compares two handles.</summary>
    public static bool operator !=(Request left, Request right) => !left.Equals(right);

    /// <summary>The request as a <see cref="SimEvent"/>: the same object on every call, and valid after the release (the
    /// request is then not reused).</summary>
    /// <returns>The event.</returns>
    public SimEvent AsEvent()
    {
        RequestEvent e = Live;
        e.Escaped = true;
        return e;
    }

    /// <summary>Withdraws the request if it is still waiting (SimPy's <c>cancel</c>); does nothing once granted. A process
    /// that waits for a cancelled request fails with <see cref="InvalidOperationException"/>.</summary>
    public void Cancel()
    {
        RequestEvent e = Live;
        if (e.RequestState == RequestState.Waiting)
        {
            e.Resource.Withdraw(e);
        }
    }

    /// <summary>Releases the request: gives its unit back if granted, withdraws it if still waiting; nothing more once
    /// released. What <c>using</c> calls; see <see cref="Resource.Release(Request)"/>.</summary>
    /// <exception cref="InvalidOperationException">Another process made the request.</exception>
    public void Dispose()
    {
        if (!IsSpent)
        {
            _event!.Resource.ReleaseLive(_event);
        }
    }

    /// <inheritdoc/>
    public bool Equals(Request other) => ReferenceEquals(_event, other._event) && _version == other._version;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Request other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_event, _version);

    /// <inheritdoc/>
    public override string ToString() => IsSpent ? "Request (released)" : _event!.ToString();

    [DoesNotReturn]
    private static void ThrowSpent() => throw new ObjectDisposedException(nameof(Request),
        "This request was released and its object has been reused for another request. Use a Request only inside its using block; keep " +
        "AsEvent() if you need the event afterwards.");
}
