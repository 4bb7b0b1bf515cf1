using System;
using System.Collections.Generic;
using System.Linq;

namespace Engine.Generators.Tests.Corpus;

/// <summary>Instance coroutines of a struct: the iterator works on a copy of 'this', so must the machine (changes to
/// fields through methods, properties and ref arguments stay in the copy; Reset starts from the original copy).</summary>
public partial struct CounterStruct
{
    public int Count;
    private string _name;

    public CounterStruct(string name, int count)
    {
        _name = name;
        Count = count;
    }

    public readonly int Twice => Count * 2;

    public void Add(int by) => Count += by;

    private static void Bump(ref int value) => value++;

    [Coroutine]
    public IEnumerator<Yield> Tick(int n)
    {
        for (int i = 0; i < n; i++)
        {
            Add(i);
            Count++;
            Bump(ref Count);
            yield return Yield.Frames(Count);
            CorpusLog.Entries.Add(_name + " " + Count + " " + Twice + " " + this.Count);
        }

        this = new CounterStruct("replaced", 100);
        yield return Yield.Frames(Count);
        CorpusLog.Entries.Add(_name + " " + ToString());
    }

    [Coroutine]
    public readonly IEnumerator<Yield> ReadOnlyTick(int n)
    {
        int local = Count;
        for (int i = 0; i < n; i++)
        {
            local += Twice;
            yield return Yield.Frames(local % 50);
        }

        CorpusLog.Entries.Add("readonly " + _name + " " + local);
    }

    public override readonly string ToString() => "Counter(" + _name + ", " + Count + ")";
}

/// <summary>Instance coroutines of a class: 'this', fields, properties, events and closures over them.</summary>
public partial class Spawner
{
    private readonly List<string> _spawned = new();
    private int _next;

    public event Action<string>? Spawned;

    public int Next => _next;

    private string Make(int i) => "unit" + i + "@" + _next;

    [Coroutine]
    public IEnumerator<Yield> SpawnWave(int n)
    {
        // Starts from a clean object, so the iterator, the machine and a Reset machine see the same state.
        _spawned.Clear();
        _next = 0;
        Spawned = null;
        var reports = new List<Func<string>>();
        Spawned += name => CorpusLog.Entries.Add("event " + name + " " + _spawned.Count);
        for (int i = 0; i < n; i++)
        {
            string unit = Make(i);
            _spawned.Add(unit);
            _next += 2;
            Spawned?.Invoke(unit);
            reports.Add(() => unit + "/" + _next + "/" + this._spawned.Count);
            yield return Yield.Frames(Next);
        }

        Func<int, string> describe = k => Make(k) + Next;
        yield return Yield.Return(describe(n));
        foreach (Func<string> report in reports)
        {
            CorpusLog.Entries.Add(report());
        }
    }
}

/// <summary>A generic class with constrained type parameters and a generic coroutine with its own constraints.</summary>
public partial class Inventory<TItem>
    where TItem : class, IComparable<TItem>
{
    private readonly List<TItem> _items = new();

    public Inventory(params TItem[] items)
    {
        _items.AddRange(items);
    }

    [Coroutine]
    public IEnumerator<Yield> Sort(int n)
    {
        var sorted = new List<TItem>(_items);
        sorted.Sort();
        TItem? best = null;
        foreach (TItem item in sorted)
        {
            best ??= item;
            if (item.CompareTo(best) > 0)
            {
                best = item;
            }

            yield return Yield.Return(item);
        }

        CorpusLog.Entries.Add("best " + best + " of " + typeof(TItem).Name + " " + n);
    }

    [Coroutine]
    public IEnumerator<Yield> Pair<TKey>(int n)
        where TKey : struct, IEquatable<TKey>
    {
        TKey key = default;
        var byKey = new Dictionary<TItem, TKey>();
        foreach (TItem item in _items)
        {
            byKey[item] = key;
            yield return Yield.Frames(byKey.Count + n);
        }

        CorpusLog.Entries.Add(typeof(TKey).Name + " " + byKey.Values.All(k => k.Equals(key)));
    }

    /// <summary>A type nested in a generic type, with a coroutine that uses both type parameters.</summary>
    public partial class Shelf<TLabel>
        where TLabel : notnull
    {
        private readonly TLabel _label;

        public Shelf(TLabel label)
        {
            _label = label;
        }

        [Coroutine]
        public IEnumerator<Yield> Stock(int n)
        {
            var stocked = new List<(TLabel Label, TItem? Item)>();
            for (int i = 0; i < n; i++)
            {
                stocked.Add((_label, default));
                yield return Yield.Frames(stocked.Count);
            }

            CorpusLog.Entries.Add(_label + " " + typeof(TItem).Name + " " + stocked.Count);
        }
    }
}

/// <summary>Coroutines in a static class nested twice, one generic with constraints that reference each other.</summary>
public static partial class Outer
{
    public static partial class Middle
    {
        [Coroutine]
        public static IEnumerator<Yield> Chain<TFirst, TSecond>(int n)
            where TFirst : IEnumerable<TSecond>, new()
            where TSecond : unmanaged
        {
            TFirst first = new();
            TSecond second = default;
            yield return Yield.Frames(first.Count() + n);
            CorpusLog.Entries.Add(typeof(TFirst).Name + " " + second);
            yield return Yield.Return(second);
        }
    }
}

/// <summary>A positional record struct with an instance coroutine over its properties (a copy of 'this', as for any struct).</summary>
public partial record struct Probe(int Start, string Label)
{
    [Coroutine]
    public IEnumerator<Yield> Sweep(int n)
    {
        for (int i = 0; i < n; i++)
        {
            Start += i;
            yield return Yield.Frames(Start);
            CorpusLog.Entries.Add(this with { Label = Label + i } + "");
        }

        CorpusLog.Entries.Add(ToString());
    }
}

/// <summary>A generic struct with an instance coroutine.</summary>
public partial struct Cell<T>
    where T : IEquatable<T>
{
    private T _value;
    private int _writes;

    public Cell(T value)
    {
        _value = value;
        _writes = 0;
    }

    private void Set(T value)
    {
        _writes++;
        _value = value;
    }

    [Coroutine]
    public IEnumerator<Yield> Churn(int n)
    {
        T first = _value;
        for (int i = 0; i < n; i++)
        {
            Set(_value);
            yield return Yield.Frames(_writes);
        }

        CorpusLog.Entries.Add(first.Equals(_value) + " " + _writes);
    }
}
