using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Engine.Machines;

namespace Engine.Persist;

/// <summary>
/// Writes values into a <see cref="SavedGraph"/>: primitives inline with their exact type, and every array, list,
/// machine, instruction and converter-written object once in the object table, referred to by id.
/// </summary>
/// <remarks>
/// <para>
/// Design: identity is kept by a table from object reference to id, filled before an object's contents are written,
/// so shared objects are written once and cycles through arrays, lists and machines end. Values the graph cannot save
/// do not stop the walk: each one is recorded with its path (coroutine, field, element) and type, and
/// <see cref="ThrowIfProblems"/> reports them all at once, so a user fixes every offender in one pass.
/// </para>
/// <para>
/// Cold path: saving boxes and allocates freely. The writer is single-use: one writer, one graph.
/// </para>
/// </remarks>
public sealed class GraphWriter
{
    private readonly Dictionary<object, int> _ids = new(ReferenceComparer.Instance);
    private readonly List<string> _problems = new();
    private readonly List<string> _path = new();

    /// <summary>Creates a writer that fills a new <see cref="SavedGraph"/>.</summary>
    public GraphWriter()
        : this(new SavedGraph())
    {
    }

    /// <summary>Creates a writer that appends to <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph to fill; objects already in it are kept.</param>
    public GraphWriter(SavedGraph graph)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
    }

    /// <summary>The graph being written.</summary>
    public SavedGraph Graph { get; }

    /// <summary>Converters for user types, tried in order before a value is declared unsavable.</summary>
    public List<ISaveConverter> Converters { get; } = new List<ISaveConverter>();

    /// <summary>Every value that could not be saved so far, each naming its path and type.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>The name a graph uses for <paramref name="type"/>: its full name, with its assembly's simple name for
    /// types outside the core library (so a save does not depend on assembly versions or on the runtime).</summary>
    /// <param name="type">The type.</param>
    /// <returns>The name, which <see cref="GraphReader"/> resolves back.</returns>
    public static string TypeName(Type type)
    {
        if (type is null)
        {
            throw new ArgumentNullException(nameof(type));
        }

        string name = type.FullName ?? type.Name;
        return type.Assembly == typeof(object).Assembly ? name : name + ", " + type.Assembly.GetName().Name;
    }

    /// <summary>Writes a value.</summary>
    /// <typeparam name="T">The declared type of the value (a field's type).</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The saved value: inline, or a reference into <see cref="Graph"/>'s object table.</returns>
    public SavedValue Write<T>(T value) => WriteObject(value);

    /// <summary>Writes a value given as an object.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The saved value: inline, or a reference into <see cref="Graph"/>'s object table.</returns>
    public SavedValue WriteObject(object? value)
    {
        if (value is null)
        {
            return new SavedValue { Kind = SavedValueKind.Null };
        }

        Type type = value.GetType();
        switch (Type.GetTypeCode(type))
        {
            case TypeCode.Boolean:
                return new SavedValue { Kind = SavedValueKind.Boolean, Type = TypeName(type), Number = (bool)value ? 1 : 0 };
            case TypeCode.Char:
            case TypeCode.SByte:
            case TypeCode.Byte:
            case TypeCode.Int16:
            case TypeCode.UInt16:
            case TypeCode.Int32:
            case TypeCode.UInt32:
            case TypeCode.Int64:
                return new SavedValue { Kind = SavedValueKind.Integer, Type = TypeName(type), Number = Convert.ToInt64(value, CultureInfo.InvariantCulture) };
            case TypeCode.UInt64:
                return new SavedValue { Kind = SavedValueKind.Integer, Type = TypeName(type), Number = unchecked((long)(ulong)value) };
            case TypeCode.Single:
                return new SavedValue { Kind = SavedValueKind.Float, Type = TypeName(type), Text = ((float)value).ToString("R", CultureInfo.InvariantCulture) };
            case TypeCode.Double:
                return new SavedValue { Kind = SavedValueKind.Float, Type = TypeName(type), Text = ((double)value).ToString("R", CultureInfo.InvariantCulture) };
            case TypeCode.Decimal:
                return new SavedValue { Kind = SavedValueKind.Decimal, Type = TypeName(type), Text = ((decimal)value).ToString(CultureInfo.InvariantCulture) };
            case TypeCode.String:
                return new SavedValue { Kind = SavedValueKind.String, Type = TypeName(type), Text = (string)value };
        }

        if (!type.IsValueType && _ids.TryGetValue(value, out int known))
        {
            return Reference(known);
        }

        if (value is Yield instruction)
        {
            return WriteInstruction(instruction);
        }

        if (value is Array array && array.Rank == 1 && type.GetElementType() is not null)
        {
            SavedObject node = Add(value, SavedObjectKind.Array, type);
            node.Items = WriteItems(array);
            return Reference(node.Id);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            SavedObject node = Add(value, SavedObjectKind.List, type);
            node.Items = WriteItems((IList)value);
            return Reference(node.Id);
        }

        if (IsTuple(type))
        {
            SavedObject node = Add(null, SavedObjectKind.Tuple, type);
            var items = new List<object?>();
            foreach (System.Reflection.FieldInfo field in type.GetFields())
            {
                items.Add(field.GetValue(value));
            }

            node.Items = WriteItems(items);
            return Reference(node.Id);
        }

        if (value is CoroutineMachine machine)
        {
            SavedObject node = Add(value, SavedObjectKind.Machine, type);
            _path.Add("coroutine '" + machine.Name + "'");
            machine.WriteTo(this, node);
            _path.RemoveAt(_path.Count - 1);
            return Reference(node.Id);
        }

        foreach (ISaveConverter converter in Converters)
        {
            if (converter.CanConvert(type))
            {
                SavedObject node = Add(value, SavedObjectKind.Custom, type);
                var fields = new FieldWriter(this, node.Fields = new List<SavedField>());
                converter.Write(value, fields);
                return Reference(node.Id);
            }
        }

        Problem(value);
        return new SavedValue { Kind = SavedValueKind.Null };
    }

    /// <summary>Throws if any value could not be saved.</summary>
    /// <param name="what">What was being saved, for the message (such as <c>coroutine 'Game.Npc.Walk'</c>).</param>
    /// <exception cref="NotSupportedException">Lists every unsavable value with its path and type.</exception>
    public void ThrowIfProblems(string what)
    {
        if (_problems.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.Append("Cannot snapshot ").Append(what).Append(": ")
            .Append(_problems.Count.ToString(CultureInfo.InvariantCulture))
            .Append(_problems.Count == 1 ? " value cannot be saved:" : " values cannot be saved:");
        foreach (string problem in _problems)
        {
            message.Append("\n  ").Append(problem);
        }

        message.Append("\nA snapshot holds primitives, strings, enums, decimals, arrays, List<T> and tuples of savable values, [Coroutine] machines, ")
            .Append("and types with a registered ISaveConverter. Keep only such values alive across a yield (set other locals to null/default ")
            .Append("before yielding), or register a converter for the type.");
        throw new NotSupportedException(message.ToString());
    }

    // Set by a whole-simulation save: an instance coroutine's `this` is saved like any field (FieldWriter.AddIfSavable).
    internal bool KeepsThis { get; set; }

    // Records a problem found by the caller (a whole-loop save: a wait it cannot save yet), at the current path.
    internal void AddProblem(string what) => _problems.Add((_path.Count == 0 ? "" : string.Join(" ", _path) + " ") + what);

    internal void PushPath(string segment) => _path.Add(segment);

    internal void PopPath() => _path.RemoveAt(_path.Count - 1);

    // Undoes a write that turned out unsavable (FieldWriter.AddIfSavable): forget its problems and the objects it added.
    internal void DropProblemsAfter(int problems, int objects)
    {
        _problems.RemoveRange(problems, _problems.Count - problems);
        if (Graph.Objects.Count > objects)
        {
            var added = new List<object>();
            foreach (KeyValuePair<object, int> pair in _ids)
            {
                if (pair.Value > objects)
                {
                    added.Add(pair.Key);
                }
            }

            foreach (object value in added)
            {
                _ids.Remove(value);
            }

            Graph.Objects.RemoveRange(objects, Graph.Objects.Count - objects);
        }
    }

    internal static bool IsTuple(Type type) =>
        type.IsValueType && type.IsGenericType && type.FullName!.StartsWith("System.ValueTuple`", StringComparison.Ordinal) && type.GetGenericArguments().Length < 8;

    private SavedValue WriteInstruction(Yield instruction)
    {
        SavedObject node = Add(null, SavedObjectKind.Instruction, typeof(Yield));
        var fields = new List<SavedField>(3)
        {
            new SavedField("Kind", new SavedValue { Kind = SavedValueKind.Integer, Type = TypeName(typeof(YieldKind)), Number = (long)instruction.Kind }),
            new SavedField("Number", WriteObject(instruction.Number)),
        };
        if (instruction.Target is not null)
        {
            _path.Add("instruction " + instruction.Kind);
            fields.Add(new SavedField("Target", WriteObject(instruction.Target)));
            _path.RemoveAt(_path.Count - 1);
        }

        node.Fields = fields;
        return Reference(node.Id);
    }

    private List<SavedValue> WriteItems(IList items)
    {
        var saved = new List<SavedValue>(items.Count);
        for (int i = 0; i < items.Count; i++)
        {
            _path.Add("[" + i.ToString(CultureInfo.InvariantCulture) + "]");
            saved.Add(WriteObject(items[i]));
            _path.RemoveAt(_path.Count - 1);
        }

        return saved;
    }

    private SavedObject Add(object? value, SavedObjectKind kind, Type type)
    {
        var node = new SavedObject { Id = Graph.Objects.Count + 1, Kind = kind, Type = TypeName(type) };
        Graph.Objects.Add(node);
        if (value is not null && !type.IsValueType)
        {
            _ids.Add(value, node.Id);
        }

        return node;
    }

    private void Problem(object value)
    {
        Type type = value.GetType();
        string why = value switch
        {
            Delegate => "a delegate (lambda or method group), which has no data to save",
            IEnumerator => "an enumerator (a foreach over a collection other than an array or List<T>, or a compiler iterator), whose position cannot be saved",
            IDisposable => "a disposable resource (a using variable?), which cannot be recreated from data",
            _ => "a type with no ISaveConverter registered",
        };
        string path = _path.Count == 0 ? "the value" : string.Join(" ", _path);
        _problems.Add(path + " holds a " + type.FullName + ": " + why);
    }

    private static SavedValue Reference(int id) => new() { Kind = SavedValueKind.Reference, Number = id };

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
