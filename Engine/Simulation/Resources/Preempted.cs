using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// The cause a process receives (<see cref="InterruptException.Cause"/>) when a <see cref="PreemptiveResource"/> takes its
/// resource away for a more important request (SimPy's <c>Preempted</c>): by whom, and since when it had used it.
/// </summary>
public sealed class Preempted
{
    internal Preempted(SimProcess? by, Request request, double usageSince, Resource resource)
    {
        By = by;
        Request = request;
        UsageSince = usageSince;
        Resource = resource;
    }

    /// <summary>The process whose request took the resource, or <see langword="null"/> if it was made outside a process.</summary>
    public SimProcess? By { get; }

    /// <summary>The preempted process's request, now in state <see cref="RequestState.Preempted"/>.</summary>
    public Request Request { get; }

    /// <summary>When the preempted request was granted.</summary>
    public double UsageSince { get; }

    /// <summary>The resource.</summary>
    public Resource Resource { get; }

    /// <inheritdoc/>
    public override string ToString() => "Preempted by " + (By?.Name ?? "a request outside any process") + " (in use since " +
        UsageSince.ToString("R", CultureInfo.InvariantCulture) + ")";
}
