namespace Engine.Generators.Tests;

/// <summary>Source snippets for generator tests. They use C# 9 syntax only (block namespaces) so they also serve the LangVersion 9 test.</summary>
internal static class Samples
{
    public const string Countdown = """
        using System.Collections.Generic;
        using Engine;

        namespace Demo
        {
            public static partial class Timers
            {
                [Coroutine]
                public static IEnumerator<Yield> Countdown(int from)
                {
                    for (int i = from; i > 0; i--)
                    {
                        yield return Yield.Seconds(1);
                    }
                }
            }
        }
        """;

    public const string TryUsingForeach = """
        using System;
        using System.Collections.Generic;
        using Engine;

        namespace Demo
        {
            public sealed class Door : IDisposable
            {
                public void Dispose()
                {
                }
            }

            public static partial class Scripts
            {
                [Coroutine]
                public static IEnumerator<Yield> OpenDoors(IEnumerable<string> names, int[] delays)
                {
                    using (var door = new Door())
                    {
                        try
                        {
                            foreach (string name in names)
                            {
                                if (name.Length == 0)
                                {
                                    continue;
                                }

                                yield return Yield.NextTick;
                            }

                            foreach (int delay in delays)
                            {
                                yield return Yield.Frames(delay);
                            }
                        }
                        finally
                        {
                            Console.WriteLine("closed");
                        }
                    }
                }
            }
        }
        """;

    public const string Instance = """
        using System.Collections.Generic;
        using Engine;

        namespace Demo
        {
            public partial class Npc
            {
                private int _hp = 3;

                public string Name { get; set; } = "npc";

                [Coroutine]
                internal IEnumerator<Yield> Patrol(int laps)
                {
                    int lap = 0;
                    while (lap < laps && _hp > 0)
                    {
                        Log(Name + " lap " + lap);
                        yield return Yield.Seconds(0.5);
                        lap++;
                    }

                    switch (lap)
                    {
                        case 0:
                            yield break;
                        default:
                            yield return Yield.Return(this);
                            break;
                    }
                }

                private static void Log(string text) => System.Console.WriteLine(text);
            }
        }
        """;

    public const string Generics = """
        using System;
        using System.Collections.Generic;
        using Engine;

        namespace Demo
        {
            public partial class Host<TItem>
                where TItem : class
            {
                private readonly List<TItem> _items = new List<TItem>();

                [Coroutine]
                public IEnumerator<Yield> Drain<TKey>(Func<TItem, TKey> key)
                    where TKey : IComparable<TKey>
                {
                    while (_items.Count > 0)
                    {
                        TItem first = _items[0];
                        _items.RemoveAt(0);
                        yield return Yield.Return(key(first));
                    }
                }
            }

            public partial record Note(string Text)
            {
                [Coroutine]
                public IEnumerator<Yield> Read()
                {
                    foreach (string word in Text.Split(' '))
                    {
                        yield return Yield.Seconds(word.Length * 0.1);
                    }
                }
            }
        }
        """;

    /// <summary>Many constructs at once, compiled at LangVersion 9.</summary>
    public const string Everything = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Engine;

        namespace Demo
        {
            public sealed class Res : IDisposable
            {
                public void Dispose()
                {
                }
            }

            public partial class Big
            {
                private readonly List<int> _list = new List<int> { 1, 2 };

