using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

/// <summary>A delegate that returns a variable by reference, for local functions converted to it.</summary>
public delegate ref int CellRef();

/// <summary>A delegate that returns a variable by read-only reference, for local functions converted to it.</summary>
public delegate ref readonly int ReadOnlyCellRef(int offset);

/// <summary>A generic delegate that returns an array element by reference.</summary>
public delegate ref T SlotRef<T>(T[] items);

/// <summary>A delegate with a <c>params</c> parameter.</summary>
public delegate int Summer(params int[] values);

/// <summary>A generic delegate with <c>out</c>, <c>in</c> and <c>params</c> parameters.</summary>
public delegate bool Picker<T>(out T picked, in T fallback, params T[] candidates);

// Session 23: conversions of local functions that capture per-iteration variables, where the delegate type or the
// instantiation mentions a type parameter of a local function (equal delegates within one iteration, as C# gives: same
// closure, same method), ref-returning delegates, renamed generic local functions called and converted with explicit
// type arguments, method groups passed to generic methods, static local functions, params/out/in combinations.
public static partial class Corpus
{
    private static string Same(Delegate? a, Delegate? b) => (a is not null && a.Equals(b)) ? "eq" : "ne";

    private static TResult Invoke<T, TResult>(Func<T, TResult> function, T value) => function(value);

