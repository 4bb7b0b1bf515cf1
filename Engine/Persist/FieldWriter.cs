using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>Receives the named members of one saved object (a machine's fields, or a converter's members).</summary>
/// <remarks>Members holding their type's default value are left out; <see cref="FieldReader.Get{T}(string)"/> returns
/// the default for a missing member, so the saved form stays small.</remarks>
public sealed class FieldWriter
{
    private readonly GraphWriter _writer;
    private readonly List<SavedField> _fields;

    internal FieldWriter(GraphWriter writer, List<SavedField> fields)
    {
        _writer = writer;
        _fields = fields;
    }

    /// <summary>The writer of the whole graph (to reach its converters).</summary>
    public GraphWriter Writer => _writer;

    /// <summary>Writes one member; an unsavable value is recorded as a problem with this member's name in its path.</summary>
    /// <typeparam name="T">The member's declared type.</typeparam>
    /// <param name="name">The member name.</param>
    /// <param name="value">The value.</param>
    public void Add<T>(string name, T value)
    {
        if (EqualityComparer<T>.Default.Equals(value, default!))
        {
            return;
        }

        _writer.PushPath("field '" + name + "'");
        _fields.Add(new SavedField(name, _writer.Write(value)));
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
        _writer.PushPath("field '" + name + "'");
        SavedValue saved = _writer.Write(value);
        _writer.PopPath();
        if (_writer.Problems.Count == problems)
        {
            _fields.Add(new SavedField(name, saved));
        }
        else
        {
            _writer.DropProblemsAfter(problems, objects);
        }
    }
}
