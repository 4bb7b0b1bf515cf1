namespace Engine.Simulation;

/// <summary>Where a <see cref="Request"/> is.</summary>
public enum RequestState : byte
{
    /// <summary>Waiting in the resource's queue.</summary>
    Waiting = 0,

    /// <summary>Granted: the requester is one of the resource's users.</summary>
    Granted,

    /// <summary>Released by its requester after being granted.</summary>
    Released,

    /// <summary>Withdrawn before it was granted: cancelled, released while waiting, or a loser of an any-of.</summary>
    Cancelled,

    /// <summary>Taken away by a more important request of a <see cref="PreemptiveResource"/>.</summary>
    Preempted,
}
