using System;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// A range of replication seeds, <see cref="First"/> to <see cref="First"/> + <see cref="Count"/> − 1: the unit of work a
/// batch system hands to one machine. Splitting a study into ranges and merging their results
/// (<see cref="ReplicationSet.Merge(ReplicationSet[])"/>) gives exactly the results of one run over the whole range.
/// </summary>
public readonly struct SeedRange : IEquatable<SeedRange>
{
    /// <summary>Creates a range.</summary>
    /// <param name="first">The first seed.</param>
    /// <param name="count">The number of seeds; at least 1.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is below 1, or the range passes the largest seed.</exception>
    public SeedRange(ulong first, int count)
    {
        if (count < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(count), count, "A seed range needs at least one seed.");
        }

        if (first > ulong.MaxValue - (ulong)(count - 1))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(first), first, "The seed range passes the largest 64-bit seed.");
        }

        First = first;
        Count = count;
    }

    /// <summary>The first seed.</summary>
    public ulong First { get; }

    /// <summary>The number of seeds.</summary>
    public int Count { get; }

    /// <summary>The i-th seed of the range.</summary>
    /// <param name="index">0 to <see cref="Count"/> − 1.</param>
    public ulong this[int index] => First + (ulong)index;

    /// <summary>Parses <c>FIRST..LAST</c> (both included), as a batch job's command line might give it.</summary>
    /// <param name="text">For example <c>1..1000</c>.</param>
    /// <returns>The range.</returns>
    /// <exception cref="FormatException">The text is not two numbers separated by <c>..</c>, or LAST is below FIRST.</exception>
    public static SeedRange Parse(string text)
    {
        if (text is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(text));
        }

        int dots = text.IndexOf("..", StringComparison.Ordinal);
        if (dots <= 0 || !ulong.TryParse(text.Substring(0, dots), NumberStyles.None, CultureInfo.InvariantCulture, out ulong first) ||
            !ulong.TryParse(text.Substring(dots + 2), NumberStyles.None, CultureInfo.InvariantCulture, out ulong last) || last < first ||
            last - first >= int.MaxValue)
        {
            throw new FormatException("A seed range is written FIRST..LAST with LAST >= FIRST, such as 1..1000; got '" + text + "'.");
        }

        return new SeedRange(first, (int)(last - first + 1));
    }

    /// <summary>Compares two ranges.</summary>
    public static bool operator ==(SeedRange left, SeedRange right) => left.Equals(right);

    /// <summary>Compares two ranges.</summary>
    public static bool operator !=(SeedRange left, SeedRange right) => !left.Equals(right);

    /// <inheritdoc/>
    public bool Equals(SeedRange other) => First == other.First && Count == other.Count;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is SeedRange other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(First, Count);

    /// <summary>The range as <c>FIRST..LAST</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => First.ToString(CultureInfo.InvariantCulture) + ".." + (First + (ulong)(Count - 1)).ToString(CultureInfo.InvariantCulture);
}
