using System;
using System.Collections.Generic;

namespace Engine.Observe;

/// <summary>Something tasks wait on in a <see cref="LoopView"/>: a lock, queue, event, future or task, with who holds
/// it and who waits. Plain data: the objects themselves are referred to by <see cref="Id"/> only.</summary>
public sealed class ResourceView
{
    /// <summary>Creates a resource view.</summary>
    /// <param name="id">Its number in this view (1, 2, 3...), in the order first met.</param>
    /// <param name="kind">What kind of wait it stands for.</param>
    /// <param name="description">A readable description, such as <c>CoLock [held by 'fork-2', 1 waiting]</c>.</param>
    /// <param name="heldBy">The ids of the tasks that hold it or whose progress it awaits.</param>
    /// <param name="waiters">The ids of the tasks waiting on it.</param>
    public ResourceView(int id, WaitKind kind, string description, IReadOnlyList<long> heldBy, IReadOnlyList<long> waiters)
    {
        Id = id;
        Kind = kind;
        Description = description;
        HeldBy = heldBy ?? Array.Empty<long>();
        Waiters = waiters ?? Array.Empty<long>();
    }

    /// <summary>Its number in this view (1, 2, 3...).</summary>
    public int Id { get; }

    /// <summary>What kind of wait it stands for.</summary>
    public WaitKind Kind { get; }

    /// <summary>A readable description.</summary>
    public string Description { get; }

    /// <summary>The ids of the tasks that hold it (a lock's owner) or whose progress it awaits (an awaited task).</summary>
    public IReadOnlyList<long> HeldBy { get; }

    /// <summary>The ids of the tasks waiting on it, in the order they started waiting.</summary>
    public IReadOnlyList<long> Waiters { get; }

    /// <inheritdoc/>
    public override string ToString() => "#" + Id + " " + Description;
}
