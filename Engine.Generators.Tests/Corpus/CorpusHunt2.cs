using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

// The session-20 differential hunt, part 2: literals spanning lines, foreach over duck-typed and non-generic
// enumerators, tuples and deconstruction, checked/unchecked and lock around code without a yield, interpolation,
// patterns (not/or/and, property, list), records and 'with', target-typed new, ?. and ??=, struct fields changed in
// place, exception filters, static lambdas, default and params parameters, nullable annotations, nameof, and names
// that look like the generator's own.
public static partial class Corpus
{
    // ---- literals that span lines: their text must not change when the code is indented or moved

    [Coroutine]
    public static IEnumerator<Yield> MultiLineVerbatimStrings(int n)
    {
        string block = @"first
    indented
        more";
        yield return F(block.Length);
        try
        {
            string inner = $@"n={n}
    x {block.Length}
  end";
            L(inner);
            yield return F(inner.Length);
            L(@"a
    b" + n);
        }
        finally
        {
            L(@"finally
    line");
        }

        L(block);
    }

    // ---- foreach

    [Coroutine]
    public static IEnumerator<Yield> ForeachDuckTypedStructEnumerators(int n)
    {
        foreach (int x in new DuckRange(n, disposable: true))
        {
            yield return F(x);
        }

        foreach (int x in new DuckRange(n + 1, disposable: false))
        {
            if (x == 2)
            {
                break;
            }

            yield return F(x + 10);
        }

        foreach (int x in new DuckRange(3, disposable: true))
        {
            yield return F(x + 20);
            if (x == n)
            {
                yield break;
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachTuplesAndDeconstruction(int n)
    {
        var pairs = new List<(int Id, string Name)>();
        for (int i = 0; i < n; i++)
        {
            pairs.Add((i, "n" + i));
        }

        foreach ((int id, string name) in pairs)
        {
            yield return F(id);
            L(name + id);
        }

        foreach (var (id, name) in pairs.ToArray())
        {
            L("arr " + name);
            yield return F(id + 5);
        }

        var table = new Dictionary<string, int> { ["a"] = n, ["b"] = n * 2 };
        foreach (var (key, value) in table)
        {
            yield return F(value);
            L(key + "=" + value);
        }

        foreach (KeyValuePair<string, int> entry in table)
        {
            yield return F(entry.Value + 1);
        }

        foreach (var pair in pairs)
        {
            var (id, name) = pair;
            yield return F(pair.Id + id);
            L(name);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachNonGenericAndConversions(int n)
    {
        IEnumerable items = new ArrayList { n, n + 1, "s" };
        foreach (object item in items)
        {
            yield return F(item is int i ? i : -1);
        }

        long[] longs = { 1L, 2L, n };
        foreach (int small in longs)
        {
            yield return F(small);
        }

        foreach (double d in new[] { n, 2 })
        {
            L(d / 2);
            yield return Yield.NextTick;
        }

        int[,] grid = { { 1, 2 }, { 3, n } };
        foreach (int cell in grid)
        {
            yield return F(cell);
        }

        (int, string)[,] pairs = { { (1, "a"), (2, "b") }, { (n, "c"), (4, "d") } };
        foreach (var (number, text) in pairs)
        {
            yield return F(number);
            L(text);
        }

        foreach (char c in "ab" + n)
        {
            yield return F(c);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedForeachSameArray(int[] xs)
    {
        foreach (int a in xs)
        {
            foreach (int b in xs)
            {
                if (b > a)
                {
                    continue;
                }

                yield return F(a * 10 + b);
            }
        }
    }

    // ---- checked/unchecked and lock around code without a yield, inside flattened code

    [Coroutine]
    public static IEnumerator<Yield> CheckedAndLockWithoutYield(int n)
    {
        object gate = new object();
        int big = int.MaxValue - 1 + n % 2;
        for (int i = 0; i < 3; i++)
        {
            unchecked
            {
                big += 1;
            }

            yield return F(big % 7);
            try
            {
                checked
                {
                    big += n;
                }
            }
            catch (OverflowException)
            {
                L("overflow " + i);
            }

            lock (gate)
            {
                if (i == n)
                {
                    L("break in lock");
                    break;
                }

                if (i % 2 == 1)
                {
                    continue;
                }

                L("locked " + i + " " + System.Threading.Monitor.IsEntered(gate));
            }

            L("unlocked " + System.Threading.Monitor.IsEntered(gate));
            yield return Yield.Return(checked((long)big * 2));
        }
    }

    // ---- interpolation with hoisted locals

    [Coroutine]
    public static IEnumerator<Yield> InterpolationOfHoistedLocals(int n)
    {
        double ratio = n / 4.0;
        string name = "w" + n;
        int count = n;
        yield return F(count);
        L($"{name,-6}|{ratio:F2}|{count,4:D3}|{{braces}}|{(count > 1 ? "many" : "few")}");
        count += 3;
        yield return F(count);
        L($"{name}{count}" + $@"{ratio:0.0}\path");
        var nested = $"outer {$"inner {name}"} {count}";
        yield return Yield.Return(nested);
    }

    // ---- patterns

    [Coroutine]
    public static IEnumerator<Yield> PatternsNotOrAndListProperty(int n)
    {
        object o = Boxed(n);
        int[] values = Enumerable.Range(0, n).ToArray();
        if (o is int v and > 1 and not 4)
        {
            yield return F(v);
            L("int " + v);
        }
        else if (o is string { Length: > 1 } s && s is not "s0")
        {
            yield return F(s.Length);
            L("string " + s);
        }

        if (values is [var first, .., var last])
        {
            yield return F(first + last);
            L("ends " + first + " " + last);
        }
        else if (values is [var only])
        {
            yield return F(only + 30);
        }
        else if (values is [])
        {
            L("empty");
        }

        if (values is [_, .. var rest] && rest.Length > 0)
        {
            yield return F(rest.Length);
            L(string.Join(",", rest));
        }

        var point = new PointRecord(n, n * 2);
        if (point is { X: var px, Y: > 3 and var py })
        {
            yield return F(px + py);
            L("point " + px + " " + py);
        }

        yield return o is int or string ? Yield.Frames(1) : Yield.NextTick;
    }

    // ---- records, with, target-typed new, ?., ??=, struct fields changed in place

    [Coroutine]
    public static IEnumerator<Yield> RecordsWithAndTargetTypedNew(int n)
    {
        PointRecord p = new(n, 1);
        yield return F(p.X);
        PointRecord q = p with { Y = n + 5 };
        yield return F(q.Y);
        L(p + " " + q + " " + (p == q));
        List<PointRecord> list = new() { p, q };
        Res? maybe = null;
        yield return F(list.Count + (maybe?.ToString()?.Length ?? 0));
        maybe ??= new Res("late");
        string? text = null;
        text ??= "t" + n;
        text += "!";
        yield return F(text.Length + (maybe?.GetHashCode() > 0 ? 1 : 0));
        L(text);
    }

    [Coroutine]
    public static IEnumerator<Yield> StructFieldsChangedInPlace(int n)
    {
        MutablePoint m = default;
        m.X += n;
        m.Y = 2;
        yield return F(m.X);
        m.Move(3);
        Bump(ref m.Y);
        Bump(ref m);
        yield return F(m.X + m.Y);
        m.X *= 2;
        m.Y <<= 1;
        m.X++;
        ++m.Y;
        MutablePoint[] grid = { m, m };
        grid[0].Move(1);
        yield return F(grid[0].X + grid[1].X);
        (m.X, m.Y) = (m.Y, m.X);
        L(m.X + "," + m.Y);
        var counters = new MutablePoint[] { default };
        for (int i = 0; i < n; i++)
        {
            counters[0].X += i;
            yield return F(counters[0].X);
        }
    }

    private static void Bump(ref int value) => value += 100;

    private static void Bump(ref MutablePoint point) => point.X += 1000;

    // ---- exception filters around code without a yield

    [Coroutine]
    public static IEnumerator<Yield> CatchWhenAroundYieldFreeCode(int n)
    {
        for (int i = 0; i < 4; i++)
        {
            int code = 0;
            try
            {
                if ((i + n) % 3 == 0)
                {
                    throw new InvalidOperationException("op " + i);
                }

                code = int.Parse(i % 2 == 0 ? "x" : "7");
            }
            catch (InvalidOperationException e) when (e.Message.EndsWith("1", StringComparison.Ordinal) || Note("filter " + i))
            {
                code = -1;
                L("caught " + e.Message);
                if (i == n)
                {
                    continue;
                }
            }
            catch (FormatException) when (i > n)
            {
                code = -2;
            }
            catch (FormatException)
            {
                code = -3;
                L("format " + i);
            }
            finally
            {
                L("finally " + i + " " + code);
            }

            yield return F(code + 10);
        }
    }

    private static bool Note(string text)
    {
        L(text);
        return text.Length % 2 == 0;
    }

    // ---- lambdas: static lambdas, captures of loop variables in nested loops, a lambda invoked at once

    [Coroutine]
    public static IEnumerator<Yield> LambdasInNestedLoops(int n)
    {
        var functions = new List<Func<int>>();
        Func<int, int> square = static x => x * x;
        for (int i = 0; i < n; i++)
        {
            foreach (int j in new[] { 1, 2 })
            {
                int k = i * 10 + j;
                functions.Add(() => k + i * 1000);
                functions.Add(() => square(j));
                yield return F(((Func<int>)(() => k + 1))());
            }
        }

        LogEach(functions, "l=");
    }

    // ---- local functions that capture loop variables and are only ever called directly

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionsCaptureLoopVariablesCalledDirectly(int n)
    {
        var functions = new List<Func<int>>();
        foreach (int x in Enumerable.Range(1, n))
        {
            int scaled = x * 10;
            int Plus(int d) => scaled + d + x;
            T Echo<T>(T value) => value;
            void Grow() => scaled += Plus(0);
            int Twice() => Plus(0) * 2;
            yield return F(Plus(1));
            Grow();
            functions.Add(() => scaled + Echo(x));
            yield return F(Twice() + Echo(x));
            L("x" + x + " scaled " + scaled);
        }

        for (int i = 0; i < n; i++)
        {
            int depth = i;
            int Sum(int k) => k <= 0 ? depth : k + Sum(k - 1);
            yield return F(Sum(i));
        }

        int attempt = 0;
    again:
        {
            int a = attempt;
            string Show() => "a" + a;
            functions.Add(() => a * 100);
            yield return Yield.Return(Show());
            if (++attempt < n)
            {
                goto again;
            }
        }

        LogEach(functions, "lf=");
    }

    // ---- parameters: defaults, params, nullable, nameof

    [Coroutine]
    public static IEnumerator<Yield> DefaultsAndParams(int n, string? label = null, params int[] rest)
    {
        label ??= nameof(label);
        yield return F(n + rest.Length);
        L(label + " " + nameof(rest) + " " + nameof(DefaultsAndParams) + " " + string.Join(",", rest));
        foreach (int r in rest)
        {
            yield return F(r);
        }

        int? maybe = rest.Length > 1 ? rest[1] : null;
        yield return F(maybe ?? -1);
        L(nameof(maybe) + "=" + maybe);
    }

    // ---- identifiers that look like the generator's own names

    [Coroutine]
    public static IEnumerator<Yield> GeneratedLookingIdentifiers(int n)
    {
        int _arg_n = n + 1;
        int StepCore = 2;
        int UnwindFrom = 3;
        int ClearLocals = 4;
        int boxfs = 5;
        int disposable = 6;
        int _foreach1Source = 7;
        int t_pool = 8;
        int s_sites = 9;
        int Finally1 = 10;
        int Initialize = 11;
        int reissue = 12;
        int completed = 13;
        var fs = new List<Func<int>>();
        yield return F(_arg_n + StepCore);
        foreach (int foreach1 in new[] { 1, 2 })
        {
            int endforeach1 = foreach1 + UnwindFrom;
            fs.Add(() => endforeach1 + boxfs);
            yield return F(endforeach1 + ClearLocals);
        }

        using (new Res("r" + disposable))
        {
            yield return F(_foreach1Source + t_pool + s_sites);
        }

        try
        {
            yield return F(Finally1 + Initialize);
        }
        finally
        {
            L("f" + reissue + completed);
        }

        LogEach(fs, "g=");
    resume1:
        if (n > 100)
        {
            goto resume1;
        }
    }
}

/// <summary>A positional record for 'with' and property patterns.</summary>
public sealed record PointRecord(int X, int Y);

/// <summary>A mutable struct whose fields a coroutine changes in place.</summary>
public struct MutablePoint
{
    public int X;
    public int Y;

    public void Move(int by)
    {
        X += by;
        Y += by;
    }
}

/// <summary>A range with a duck-typed struct enumerator (no IEnumerable), disposable or not.</summary>
public readonly struct DuckRange
{
    private readonly int _count;
    private readonly bool _disposable;

    public DuckRange(int count, bool disposable)
    {
        _count = count;
        _disposable = disposable;
    }

    public Enumerator GetEnumerator() => new(_count, _disposable);

    /// <summary>A struct enumerator: C# calls Dispose only through IDisposable, which this implements; the flag makes
    /// it log so the trace shows when it was called.</summary>
    public struct Enumerator : IDisposable
    {
        private readonly int _count;
        private readonly bool _log;
        private int _index;

        public Enumerator(int count, bool log)
        {
            _count = count;
            _log = log;
            _index = -1;
        }

        public int Current => _index;

        public bool MoveNext()
        {
            _index++;
            return _index < _count;
        }

        public void Dispose()
        {
            if (_log)
            {
                CorpusLog.Entries.Add("duck dispose at " + _index);
            }
        }
    }
}
