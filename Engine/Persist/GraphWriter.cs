using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Engine.Machines;

namespace Engine.Persist;

/// <summary>
/// Writes values into a <see cref="SavedGraph"/>: primitives inline as typed tokens, and every array, list, tuple,
/// machine and converter-written object once in the object table, referred to by id (token <c>#id</c>).
/// </summary>
/// <remarks>
/// <para>
/// Design: identity is kept by a table from object reference to id, filled before an object's contents are written,
/// so shared objects are written once and cycles through arrays, lists and machines end. Each type is entered once in
/// the graph's type table. Values the graph cannot save do not stop the walk: each one is recorded with its path
/// (coroutine, field, element) and type, and <see cref="ThrowIfProblems"/> reports them all at once, so a user fixes
/// every offender in one pass. The path is kept as cheap segments and turned into text only for a problem.
/// </para>
/// <para>
/// Cold path, but a whole-loop save walks every task: the common values (integers, doubles, references) cost one short
/// string each. The writer is single-use: one writer, one graph.
/// </para>
/// </remarks>
public sealed class GraphWriter
{
    private readonly Dictionary<object, int> _ids;
    private readonly Dictionary<(YieldKind Kind, double Number), string> _instructions = new(); // tokens of target-less instructions: many tasks wait on the same one
    private readonly Dictionary<Type, int> _types = new();
    private readonly List<Dictionary<string, int>?> _members = new(); // per type entry: member name to position
    private readonly Dictionary<Type, ISaveConverter?> _converterOf = new(); // the first converter that takes a type, asked once per type
    private int _convertersSeen = -1;
    private readonly List<string> _problems = new();
    private readonly List<PathSegment> _path = new();
    private readonly Stack<List<string?>> _spareValues = new();
    private readonly StringBuilder _line = new();

    /// <summary>Creates a writer that fills a new <see cref="SavedGraph"/>.</summary>
    public GraphWriter()
        : this(new SavedGraph())
    {
    }

    /// <summary>Creates a writer that appends to <paramref name="graph"/>.</summary>
    /// <param name="graph">The graph to fill; objects and types already in it are kept.</param>
    public GraphWriter(SavedGraph graph)
        : this(graph, 0)
    {
    }

    // A writer sized for about objects objects (a whole-loop save knows its task count).
    internal GraphWriter(SavedGraph graph, int objects)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        _ids = new Dictionary<object, int>(objects, ReferenceComparer.Instance);
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

        Type inner = type;
        while (inner.HasElementType)
        {
            inner = inner.GetElementType()!;
        }

