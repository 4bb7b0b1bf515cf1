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
}
