using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

/// <summary>A delegate with by-reference parameters, for local functions converted to it.</summary>
public delegate int RefAdder(ref int total, out int last, in int step);

// Session 22: local functions that capture per-iteration variables (declared in a loop body or condition that holds a
// yield, or in a block a goto re-enters) and may run after the iteration: converted to delegates in many forms, called
// from lambdas and queries made in different iterations, stored across iterations and called after the loop, recursive,
// nested, generic, beside static local functions, declared outside an inner loop, and holding lambdas and queries of
// their own. C# runs each call or delegate in the closure of the scope entry it was made in.
public static partial class Corpus
{
    private static T Apply<T>(Func<T> function) => function();

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionDelegatesPerIteration(int n)
    {
        var getters = new List<Func<int>>();
        foreach (int x in new LoggingRange(n))
        {
            int v = x * 10;
            int Get() => v + x;
            getters.Add(Get);
            yield return F(Get());
            v += 100;
            L("now " + Get());
        }

        foreach (Func<int> getter in getters)
        {
            L(getter());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionCalledFromLambdas(int n)
    {
        var lambdas = new List<Func<string>>();
        for (int i = 0; i < n; i++)
        {
            int k = i * i;
            string Show(string tag) => tag + k;
            lambdas.Add(() => Show("a"));
            yield return F(k);
            k++;
            lambdas.Add(() => Show("b") + "/" + Show("c"));
        }

        foreach (Func<string> lambda in lambdas)
        {
            L(lambda());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LambdaAndQueryInsideEscapingLocalFunction(int[] xs)
    {
        var made = new List<Func<int>>();
        foreach (int x in xs)
        {
            int scale = x + 1;
            int ViaLambda()
            {
                Func<int> inner = () => scale * 2;
                return inner();
            }

            int ViaQuery() => (from q in xs where q <= scale select q + scale).Sum();
            made.Add(ViaLambda);
            made.Add(() => ViaQuery());
            yield return F(scale);
            scale += 3;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionsCallEachOther(int n)
    {
        var made = new List<Func<int>>();
        int total = 0;
        while (total < n * 3)
        {
            int step = total % 4 + 1;
            int Base() => step;
            int Twice() => Base() * 2;
            int Fact(int k) => k <= 1 ? step : k * Fact(k - 1);
            made.Add(Twice);
            made.Add(() => Fact(3));
            Func<int, int> fact = Fact;
            L(fact(2));
            total += step;
            yield return F(Twice());
            step += 10;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedLocalFunctionsOverIteration(int n)
    {
        var made = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            int v = i + 5;
            int Outer()
            {
                int Inner() => v * 3;
                int InnerTwice() => Inner() + Inner();
                Func<int> asDelegate = Inner;
                return asDelegate() + InnerTwice();
            }

            made.Add(Outer);
            yield return F(Outer());
            v = -v;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> StaticAndGenericLocalFunctionsInLoop(int n)
    {
        var made = new List<Func<string>>();
        for (int i = 0; i < n; i++)
        {
            string name = "n" + i;
            static int Double(int a) => a * 2;
            T Pick<T>(T when, T otherwise) => name.Length > 2 ? when : otherwise;
            string Describe<T>(T value) => name + ":" + value + ":" + Double(i);
            Func<string, string, string> pick = Pick;
            Func<int, string> describe = Describe<int>;
            made.Add(() => pick("long", "short") + describe(i) + Pick(1, 2));
            made.Add(() => Describe(Double(3)));
            yield return F(Double(i));
            name += "x";
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionOutsideInnerLoop(int n)
    {
        var made = new List<Func<int>>();
        foreach (int a in new LoggingRange(n))
        {
            int outer = a * 100;
            int Tag() => outer;
            for (int j = 0; j < 2; j++)
            {
                int inner = j + a;
                int Both() => Tag() + inner;
                made.Add(Tag);
                made.Add(Both);
                made.Add(() => Tag() - inner);
                yield return F(Both());
                inner += 1000;
            }

            outer++;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionConversionForms(int n)
    {
        var made = new List<Delegate>();
        for (int i = 0; i < n; i++)
        {
            int v = i * 7;
            int Get() => v;
            int Add(int a) => a + v;
            int Refs(ref int total, out int last, in int step)
            {
                total += v + step;
                last = v;
                return total;
            }

            made.Add(new Func<int>(Get));
            made.Add((Func<int>)Get);
            made.Add((Func<int, int>)(Add));
            L(Apply(Get));
            L(Apply<int>(Get));
            RefAdder adder = Refs;
            made.Add(adder);
            int sum = 1;
            L(adder(ref sum, out int last, 2) + "/" + sum + "/" + last);
            yield return F(v);
            v++;
        }

        foreach (Delegate d in made)
        {
            if (d is Func<int> f)
            {
                L(f());
            }
            else if (d is Func<int, int> g)
            {
                L(g(1));
            }
            else if (d is RefAdder r)
            {
                int total = 5;
                L(r(ref total, out int last, 1) + "," + total + "," + last);
            }
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionParamsAndNamedArguments(int n)
    {
        var made = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            int v = i;
            int Sum(int a, int b = 2, params int[] rest) => a * 100 + b * 10 + rest.Sum() + v;
            L(Sum(b: 3, a: 1));
            L(Sum(1, 2, 3, 4));
            made.Add(() => Sum(a: 5));
            Func<int, int, int[], int> asDelegate = Sum;
            made.Add(() => asDelegate(1, 1, new[] { v }));
            yield return F(Sum(0));
            v += 50;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> VoidLocalFunctionMutatesIterationVariable(int n)
    {
        var bumps = new List<Action>();
        var reads = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            int counter = i;
            void Bump() => counter += 5;
            int Read() => counter;
            bumps.Add(Bump);
            reads.Add(Read);
            Bump();
            yield return F(counter);
            L("read " + Read());
        }

        foreach (Action bump in bumps)
        {
            bump();
        }

        bumps.ForEach(b => b());
        foreach (Func<int> read in reads)
        {
            L(read());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> QueryCallsLocalFunctionPerIteration(int[] xs)
    {
        var queries = new List<IEnumerable<int>>();
        foreach (int x in xs)
        {
            int limit = x;
            bool Keep(int q) => q <= limit;
            int Scale(int q) => q * 10 + limit;
            queries.Add(from q in xs where Keep(q) let s = Scale(q) select s + limit);
            queries.Add(xs.Where(Keep).Select(Scale));
            yield return F(limit);
            limit++;
        }

        foreach (IEnumerable<int> query in queries)
        {
            L(string.Join(",", query));
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionInWhileConditionAndGoto(int n)
    {
        var made = new List<Func<int>>();
        var queue = new Queue<int>(Enumerable.Range(1, n));
        while (queue.Count > 0 && queue.Dequeue() is int item)
        {
            int Item() => item * 2;
            made.Add(Item);
            yield return F(Item());
        }

        int i = 0;
    again:
        {
            int x = i + 40;
            int Get() => x;
            made.Add(Get);
            yield return F(Get());
            x++;
        }

        if (++i < 3)
        {
            goto again;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionWithStateAndFinally(int n)
    {
        var made = new List<Func<string>>();
        int shared = 0;
        for (int i = 0; i < n; i++)
        {
            int v = i;
            string Both() => v + "+" + shared + "+" + n;
            try
            {
                made.Add(Both);
                yield return F(v);
                shared++;
            }
            finally
            {
                L("finally " + Both());
                made.Add(Both);
            }

            v = 100;
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionDeclaredBeforeAssignment(int n)
    {
        var made = new List<Func<int>>();
        foreach (var (a, b) in Enumerable.Range(0, n).Select(k => (k, k * 3)))
        {
            int later;
            int Sum() => a + b + later;
            later = a * 1000;
            made.Add(Sum);
            yield return F(Sum());
            later = -1;
            do
            {
                int inner = later;
                int Inner() => inner + Sum();
                made.Add(Inner);
                yield return F(b);
                inner = 7;
            }
            while (later++ < 0);
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionInsideLambdaInLoop(int n)
    {
        var made = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            int v = i + 1;
            made.Add(() =>
            {
                int Inner() => v * 2;
                Func<int> d = Inner;
                return d() + Inner();
            });
            int Outer() => made.Count + v;
            Func<Func<int>> factory = () => Outer;
            made.Add(factory());
            yield return F(v);
            v *= 10;
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GenericCoroutineLocalFunctionPerIteration<T>(T seed, int n)
    {
        var made = new List<Func<string>>();
        for (int i = 0; i < n; i++)
        {
            T value = seed;
            List<T> items = new() { value };
            string Show() => value + "#" + items.Count;
            T Self() => value;
            made.Add(Show);
            Func<T> self = Self;
            made.Add(() => self()!.ToString()!);
            yield return F(items.Count);
            items.Add(value);
        }

        foreach (Func<string> f in made)
        {
            L(f());
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionDelegateUsedInLaterIterations(int n)
    {
        Func<int>? previous = null;
        for (int i = 0; i < n; i++)
        {
            int v = i * 3;
            int Get() => v;
            L("prev " + (previous?.Invoke() ?? -1) + " now " + Get());
            previous = Get;
            yield return F(Get());
            v += 1;
            L("after " + previous());
        }

        L("last " + (previous?.Invoke() ?? -1));
    }

    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionInSwitchSectionInLoop(int n)
    {
        var made = new List<Func<int>>();
        for (int i = 0; i < n; i++)
        {
            switch (i % 3)
            {
                case 0:
                    int zero = i;
                    int Zero() => zero;
                    made.Add(Zero);
                    yield return F(zero);
                    zero = 50;
                    break;
                default:
                    int other = i * 2;
                    int Other() => other + i;
                    made.Add(() => Other());
                    yield return F(other);
                    other = 60;
                    break;
            }
        }

        foreach (Func<int> f in made)
        {
            L(f());
        }
    }
    [Coroutine]
    public static IEnumerator<Yield> LocalFunctionSubscribeAndUnsubscribe(int n)
    {
        Action<string>? handlers = null;
        var subscribed = new List<Action<string>>();
        Action<string>? previous = null;
        for (int i = 0; i < n; i++)
        {
            int id = i;
            void OnHit(string what) => L("hit " + what + id);
            handlers += OnHit;
            subscribed.Add(OnHit);
            handlers?.Invoke("a");
            yield return F(id);
            if (id % 2 == 0)
            {
                handlers -= OnHit;
                L("removed " + subscribed.Remove(OnHit));
            }

            handlers?.Invoke("b");
            Action<string> again = OnHit;
            L(again.Equals((Action<string>)OnHit) + " " + again.Equals(previous) + " " + Equals(again, new Action<string>(OnHit)));
            previous = again;
            id += 10;
        }

        handlers?.Invoke("end");
        subscribed.ForEach(s => s("list"));
    }
}
