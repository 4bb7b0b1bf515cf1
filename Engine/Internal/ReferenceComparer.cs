using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Engine;

// Object identity as an equality comparer (netstandard2.1 has no ReferenceEqualityComparer), for cold-path sets of
// coroutines and futures.
internal sealed class ReferenceComparer : IEqualityComparer<object>
{
    public static readonly ReferenceComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
