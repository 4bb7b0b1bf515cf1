using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

// Session 24: local functions that capture a per-iteration variable (boxed, it lives across a yield) and a local of a
// block with no yield (a plain local of the emitted code), converted to delegates. C# gives two conversions of one such
// function equal delegates within one entry of the innermost scope whose variables it captures (same closure, same
// method), so '-=' removes what '+=' added, and unequal ones across entries of that scope. Shapes: a block in a loop
// body, nested blocks with captured locals of several scopes, functions declared in a yield-free loop inside the block,
// a block in a lambda, generic functions and generic callers, functions that use each other, yield-free using, lock,
// try/catch/finally, switch sections, foreach and deconstructing foreach, pattern and out variables, static functions.
public static partial class Corpus
{
    // Which delegates of the list are equal to which: "0=1 2=3" (pairs in order), "-" when none.
    private static string EqualPairs<TDelegate>(List<TDelegate> delegates)
        where TDelegate : Delegate
    {
        var pairs = new List<string>();
        for (int a = 0; a < delegates.Count; a++)
        {
            for (int b = a + 1; b < delegates.Count; b++)
            {
                if (delegates[a].Equals(delegates[b]))
                {
                    pairs.Add(a + "=" + b);
                }
            }
        }

        return pairs.Count == 0 ? "-" : string.Join(" ", pairs);
    }

