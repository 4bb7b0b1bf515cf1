using Microsoft.CodeAnalysis.CSharp;

namespace Engine.Generators.Tests;

/// <summary>The programs of <see cref="NameBindingTests"/>: each one a shape of scope in which the generated machine must
/// bind every name as the user's source does. <c>Coroutines</c> is how many [Coroutine] methods the program holds.</summary>
internal static class NameBindingPrograms
{
    internal sealed record Program(string Name, int Coroutines, LanguageVersion Version, params string[] Sources);

    public static readonly Program[] All =
    {
        // No using directive at all: every type written in full in the source; parameters of every kind, defaults,
        // params, caller info, tuples with names, arrays, nullable annotations, nested types; generated members
        // (RentX, XMachine) named without qualifier from instance and static coroutines.
        new("NoUsings", 6, LanguageVersion.CSharp9, """
            namespace Plain
            {
                public enum Mode { Slow, Fast = 5 }

                public partial class Host
                {
                    public const int Base = 3;
                    public static int Shared = 2;
                    public int Own = 10;

                    public class Node { public int Value = 4; }

                    [Engine.Coroutine]
                    public System.Collections.Generic.IEnumerator<Engine.Yield> Poll(System.Func<bool> done, (int Count, string? Label) tag = default, Mode mode = Mode.Fast, int limit = Base * 2, string? name = null, int? extra = 7, double ratio = 0.1, decimal cost = 1.5m, char c = 'x', params int[] more)
                    {
                        var seen = new System.Collections.Generic.List<System.Func<int>>();
                        Node node = new Node();
                        int[][] grid = { new[] { 1 }, new[] { 2, 3 } };
                        while (!done())
                        {
                            seen.Add(() => node.Value + Own);
                            yield return Engine.Yield.Frames(seen.Count + (int)mode + limit + more.Length + Shared);
                        }

                        System.Tuple<int, string> t = System.Tuple.Create(tag.Count, tag.Label ?? "none");
                        yield return Engine.Yield.Return(t.Item2 + (name ?? "-") + extra + ratio + cost + c + grid[1].Length);
                        using (CountMachine child = RentCount(2))
                        {
                            while (child.MoveNext())
                            {
                                yield return child.Current;
                            }
                        }

                        CountMachine second = CountMachine.Rent(this, 1);
                        while (second.MoveNext())
                        {
                            yield return second.Current;
                        }

                        second.Dispose();
                    }

                    [Engine.Coroutine]
                    public System.Collections.Generic.IEnumerator<Engine.Yield> Count(int n)
                    {
                        for (int i = 0; i < n; i++)
                        {
                            yield return Engine.Yield.Frames(i + Base + Own);
                        }
                    }

                    [Engine.Coroutine]
                    public static System.Collections.Generic.IEnumerator<Engine.Yield> Generic<T>(T value, int n)
                        where T : System.IComparable<T>, new()
                    {
                        T fresh = new T();
                        System.Collections.Generic.List<T> list = new System.Collections.Generic.List<T> { value, fresh };
                        yield return Engine.Yield.Return(value.CompareTo(fresh) + n + list.Count);
                        using (StaticMachine s = RentStatic(n))
                        {
                            while (s.MoveNext())
                            {
                                yield return s.Current;
                            }
                        }
                    }

                    [Engine.Coroutine]
                    public static System.Collections.Generic.IEnumerator<Engine.Yield> Static(int n)
                    {
                        yield return Engine.Yield.Frames(n + Shared);
                    }

                    [Engine.Coroutine]
                    public static System.Collections.Generic.IEnumerator<Engine.Yield> Who([System.Runtime.CompilerServices.CallerMemberName] string caller = "", [System.Runtime.CompilerServices.CallerLineNumber] int line = 0)
                    {
                        yield return Engine.Yield.Return(caller + ":" + line);
                    }

                    [Engine.Coroutine]
                    public System.Collections.Generic.IEnumerator<Engine.Yield> CallsWithDefaults()
                    {
                        System.Collections.Generic.IEnumerator<Engine.Yield> poll = RentPoll(() => true);
                        while (poll.MoveNext())
                        {
                            yield return poll.Current;
                        }

                        System.Collections.Generic.IEnumerator<Engine.Yield> who = RentWho();
                        while (who.MoveNext())
                        {
                            yield return who.Current;
                        }

                        poll = this.RentPoll(() => true, (1, "one"), Mode.Slow, 1, "n", null, 2.5, 3m, 'y', 1, 2, 3);
                        while (poll.MoveNext())
                        {
                            yield return poll.Current;
                        }
                    }
                }
            }
            """),

        // Aliases: to a generic type, to a namespace (also as 'A::'), to the attribute and Yield, and aliases that
        // shadow type names (Task, Func and List name the user's own types here).
        new("Aliases", 2, LanguageVersion.CSharp9, """
            using Co = Engine.CoroutineAttribute;
            using Y = Engine.Yield;
            using Seq = System.Collections.Generic.IEnumerator<Engine.Yield>;
            using L = System.Collections.Generic.List<int>;
            using Col = System.Collections.Generic;
            using Task = Jobs.Job;
            using Func = Jobs.Maker;
            using List = Jobs.Job;

            namespace Jobs
            {
                public sealed class Job { public static int Run(int n) => n * 100; public int Id = 9; }

                public sealed class Maker { public static int Make() => 42; }
            }

            namespace Aliased
            {
                public static partial class Work
                {
                    [Co]
                    public static Seq Go(int n)
                    {
                        L numbers = new L { n, 2 };
                        Col.Dictionary<int, string> names = new Col::Dictionary<int, string> { [1] = "a" };
                        Task job = new Task();
                        yield return Y.Frames(Task.Run(numbers.Count) + Func.Make() + List.Run(1));
                        numbers.Add(job.Id);
                        yield return Y.Return(numbers.Count + names[1] + new List().Id);
                    }

                    // [Co] again: two methods of one class marked through one alias (Roslyn 4.3's ForAttributeWithMetadataName
                    // found only the first).
                    [Co]
                    public static Col.IEnumerable<Y> Enumerable(L input)
                    {
                        foreach (int i in input ?? new L { 5 })
                        {
                            yield return Y.Frames(i);
                        }
                    }
                }
            }
            """),

        // using static: static members and extension methods imported only through it; a local named like an
        // imported member shadows it.
        new("UsingStatic", 1, LanguageVersion.CSharp9, """
            using System.Collections.Generic;
            using Engine;
            using static System.Math;
            using static Helpers.Numbers;

            namespace Helpers
            {
                public static class Numbers
                {
                    public static int Twice(int x) => 2 * x;
                    public static int Thrice(this int x) => 3 * x;
                    public const int Seven = 7;
                }
            }

            namespace Statics
            {
                public static partial class S
                {
                    [Coroutine]
                    public static IEnumerator<Yield> Go(int n)
                    {
                        int m = Max(n, Seven);
                        yield return Yield.Frames(Twice(m) + Abs(-n) + n.Thrice());
                        int Min = 1000;
                        yield return Yield.Frames(Min + m + PI.CompareTo(E));
                    }
                }
            }
            """),

        // Global usings in another file (C# 10): namespace, static and alias imports the coroutine's file never writes.
        new("GlobalUsings", 1, LanguageVersion.CSharp10,
            """
            global using System;
            global using System.Collections.Generic;
            global using Engine;
            global using static System.Math;
            global using Maker = System.Func<int>;
            global using Glob.Extensions;
            """,
            """
            namespace Glob.Extensions
            {
                public static class E
                {
                    public static int Plus(this int x, int y) => x + y;
                }
            }
            """,
            """
            namespace Glob;

            public static partial class G
            {
                [Coroutine]
                public static IEnumerator<Yield> Go(Func<bool> stop, int n)
                {
                    Maker make = () => n;
                    List<Maker> makers = new List<Maker> { make };
                    while (!stop())
                    {
                        yield return Yield.Frames(Max(makers[0](), 1).Plus(2));
                    }
                }
            }
            """),

        // Usings inside namespaces resolve relative to them; nested and file-scoped namespaces; a user namespace
        // named System and one named Engine inside another namespace, and types named like System types.
        new("NestedNamespaces", 3, LanguageVersion.CSharp9, """
            namespace Game
            {
                using global::System.Collections.Generic;
                using Engine;
                using Util;

                namespace Util
                {
                    public static class Dice { public static int Roll(int n) => n * 6; }
                }

                namespace System
                {
                    public static class Math { public static int Max(int a, int b) => -1; }
                    public delegate int Func(int x);
                }

                namespace Engine
                {
                    public static class Yield { public static int Count => 11; }
                }

                namespace Inner.Deep
                {
                    using Collections = global::System.Collections;

                    public partial class Deep
                    {
                        public class List { public int Size = 3; }
                        public class Action { public static int Do() => 8; }
                        public class Task { public static int Run() => 5; }
                        public static class Math { public static int Max(int a, int b) => a * 1000 + b; }

                        [global::Engine.Coroutine]
                        public IEnumerator<global::Engine.Yield> Go(int n)
                        {
                            System.Func twice = x => 2 * x;
                            List list = new List();
                            global::System.Func<int> f = () => Math.Max(n, 1);
                            Collections.ArrayList array = new Collections.ArrayList { n };
                            yield return global::Engine.Yield.Frames(Dice.Roll(n) + System.Math.Max(1, 2) + Engine.Yield.Count);
                            yield return global::Engine.Yield.Frames(twice(list.Size) + Action.Do() + Task.Run() + f() + array.Count);
                        }
                    }
                }
            }

            namespace Other
            {
                using global::Engine;
                using System.Collections.Generic;

                public partial struct Yield
                {
                    public int Tag;

                    [Coroutine]
                    public IEnumerator<global::Engine.Yield> Go(int n)
                    {
                        Yield copy = this;
                        copy.Tag = n;
                        yield return global::Engine.Yield.Frames(copy.Tag + Tag);
                        Tag += n;
                        yield return global::Engine.Yield.Frames(Tag);
                    }

                    [Coroutine]
                    public static IEnumerator<global::Engine.Yield> Make(int n)
                    {
                        var y = new Yield { Tag = n };
                        IEnumerator<global::Engine.Yield> inner = y.RentGo(n);
                        while (inner.MoveNext())
                        {
                            yield return inner.Current;
                        }
                    }
                }
            }
            """),

        // Extension methods from a namespace imported only in the user's file (inside its namespace declaration):
        // called as instance methods, through '?.', as a method group, by query syntax and collection initializers.
        new("Extensions", 1, LanguageVersion.CSharp9, """
            namespace Exts
            {
                public sealed class Bag : System.Collections.IEnumerable
                {
                    public System.Collections.Generic.List<int> Items = new System.Collections.Generic.List<int>();
                    public System.Collections.IEnumerator GetEnumerator() => Items.GetEnumerator();
                }

                public sealed class Box<T> { public T Value = default!; }

                public static class More
                {
                    public static int Twice(this int x) => 2 * x;
                    public static int Size(this string? s) => s?.Length ?? -1;
                    public static void Add(this Bag bag, int x) => bag.Items.Add(x * 10);
                    public static Box<int> Select(this Box<int> box, System.Func<int, int> f) => new Box<int> { Value = f(box.Value) };
                    public static Box<int> Where(this Box<int> box, System.Func<int, bool> f) => f(box.Value) ? box : new Box<int>();
                }
            }

            namespace Uses
            {
                using System;
                using System.Collections.Generic;
                using Engine;
                using Exts;

                public static partial class U
                {
                    [Coroutine]
                    public static IEnumerator<Yield> Go(int n, string s)
                    {
                        var bag = new Bag { n, 2 };
                        Box<int> box = new Box<int> { Value = n };
                        Box<int> q = from v in box where v > 0 select v.Twice();
                        yield return Yield.Frames(n.Twice() + s.Size() + bag.Items[0]);
                        string? none = null;
                        Func<int> group = s.Size;
                        yield return Yield.Frames(q.Value + (none?.Size() ?? 7) + group());
                    }
                }
            }
            """),

        // Nested and generic containing types: statics of outer types named without qualifier, the outer type's
        // type parameter and nested types, base type members (instance and static), records and a record struct.
        new("NestedGeneric", 4, LanguageVersion.CSharp10, """
            using System.Collections.Generic;
            using Engine;

            namespace Shapes
            {
                public class Base
                {
                    protected int Inherited = 20;
                    protected static int StaticInherited = 30;
                    protected int Bump() => ++Inherited;
                }

                public partial class Outer<T>
                {
                    static int OuterStatic = 100;
                    public class Leaf { public int V = 1; }

                    public partial class Inner : Base
                    {
                        [Coroutine]
                        public IEnumerator<Yield> Go(int n)
                        {
                            Leaf leaf = new Leaf();
                            List<T> items = new List<T>();
                            Outer<T>.Leaf other = new Outer<T>.Leaf();
                            yield return Yield.Frames(OuterStatic + leaf.V + other.V + items.Count + n);
                            yield return Yield.Frames(Bump() + Inherited + StaticInherited + this.Inherited);
                        }

                        [Coroutine]
                        public IEnumerator<Yield> Typed(T value, IEnumerable<T>? more)
                        {
                            var list = new List<T> { value };
                            yield return Yield.Return(list.Count + (more is null ? 0 : 1));
                            GoMachine child = RentGo(1);
                            while (child.MoveNext())
                            {
                                yield return child.Current;
                            }
                        }
                    }
                }

                public partial record Rec
                {
                    public int X { get; init; } = 4;

                    [Coroutine]
                    public IEnumerator<Yield> Go(int n)
                    {
                        Rec copy = this with { X = n };
                        yield return Yield.Frames(copy.X + X);
                    }
                }

                public partial record struct Point
                {
                    public int X { get; set; }

                    [Coroutine]
                    public IEnumerator<Yield> Go(int n)
                    {
                        X = n;
                        yield return Yield.Frames(X);
                        X++;
                        yield return Yield.Frames(X);
                    }
                }
            }
            """),

        // A partial class across files with different usings: the other file's alias, its static import and its
        // members; the coroutine's file names them its own way.
        new("PartialAcrossFiles", 2, LanguageVersion.CSharp9,
            """
            using Sys = System;
            using static System.Math;

            namespace Parts
            {
                public partial class P
                {
                    public static int Helper(int x) => Max(x, 4);
                    public Sys.Func<int> Source = () => 6;

                    public enum Kind { A = 1, B = 2 }
                }
            }
            """,
            """
            namespace Parts
            {
                using System.Collections.Generic;
                using Engine;

                public partial class P
                {
                    private sealed class Func { public static int Value => 13; }

                    [Coroutine]
                    public IEnumerator<Yield> Go(int n, Kind kind = Kind.B)
                    {
                        yield return Yield.Frames(Helper(n) + Source() + Func.Value + (int)kind);
                        var nested = RentSide(kind);
                        while (nested.MoveNext())
                        {
                            yield return nested.Current;
                        }
                    }

                    [Coroutine]
                    private static IEnumerator<Yield> Side(Kind kind)
                    {
                        yield return Yield.Return(kind);
                    }
                }
            }
            """),

        // RentX(...) of generic coroutines called without type arguments, held in 'var' locals that live across
        // yields: the machine's field is named from the inferred arguments (primitives, strings, tuples with and
        // without names, arrays, nested generics with nullable values, the method's own type parameters, two
        // inferred at once, instance factories through 'this' and another object).
        new("InferredRent", 4, LanguageVersion.CSharp9, """
            using System.Collections.Generic;
            using Engine;

            namespace Inferred
            {
                public sealed class Box<T>
                {
                    public T Value;
                    public Box(T value) { Value = value; }
                    public override string ToString() => "box " + Value;
                }

                public partial class Host
                {
                    public int Own = 5;

                    [Coroutine]
                    public static IEnumerator<Yield> Echo<T>(T value, int times = 1)
                    {
                        for (int i = 0; i < times; i++)
                        {
                            yield return Yield.Return(value);
                        }
                    }

                    [Coroutine]
                    public IEnumerator<Yield> Pair<TA, TB>(TA first, List<TB> rest)
                    {
                        yield return Yield.Return(first);
                        foreach (TB b in rest ?? new List<TB>())
                        {
                            yield return Yield.Return(b);
                        }

                        yield return Yield.Frames(Own);
                    }

                    [Coroutine]
                    public IEnumerator<Yield> Drive(int n)
                    {
                        var number = RentEcho(n, 2);
                        var text = RentEcho("t" + n);
                        var tuple = RentEcho((n, "x"));
                        var named = RentEcho((Count: n, Name: "y"));
                        var array = RentEcho(new[] { n, n + 1 });
                        var nested = RentEcho(new Box<List<int?>>(new List<int?> { n, null }));
                        var pair = RentPair(1.5, new List<string> { "a", "b" });
                        var other = new Host().RentPair('c', new List<Box<int>> { new Box<int>(n) });
                        var viaThis = this.RentPair(n, new List<long> { 7L });
                        var lambda = RentEcho<System.Func<int>>(() => n);
                        yield return Yield.Frames(n);
                        foreach (IEnumerator<Yield> child in new IEnumerator<Yield>[] { number, text, tuple, named, array, nested, pair, other, viaThis })
                        {
                            while (child.MoveNext())
                            {
                                yield return child.Current;
                            }
                        }

                        yield return Yield.Return(named.State + " " + tuple.State);
                        lambda.MoveNext();
                        yield return Yield.Return(((System.Func<int>)lambda.Current.Target!)());
                    }

                    [Coroutine]
                    public static IEnumerator<Yield> InGeneric<T>(T value, List<T> values)
                    {
                        var one = RentEcho(value);
                        var many = RentEcho(values);
                        var boxed = RentEcho(new Box<T>(value));
                        yield return Yield.Frames(values?.Count ?? 0);
                        while (one.MoveNext() && many.MoveNext() && boxed.MoveNext())
                        {
                            yield return Yield.Return(one.Current.Target + " " + boxed.Current.Target);
                        }
                    }
                }
            }
            """),
    };
}
