using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

// The session-20 differential hunt, part 1: constants and local functions used where lowering moves code out of
// Step (finally blocks, pending instructions), scopes entered more than once without a loop (a backward goto) and
// closures over their variables, names a copied expression derives from a variable (anonymous-type members, tuple
// element names), switch statements with guards, pattern variables and goto case/default, using declarations in
// loops and switch sections, nested try/finally left by yield break and finally blocks that throw while disposing.
public static partial class Corpus
{
    private static void LogEach(List<Func<int>> functions, string prefix)
    {
        foreach (Func<int> f in functions)
        {
            L(prefix + f());
        }
    }

    // ---- constants and local functions in code that lowering moves out of Step

    [Coroutine]
    public static IEnumerator<Yield> ConstInYieldAndFinally(int n)
    {
        const int Delay = 3;
        const string Tag = "t";
        try
        {
            yield return Yield.Frames(Delay);
            for (int i = 0; i < n; i++)
            {
                const int Step = 2;
                yield return Yield.Frames(i * Step + Delay);
            }
        }
        finally
        {
            L(Tag + Delay);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionInFinally(int n)
    {
        int count = 0;
        void Note(string what)
        {
            count++;
            L(what + count);
        }

        static string Twice(string s) => s + s;
        try
        {
            Note("start");
            yield return F(n);
            try
            {
                yield return F(n + 1);
                if (n == 2)
                {
                    yield break;
                }
            }
            finally
            {
                Note(Twice("inner"));
            }
        }
        finally
        {
            Note("outer");
            Func<string, string> h = static s => s.ToUpperInvariant();
            L(h("done"));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ConstInUsingAndForeach(int n)
    {
        const string Name = "res";
        const int Count = 2;
        using (new Res(Name + Count))
        {
            foreach (int x in new LoggingRange(Count + n % 2))
            {
                yield return Yield.Frames(x + Count);
            }
        }

        yield return Yield.Return(Name);
    }

    // ---- a scope entered again by a backward goto: each entry has its own variables

    [Coroutine]
    public static IEnumerator<Yield> GotoRetryCapturesPerEntry(int n)
    {
        var functions = new List<Func<int>>();
        int attempt = 0;
    retry:
        {
            int a = attempt * 10;
            functions.Add(() => a);
            yield return F(a);
            a++;
            attempt++;
            if (attempt <= n)
            {
                goto retry;
            }
        }

        LogEach(functions, "a=");
    }

    [Coroutine]
    public static IEnumerator<Yield> GotoLoopOverBlockWithQuery(int n)
    {
        var queries = new List<IEnumerable<int>>();
        int round = 0;
    again:
        if (round < n)
        {
            int bias = round;
            queries.Add(from x in new[] { 1, 2 } select x * 10 + bias);
            yield return F(bias);
            round++;
            goto again;
        }

        foreach (IEnumerable<int> q in queries)
        {
            L(string.Join(",", q));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> BackwardGotoInsideLoopBodySharesVariable(int n)
    {
        var functions = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            int k = 0;
        inner:
            L("k" + k);
            int v = i * 10 + k;
            functions.Add(() => v);
            k++;
            if (k < 3)
            {
                goto inner;
            }

            yield return F(v);
        }

        LogEach(functions, "v=");
    }

    [Coroutine]
    public static IEnumerator<Yield> LabeledContinueAcrossNestedLoops(int n)
    {
        var functions = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                int both = i * 10 + j;
                functions.Add(() => both);
                if (j == i)
                {
                    goto nextOuter;
                }

                yield return F(both);
            }

            L("row end " + i);
        nextOuter:
            L("next " + i);
        }

        LogEach(functions, "b=");
    }

    // A labeled block with no yield, entered again by gotos: its locals stay locals of the block (each entry has its
    // own, and the closures over them keep their entry's values).
    [Coroutine]
    public static IEnumerator<Yield> LabeledBlocksWithoutYieldDeclareLocals(int n)
    {
        var functions = new List<Func<int>>();
        yield return F(n);
        int outer = 0;
    again:
        {
            int inner = 0;
            int captured = outer * 10 + n;
            functions.Add(() => captured);
        innerLoop:
            {
                int step = inner + outer;
                L("step " + step);
                inner++;
                if (inner < 2)
                {
                    goto innerLoop;
                }
            }

            outer++;
            if (outer < 2)
            {
                goto again;
            }
        }

        yield return F(outer);
        LogEach(functions, "lb=");
    }

    // ---- names that a copied expression derives from a variable

    [Coroutine]
    public static IEnumerator<Yield> AnonymousTypeProjection(int n)
    {
        int x = n;
        string label = "p" + n;
        yield return F(x);
        var a = new { x, label, n };
        L(a.ToString());
        L(a.x + a.label + a.n);
        x++;
        yield return F(x + 1);
        var b = new { x, Sum = x + n, label };
        L(b);
        yield return F(b.Sum);
        var c = new[] { new { x, n } }.Select(e => new { e.x, label }).First();
        L(c);
    }

    [Coroutine]
    public static IEnumerator<Yield> TupleInferredElementNames(int n)
    {
        int x = n * 2;
        string label = "t" + n;
        yield return F(x);
        var t = (x, label);
        L(t.x + t.label);
        (int x, string label) named = (x, label);
        yield return F(named.x);
        var u = (t.x, n, Total: x + n);
        L(u.x + u.n + u.Total);
        var local = (x, label, u.Total);
        L(local.x + local.label + local.Total);
        L(local);
        var list = new List<(int x, int n)> { (x, n) };
        L(list[0].x + list[0].n);
        yield return F(u.Total);
        L(u);
    }

    // ---- switch statements: guards, pattern variables, goto case/default, yields in several sections

    [Coroutine]
    public static IEnumerator<Yield> SwitchGuardsAndGotoCase(int n)
    {
        for (int i = 0; i <= n; i++)
        {
            object o = Boxed(i + n);
            switch (o)
            {
                case int v when v > 4 && v % 2 == 0:
                    yield return F(v);
                    L("even big " + v);
                    goto case "x";
                case int v when v > 4:
                    L("odd big " + v);
                    yield return F(v + 1);
                    break;
                case int v:
                    yield return F(v + 100);
                    goto default;
                case "x":
                    L("x section");
                    break;
                case string s when s.Length > 2:
                    yield return F(s.Length);
                    L("long " + s);
                    break;
                default:
                    L("default " + o);
                    yield return Yield.NextTick;
                    break;
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> SwitchConstantFallThroughByGoto(int n)
    {
        int total = 0;
        switch (n % 5)
        {
            case 0:
                total += 1;
                yield return F(total);
                goto case 2;
            case 1:
                total += 10;
                goto default;
            case 2:
            case 3:
                total += 100;
                yield return F(total);
                if (n > 5)
                {
                    goto case 1;
                }

                break;
            default:
                total += 1000;
                yield return F(total);
                break;
        }

        L("total " + total);
    }

    [Coroutine]
    public static IEnumerator<Yield> SwitchSectionsShareScope(int n)
    {
        switch (n % 3)
        {
            case 0:
                int v = n * 2;
                yield return F(v);
                L("zero " + v);
                break;
            case 1:
                v = n + 7;
                yield return F(v);
                L("one " + v);
                break;
            default:
                v = -1;
                L("other " + v);
                break;
        }

        yield return F(n);
    }

    [Coroutine]
    public static IEnumerator<Yield> SwitchOnStringWithPatterns(string text)
    {
        switch (text)
        {
            case "b":
                yield return F(1);
                break;
            case { Length: 2 } two:
                yield return F(two.Length);
                L("two " + two);
                break;
            case string s when s.StartsWith("aa", StringComparison.Ordinal):
                yield return F(s.Length);
                goto case "b";
            case null:
                L("null");
                break;
            default:
                L("default " + text);
                yield return Yield.NextTick;
                break;
        }
    }

    // ---- using declarations in loops and switch sections

    [Coroutine]
    public static IEnumerator<Yield> UsingDeclarationInLoop(int n)
    {
        for (int i = 0; i < n + 1; i++)
        {
            using var r = new Res("loop" + i);
            if (i == 1)
            {
                continue;
            }

            yield return F(i);
            using var q = new Res("second" + i);
            if (i == 3)
            {
                break;
            }

            yield return F(i + 10);
        }

        L("after");
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingDeclarationInSwitchSection(int n)
    {
        for (int i = 0; i < 3; i++)
        {
            switch ((n + i) % 3)
            {
                case 0:
                {
                    using var r = new Res("zero" + i);
                    yield return F(i);
                    if (n == 2)
                    {
                        yield break;
                    }

                    break;
                }

                case 1:
                {
                    using Res a = new("a" + i), b = new("b" + i);
                    yield return F(i + 1);
                    L("one");
                    goto case 0;
                }

                default:
                    L("other");
                    break;
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingVarNullAndStruct(int n)
    {
        using Res? none = n % 2 == 0 ? null : new Res("maybe");
        using var s = new LoggingStruct("st" + n);
        yield return F(n);
        using var t = new LoggingStruct("second");
        yield return F(n + 1);
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingVariableCapturedOutlivesItsBlock(int n)
    {
        var functions = new List<Func<string>>();
        {
            using var r = new Res("captured" + n);
            functions.Add(() => r.ToString() ?? "null");
            yield return F(n);
        }

        for (int i = 0; i < n; i++)
        {
            using var perIteration = new Res("it" + i);
            functions.Add(() => perIteration.GetHashCode() == 0 ? "zero" : "res " + i);
            yield return F(i);
        }

        foreach (Func<string> f in functions)
        {
            L(f().StartsWith("Engine", StringComparison.Ordinal) ? "alive" : f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingStructWithExplicitInterfaceDispose(int n)
    {
        using (var s = new TwoDisposeStruct("s" + n))
        {
            yield return F(n);
        }

        using var t = new TwoDisposeStruct("t" + n);
        yield return F(n + 1);
    }

    // ---- nested try/finally left by yield break; finally blocks that throw while disposing

    [Coroutine]
    public static IEnumerator<Yield> NestedTryYieldBreakFromInner(int n)
    {
        try
        {
            L("t1");
            try
            {
                yield return F(1);
                try
                {
                    yield return F(2);
                    if (n == 1)
                    {
                        yield break;
                    }

                    for (int i = 0; i < 3; i++)
                    {
                        try
                        {
                            yield return F(10 + i);
                            if (i == n - 2)
                            {
                                yield break;
                            }
                        }
                        finally
                        {
                            L("loop finally " + i);
                        }
                    }
                }
                finally
                {
                    L("f3");
                }

                yield return F(3);
            }
            finally
            {
                L("f2");
            }

            if (n == 4)
            {
                yield break;
            }

            yield return F(4);
        }
        finally
        {
            L("f1");
        }

        L("end");
    }

    [Coroutine]
    public static IEnumerator<Yield> FinallyThrowsWhileDisposing(int n)
    {
        try
        {
            try
            {
                yield return F(1);
                try
                {
                    yield return F(2);
                }
                finally
                {
                    L("innermost");
                    if (n % 2 == 1)
                    {
                        throw new InvalidOperationException("innermost " + n);
                    }
                }

                yield return F(3);
            }
            finally
            {
                L("middle");
                if (n % 3 == 0)
                {
                    throw new ArgumentException("middle " + n);
                }
            }

            yield return F(4);
        }
        finally
        {
            L("outer");
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> FinallyThrowsAfterYieldBreak(int n)
    {
        using (new Res("r" + n))
        {
            try
            {
                yield return F(1);
                if (n > 1)
                {
                    yield break;
                }

                yield return F(2);
            }
            finally
            {
                L("finally");
                if (n > 2)
                {
                    throw new InvalidOperationException("from finally " + n);
                }
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> BreakAndContinueOutOfThrowingFinally(int n)
    {
        for (int i = 0; i < 4; i++)
        {
            try
            {
                yield return F(i);
                if (i == n)
                {
                    break;
                }

                if (i % 2 == 1)
                {
                    continue;
                }

                L("body " + i);
            }
            finally
            {
                L("finally " + i);
                if (i == 3 && n == 0)
                {
                    throw new InvalidOperationException("last");
                }
            }
        }
    }
}

/// <summary>A disposable struct resource that logs its disposal (and its state at that time).</summary>
public struct LoggingStruct : IDisposable
{
    private readonly string _name;
    private int _uses;

    public LoggingStruct(string name)
    {
        _name = name;
        _uses = 0;
        CorpusLog.Entries.Add("open struct " + name);
    }

    public void Use() => _uses++;

    public void Dispose() => CorpusLog.Entries.Add("dispose struct " + _name + " " + _uses);
}

/// <summary>A struct resource whose IDisposable.Dispose is explicit beside an unrelated public Dispose: C#'s using
/// calls the interface method.</summary>
public struct TwoDisposeStruct : IDisposable
{
    private readonly string _name;

    public TwoDisposeStruct(string name)
    {
        _name = name;
    }

    public void Dispose() => CorpusLog.Entries.Add("public dispose " + _name);

    void IDisposable.Dispose() => CorpusLog.Entries.Add("interface dispose " + _name);
}
