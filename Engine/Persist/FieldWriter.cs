using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Engine.Persist;

/// <summary>Receives the named members of one saved object (a machine's fields, or a converter's members).</summary>
/// <remarks>Members holding their type's default value are left out; <see cref="FieldReader.Get{T}(string)"/> returns
/// the default for a missing member, so the saved form stays small. Names starting with <c>$</c> are the graph's own
/// (a machine's state and pending instruction). Design: each member's token is written straight into the graph
/// writer's character buffer and remembered as a position there, and the object's line is made from the buffer when
/// the object is finished, so a member costs no string of its own. A field writer is valid during the call it is passed
/// to (a machine's save, a converter's write): the graph writer reuses it for a later object.</remarks>
public sealed class FieldWriter
{
    private readonly GraphWriter _writer;
    private int _type;
    private int _lookups;    // member lookups so far (GraphWriter.MemberIndex remembers each type's order)
    private int[] _starts;   // per member position (or element): where its token starts in the writer's buffer; -1 absent
    private int[] _lengths;
    private int _count;      // positions in use

    internal FieldWriter(GraphWriter writer)
    {
        _writer = writer;
        _starts = new int[8];
        _lengths = new int[8];
    }

    /// <summary>The writer of the whole graph (to reach its converters).</summary>
    public GraphWriter Writer => _writer;

    // The type entry of the object being written.
    internal int TypeIndex => _type;

    // The values in use, in position order (a member position or an element index).
    internal int Count => _count;

    /// <summary>Writes one member; an unsavable value is recorded as a problem with this member's name in its path.</summary>
    /// <typeparam name="T">The member's declared type.</typeparam>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    [MethodImpl(PersistJit.Optimized)]
    public void Add<T>(string name, T value)
    {
        // The common member types skip boxing (the JIT folds these tests per T).
        if (typeof(T) == typeof(int))
        {
            int number = (int)(object)value!;
            if (number != 0)
            {
                int start = _writer.Mark;
                _writer.AppendInt(number);
                Set(name, start);
            }

            return;
        }

        if (typeof(T) == typeof(double))
        {
            double number = (double)(object)value!;
            if (System.BitConverter.DoubleToInt64Bits(number) != 0) // -0.0 is kept
            {
                int start = _writer.Mark;
                _writer.AppendDouble(number);
                Set(name, start);
            }

            return;
        }

        if (typeof(T) == typeof(long))
        {
            long number = (long)(object)value!;
            if (number != 0)
            {
                int start = _writer.Mark;
                _writer.AppendLong(number);
                Set(name, start);
            }

            return;
        }

        if (typeof(T) == typeof(bool))
        {
            if ((bool)(object)value!)
            {
                int start = _writer.Mark;
                _writer.AppendText("b1");
                Set(name, start);
            }

            return;
        }

        if (EqualityComparer<T>.Default.Equals(value, default!))
        {
            return;
        }

        _writer.PushField(name);
        int at = _writer.Mark;
        _writer.AppendValue(value);
        _writer.PopPath();
        Set(name, at);
    }

    /// <summary>Writes one member only if it can be saved without a problem; otherwise leaves it out silently. Used for
    /// an instance coroutine's <c>this</c>, which a restore into a machine created for the right object does not need.</summary>
    /// <typeparam name="T">The member's declared type.</typeparam>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    public void AddIfSavable<T>(string name, T value)
    {
        if (_writer.KeepsThis)
        {
            // A whole-simulation restore creates every machine anew: its `this` must be saved, or the save must say why.
            Add(name, value);
            return;
        }

        if (EqualityComparer<T>.Default.Equals(value, default!))
        {
            return;
        }

        int problems = _writer.Problems.Count;
        int objects = _writer.Graph.Objects.Count;
        _writer.PushField(name);
        int start = _writer.Mark;
        _writer.BeginWholeWrites();
        try
        {
            _writer.AppendValue(value);
        }
        finally
        {
            _writer.EndWholeWrites();
        }

        _writer.PopPath();
        if (_writer.Problems.Count == problems)
        {
            Set(name, start);
        }
        else
        {
            _writer.Truncate(start);
            _writer.DropProblemsAfter(problems, objects);
        }
    }

    // The graph's own members (a machine's "$state" and "$pending"), written as given.
    internal void AddToken(string name, string token)
    {
        int start = _writer.Mark;
        _writer.AppendText(token);
        Set(name, start);
    }

    // The graph's own member written from a value, whatever it is (a machine's pending instruction).
    [MethodImpl(PersistJit.Optimized)]
    internal void AddOwn<T>(string name, T value)
    {
        int start = _writer.Mark;
        _writer.AppendValue(value);
        Set(name, start);
    }

    // Points the writer at another object of type entry type (GraphWriter.RentFields).
    internal FieldWriter Reset(int type)
    {
        _type = type;
        _lookups = 0;
        _count = 0;
        return this;
    }

    // Records the token written since start as the next element (an array's, list's or tuple's).
    internal void AddElement(int start) => Place(_count, start);

    // Where the token at position i starts in the writer's buffer (-1: absent), and its length.
    internal int StartAt(int i) => _starts[i];

    internal int LengthAt(int i) => _lengths[i];

    private void Set(string name, int start) => Place(_writer.MemberIndex(_type, name, _lookups++), start);

    [MethodImpl(PersistJit.Optimized)]
    private void Place(int index, int start)
    {
        if (index >= _starts.Length)
        {
            int size = System.Math.Max(_starts.Length * 2, index + 1);
            System.Array.Resize(ref _starts, size);
            System.Array.Resize(ref _lengths, size);
        }

        while (_count <= index)
        {
            _starts[_count++] = -1;
        }

        _starts[index] = start;
        _lengths[index] = _writer.Mark - start;
    }
}