    [Coroutine]
    public static IEnumerator<Yield> GenericLocalFunctionConversionsInGenericCaller(int n)
    {
        var kept = new List<Delegate>();
        Delegate? previous = null;
        for (int i = 0; i < n; i++)
        {
            int v = i * 10;
            string Show<T>(T x) => x + "/" + v;
            string Both<U>(U u)
            {
                Func<U, string> p = Show;
                Func<U, string> q = Show<U>;
                Action<U>? handlers = null;
                handlers += x => L("lambda " + x);
                Func<U, string>? chain = null;
                chain += Show<U>;
                chain += Show;
                chain -= Show<U>;
                kept.Add(p);
                return Same(p, q) + " " + Same(p, new Func<U, string>(Show)) + " " + chain!.GetInvocationList().Length + " " + p(u) + " " + Same(p, previous);
            }

            L(Both(i));
            L(Both("s" + i));
            L(Both(i));
            previous = (Func<int, string>)Show;
            yield return F(v);
            v += 1;
            L(Both(i + 100));
        }

        for (int a = 0; a < kept.Count; a++)
        {
            for (int b = a + 1; b < kept.Count; b++)
            {
                if (kept[a].Equals(kept[b]))
                {
                    L("same " + a + " " + b);
                }
            }
        }

        foreach (Delegate d in kept)
        {
            L(d is Func<int, string> f ? f(7) : ((Func<string, string>)d)("z"));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GenericLocalFunctionConvertsItself(int n)
    {
        var made = new List<Delegate>();
        foreach (int x in new LoggingRange(n))
        {
            int bias = x;
            Func<T, string> Self<T>(T value)
            {
                Func<T, string> me = Describe;
                made.Add(me);
                return me;
            }

            string Describe<T>(T value) => typeof(T).Name + ":" + value + "+" + bias;
            Func<int, string> outside = Describe<int>;
            Func<int, string> inside = Self(3);
            Func<string, string> other = Self("w");
            L(Same(outside, inside) + " " + Same(inside, Self(4)) + " " + Same(other, Self("q")) + " " + inside(1) + other("o"));
            yield return F(bias);
            bias *= 3;
            L(Same(outside, Self(5)) + " " + outside(2));
        }

        foreach (Delegate d in made)
        {
            L(d.DynamicInvoke(d is Func<int, string> ? 9 : "nine"));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GenericDelegateTypesFromGenericFunctionsPerIteration(int n)
    {
        var made = new List<Func<string>>();
        for (int i = 0; i < n; i++)
        {
            int v = i + 1;
            List<T> Repeat<T>(T item) => Enumerable.Repeat(item, v).ToList();
            Func<string> Maker<T>(T item)
            {
                Func<T, List<T>> r1 = Repeat;
                Func<T, List<T>> r2 = Repeat<T>;
                Func<T, IEnumerable<T>> r3 = Repeat;
                return () => Same(r1, r2) + Same(r1, r3) + r1(item).Count + "," + string.Join("|", r3(item));
            }

            made.Add(Maker(i));
            made.Add(Maker("t" + i));
            made.Add(Maker(new[] { i }));
            yield return F(v);
            v += 2;
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> RefReturningLocalFunctionDelegates(int n)
    {
        var refs = new List<CellRef>();
        var readers = new List<ReadOnlyCellRef>();
        int[] shared = new int[4];
        for (int i = 0; i < n; i++)
        {
            int[] cells = new int[3];
            int slot = i % 3;
            ref int Cell() => ref cells[slot];
            ref readonly int Peek(int offset) => ref shared[(slot + offset) % shared.Length];
            ref T At<T>(T[] items) => ref items[slot % items.Length];
            CellRef r = Cell;
            r() += 5;
            Cell() += 1;
            refs.Add(r);
            refs.Add(new CellRef(Cell));
            readers.Add(Peek);
            SlotRef<int> s = At;
            s(shared) += i;
            SlotRef<string> t = At<string>;
            string[] words = { "a", "b", "c" };
            t(words) = "w" + i;
            L(string.Join(",", cells) + " " + string.Join(",", words) + " " + Same(r, (CellRef)Cell) + " " + Same(s, new SlotRef<int>(At)));
            yield return F(slot);
            slot = (slot + 1) % 3;
            r() *= 2;
            L(string.Join(",", cells) + " peek " + readers[readers.Count - 1](1));
        }

        foreach (CellRef r in refs)
        {
            r() += 100;
            L(r());
        }

        foreach (ReadOnlyCellRef p in readers)
        {
            L(p(0) + "/" + p(2));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> RenamedGenericLocalFunctionsWithTypeArguments(int n)
    {
        var made = new List<Func<string>>();
        {
            T Pick<T>(T a, T b) => n % 2 == 0 ? a : b;
            L(Pick<string>("x", "y") + Pick<int>(1, 2) + Pick(3, 4));
            Func<int, int, int> f = Pick<int>;
            made.Add(() => "first " + f(5, 6) + Pick<string>("p", "q"));
            yield return F(Pick<int>(7, 8));
            L(Pick<double>(1.5, 2.5));
        }

        {
            T Pick<T>(T a, T b) => n % 2 == 0 ? b : a;
            string Name<T>() => typeof(T).Name + n;
            L(Pick<string>("x", "y") + Pick<int>(1, 2) + Pick(3, 4) + Name<int>());
            Func<string, string, string> g = Pick<string>;
            Func<string> nameOf = Name<long>;
            made.Add(() => "second " + g("m", "n") + Pick<int>(9, 10) + nameOf());
            yield return F(Pick<int>(7, 8));
            L(Name<string>());
        }

        for (int i = 0; i < n; i++)
        {
            {
                int v = i;
                T Pick<T>(T a, T b) => v % 2 == 0 ? a : b;
                string Tag<T>(T x) => x + "@" + v;
                Func<int, int, int> f = Pick<int>;
                Func<string, string> tag = Tag<string>;
                made.Add(() => "loop a " + f(1, 2) + Pick<string>("s", "t") + tag("g") + Same(tag, (Func<string, string>)Tag<string>));
                L(Same(f, (Func<int, int, int>)Pick<int>) + Same(tag, new Func<string, string>(Tag<string>)));
                yield return F(Pick<int>(v, -v));
                v += 1;
            }

            {
                int v = i * 100;
                T Pick<T>(T a, T b) => v % 3 == 0 ? a : b;
                string Tag<T>(T x) => x + "#" + v;
                made.Add(() => "loop b " + Pick<int>(1, 2) + Tag<int>(5));
                Func<int, string> tag = Tag<int>;
                made.Add(() => tag(6));
                yield return F((int)Pick<long>(v, 1));
                v += 3;
            }
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionMethodGroupsToGenericMethods(int[] xs)
    {
        var deferred = new List<Func<string>>();
        foreach (int x in xs)
        {
            int w = x + 1;
            int Scale(int q) => q * w;
            string Label<T>(T q) => "<" + q + "*" + w + ">";
            bool Small(int q) => q < w;
            static int Twice(int q) => q * 2;
            IEnumerable<int> scaled = xs.Select(Scale);
            IEnumerable<string> labels = xs.Where(Small).Select(Label);
            IEnumerable<int> twice = xs.Select(Twice);
            L(Invoke<int, string>(Label, 4) + Invoke(Scale, 3) + Array.ConvertAll(xs, Label<int>).Length);
            deferred.Add(() => string.Join(",", scaled) + ";" + string.Join(",", labels) + ";" + string.Join(",", twice));
            deferred.Add(() => string.Join(",", xs.Select<int, string>(Label)) + Apply<int>(() => Scale(2)));
            Func<int, int> t1 = Twice;
            L(Same(t1, (Func<int, int>)Twice) + Same((Func<int, int>)Scale, (Func<int, int>)Scale));
            yield return F(w);
            w *= 10;
        }

        foreach (Func<string> f in deferred)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionParamsOutInDelegates(int n)
    {
        var made = new List<Func<string>>();
        Summer? lastSummer = null;
        for (int i = 0; i < n; i++)
        {
            int v = i;
            int Sum(params int[] values) => values.Sum() + v;
            bool Pick<T>(out T picked, in T fallback, params T[] candidates)
            {
                picked = candidates.Length > v ? candidates[v] : fallback;
                return candidates.Length > v;
            }

            Summer s = Sum;
            Picker<string> p = Pick;
            Picker<int> q = Pick<int>;
            L(s() + "," + s(1) + "," + s(1, 2, 3) + "," + s(new[] { 4, 5 }) + " " + Same(s, lastSummer));
            L(p(out string got, "none", "a", "b") + got + q(out int num, 42) + num);
            made.Add(() =>
            {
                bool ok = q(out int picked, -1, 10, 20, 30);
                return s(100) + "/" + ok + picked + "/" + (p(out string w, in got) ? w : "fallback " + w);
            });
            lastSummer = s;
            yield return F(s(v));
            v += 2;
            L(Same(s, (Summer)Sum) + " " + s(0));
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GenericLocalFunctionsInLambdasInLoops(int n)
    {
        var made = new List<Func<string>>();
        var handlers = new List<Delegate>();
        for (int i = 0; i < n; i++)
        {
            int v = i * 2;
            string Outer<T>(T x) => x + ":" + v;
            made.Add(() =>
            {
                string Inner<T>(T x) => "[" + Outer(x) + "]";
                Func<int, string> a = Inner<int>;
                Func<int, string> b = Inner;
                Func<string, string> c = Outer<string>;
                handlers.Add(c);
                return Same(a, b) + Same(c, (Func<string, string>)Outer) + a(v) + c("c");
            });
            Func<Func<long, string>> factory = () => Outer<long>;
            handlers.Add(factory());
            handlers.Add(factory());
            yield return F(v);
            v += 5;
            made.Add(() => Same(factory(), factory()) + factory()(1));
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }

        L(handlers.Count + " " + handlers.Distinct().Count());
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedLocalFunctionConversionsPerIteration(int n)
    {
        var made = new List<Delegate>();
        for (int i = 0; i < n; i++)
        {
            int v = i * 4;
            Func<int> Outer(int extra)
            {
                int Inner() => v + 1;
                int WithExtra() => v + extra;
                string Typed<T>(T x) => typeof(T).Name + x + v;
                Func<int> a = Inner;
                Func<int> b = Inner;
                Func<int> c = WithExtra;
                Func<int, string> t = Typed;
                made.Add(a);
                made.Add(t);
                L(Same(a, b) + Same(c, (Func<int>)WithExtra) + Same(t, (Func<int, string>)Typed<int>));
                return a;
            }

            Func<string> Generic<U>(U u)
            {
                string Inner() => u + "/" + v;
                string Plain() => typeof(U).Name + v;
                Func<string> p = Plain;
                made.Add(p);
                made.Add((Func<string>)Inner);
                return p;
            }

            L(Same(Outer(1), Outer(2)) + Same(Generic(1), Generic(2)) + Same(Generic(1), Generic("s")));
            yield return F(v);
            v += 1;
            L(Same(Outer(3), made[0]) + " " + Outer(4)());
        }

        for (int a = 0; a < made.Count; a++)
        {
            for (int b = a + 1; b < made.Count; b++)
            {
                if (made[a].Equals(made[b]))
                {
                    L("same " + a + " " + b);
                }
            }
        }

        foreach (Delegate d in made)
        {
            L(d is Func<int> f ? f().ToString() : d is Func<string> g ? g() : ((Func<int, string>)d)(8));
        }
    }
}
