using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>Receives the named members of one saved object (a machine's fields, or a converter's members).</summary>
/// <remarks>Members holding their type's default value are left out; <see cref="FieldReader.Get{T}(string)"/> returns
/// the default for a missing member, so the saved form stays small. Names starting with <c>$</c> are the graph's own
/// (a machine's state and pending instruction).</remarks>
public sealed class FieldWriter
{
    private readonly GraphWriter _writer;
    private readonly int _type;
    private readonly List<string?> _values;

    internal FieldWriter(GraphWriter writer, int type, List<string?> values)
    {
        _writer = writer;
        _type = type;
        _values = values;
    }

    /// <summary>The writer of the whole graph (to reach its converters).</summary>
    public GraphWriter Writer => _writer;

    /// <summary>Writes one member; an unsavable value is recorded as a problem with this member's name in its path.</summary>
    /// <typeparam name="T">The member's declared type.</typeparam>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    public void Add<T>(string name, T value)
    {
        // The common member types skip boxing (the JIT folds these tests per T).
        if (typeof(T) == typeof(int))
        {
            int number = (int)(object)value!;
            if (number != 0)
            {
                Set(name, SavedValue.IntToken(number));
            }

            return;
        }

        if (typeof(T) == typeof(double))
        {
            double number = (double)(object)value!;
            if (System.BitConverter.DoubleToInt64Bits(number) != 0) // -0.0 is kept
            {
                Set(name, SavedValue.DoubleToken(number));
            }

            return;
        }

        if (typeof(T) == typeof(bool))
        {
            if ((bool)(object)value!)
            {
                Set(name, "b1");
            }

            return;
        }

        if (EqualityComparer<T>.Default.Equals(value, default!))
        {
            return;
        }

        _writer.PushField(name);
        Set(name, _writer.Write(value));
        _writer.PopPath();
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
        string saved = _writer.Write(value);
        _writer.PopPath();
        if (_writer.Problems.Count == problems)
        {
            Set(name, saved);
        }
        else
        {
            _writer.DropProblemsAfter(problems, objects);
        }
    }

    // The graph's own members (a machine's "$state" and "$pending"), written as given.
    internal void AddToken(string name, string token) => Set(name, token);

    private void Set(string name, string token)
    {
        int index = _writer.MemberIndex(_type, name);
        while (_values.Count <= index)
        {
            _values.Add(null);
        }

        _values[index] = token;
    }
}
