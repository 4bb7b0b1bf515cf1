using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

// The generator-v2 classes of the differential corpus, several shapes each: names that could capture generated names,
// per-iteration variables declared in loop conditions and captured by lambdas or queries, query-syntax captures,
// pattern variables (is, case labels, switch-expression arms), deconstructing foreach, goto case in a flattened switch,
// and ref locals or spans used between two yields. Every closure's value is logged at the end, so a shared variable
// where C# has one per iteration shows up as a different trace.
public static partial class Corpus
{
    private static bool TryNext(ref int cursor, int limit, out int value)
    {
        value = cursor * 3 + 1;
        cursor++;
        return cursor <= limit;
    }

    private static object Boxed(int n) => n % 3 == 0 ? "s" + n : n;

    private static void LogAll(List<Func<int>> functions)
    {
        foreach (Func<int> f in functions)
        {
            L("f=" + f());
        }
    }

    // ---- name capture: user names equal to the names a hoisted local or a generated member would get

    [Coroutine]
    public static IEnumerator<Yield> CaptureLocalFunctionParameter(int n)
    {
        int total = 1;
        int Add(int _total)
        {
            total += _total;
            return total;
        }

        for (int i = 0; i < n; i++)
        {
            yield return F(Add(i));
        }

        L(total);
    }

    [Coroutine]
    public static IEnumerator<Yield> CaptureLambdaLocal(int n)
    {
        int total = n;
        Func<int, int> f = x =>
        {
            int _total = x * 2;
            return _total + total;
        };
        yield return F(f(1));
        total += 5;
        L(f(2));
        Func<int, int> g = _n => _n + n;
        yield return F(g(3));
    }

    [Coroutine]
    public static IEnumerator<Yield> CaptureQueryAndPatternNames(int[] xs)
    {
        int sum = 0;
        IEnumerable<int> q = from _sum in xs where _sum > sum select _sum + sum;
        yield return F(q.Count());
        sum = 2;
        L(string.Join(",", q));
        Func<object, int> h = o => o is int _sum ? _sum + sum : -1;
        yield return F(h(3));
        L(h("x"));
    }