                [Coroutine]
                public IEnumerator<Yield> All(int n, string text)
                {
                    int total = 0;
                    Func<int, int> twice = v => v * 2 + n;
                    var (a, b) = (n, n + 1);
                    for (int i = 0; i < n; i++)
                    {
                        do
                        {
                            total += twice(i);
                            yield return Yield.Frames(total % 5);
                        }
                        while (total < a);

                        if (i == b)
                        {
                            continue;
                        }
                        else if (i > 10)
                        {
                            break;
                        }
                    }

                    foreach (int x in _list)
                    {
                        yield return Yield.Frames(x);
                    }

                    foreach (char c in text.Where(char.IsLetter))
                    {
                        yield return Yield.Frames(c);
                    }

                    using (new Res())
                    {
                        try
                        {
                            switch (n)
                            {
                                case > 3:
                                    yield return Yield.NextTick;
                                    break;
                                default:
                                    yield break;
                            }
                        }
                        finally
                        {
                            total = -1;
                        }
                    }

                    using var r = new Res();
                    yield return Yield.Return(Local(total));

                    int Local(int v) => v + n + _list.Count;
                }
            }
        }
        """;

    /// <summary>The session-20 hunt's shapes that change the emitted code, compiled at LangVersion 9: constants and
    /// local functions used by finally blocks and pending instructions, a goto that re-enters a block with closures,
    /// inferred anonymous-type and tuple names, verbatim strings spanning lines, a multi-dimensional foreach, a
    /// dynamic local and a struct resource with an explicit IDisposable.Dispose.</summary>
    public const string Hunt = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Engine;

        namespace Demo
        {
            public struct Handle : IDisposable
            {
                public void Dispose()
                {
                }

                void IDisposable.Dispose()
                {
                }
            }

            public static partial class Hunt
            {
                [Coroutine]
                public static IEnumerator<Yield> Shapes(int n, List<Func<int>> sink)
                {
                    const int Delay = 2;
                    int count = 0;
                    void Note() => count++;
                    try
                    {
                        yield return Yield.Frames(Delay);
                        int attempt = 0;
                    again:
                        {
                            int a = attempt;
                            int Show() => a + count;
                            sink.Add(() => a);
                            yield return Yield.Frames(Show());
                            if (++attempt < n)
                            {
                                goto again;
                            }
                        }

                        var x = (count, n);
                        var anon = new { count, n };
                        Console.WriteLine(x.count + anon.n + @"a
                b");
                        int[,] grid = { { 1, 2 }, { 3, 4 } };
                        foreach (int cell in grid)
                        {
                            yield return Yield.Frames(cell);
                        }

                        dynamic d = n;
                        yield return Yield.Frames((int)d);
                        using var handle = new Handle();
                        yield return Yield.NextTick;
                    }
                    finally
                    {
                        Note();
                        Console.WriteLine(Delay + count);
                    }
                }
            }
        }
        """;

    /// <summary>Session 21: checked/unchecked blocks around yields, discards beside a user '_', mixed deconstructions
    /// and interpolation holes, whose generated code must compile as C# 9.</summary>
    public const string Contexts = """
        using System;
        using System.Collections.Generic;
        using System.Linq;
        using Engine;

        namespace Demo
        {
            public static partial class Contexts
            {
                [Coroutine]
                public static IEnumerator<Yield> Arithmetic(int n, List<string> log)
                {
                    int big = int.MaxValue - n;
                    byte small = 250;
                    checked
                    {
                        try
                        {
                            big += 1;
                            small++;
                        }
                        catch (OverflowException)
                        {
                            log.Add("overflow");
                        }

                        yield return Yield.Frames(n);
                        for (int i = 0; i < 2; i++, small++)
                        {
                            log.Add(((byte)(big / 3)).ToString());
                            yield return Yield.Frames(i);
                        }

                        Action bump = () => big++;
                        void Add() => big += 2;
                        foreach (byte b in new[] { 1, 2 })
                        {
                            yield return Yield.Frames(b);
                        }

                        bump();
                        Add();
                    }

                    unchecked
                    {
                        const int Wrapped = int.MaxValue + 1;
                        yield return Yield.Frames(big * 2 & 15);
                        log.Add((Wrapped - big).ToString());
                    }
                }

                [Coroutine]
                public static IEnumerator<Yield> Discards(int n, List<string> log)
                {
                    string _ = "user";
                    var (a, _) = (n, n + 1);
                    (var b, var unused) = (n, 2);
                    yield return Yield.Frames(a + b);
                    foreach (var (x, _) in new[] { (1, 2) })
                    {
                        yield return Yield.Frames(x);
                    }

                    log.Add(_ + $"{Math.Max(a, 2)} {string.Join(",", from q in new[] { 1, 2 } where q > 0 select q + a)}" + $@"v {new Func<int>(() => { return a + 1; })()}
          w");
                }
            }
        }
        """;
}
