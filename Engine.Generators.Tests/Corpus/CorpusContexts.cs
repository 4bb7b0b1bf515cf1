using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

// Session 21: checked and unchecked blocks around yields (the block's context kept on every operation inside: across
// yields, in nested expressions, compound assignments, casts, lambdas, local functions, queries, finally blocks, loop
// headers and foreach's element conversion), discards beside a user variable named '_', and interpolated strings whose
// holes hold qualified names, queries, block lambdas and switch expressions (regular, verbatim and raw).
public static partial class Corpus
{
    [Coroutine]
    public static IEnumerator<Yield> CheckedAcrossYields(int n)
    {
        int big = int.MaxValue - n % 3;
        byte small = (byte)(250 + n);
        checked
        {
            try
            {
                big += 1;
                L("b" + big);
            }
            catch (OverflowException)
            {
                L("of add");
            }

            yield return F(n);
            try
            {
                small++;
                L("s" + small);
            }
            catch (OverflowException)
            {
                L("of ++");
            }

            try
            {
                int x = big + 2 * n;
                L(x);
            }
            catch (OverflowException)
            {
                L("of init");
            }

            yield return F(1);
            try
            {
                L((byte)(big - 1));
            }
            catch (OverflowException)
            {
                L("of cast");
            }

            long wide = long.MaxValue - n;
            try
            {
                L((int)wide);
            }
            catch (OverflowException)
            {
                L("of narrowing");
            }

            L(unchecked(big + 10));
            unchecked
            {
                L(big * 3);
            }
        }

        L(unchecked(big + 100));
    }

