using System;
using System.Collections;
using System.Collections.Generic;

namespace Engine.Generators.Tests.Corpus;

/// <summary>A disposable resource that logs opening and disposal.</summary>
public sealed class Res : IDisposable
{
    private readonly string _name;

    public Res(string name)
    {
        _name = name;
        Log.Add("open " + name);
    }

    public void Dispose() => Log.Add("dispose " + _name);

    private static List<string> Log => CorpusLog.Entries;
}

/// <summary>The side-effect log that corpus coroutines write to; the harness swaps it per run.</summary>
public static class CorpusLog
{
    [ThreadStatic]
    private static List<string>? t_entries;

    public static List<string> Entries
    {
        get => t_entries ??= new List<string>();
        set => t_entries = value;
    }
}

/// <summary>An enumerable with a class enumerator that logs MoveNext exhaustion and Dispose.</summary>
public sealed class LoggingRange : IEnumerable<int>
{
    private readonly int _count;

    public LoggingRange(int count)
    {
        _count = count;
    }

    public IEnumerator<int> GetEnumerator() => new Enumerator(_count);

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private sealed class Enumerator : IEnumerator<int>
    {
        private readonly int _count;
        private int _current = -1;

        public Enumerator(int count)
        {
            _count = count;
        }

        public int Current => _current;

        object IEnumerator.Current => _current;

        public bool MoveNext()
        {
            _current++;
            return _current < _count;
        }

        public void Reset() => throw new NotSupportedException();

        public void Dispose() => CorpusLog.Entries.Add("range.dispose at " + _current);
    }
}