        string name = BareName(type);
        return inner.Assembly == typeof(object).Assembly ? name : name + ", " + inner.Assembly.GetName().Name;
    }

    // A type's full name whose generic arguments are named by TypeName too (no assembly versions anywhere), without the
    // type's own assembly: System.Collections.Generic.List`1[[Game.Npc, Game]].
    private static string BareName(Type type)
    {
        if (type.IsArray)
        {
            return BareName(type.GetElementType()!) + (type.GetArrayRank() == 1 && type == type.GetElementType()!.MakeArrayType() ? "[]" : "[" + new string(',', type.GetArrayRank() - 1) + "]");
        }

        if (!type.IsGenericType || type.IsGenericTypeDefinition)
        {
            return type.FullName ?? type.Name;
        }

        var name = new StringBuilder(type.GetGenericTypeDefinition().FullName).Append('[');
        Type[] arguments = type.GetGenericArguments();
        for (int i = 0; i < arguments.Length; i++)
        {
            name.Append(i == 0 ? "[" : ",[").Append(TypeName(arguments[i])).Append(']');
        }

        return name.Append(']').ToString();
    }

    /// <summary>Writes a value.</summary>
    /// <typeparam name="T">The declared type of the value (a field's type).</typeparam>
    /// <param name="value">The value.</param>
    /// <returns>The value's token (see <see cref="SavedValue"/>): inline, or a reference into <see cref="Graph"/>'s object table.</returns>
    public string Write<T>(T value) =>
        typeof(T) == typeof(Yield) ? WriteInstruction((Yield)(object)value!) : // no box (the JIT folds the test per T)
        typeof(T) == typeof(long) ? "l" + ((long)(object)value!).ToString(CultureInfo.InvariantCulture) :
        WriteObject(value);

    /// <summary>Writes a value given as an object.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value's token (see <see cref="SavedValue"/>): inline, or a reference into <see cref="Graph"/>'s object table.</returns>
    public string WriteObject(object? value)
    {
        if (value is null)
        {
            return SavedValue.NullToken;
        }

        Type type = value.GetType();
        TypeCode code = Type.GetTypeCode(type);
        if (code != TypeCode.Object)
        {
            return WritePrimitive(value, type, code);
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
            int id = Add(value, SavedObjectKind.Array, type, out int typeIndex);
            return Finish(id, typeIndex, WriteItems(array));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            int id = Add(value, SavedObjectKind.List, type, out int typeIndex);
            return Finish(id, typeIndex, WriteItems((IList)value));
        }

        if (IsTuple(type))
        {
            int id = Add(null, SavedObjectKind.Tuple, type, out int typeIndex);
            var items = new List<object?>();
            foreach (System.Reflection.FieldInfo field in type.GetFields())
            {
                items.Add(field.GetValue(value));
            }

            return Finish(id, typeIndex, WriteItems(items));
        }

        if (value is CoroutineMachine machine)
        {
            int id = Add(value, SavedObjectKind.Machine, type, out int typeIndex);
            SavedType entry = Graph.Types[typeIndex - 1];
            if (entry.Coroutine is null)
            {
                entry.Coroutine = machine.Name;
                entry.Shape = machine.RecordedShape;
            }

            _path.Add(new PathSegment(PathKind.Coroutine, machine.Name, 0));
            List<string?> members = RentValues();
            machine.WriteTo(new FieldWriter(this, typeIndex, members));
            _path.RemoveAt(_path.Count - 1);
            return Finish(id, typeIndex, members);
        }

        if (ConverterFor(type) is { } converter)
        {
            int id = Add(value, SavedObjectKind.Custom, type, out int typeIndex);
            List<string?> members = RentValues();
            converter.Write(value, new FieldWriter(this, typeIndex, members));
            return Finish(id, typeIndex, members);
        }

        Problem(value);
        return SavedValue.NullToken;
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
    internal void AddProblem(string what)
    {
        string path = PathText();
        _problems.Add(path.Length == 0 ? what : path + " " + what);
    }

    internal void PushPath(string segment) => _path.Add(new PathSegment(PathKind.Text, segment, 0));

    // A task's segment ("task 'name'"), formatted only if a problem is found under it.
    internal void PushTask(CoTask task) => _path.Add(new PathSegment(PathKind.Task, task, 0));

    internal void PushField(string name) => _path.Add(new PathSegment(PathKind.Field, name, 0));

    internal void PopPath() => _path.RemoveAt(_path.Count - 1);

    // Writes an object (if not written yet) and returns its id, or 0 when it could not be saved (a problem is recorded):
    // a whole-loop save lists its tasks by id.
    internal int WriteReference(object? value) => value is not null && _ids.TryGetValue(value, out int known) ? known : IdOf(WriteObject(value));

    // The object id a reference token names; 0 for null (an unsavable value, recorded as a problem).
    internal int IdOf(string token) =>
        token == SavedValue.NullToken ? 0 :
        token.Length > 1 && token[0] == '#' ? checked((int)SavedValue.ParseLong(token.Substring(1), token)) :
        throw new InvalidOperationException("Expected a reference token, got '" + token + "'.");

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

    private string WritePrimitive(object value, Type type, TypeCode code)
    {
        if (type.IsEnum)
        {
            return Tagged(type, Convert.ToInt64(value, CultureInfo.InvariantCulture));
        }

        switch (code)
        {
            case TypeCode.Int32:
                return SavedValue.IntToken((int)value);
            case TypeCode.Int64:
                return "l" + ((long)value).ToString(CultureInfo.InvariantCulture);
            case TypeCode.Double:
                return SavedValue.DoubleToken((double)value);
            case TypeCode.String:
                return SavedValue.TextToken((string)value);
            case TypeCode.Boolean:
                return (bool)value ? "b1" : "b0";
            case TypeCode.Single:
                return "f" + ((float)value).ToString("R", CultureInfo.InvariantCulture);
            case TypeCode.Decimal:
                return "m" + ((decimal)value).ToString(CultureInfo.InvariantCulture);
            case TypeCode.UInt64:
                return Tagged(type, unchecked((long)(ulong)value));
            case TypeCode.Char:
                return Tagged(type, (char)value);
            case TypeCode.SByte:
            case TypeCode.Byte:
            case TypeCode.Int16:
            case TypeCode.UInt16:
            case TypeCode.UInt32:
                return Tagged(type, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            default:
                Problem(value); // DateTime, DBNull: no token
                return SavedValue.NullToken;
        }
    }

    // The position of a member of the objects of type entry typeIndex, added to the entry's Members on first use.
    internal int MemberIndex(int typeIndex, string name)
    {
        while (_members.Count < typeIndex)
        {
            _members.Add(null);
        }

        Dictionary<string, int> positions = _members[typeIndex - 1] ??= new Dictionary<string, int>(StringComparer.Ordinal);
        if (!positions.TryGetValue(name, out int index))
        {
            SavedType entry = Graph.Types[typeIndex - 1];
            List<string> members = entry.Members ??= new List<string>();
            if (positions.Count == 0)
            {
                for (int i = 0; i < members.Count; i++)
                {
                    positions[members[i]] = i; // a graph a writer appends to
                }
            }

            if (!positions.TryGetValue(name, out index))
            {
                index = members.Count;
                members.Add(name);
                positions.Add(name, index);
            }
        }

        return index;
    }

    // A cleared list for one object's value tokens; objects nest (a machine's field refers to a list written in the
    // middle of it), so the spares are a stack.
    private List<string?> RentValues() => _spareValues.Count > 0 ? _spareValues.Pop() : new List<string?>(8);

    // Encodes object id's line from its values, returns the list to the spares, and returns the reference token.
    private string Finish(int id, int typeIndex, List<string?> values)
    {
        if (id <= Graph.Objects.Count) // a problem's undo (DropProblemsAfter) may have removed it
        {
            Graph.Objects[id - 1] = SavedObject.Encode(typeIndex, values, _line);
        }

        values.Clear();
        _spareValues.Push(values);
        return Reference(id);
    }

    private string Tagged(Type type, long number) =>
        "t" + TypeIndex(type, SavedObjectKind.Value).ToString(CultureInfo.InvariantCulture) + ":" + number.ToString(CultureInfo.InvariantCulture);

    private string WriteInstruction(Yield instruction)
    {
        if (instruction.Target is null && _instructions.TryGetValue((instruction.Kind, instruction.Number), out string? known))
        {
            return known;
        }

        string head = "y" + ((int)instruction.Kind).ToString(CultureInfo.InvariantCulture) + ":" + instruction.Number.ToString("R", CultureInfo.InvariantCulture);
        if (instruction.Target is null)
        {
            _instructions[(instruction.Kind, instruction.Number)] = head;
            return head;
        }

        _path.Add(new PathSegment(PathKind.Instruction, null, (int)instruction.Kind));
        string target = WriteObject(instruction.Target);
        _path.RemoveAt(_path.Count - 1);
        return head + ":" + target;
    }

    private List<string?> WriteItems(IList items)
    {
        List<string?> saved = RentValues();
        for (int i = 0; i < items.Count; i++)
        {
            _path.Add(new PathSegment(PathKind.Index, null, i));
            saved.Add(WriteObject(items[i]));
            _path.RemoveAt(_path.Count - 1);
        }

        return saved;
    }

    // The first of Converters that converts type (CanConvert asked once per type; the answers are forgotten when
    // converters are added or removed).
    private ISaveConverter? ConverterFor(Type type)
    {
        if (_convertersSeen != Converters.Count)
        {
            _converterOf.Clear();
            _convertersSeen = Converters.Count;
        }

        if (!_converterOf.TryGetValue(type, out ISaveConverter? found))
        {
            foreach (ISaveConverter converter in Converters)
            {
                if (converter.CanConvert(type))
                {
                    found = converter;
                    break;
                }
            }

            _converterOf.Add(type, found);
        }

        return found;
    }

    // Enters an object in the table (its line is written when its contents are: Finish) and returns its id.
    private int Add(object? value, SavedObjectKind kind, Type type, out int typeIndex)
    {
        typeIndex = TypeIndex(type, kind);
        Graph.Objects.Add("");
        int id = Graph.Objects.Count;
        if (value is not null && !type.IsValueType)
        {
            _ids.Add(value, id);
        }

        return id;
    }

    // The 1-based index of type's entry in the graph's type table, added on first use (or found, in a graph a writer
    // appends to).
    private int TypeIndex(Type type, SavedObjectKind kind)
    {
        if (_types.TryGetValue(type, out int index))
        {
            return index;
        }

        string name = TypeName(type);
        List<SavedType> types = Graph.Types;
        index = 0;
        for (int i = 0; i < types.Count; i++)
        {
            if (types[i].Kind == kind && string.Equals(types[i].Name, name, StringComparison.Ordinal))
            {
                index = i + 1;
                break;
            }
        }

        if (index == 0)
        {
            types.Add(new SavedType { Name = name, Kind = kind });
            index = types.Count;
        }

        _types.Add(type, index);
        return index;
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
        string path = PathText();
        _problems.Add((path.Length == 0 ? "the value" : path) + " holds a " + type.FullName + ": " + why);
    }

    private string PathText()
    {
        var text = new StringBuilder();
        foreach (PathSegment segment in _path)
        {
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            switch (segment.Kind)
            {
                case PathKind.Text:
                    text.Append((string)segment.Subject!);
                    break;
                case PathKind.Field:
                    text.Append("field '").Append((string)segment.Subject!).Append('\'');
                    break;
                case PathKind.Coroutine:
                    text.Append("coroutine '").Append((string)segment.Subject!).Append('\'');
                    break;
                case PathKind.Task:
                    text.Append("task '").Append(((CoTask)segment.Subject!).Name).Append('\'');
                    break;
                case PathKind.Instruction:
                    text.Append("instruction ").Append((YieldKind)segment.Number);
                    break;
                default:
                    text.Append('[').Append(segment.Number.ToString(CultureInfo.InvariantCulture)).Append(']');
                    break;
            }
        }

        return text.ToString();
    }

    private static string Reference(int id) => "#" + id.ToString(CultureInfo.InvariantCulture);

    private enum PathKind : byte
    {
        Text,
        Field,
        Index,
        Coroutine,
        Task,
        Instruction,
    }

    private readonly struct PathSegment
    {
        public PathSegment(PathKind kind, object? subject, int number)
        {
            Kind = kind;
            Subject = subject;
            Number = number;
        }

        public PathKind Kind { get; }

        public object? Subject { get; }

        public int Number { get; }
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