    [Coroutine]
    public static IEnumerator<Yield> UncheckedWrapsEverywhere(int n)
    {
        int big = int.MaxValue - n;
        unchecked
        {
            big += 5;
            L(big);
            const int wrapped = int.MaxValue + 1;
            L(wrapped);
            yield return F(big * 2 & 15);
            for (int i = 0; i < 2; i++, big += int.MaxValue)
            {
                L(big);
                yield return F(i);
            }

            for (int j = 0; j < 2; j++, big *= 3)
            {
                L(big);
            }

            Action bump = () => big++;
            bump();
            L(big);
            Func<int> times = () => big * 7;
            L(times());
            void Add() => big += int.MaxValue;
            Add();
            L(big);
            int Twice(int v) => v * 2;
            L(Twice(big));
            foreach (int e in new long[] { long.MaxValue - n, 5 })
            {
                L(e);
                yield return F(e & 7);
            }

            var products = from x in new[] { big, 2 } select x * big;
            L(string.Join(",", products));
            try
            {
                yield return F(1);
            }
            finally
            {
                L(big * 5);
            }

            checked
            {
                try
                {
                    L(big + int.MaxValue);
                }
                catch (OverflowException)
                {
                    L("inner checked");
                }

                yield return F(2);
            }

            big += Parse(out int parsed) + parsed;
            L(big);
            yield return F(big & 3);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> CheckedLoopHeadersAndSwitch(int n)
    {
        int acc = int.MaxValue - 3 + n % 2;
        checked
        {
            while (true)
            {
                try
                {
                    acc++;
                }
                catch (OverflowException)
                {
                    L("while overflow");
                    break;
                }

                yield return F(acc & 1);
            }

            int i = 0;
            do
            {
                try
                {
                    acc -= int.MaxValue;
                    L(acc);
                }
                catch (OverflowException)
                {
                    L("do overflow");
                }

                i++;
                yield return F(i);
            }
            while (i < 3);

            switch (n % 3)
            {
                case 1:
                    try
                    {
                        L(acc * acc);
                    }
                    catch (OverflowException)
                    {
                        L("switch overflow");
                    }

                    yield return F(3);
                    break;
                default:
                    L(acc);
                    break;
            }

            foreach (byte b in new int[] { 1, 255, 255 + n % 2 })
            {
                L(b);
                yield return F(b);
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> CheckedEnumsNullablesAndDynamic(int n)
    {
        DayOfWeek day = DayOfWeek.Friday + n % 2;
        int? maybe = int.MaxValue - n % 2;
        uint counter = (uint)(n % 2);
        dynamic d = int.MaxValue;
        checked
        {
            day++;
            L(day);
            yield return F((int)day);
            try
            {
                maybe += 1;
                L(maybe);
            }
            catch (OverflowException)
            {
                L("of nullable");
            }

            try
            {
                counter--;
                L(counter);
            }
            catch (OverflowException)
            {
                L("of uint");
            }

            yield return F(1);
            try
            {
                d = d + n;
                L((object)d);
            }
            catch (OverflowException)
            {
                L("of dynamic");
            }

            char c = (char)(char.MaxValue - n % 2);
            try
            {
                c++;
                L((int)c);
            }
            catch (OverflowException)
            {
                L("of char");
            }
        }

        unchecked
        {
            yield return F((int)(uint)(int.MaxValue + (uint)n + 5u) & 15);
            L((short)(n * 40000));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> DiscardsBesideUserUnderscore(int n)
    {
        string _ = "user";
        var (a, _) = (n, n + 1);
        L(_ + a);
        yield return F(a);
        foreach (var (x, _) in new[] { (1, 2), (3, 4) })
        {
            L(x + _);
            yield return F(x);
        }

        if (Parse(out int _) > 0)
        {
            _ = "assigned";
            L("user " + _);
        }

        Func<int, int, int> pick = (_, _) => n;
        L(pick(1, 2));
        L(n is var _ ? "discard pattern " + _ : "no");
    }

    [Coroutine]
    public static IEnumerator<Yield> DiscardsWithoutUserUnderscore(int n)
    {
        var (a, _) = (n, "ignored");
        yield return F(a);
        var (b, (c, _)) = (n + 1, (n + 2, 0));
        _ = Parse(out _);
        yield return F(b + c);
        {
            int _ = 9;
            L(_);
        }

        if (n > 1)
        {
            int _ = 3;
            L(_);
            yield return F(_);
        }

        Func<int, int> next = _ => _ + 1;
        L(next(5));
        switch (n)
        {
            case var _ when n > 2:
                L("big");
                break;
        }

        L(a + b + c);
    }

    [Coroutine]
    public static IEnumerator<Yield> MixedDeconstructions(int n)
    {
        (var a, var unusedB) = (n, n + 1);
        var (c, unusedD) = (n + 2, "x");
        var (e, (unusedG, unusedH)) = (1, (2, 3));
        yield return F(a + c + e);
        foreach ((var x, var unusedY) in new[] { (1, 2), (n, 4) })
        {
            yield return F(x);
        }

        L(a);
    }

    [Coroutine]
    public static IEnumerator<Yield> InterpolationHoles(int n)
    {
        int k = n;
        yield return F(1);
        L($@"a
  b {Run(() => { int t = k * 2; return t; })} ""q"" {{x}}
c");
        L($"r {Run(() => { return k + 1; })} s {new[] { 1, 2 }.Select(x => { return x + k; }).Sum()} {Math.Max(k, 2)}");
        L($@"v {Run(() => { return k + 1; })} w");
        L($"sw {k switch { 0 => "zero", 1 => "one", _ => "many" }} {new List<int> { k, 2 }.Count,5:D3}|");
        yield return F(2);
        L($@"m {k switch { 0 => "zero", _ => $@"many
  {k}" }}
end");
        L($"q {string.Join(",", from q in new[] { 3, 1, k } where q > 0 let w = q * 1 orderby q * 1 descending select w + 0)}");
        L($@"x {Run(delegate { if (k > 1) { return 1; } else { for (int i = 0; i < 2; i++) { k++; } return k; } })}
y {(from q in new[] { 1, 2, k } where q > 0 // a comment in a hole
    select q * k).Sum()} {(k > 2 ? "big" : "small")}");
    }

    [Coroutine]
    public static IEnumerator<Yield> RawStrings(int n)
    {
        int k = n;
        yield return F(1);
        L("""raw "q" \n""");
        L("""
          multi
            line "x" {k}
          """);
        L($"""inter {k} "q" {Math.Max(k, 1)}""");
        L($"""
          multi {Run(() => { return k; })}
            {k,4} \t
          """);
        L($$"""
          braces {k} {{k}} {{{k}}}
          """);
        yield return F(2);
        L($$"""lam {{Run(() => { return k * 3; })}} }""");
    }

    private static int Parse(out int value)
    {
        value = 7;
        return 1;
    }

    private static int Run(Func<int> f) => f();
}
