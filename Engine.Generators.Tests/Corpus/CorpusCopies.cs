using System;
using System.Collections.Generic;
using System.Threading;

namespace Engine.Generators.Tests.Corpus;

// Step-local copies of value-type fields (Lowerer.Caching.cs): copies assigned inside a yield's instruction, through
// ref and out arguments, by deconstruction and by pattern variables; parameters assigned in the body; counters that a
// finally block or a lambda also reads (those stay fields) beside counters that are copied, with an exception thrown
// mid-step; every built-in value type the copies take.
public static partial class Corpus
{
    [Coroutine]
    public static IEnumerator<Yield> CopyAssignedInInstruction(int n)
    {
        int i = n;
        while (i < n + 6)
        {
            yield return F(i++);
            i += 2;
            yield return F(--i);
        }

        L("end " + i);
    }

    [Coroutine]
    public static IEnumerator<Yield> CopyWrittenByRefAndOut(int n)
    {
        int k = 0;
        long total = 0;
        for (int i = 0; i < 3; i++)
        {
            int.TryParse((n + i).ToString(), out k);
            Interlocked.Increment(ref k);
            yield return F(k);
            Interlocked.Add(ref total, k);
            AddTen(ref k);
            yield return F(k + (int)total);
        }

        L(k + " " + total);
    }

    [Coroutine]
    public static IEnumerator<Yield> CopyWrittenByDeconstruction(int n)
    {
        int a = 0;
        int b = 1;
        for (int step = 0; step < n % 5 + 2; step++)
        {
            (a, b) = (b, a + b);
            yield return F(a);
        }

        L(a + "," + b);
    }

    [Coroutine]
    public static IEnumerator<Yield> CopyOfPatternVariable(int n)
    {
        object o = n;
        if (o is int v)
        {
            yield return F(v);
            v += 3;
            yield return F(v);
        }

        L("done");
    }

    [Coroutine]
    public static IEnumerator<Yield> ParameterAssignedInBody(int n)
    {
        bool flip = n % 2 == 0;
        while (n > 0)
        {
            n -= 2;
            flip = !flip;
            yield return F(flip ? n : n + 1);
        }

        L(n + " " + flip);
    }

    [Coroutine]
    public static IEnumerator<Yield> FinallyCounterBesideCopiedCounter(int n)
    {
        int seen = 0;
        int copied = 0;
        try
        {
            while (true)
            {
                seen++;
                copied += 2;
                if (seen == n % 4 + 2)
                {
                    throw new InvalidOperationException("stop at " + seen + " " + copied);
                }

                yield return F(copied);
            }
        }
        finally
        {
            L("finally " + seen);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdaCounterBesideCopiedCounter(int n)
    {
        int shared = n;
        int copied = 0;
        Func<int> read = () => shared;
        Action bump = () => shared++;
        for (int i = 0; i < 3; i++)
        {
            shared += i;
            copied += shared;
            bump();
            L(read() + " " + copied);
            yield return F(copied + read());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> CopiesOfEveryBuiltInType(int n)
    {
        bool flag = false;
        byte small = 250;
        sbyte signed = -120;
        short s = 32760;
        ushort us = 65530;
        uint u = 4294967290;
        long l = long.MaxValue - 3;
        ulong ul = ulong.MaxValue - 3;
        char c = 'x';
        float f = 0.5f;
        double d = n;
        for (int i = 0; i < 4; i++)
        {
            flag = !flag;
            unchecked
            {
                small += 3;
                signed -= 5;
                s += 4;
                us += 3;
                u += 3;
                l += 2;
                ul += 2;
            }

            c++;
            f *= 3;
            d /= 2;
            yield return F(small + signed);
            L(flag + " " + s + " " + us + " " + u + " " + l + " " + ul + " " + c + " " + f + " " + d);
        }
    }

    private static void AddTen(ref int value) => value += 10;
}
