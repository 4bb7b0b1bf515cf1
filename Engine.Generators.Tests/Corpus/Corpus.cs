using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

/// <summary>
/// The differential corpus: each [Coroutine] method runs both as the compiler's iterator and as the generated machine,
/// and the harness compares yields, side effects (the log), exceptions and finally blocks.
/// </summary>
public static partial class Corpus
{
    private static readonly int[] s_table = { 5, 3, 8, 1 };

    public static int Bonus => 100;

    private static List<string> Log => CorpusLog.Entries;

    private static void L(object? value) => Log.Add(value?.ToString() ?? "null");

    private static Yield F(int frames) => Yield.Frames(frames < 0 ? -frames : frames);

    private static Res MakeRes(string name) => new(name);

    [Coroutine]
    public static IEnumerator<Yield> SingleYield()
    {
        yield return Yield.NextTick;
    }

    [Coroutine]
    public static IEnumerator<Yield> Sequence()
    {
        L("a");
        yield return Yield.NextTick;
        L("b");
        yield return Yield.Frames(2);
        L("c");
    }

    [Coroutine]
    public static IEnumerator<Yield> CountUp(int n)
    {
        for (int i = 0; i < n; i++)
        {
            L(i);
            yield return Yield.Frames(i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> WhileLoop(int n)
    {
        int i = 0;
        while (i < n)
        {
            yield return F(i);
            i += 2;
        }

        L("done " + i);
    }

    [Coroutine]
    public static IEnumerator<Yield> DoLoop(int n)
    {
        int i = n;
        do
        {
            yield return F(i);
            i--;
        }
        while (i > 0);
        L("end " + i);
    }

    [Coroutine]
    public static IEnumerator<Yield> IfElse(int n)
    {
        if (n % 2 == 0)
        {
            L("even");
            yield return F(1);
        }
        else
        {
            L("odd");
            yield return F(2);
            yield return F(3);
        }

        L("end");
    }

    [Coroutine]
    public static IEnumerator<Yield> IfNoElse(int n)
    {
        if (n > 2)
        {
            yield return F(n);
        }

        L("after");
    }

    [Coroutine]
    public static IEnumerator<Yield> ElseIfChain(int n)
    {
        if (n == 0)
        {
            yield return F(10);
        }
        else if (n == 1)
        {
            L("one");
        }
        else if (n < 4)
        {
            yield return F(30);
            yield return F(31);
        }
        else
        {
            yield return F(40);
        }

        yield return F(99);
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedLoops(int n)
    {
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j <= i; j++)
            {
                yield return F((i * 10) + j);
            }

            L("row " + i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> BreakContinue(int n)
    {
        for (int i = 0; i < 10; i++)
        {
            if (i == n)
            {
                break;
            }

            if (i % 2 == 1)
            {
                continue;
            }

            yield return F(i);
        }

        L("out");
    }

    [Coroutine]
    public static IEnumerator<Yield> WhileTrueBreak(int n)
    {
        int k = 0;
        while (true)
        {
            yield return F(k);
            if (++k >= n)
            {
                break;
            }
        }

        L("k=" + k);
    }

    [Coroutine]
    public static IEnumerator<Yield> ContinueInDo(int n)
    {
        int i = 0;
        do
        {
            i++;
            if (i % 3 == 0)
            {
                continue;
            }

            yield return F(i);
        }
        while (i < n);
    }

    [Coroutine]
    public static IEnumerator<Yield> YieldBreakEarly(int n)
    {
        for (int i = 0; i < 10; i++)
        {
            if (i == n)
            {
                L("break at " + i);
                yield break;
            }

            yield return F(i);
        }

        L("never early");
    }

    [Coroutine]
    public static IEnumerator<Yield> YieldBreakInVerbatim(int n)
    {
        yield return F(0);
        if (n > 2)
        {
            L("stop");
            yield break;
        }

        L("go");
        yield return F(1);
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachArray(int[] items)
    {
        foreach (int item in items)
        {
            L("item " + item);
            yield return F(item);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachList(List<int> items)
    {
        int sum = 0;
        foreach (var item in items)
        {
            sum += item;
            yield return F(sum);
        }

        L("sum " + sum);
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachEnumerable(int n)
    {
        foreach (int x in Enumerable.Range(0, n).Select(v => v * 3))
        {
            yield return F(x);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachCustom(int n)
    {
        foreach (int x in new LoggingRange(n))
        {
            L("x " + x);
            yield return F(x);
        }

        L("after range");
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachBreak(int n)
    {
        foreach (int x in new LoggingRange(6))
        {
            if (x == n)
            {
                break;
            }

            yield return F(x);
        }

        L("broke");
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachYieldBreak(int n)
    {
        foreach (int x in new LoggingRange(6))
        {
            yield return F(x);
            if (x == n)
            {
                yield break;
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ForeachString(string text)
    {
        foreach (char c in text)
        {
            yield return F(c);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> SwitchStatement(int n)
    {
        switch (n % 4)
        {
            case 0:
                yield return F(0);
                break;
            case 1:
            case 2:
                L("one or two");
                yield return F(1);
                yield return F(2);
                break;
            default:
                L("default");
                break;
        }

        L("after switch");
    }

    [Coroutine]
    public static IEnumerator<Yield> SwitchInLoop(int n)
    {
        for (int i = 0; i < n; i++)
        {
            switch (i)
            {
                case 1:
                    continue;
                case > 4 and < 10:
                    L("big " + i);
                    yield return F(50 + i);
                    break;
                case 3:
                    yield return F(3);
                    break;
            }

            yield return F(i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> TryFinally(int n)
    {
        try
        {
            L("in");
            yield return F(1);
            yield return F(n);
        }
        finally
        {
            L("finally");
        }

        L("after");
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedTryFinally(int n)
    {
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

                yield return F(3);
            }
            finally
            {
                L("inner");
            }

            yield return F(4);
        }
        finally
        {
            L("outer");
        }

        L("end");
    }

    [Coroutine]
    public static IEnumerator<Yield> TryFinallyBreak(int n)
    {
        for (int i = 0; i < 5; i++)
        {
            try
            {
                if (i == n)
                {
                    break;
                }

                yield return F(i);
            }
            finally
            {
                L("f" + i);
            }
        }

        L("loop done");
    }

    [Coroutine]
    public static IEnumerator<Yield> TryFinallyContinue(int n)
    {
        for (int i = 0; i < n; i++)
        {
            try
            {
                if (i % 2 == 0)
                {
                    continue;
                }

                yield return F(i);
            }
            finally
            {
                L("f" + i);
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ThrowInsideTry(int n)
    {
        try
        {
            yield return F(1);
            if (n == 2)
            {
                throw new InvalidOperationException("boom " + n);
            }

            yield return F(2);
        }
        finally
        {
            L("cleanup");
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ThrowInFinally(int n)
    {
        try
        {
            try
            {
                yield return F(1);
                yield return F(2);
            }
            finally
            {
                L("inner finally");
                if (n == 1)
                {
                    throw new ArgumentException("inner " + n);
                }
            }

            yield return F(3);
        }
        finally
        {
            L("outer finally");
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ThrowBeforeYield(int n)
    {
        L("start");
        if (n == 0)
        {
            throw new InvalidOperationException("zero");
        }

        yield return F(n);
    }

    [Coroutine]
    public static IEnumerator<Yield> TryFinallyNoYieldInside(int n)
    {
        for (int i = 0; i < n; i++)
        {
            try
            {
                L("try " + i);
                if (i == 2)
                {
                    break;
                }
            }
            finally
            {
                L("fin " + i);
            }

            yield return F(i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingStatement(int n)
    {
        using (var r = new Res("a"))
        {
            yield return F(1);
            if (n == 1)
            {
                yield break;
            }

            yield return F(2);
        }

        L("after using");
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingDeclaration(int n)
    {
        L("before");
        using var r = new Res("b");
        yield return F(n);
        using var s = new Res("c");
        yield return F(n + 1);
        L("last");
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingExpression(int n)
    {
        using (MakeRes("expr"))
        {
            yield return F(n);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> MultipleUsings(int n)
    {
        using (Res a = new("a"), b = new("b"))
        {
            yield return F(n);
            yield return F(n + 1);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> SameNameLocals(int n)
    {
        {
            int x = n + 1;
            yield return F(x);
        }

        {
            string x = "s" + n;
            L(x);
            yield return F(x.Length);
        }

        for (int x = 0; x < 2; x++)
        {
            yield return F(x);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdaUse(int n)
    {
        Func<int, int> f = v => (v * n) + 1;
        yield return F(f(2));
        yield return F(f(3));
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdaCapturingLocal(int n)
    {
        int total = 0;
        Action add = () => total += n;
        add();
        yield return F(total);
        add();
        yield return F(total);
        L("total " + total);
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunction(int n)
    {
        yield return F(Twice(1));
        yield return F(Twice(n));

        static int Twice(int v) => v * 2;
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionCapturing(int n)
    {
        int acc = 0;
        Bump();
        yield return F(acc);
        Bump();
        yield return F(acc);

        void Bump()
        {
            acc += n;
            L("bump " + acc);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> OutVar(int n)
    {
        if (int.TryParse((n * 7).ToString(System.Globalization.CultureInfo.InvariantCulture), out var parsed))
        {
            yield return F(parsed);
        }

        L("parsed " + parsed);
    }

    [Coroutine]
    public static IEnumerator<Yield> Deconstruction(int n)
    {
        var (a, b) = (n, n * 2);
        yield return F(a);
        yield return F(b);
    }

    [Coroutine]
    public static IEnumerator<Yield> Tuples(int n)
    {
        (int x, int y) p = (n, 1);
        yield return F(p.x + p.y);
        p.y += 5;
        yield return F(p.x + p.y);
    }

    [Coroutine]
    public static IEnumerator<Yield> StringBuilding(int n)
    {
        string s = "";
        for (int i = 0; i < n; i++)
        {
            s += i;
            yield return Yield.Seconds(i * 0.5);
        }

        L(s);
    }

    [Coroutine]
    public static IEnumerator<Yield> VerbatimInnerLoopBreak(int n)
    {
        while (true)
        {
            for (int k = 0; ; k++)
            {
                if (k >= n)
                {
                    break;
                }

                L("k" + k);
            }

            yield return F(n);
            break;
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> StaticMembers(int n)
    {
        yield return F(s_table[n % s_table.Length]);
        yield return F(Bonus + n);
        L(nameof(n));
    }

    [Coroutine]
    public static IEnumerator<Yield> ConstLocal(int n)
    {
        const int Limit = 3;
        for (int i = 0; i < Limit; i++)
        {
            yield return F(i + n);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> DeepNesting(int n)
    {
        foreach (int a in new[] { 1, 2, 3 })
        {
            int b = 0;
            while (b < a)
            {
                b++;
                if (b == n)
                {
                    continue;
                }

                try
                {
                    switch (a + b)
                    {
                        case 3:
                            yield return F(3);
                            break;
                        default:
                            yield return F(a * b);
                            break;
                    }
                }
                finally
                {
                    L("fin " + a + b);
                }
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> UsingInsideForeachInsideTry(int n)
    {
        try
        {
            foreach (int x in new LoggingRange(n))
            {
                using (new Res("r" + x))
                {
                    yield return F(x);
                }
            }
        }
        finally
        {
            L("outer");
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> ReturnValue(int n)
    {
        yield return F(n);
        yield return Yield.Return("result " + n);
    }

    [Coroutine]
    public static IEnumerable<Yield> AsEnumerable(int n)
    {
        for (int i = n; i > 0; i--)
        {
            yield return F(i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> TwoParameters(int n, int m)
    {
        for (int i = 0; i < n; i++)
        {
            m += i;
            yield return F(m);
        }

        L("m " + m);
    }

    [Coroutine]
    public static IEnumerator<Yield> ExceptionInForeachBody(int n)
    {
        foreach (int x in new LoggingRange(5))
        {
            yield return F(x);
            if (x == n)
            {
                throw new InvalidOperationException("at " + x);
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> SwitchYieldBreak(int n)
    {
        try
        {
            yield return F(n);
            switch (n % 3)
            {
                case 0:
                    yield break;
                case 1:
                    L("one");
                    yield return F(1);
                    yield break;
                default:
                    break;
            }

            yield return F(2);
        }
        finally
        {
            L("finally");
        }

        yield break;
    }

    [Coroutine]
    public static IEnumerator<Yield> GenericEcho<T>(int n)
        where T : struct
    {
        T value = default;
        var seen = new List<T>();
        for (int i = 0; i < n; i++)
        {
            seen.Add(value);
            L(typeof(T).Name + " " + seen.Count + " " + value);
            yield return F(i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> NameClashes(int region, string @event)
    {
        int state = region;
        int current = 1;
        string _this = "this";
        for (int _state = 0; _state < 2; _state++)
        {
            state += current;
            yield return F(state + _state);
        }

        L(@event + _this + state + nameof(current));
    }

    [Coroutine]
    public static IEnumerator<Yield> ExceptionInUsingDispose(int n)
    {
        using (var r = new ThrowingRes(n == 1))
        {
            yield return F(1);
            yield return F(2);
        }

        L("after");
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedLambdaNoLoopCapture(int n)
    {
        var items = new List<int>();
        for (int i = 0; i < n; i++)
        {
            items.Add(i);
            yield return F(items.Where(v => v % 2 == 0).Sum(v => v + n));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdasPerIteration(int n)
    {
        var actions = new List<Func<string>>();
        foreach (int x in new LoggingRange(n))
        {
            int doubled = x * 2;
            actions.Add(() => x + ":" + doubled);
            yield return F(x);
            doubled++;
        }

        for (int i = 0; i < n; i++)
        {
            int copy = i;
            Action bump = delegate { copy += 10; };
            bump();
            actions.Add(() => "c" + copy);
            yield return F(copy);
        }

        foreach (Func<string> action in actions)
        {
            L(action());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GotoLabels(int n)
    {
        int i = 0;
    again:
        yield return F(i);
        i++;
        if (i < n)
        {
            goto again;
        }

        try
        {
            using (new Res("g"))
            {
                if (n == 2)
                {
                    goto done;
                }

                yield return F(100);
            }
        }
        finally
        {
            L("fin");
        }

        L("not skipped");
    done:
        L("done");
        for (int k = 0; k < 3; k++)
        {
            if (k == n)
            {
                goto skip;
            }

            L("k" + k);
        }

    skip:
        yield return F(n);
    }
}

public sealed class ThrowingRes : IDisposable
{
    private readonly bool _throw;

    public ThrowingRes(bool shouldThrow)
    {
        _throw = shouldThrow;
    }

    public void Dispose()
    {
        CorpusLog.Entries.Add("dispose throwing=" + _throw);
        if (_throw)
        {
            throw new InvalidOperationException("dispose failed");
        }
    }
}
