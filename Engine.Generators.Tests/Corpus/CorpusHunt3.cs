using System;
using System.Collections.Generic;

namespace Engine.Generators.Tests.Corpus;

// The session-20 differential hunt, part 3: dynamic locals, tuples of more than seven elements, enumerators whose
// Dispose throws (while disposing at a suspension point, beside finally blocks), and contextual keywords as names.
public static partial class Corpus
{
    [Coroutine]
    public static IEnumerator<Yield> DynamicLocals(int n)
    {
        dynamic d = n;
        yield return F((int)d);
        d += 2;
        d = d * 3;
        yield return F((int)d);
        dynamic text = "t" + d;
        L(text.Length);
        yield return Yield.Return(text);
    }

    [Coroutine]
    public static IEnumerator<Yield> WideTuples(int n)
    {
        var wide = (n, 1, 2, 3, 4, 5, 6, 7, 8, "nine");
        yield return F(wide.Item1 + wide.Item8);
        wide.Item9 += n;
        (int a, int b, int c, int d, int e, int f, int g, int h) named = (1, 2, 3, 4, 5, 6, 7, n);
        yield return F(named.h + wide.Item9);
        var (p, q, r, s, t, u, v, w) = named;
        yield return F(p + w);
        L(wide + " " + named + " " + (p, q, r, s, t, u, v, w));
    }

    [Coroutine]
    public static IEnumerator<Yield> EnumeratorDisposeThrows(int n)
    {
        try
        {
            foreach (int x in new ThrowingRange(3, throwOnDispose: n % 2 == 0))
            {
                try
                {
                    yield return F(x);
                    if (x == n)
                    {
                        break;
                    }
                }
                finally
                {
                    L("inner " + x);
                }
            }

            L("after loop");
            yield return F(10);
        }
        finally
        {
            L("outer");
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ContextualKeywordsAsNames(int n)
    {
        int var = n;
        int value = 2;
        int await = 3;
        int async = 4;
        int record = 5;
        int nameof = 6;
        int global = 7;
        int @this = 8;
        int @class = 9;
        int _ = 10;
        int dynamic = 11;
        yield return F(var + value + await);
        L(async + record + nameof + global + @this + @class + _ + dynamic);
        _ = 20;
        yield return F(_ + var);
        var (left, right) = (var, value);
        yield return F(left + right);
    }
}

/// <summary>An enumerable whose class enumerator may throw from Dispose.</summary>
public sealed class ThrowingRange : IEnumerable<int>
{
    private readonly int _count;
    private readonly bool _throwOnDispose;

    public ThrowingRange(int count, bool throwOnDispose)
    {
        _count = count;
        _throwOnDispose = throwOnDispose;
    }

    public IEnumerator<int> GetEnumerator() => new Enumerator(_count, _throwOnDispose);

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<int>
    {
        private readonly int _count;
        private readonly bool _throwOnDispose;

        public Enumerator(int count, bool throwOnDispose)
        {
            _count = count;
            _throwOnDispose = throwOnDispose;
            Current = -1;
        }

        public int Current { get; private set; }

        object System.Collections.IEnumerator.Current => Current;

        public bool MoveNext() => ++Current < _count;

        public void Reset() => throw new NotSupportedException();

        public void Dispose()
        {
            CorpusLog.Entries.Add("range dispose at " + Current);
            if (_throwOnDispose)
            {
                throw new InvalidOperationException("range dispose " + Current);
            }
        }
    }
}