    [Coroutine]
    public static IEnumerator<Yield> GeneratedNamesAsUserNames(int n)
    {
        int _state = n;
        int _region = 2;
        int machine = 3;
        int self = 4;
        int End = 5;
        int Current = 6;
        int finish = 7;
        int resume1 = 8;
        yield return F(_state + _region);
        L(machine + self + End + Current + finish + resume1);
        for (int endif1 = 0; endif1 < n; endif1++)
        {
            yield return F(endif1);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> SiblingLocalFunctionsAndLabels(int n)
    {
        if (n > 1)
        {
            int Twice(int v) => v * 2;
            yield return F(Twice(n));
            goto done;
        done:
            L("a");
        }
        else
        {
            int Twice(int v) => v * 3;
            yield return F(Twice(n));
            goto done;
        done:
            L("b");
        }

        yield return F(n);
    }

    // ---- per-iteration variables declared in a loop condition

    [Coroutine]
    public static IEnumerator<Yield> WhileConditionOutVariable(int n)
    {
        var functions = new List<Func<int>>();
        int cursor = 0;
        while (TryNext(ref cursor, n, out var v))
        {
            functions.Add(() => v);
            yield return F(v);
        }

        LogAll(functions);
    }

    [Coroutine]
    public static IEnumerator<Yield> ForConditionOutVariable(int n)
    {
        var functions = new List<Func<int>>();
        int cursor = 0;
        for (int k = 0; TryNext(ref cursor, n, out int v); k++)
        {
            functions.Add(() => v + k);
            yield return F(v);
        }

        LogAll(functions);
    }

    [Coroutine]
    public static IEnumerator<Yield> WhileConditionPattern(int n)
    {
        var functions = new List<Func<int>>();
        int i = 0;
        while (Boxed(i++) is int v && i <= n)
        {
            functions.Add(() => v * 10);
            yield return F(v);
        }

        LogAll(functions);
    }

    [Coroutine]
    public static IEnumerator<Yield> BodyOutVariableCaptured(int n)
    {
        var functions = new List<Func<int>>();
        int cursor = 0;
        for (int i = 0; i < n; i++)
        {
            TryNext(ref cursor, 100, out int v);
            functions.Add(() => v);
            if (i % 2 == 0)
            {
                yield return F(i);
            }
        }

        LogAll(functions);
    }

    // ---- query syntax captures a per-iteration variable

    [Coroutine]
    public static IEnumerator<Yield> QueryCapturesForeachVariable(int[] xs)
    {
        var queries = new List<IEnumerable<int>>();
        foreach (int v in xs)
        {
            queries.Add(from a in xs where a > v select a * 10 + v);
            yield return F(v);
        }

        foreach (IEnumerable<int> q in queries)
        {
            L(string.Join(",", q));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> QueryWithLetCapturesLoopLocal(int n)
    {
        var queries = new List<IEnumerable<int>>();
        int[] source = { 1, 2, 3 };
        for (int i = 0; i < n; i++)
        {
            int bias = i * 7;
            queries.Add(from s in source let t = s + bias where t % 2 == 0 select t);
            yield return F(bias);
        }

        foreach (IEnumerable<int> q in queries)
        {
            L(string.Join(",", q));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> QueryAndLambdaShareVariable(List<int> xs)
    {
        var results = new List<Func<int>>();
        foreach (int v in xs)
        {
            IEnumerable<int> q = from a in xs select a + v;
            results.Add(() => q.Sum() + v);
            yield return F(v);
        }

        LogAll(results);
    }

    // ---- pattern variables

    [Coroutine]
    public static IEnumerator<Yield> PatternInIf(int n)
    {
        object o = Boxed(n);
        if (o is int v)
        {
            yield return F(v);
            L(v + 1);
        }
        else if (o is string { Length: > 1 } s)
        {
            yield return F(s.Length);
            L(s);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> PatternIsNot(int n)
    {
        object o = Boxed(n);
        if (o is not int v)
        {
            L("not int");
            yield break;
        }

        yield return F(v);
        L(v * 2);
    }

    [Coroutine]
    public static IEnumerator<Yield> PatternInCaseLabels(int n)
    {
        for (int i = 0; i <= n; i++)
        {
            switch (Boxed(i))
            {
                case int v when v > 1:
                    yield return F(v);
                    L("big " + v);
                    break;
                case int v:
                    yield return F(v + 10);
                    L("small " + v);
                    break;
                case string s:
                    yield return F(s.Length);
                    L(s);
                    break;
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> PatternInSwitchExpressionArm(int n)
    {
        for (int i = 0; i < n; i++)
        {
            yield return Boxed(i) switch
            {
                int v when v > 2 => F(v),
                int v => F(v + 20),
                string s => F(s.Length),
                _ => Yield.NextTick,
            };
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> PatternVariableCapturedPerIteration(int n)
    {
        var functions = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            if (Boxed(i) is int v)
            {
                functions.Add(() => v);
                yield return F(v);
            }
        }

        LogAll(functions);
    }

    // ---- deconstructing foreach

    [Coroutine]
    public static IEnumerator<Yield> DeconstructingForeach(int n)
    {
        var pairs = new List<(int, string)>();
        for (int i = 0; i < n; i++)
        {
            pairs.Add((i, "p" + i));
        }

        foreach (var (a, b) in pairs)
        {
            yield return F(a);
            L(b);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> DeconstructingForeachCaptured(int[] xs)
    {
        var functions = new List<Func<int>>();
        foreach ((int value, int index) in xs.Select((x, i) => (x, i)))
        {
            functions.Add(() => value * 100 + index);
            yield return F(index);
        }

        LogAll(functions);
    }

    [Coroutine]
    public static IEnumerator<Yield> DeconstructingForeachPartlyUsed(int n)
    {
        foreach (var (a, _) in Enumerable.Range(0, n).Select(i => (i, i * i)))
        {
            yield return F(a);
        }
    }

    // ---- goto case / goto default in a flattened switch

    [Coroutine]
    public static IEnumerator<Yield> GotoCaseAcrossYields(int n)
    {
        switch (n % 4)
        {
            case 0:
                yield return F(1);
                goto case 2;
            case 1:
                L("one");
                goto default;
            case 2:
                yield return F(2);
                L("two");
                break;
            default:
                yield return F(3);
                L("default");
                break;
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GotoCaseOutOfTryFinally(int n)
    {
        for (int i = 0; i < n; i++)
        {
            switch (i % 3)
            {
                case 0:
                    try
                    {
                        yield return F(i);
                        goto case 1;
                    }
                    finally
                    {
                        L("finally " + i);
                    }

                case 1:
                    L("case1 " + i);
                    yield return F(10 + i);
                    break;
                default:
                    L("other " + i);
                    break;
            }
        }
    }

    // ---- ref locals and spans that do not live across a yield

    [Coroutine]
    public static IEnumerator<Yield> RefLocalBetweenYields(int[] xs)
    {
        int[] copy = xs.Length == 0 ? new[] { 0 } : (int[])xs.Clone();
        ref int first = ref copy[0];
        first += 2;
        yield return F(copy[0]);
        for (int i = 0; i < copy.Length; i++)
        {
            ref int item = ref copy[i];
            item *= 3;
            yield return F(copy[i]);
        }

        L(string.Join(",", copy));
    }

    [Coroutine]
    public static IEnumerator<Yield> SpanBetweenYields(int n)
    {
        int[] data = new int[4];
        Span<int> span = data;
        span[1] = n;
        yield return F(data[1]);
        Span<int> again = data.AsSpan(1, 2);
        again[1] = n + 1;
        L(again.Length);
        yield return F(data[2]);
    }
}
