using System;

namespace Engine.Machines;

/// <summary>
/// Where a generated coroutine machine is suspended: one <c>yield return</c> in its source.
/// </summary>
/// <remarks>
/// Design: a readonly struct of references into static tables of the generated machine, so reading the current site
/// allocates nothing. <see cref="Id"/> is the 1-based ordinal of the <c>yield return</c> in the method body, stable
/// for as long as the method's yields are not reordered; it is also the machine's state number while suspended there.
/// </remarks>
public readonly struct CoroutineSite : IEquatable<CoroutineSite>
{
    /// <summary>Creates a site.</summary>
    /// <param name="file">The source file path.</param>
    /// <param name="line">The 1-based line of the <c>yield return</c>.</param>
    /// <param name="member">The coroutine's full name, such as <c>Game.Npc.Walk</c>.</param>
    /// <param name="id">The 1-based ordinal of the <c>yield return</c> in the method.</param>
    public CoroutineSite(string file, int line, string member, int id)
    {
        File = file;
        Line = line;
        Member = member;
        Id = id;
    }

    /// <summary>The source file path, as the compiler saw it.</summary>
    public string File { get; }

    /// <summary>The 1-based line of the <c>yield return</c>; 0 when the machine is not suspended at a yield.</summary>
    public int Line { get; }

    /// <summary>The coroutine's full name, such as <c>Game.Npc.Walk</c>.</summary>
    public string Member { get; }

    /// <summary>The stable site id: the 1-based ordinal of the <c>yield return</c> in the method; 0 before the start and after the end.</summary>
    public int Id { get; }

    /// <summary>Whether this is a real suspension point (<see cref="Id"/> is not 0).</summary>
    public bool IsSuspended => Id != 0;

    /// <inheritdoc/>
    public bool Equals(CoroutineSite other) => Id == other.Id && Line == other.Line && string.Equals(Member, other.Member, StringComparison.Ordinal) && string.Equals(File, other.File, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is CoroutineSite other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Member, Id);

    /// <summary>Compares two sites for equality.</summary>
    public static bool operator ==(CoroutineSite left, CoroutineSite right) => left.Equals(right);

    /// <summary>Compares two sites for inequality.</summary>
    public static bool operator !=(CoroutineSite left, CoroutineSite right) => !left.Equals(right);

    /// <summary>A description such as <c>Game.Npc.Walk#2 (Npc.cs:14)</c>.</summary>
    public override string ToString() => Id == 0 ? (Member ?? "?") + " (not suspended)" : Member + "#" + Id + " (" + System.IO.Path.GetFileName(File) + ":" + Line + ")";
}