    [Coroutine]
    public static IEnumerator<Yield> BlockLocalAndLoopVariableConversions(int n)
    {
        var kept = new List<Func<int>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            {
                int b = i * 3;
                int Sum() => i + b;
                Func<int> p = Sum;
                Func<int> q = Sum;
                Func<int>? chain = null;
                chain += Sum;
                chain += p;
                chain -= Sum;
                L(Same(p, q) + " " + Same(p, new Func<int>(Sum)) + " " + Same(p, (Func<int>)Sum) + " " + (chain?.GetInvocationList().Length ?? 0) + " " + p());
                kept.Add(p);
                b += 1;
                kept.Add(q);
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        foreach (Func<int> f in kept)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedBlockLocalsOfSeveralScopes(int n)
    {
        var kept = new List<Func<string>>();
        foreach (int i in new LoggingRange(n))
        {
            string tag = "t" + i;
            {
                int a = i + 1;
                {
                    int c = a * 2;
                    string Outer() => tag + a;
                    string Inner() => tag + a + c;
                    kept.Add(Outer);
                    kept.Add(Inner);
                    kept.Add(Outer);
                    kept.Add(Inner);
                    c++;
                }

                for (int k = 0; k < 2; k++)
                {
                    int d = k * 5;
                    string OnlyA() => tag + a;
                    string WithD() => tag + a + d;
                    kept.Add(OnlyA);
                    kept.Add(WithD);
                    kept.Add(OnlyA);
                }

                a += 10;
            }

            yield return F(i);
            tag += "!";
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> BlockLocalsInWhileAndDoLoopsWithEvents(int n)
    {
        Action? handlers = null;
        int i = 0;
        while (i < n)
        {
            int w = i;
            if (w % 2 == 0)
            {
                int extra = w * 100;
                void Report() => L("report " + w + " " + extra);
                handlers += Report;
                handlers += Report;
                handlers -= Report;
                handlers?.Invoke();
            }
            else
            {
                int extra = -w;
                void Report() => L("odd " + w + " " + extra);
                handlers += Report;
                handlers -= Report;
                handlers -= Report;
            }

            yield return F(w);
            i++;
        }

        L(handlers?.GetInvocationList().Length ?? 0);
        int j = 0;
        do
        {
            int z = j;
            {
                string s = "z" + z;
                string Show() => s + z;
                Func<string> a = Show;
                Func<string> b = Show;
                L(Same(a, b));
                yield return F(z);
                L(a() + b());
            }
        }
        while (++j < n);
    }

    [Coroutine]
    public static IEnumerator<Yield> GenericFunctionsCapturingBlockLocals(int n)
    {
        var kept = new List<Delegate>();
        foreach (int i in Enumerable.Range(0, n))
        {
            {
                string prefix = "p" + i;
                string Show<T>(T x) => prefix + x + i;
                string Both<U>(U u)
                {
                    Func<U, string> p = Show;
                    Func<U, string> q = Show<U>;
                    kept.Add(p);
                    return Same(p, q) + " " + p(u);
                }

                Func<int, string> outside = Show;
                Func<int, string> typed = Show<int>;
                Func<string, string> text = Show;
                L(Both(i) + " " + Both("s") + " " + Same(outside, typed) + " " + Same(outside, kept[kept.Count - 2]) + " " + Same(text, kept[kept.Count - 1]));
                kept.Add(outside);
                prefix += "+";
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(d => d.DynamicInvoke(d is Func<int, string> ? 1 : "x"))));
    }

    [Coroutine]
    public static IEnumerator<Yield> BlockInLambdaCapturingLoopVariable(int n)
    {
        var kept = new List<Func<int>>();
        var runs = new List<Action>();
        foreach (int i in Enumerable.Range(0, n))
        {
            int v = i * 2;
            Action run = () =>
            {
                {
                    int local = v + 1;
                    int Get() => v + local;
                    kept.Add(Get);
                    kept.Add(Get);
                }
            };
            runs.Add(run);
            run();
            yield return F(v);
            v++;
            run();
        }

        foreach (Action run in runs)
        {
            run();
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> FunctionsUsingEachOtherAcrossScopes(int n)
    {
        var kept = new List<Func<int>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            int Base() => i * 10;
            {
                int b = i + 7;
                int Mid() => Base() + b;
                int Top() => Mid() + i;
                int Fields() => Base() + i;
                Func<int> m1 = Mid;
                Func<int> t1 = Top;
                Func<int> f1 = Fields;
                Func<int> m2 = Mid;
                Func<int> t2 = Top;
                Func<int> f2 = Fields;
                Func<int> viaTop() => Top;
                kept.Add(m1);
                kept.Add(t1);
                kept.Add(f1);
                kept.Add(viaTop());
                L(Same(m1, m2) + Same(t1, t2) + Same(f1, f2) + Same(t1, viaTop()) + " " + t1());
            }

            yield return F(i);
            kept.Add(Base);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> ConversionsInUsingLockAndTryBlocks(int n)
    {
        var kept = new List<Func<string>>();
        object gate = new object();
        foreach (int i in Enumerable.Range(0, n))
        {
            using (var r = new Res("r" + i))
            {
                string name = "u" + i;
                string InUsing() => name + i + (r is null ? "" : "r");
                kept.Add(InUsing);
                kept.Add(InUsing);
            }

            lock (gate)
            {
                int held = i * 4;
                string InLock() => "l" + held + i;
                kept.Add(InLock);
                kept.Add(InLock);
            }

            try
            {
                int t = i;
                string InTry() => "t" + t + i;
                kept.Add(InTry);
                kept.Add(InTry);
                if (i % 2 == 1)
                {
                    throw new InvalidOperationException("x" + i);
                }
            }
            catch (InvalidOperationException e)
            {
                string InCatch() => e.Message + i;
                kept.Add(InCatch);
                kept.Add(InCatch);
            }
            finally
            {
                int f = i + 1;
                string InFinally() => "f" + f + i;
                kept.Add(InFinally);
                kept.Add(InFinally);
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> ConversionsInYieldFreeSwitchSections(int n)
    {
        var kept = new List<Func<int>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            switch (i % 3)
            {
                case 0:
                    int zero = i + 100;
                    int Zero() => zero + i;
                    kept.Add(Zero);
                    kept.Add(Zero);
                    break;
                case 1 when i > 0:
                    {
                        int one = i + 200;
                        int One() => one + i;
                        kept.Add(One);
                        kept.Add(One);
                        break;
                    }

                default:
                    zero = -i;
                    int Other() => zero - i;
                    kept.Add(Other);
                    kept.Add(Other);
                    break;
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> ConversionsCapturingYieldFreeLoopVariables(int n)
    {
        var kept = new List<Func<string>>();
        var pairs = new List<(int, string)> { (1, "a"), (2, "b") };
        foreach (int i in Enumerable.Range(0, n))
        {
            foreach (int e in new[] { i, i + 1 })
            {
                string Each() => "e" + e + i;
                kept.Add(Each);
                kept.Add(Each);
            }

            foreach ((int num, string word) in pairs)
            {
                string Pair() => word + num + i;
                kept.Add(Pair);
                kept.Add(Pair);
            }

            for (int k = 0; k < 2; k++)
            {
                string Counter() => "k" + k + i;
                kept.Add(Counter);
                kept.Add(Counter);
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> ConversionsCapturingPatternAndOutVariables(int n)
    {
        var kept = new List<Func<string>>();
        object[] things = { 1, "two", 3.0 };
        foreach (int i in Enumerable.Range(0, n))
        {
            object thing = things[i % things.Length];
            {
                if (thing is int number)
                {
                    string Num() => "n" + number + i;
                    kept.Add(Num);
                    kept.Add(Num);
                }

                int.TryParse("4" + i, out int parsed);
                string Parsed() => "p" + parsed + i;
                kept.Add(Parsed);
                kept.Add(Parsed);
                var (x, y) = (i, "y" + i);
                string Tuple() => y + x + i;
                kept.Add(Tuple);
                kept.Add(Tuple);
                switch (thing)
                {
                    case string s when s.Length > 1:
                        string Str() => s + i;
                        kept.Add(Str);
                        kept.Add(Str);
                        break;
                    case double d:
                        string Dbl() => "d" + d + i;
                        kept.Add(Dbl);
                        kept.Add(Dbl);
                        break;
                }
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> StaticAndCapturingFunctionsInBlocks(int n)
    {
        var kept = new List<Delegate>();
        foreach (int i in Enumerable.Range(0, n))
        {
            {
                int b = i + 1;
                static int Twice(int x) => x * 2;
                int Uses(int x) => Twice(x) + b + i;
                Func<int, int> s1 = Twice;
                Func<int, int> s2 = Twice;
                Func<int, int> u1 = Uses;
                Func<int, int> u2 = Uses;
                kept.Add(s1);
                kept.Add(u1);
                L(Same(s1, s2) + Same(u1, u2) + u1(3));
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
    }

    [Coroutine]
    public static IEnumerator<Yield> GotoReenteredBlockWithCapturingFunction(int n)
    {
        var kept = new List<Func<int>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            int round = 0;
        again:
            {
                int b = round * 7;
                int Get() => b + i;
                kept.Add(Get);
                kept.Add(Get);
            }

            if (++round < 2)
            {
                goto again;
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> OneLambdaEvaluatedTwiceInOneScopeEntry(int n)
    {
        var kept = new List<Func<int>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            for (int k = 0; k < 2; k++)
            {
                kept.Add(() => i * 10);
            }

            {
                int b = i + 3;
                for (int k = 0; k < 2; k++)
                {
                    kept.Add(() => i + b);
                }
            }

            Func<int> Make() => () => i + 100;
            kept.Add(Make());
            kept.Add(Make());
            yield return F(i);
            kept.Add(Make());
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdaHandlersAddedAndRemovedPerIteration(int n)
    {
        Action? handlers = null;
        foreach (int i in Enumerable.Range(0, n))
        {
            int w = i * 2;
            Action Handler() => () => L("h" + w);
            handlers += Handler();
            handlers += Handler();
            handlers -= Handler();
            {
                string tag = "t" + i;
                Action Tagged() => () => L(tag + w);
                handlers += Tagged();
                handlers -= Tagged();
                handlers += Tagged();
            }

            handlers?.Invoke();
            yield return F(w);
            w++;
        }

        L(handlers?.GetInvocationList().Length ?? 0);
        handlers?.Invoke();
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdasMixingBoxesAndBlockLocalsInStatements(int n)
    {
        var kept = new List<Func<string>>();
        object gate = new object();
        foreach (int i in Enumerable.Range(0, n))
        {
            int w = i * 3;
            using (var r = new Res("r" + i))
            {
                for (int k = 0; k < 2; k++)
                {
                    kept.Add(() => "u" + w + (r is null ? "" : "r"));
                    kept.Add(delegate { return "a" + w + k; });
                }
            }

            lock (gate)
            {
                string held = "l" + i;
                for (int k = 0; k < 2; k++)
                {
                    kept.Add(() => held + w);
                }
            }

            try
            {
                foreach (var (num, word) in new[] { (1, "a"), (2, "b") })
                {
                    for (int k = 0; k < 2; k++)
                    {
                        kept.Add(() => word + num + w);
                    }
                }

                throw new InvalidOperationException("e" + i);
            }
            catch (InvalidOperationException e) when (e.Message.Length > 0)
            {
                for (int k = 0; k < 2; k++)
                {
                    kept.Add(() => e.Message + w);
                }
            }

            switch (i % 2)
            {
                case 0:
                    object boxed = i;
                    if (boxed is int number)
                    {
                        for (int k = 0; k < 2; k++)
                        {
                            kept.Add(() => "n" + number + w);
                        }
                    }

                    break;
                default:
                    for (int k = 0; k < 2; k++)
                    {
                        kept.Add(() => "d" + w);
                    }

                    break;
            }

            yield return F(w);
            w++;
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdasInNestedClosuresAndGenericFunctions(int n)
    {
        var kept = new List<Delegate>();
        int c = 0;
        while (TryCount(ref c, n, out int v))
        {
            Func<Func<int>> outer = () => () => v * 2;
            kept.Add(outer());
            kept.Add(outer());
            Func<T, string> Make<T>() => x => x + ":" + v;
            kept.Add(Make<int>());
            kept.Add(Make<int>());
            kept.Add(Make<string>());
            Func<int> Nested()
            {
                Func<int> Inner() => () => v + 1;
                return Inner();
            }

            kept.Add(Nested());
            kept.Add(Nested());
            Func<int> Own(int extra) => () => v + extra;
            kept.Add(Own(1));
            kept.Add(Own(1));
            yield return F(v);
            kept.Add(outer());
            kept.Add(Nested());
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(d => d.DynamicInvoke(d.Method.GetParameters().Length == 0 ? Array.Empty<object>() : new object[] { d is Func<int, string> ? 4 : "s" }))));
    }

    private static bool TryCount(ref int cursor, int limit, out int value)
    {
        value = cursor * 7;
        cursor++;
        return cursor <= limit;
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdasPerIterationInGenericCoroutine<T>(T item, int n)
        where T : notnull
    {
        var kept = new List<Func<string>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            T held = item;
            for (int k = 0; k < 2; k++)
            {
                kept.Add(() => held + "/" + i);
            }

            {
                string tag = "g" + i;
                Func<string> Show() => () => tag + held;
                kept.Add(Show());
                kept.Add(Show());
            }

            yield return F(i);
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }

    [Coroutine]
    public static IEnumerator<Yield> ConversionsInFinallyOfYieldingTryAndEmbeddedStatements(int n)
    {
        var kept = new List<Func<int>>();
        foreach (int i in Enumerable.Range(0, n))
        {
            int w = i + 5;
            try
            {
                yield return F(w);
                if (w % 2 == 0)
                {
                    yield return F(1);
                }
#pragma warning disable IDE0011 // The embedded (brace-free) statement is the shape under test.
                else
                    for (int k = 0; k < 2; k++)
                    {
                        int Else() => w + k;
                        kept.Add(Else);
                        kept.Add(Else);
                        kept.Add(() => w * k);
                    }
#pragma warning restore IDE0011
            }
            finally
            {
                int closing = w * 10;
                int Close() => closing + w;
                kept.Add(Close);
                kept.Add(Close);
                kept.Add(new Func<int>(Close));
                for (int k = 0; k < 2; k++)
                {
                    kept.Add(() => w - 1);
                }
            }

            w++;
        }

        L(EqualPairs(kept));
        L(string.Join(",", kept.Select(f => f())));
    }
}
