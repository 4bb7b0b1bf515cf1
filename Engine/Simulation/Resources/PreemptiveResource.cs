namespace Engine.Simulation;

/// <summary>
/// A <see cref="PriorityResource"/> where an important request takes a unit away from a less important user (SimPy's
/// <c>PreemptiveResource</c>): when no unit is free and a preempting request outranks the least important user, that
/// user loses the unit and its process is interrupted with a <see cref="Preempted"/> cause (by whom, since when).
/// </summary>
/// <remarks>"Less important" is SimPy's key order (priority, then request time, then preempting before non-preempting);
/// among equal keys the user granted last is preempted. The preempted request's state becomes
/// <see cref="RequestState.Preempted"/>; releasing it afterwards (its <c>using</c> block ending) changes nothing.</remarks>
public sealed class PreemptiveResource : PriorityResource
{
    /// <summary>Creates a preemptive resource.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The number of units; at least 1.</param>
    /// <param name="name">A name for messages and reports.</param>
    public PreemptiveResource(SimEnvironment env, int capacity = 1, string? name = null)
        : base(env, capacity, name)
    {
    }

    private protected override void DoPut(RequestEvent request)
    {
        if (Count >= Capacity && request.Preempt)
        {
            RequestEvent? victim = null;
            foreach (RequestEvent user in UserEvents)
            {
                if (victim is null || user.CompareKey(victim) >= 0)
                {
                    victim = user;
                }
            }

            if (victim is not null && victim.CompareKey(request) > 0)
            {
                RemoveUser(victim);
                victim.RequestState = RequestState.Preempted;
                if (victim.Owner is { IsDone: false } owner)
                {
                    SimProcess? by = request.Owner is { } o ? new SimProcess(Environment, o) : null;
                    Environment.Interrupt(new SimProcess(Environment, owner), new Preempted(by, new Request(victim), victim.UsageSince, this));
                }
            }
        }

        base.DoPut(request);
    }
}
