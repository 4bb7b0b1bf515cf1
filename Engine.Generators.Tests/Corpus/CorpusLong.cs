using System.Collections.Generic;

namespace Engine.Generators.Tests.Corpus;

// A very long coroutine (generated once by a script and kept as source): forty sections of locals, loops, switches,
// try/finally and foreach, about a hundred yields and a hundred labels in one Step.
public static partial class Corpus
{
    [Coroutine]
    public static IEnumerator<Yield> VeryLongMethod(int n)
    {
        int total = 0;
        int v0 = n + 0;
        if (v0 % 3 == 0)
        {
            yield return F(v0);
        }
        else
        {
            total += v0;
        }

        for (int i1 = 0; i1 < n % 3; i1++)
        {
            total += i1;
            yield return F(total % 17 + 1);
        }

        try
        {
            string s2 = "s" + total;
            yield return F(s2.Length + 2);
            L(s2);
        }
        finally
        {
            total++;
        }

        switch ((total + 3) % 4)
        {
            case 0:
                yield return F(3);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e4 in new[] { 4, n })
        {
            if (e4 == 4 && n == 4)
            {
                L("break " + 4);
                break;
            }

            yield return F(e4 + total % 5);
        }

        int v5 = n + 5;
        if (v5 % 3 == 0)
        {
            yield return F(v5);
        }
        else
        {
            total += v5;
        }

        for (int i6 = 0; i6 < n % 3; i6++)
        {
            total += i6;
            yield return F(total % 17 + 6);
        }

        try
        {
            string s7 = "s" + total;
            yield return F(s7.Length + 7);
            L(s7);
        }
        finally
        {
            total++;
        }

        switch ((total + 8) % 4)
        {
            case 0:
                yield return F(8);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e9 in new[] { 9, n })
        {
            if (e9 == 9 && n == 2)
            {
                L("break " + 9);
                break;
            }

            yield return F(e9 + total % 5);
        }

        int v10 = n + 10;
        if (v10 % 3 == 0)
        {
            yield return F(v10);
        }
        else
        {
            total += v10;
        }

        for (int i11 = 0; i11 < n % 3; i11++)
        {
            total += i11;
            yield return F(total % 17 + 11);
        }

        try
        {
            string s12 = "s" + total;
            yield return F(s12.Length + 12);
            L(s12);
        }
        finally
        {
            total++;
        }

        switch ((total + 13) % 4)
        {
            case 0:
                yield return F(13);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e14 in new[] { 14, n })
        {
            if (e14 == 14 && n == 0)
            {
                L("break " + 14);
                break;
            }

            yield return F(e14 + total % 5);
        }

        int v15 = n + 15;
        if (v15 % 3 == 0)
        {
            yield return F(v15);
        }
        else
        {
            total += v15;
        }

        for (int i16 = 0; i16 < n % 3; i16++)
        {
            total += i16;
            yield return F(total % 17 + 16);
        }

        try
        {
            string s17 = "s" + total;
            yield return F(s17.Length + 17);
            L(s17);
        }
        finally
        {
            total++;
        }

        switch ((total + 18) % 4)
        {
            case 0:
                yield return F(18);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e19 in new[] { 19, n })
        {
            if (e19 == 19 && n == 5)
            {
                L("break " + 19);
                break;
            }

            yield return F(e19 + total % 5);
        }

        int v20 = n + 20;
        if (v20 % 3 == 0)
        {
            yield return F(v20);
        }
        else
        {
            total += v20;
        }

        for (int i21 = 0; i21 < n % 3; i21++)
        {
            total += i21;
            yield return F(total % 17 + 21);
        }

        try
        {
            string s22 = "s" + total;
            yield return F(s22.Length + 22);
            L(s22);
        }
        finally
        {
            total++;
        }

        switch ((total + 23) % 4)
        {
            case 0:
                yield return F(23);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e24 in new[] { 24, n })
        {
            if (e24 == 24 && n == 3)
            {
                L("break " + 24);
                break;
            }

            yield return F(e24 + total % 5);
        }

        int v25 = n + 25;
        if (v25 % 3 == 0)
        {
            yield return F(v25);
        }
        else
        {
            total += v25;
        }

        for (int i26 = 0; i26 < n % 3; i26++)
        {
            total += i26;
            yield return F(total % 17 + 26);
        }

        try
        {
            string s27 = "s" + total;
            yield return F(s27.Length + 27);
            L(s27);
        }
        finally
        {
            total++;
        }

        switch ((total + 28) % 4)
        {
            case 0:
                yield return F(28);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e29 in new[] { 29, n })
        {
            if (e29 == 29 && n == 1)
            {
                L("break " + 29);
                break;
            }

            yield return F(e29 + total % 5);
        }

        int v30 = n + 30;
        if (v30 % 3 == 0)
        {
            yield return F(v30);
        }
        else
        {
            total += v30;
        }

        for (int i31 = 0; i31 < n % 3; i31++)
        {
            total += i31;
            yield return F(total % 17 + 31);
        }

        try
        {
            string s32 = "s" + total;
            yield return F(s32.Length + 32);
            L(s32);
        }
        finally
        {
            total++;
        }

        switch ((total + 33) % 4)
        {
            case 0:
                yield return F(33);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e34 in new[] { 34, n })
        {
            if (e34 == 34 && n == 6)
            {
                L("break " + 34);
                break;
            }

            yield return F(e34 + total % 5);
        }

        int v35 = n + 35;
        if (v35 % 3 == 0)
        {
            yield return F(v35);
        }
        else
        {
            total += v35;
        }

        for (int i36 = 0; i36 < n % 3; i36++)
        {
            total += i36;
            yield return F(total % 17 + 36);
        }

        try
        {
            string s37 = "s" + total;
            yield return F(s37.Length + 37);
            L(s37);
        }
        finally
        {
            total++;
        }

        switch ((total + 38) % 4)
        {
            case 0:
                yield return F(38);
                break;
            case 1:
                total += 2;
                break;
            default:
                yield return Yield.NextTick;
                break;
        }

        foreach (int e39 in new[] { 39, n })
        {
            if (e39 == 39 && n == 4)
            {
                L("break " + 39);
                break;
            }

            yield return F(e39 + total % 5);
        }

        L("total " + total);
    }
}
