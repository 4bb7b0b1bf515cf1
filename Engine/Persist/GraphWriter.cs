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
/// Cold path, but a whole-loop save walks every task: each value's token is written into one character buffer, an
/// object's members as positions in it (<see cref="FieldWriter"/>), and each object costs one string, its line, made
/// when the object is finished; a nested object (a list a machine's field refers to) is finished and cut off the
/// buffer before its holder writes its reference, so the buffer is used as a stack. The writer is single-use: one
/// writer, one graph. As in <see cref="GraphReader"/>, the methods a save runs once per object are compiled optimized
/// from their first call.
/// </para>
/// </remarks>
public sealed class GraphWriter
{
    private readonly Dictionary<object, int> _ids;
    private readonly Dictionary<Type, int> _types = new();
    private readonly List<Dictionary<string, int>?> _members = new(); // per type entry: member name to position
    private readonly List<List<(string Name, int Index)>?> _memberOrder = new(); // per type entry: the names its objects wrote, in order
    private readonly Dictionary<Type, ISaveConverter?> _converterOf = new(); // the first converter that takes a type, asked once per type
    private int _convertersSeen = -1;
    private readonly List<string> _problems = new();

    // Beside each problem: the unsavable value (null for one the caller found) and the path it was met at, so a value
    // met at several places (a field and its argument copy, the pending wait) is listed once with its other places.
    private readonly List<KeyValuePair<object?, string>> _problemSources = new();
    private readonly List<PathSegment> _path = new();
    private readonly Stack<FieldWriter> _spareFields = new(); // objects nest, so the spare field writers are a stack
    private readonly int _deferDepth = t_deferDepthForTests > 0 ? t_deferDepthForTests : DefaultDeferDepth;
    private int _depth; // objects being written inside each other
    private int _writeNow; // > 0 while a value's problems may be undone (BeginWholeWrites)
    private Stack<DeferredWrite>? _deferred; // objects with an id and a reference token, their lines still to write

    /// <summary>How deep objects are written inside each other before the writer writes the deeper ones afterwards:
    /// a save's stack does not grow with a chain of objects. A graph shallower than this is written exactly as by plain
    /// recursion.</summary>
    internal const int DefaultDeferDepth = 128;

    // Tests set this on their thread to put off every object's line (1): every save test then checks that a snapshot
    // written that way restores the same world.
    [ThreadStatic]
    internal static int t_deferDepthForTests;

    private const int DeferredPathHead = 8; // a deferred object's path keeps its first segments and its last ones
    private const int DeferredPathTail = 24;
    private char[] _chars = new char[1024]; // the tokens of the objects being written, then each object's line
    private int _length;

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
        if (graph.Objects.Capacity < graph.Objects.Count + objects)
        {
            graph.Objects.Capacity = graph.Objects.Count + objects;
        }
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
    public string Write<T>(T value)
    {
        int mark = _length;
        AppendValue(value);
        return Take(mark);
    }

    /// <summary>Writes a value given as an object.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The value's token (see <see cref="SavedValue"/>): inline, or a reference into <see cref="Graph"/>'s object table.</returns>
    public string WriteObject(object? value)
    {
        int mark = _length;
        AppendObject(value);
        return Take(mark);
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

        // One line per offender: a value met again at another place adds that place to its first line.
        var lines = new List<string>();
        var others = new List<List<string>?>();
        var lineOf = new Dictionary<object, int>(ReferenceComparer.Instance);
        for (int i = 0; i < _problems.Count; i++)
        {
            object? value = _problemSources[i].Key;
            if (value is not null && lineOf.TryGetValue(value, out int first))
            {
                (others[first] ??= new List<string>()).Add(_problemSources[i].Value);
                continue;
            }

            if (value is not null)
            {
                lineOf[value] = lines.Count;
            }

            lines.Add(_problems[i]);
            others.Add(null);
        }

        var message = new StringBuilder();
        message.Append("Cannot snapshot ").Append(what).Append(": ")
            .Append(lines.Count.ToString(CultureInfo.InvariantCulture))
            .Append(lines.Count == 1 ? " value cannot be saved:" : " values cannot be saved:");
        for (int i = 0; i < lines.Count; i++)
        {
            message.Append("\n  ").Append(lines[i]);
            if (others[i] is { } also)
            {
                message.Append(" (also at ").Append(string.Join("; ", also)).Append(')');
            }
        }

        message.Append("\nA snapshot holds primitives, strings, enums, decimals, arrays, List<T> and tuples of savable values, [Coroutine] machines, ")
            .Append("and types with a registered ISaveConverter. Keep only such values alive across a yield (set other locals to null/default ")
            .Append("before yielding), or register a converter for the type.");
        throw new NotSupportedException(message.ToString());
    }

    // The end of the buffer: where the next token starts (FieldWriter keeps its members as positions).
    internal int Mark => _length;

    // Drops what was written since mark (an unsavable value that FieldWriter.AddIfSavable leaves out).
    internal void Truncate(int mark) => _length = mark;

    // Appends the token of a value of declared type T (the common value types without boxing).
    [MethodImpl(PersistJit.Optimized)]
    internal void AppendValue<T>(T value)
    {
        if (typeof(T) == typeof(Yield))
        {
            AppendInstruction((Yield)(object)value!);
        }
        else if (typeof(T) == typeof(long))
        {
            AppendLong((long)(object)value!);
        }
        else if (typeof(T) == typeof(int))
        {
            AppendInt((int)(object)value!);
        }
        else if (typeof(T) == typeof(double))
        {
            AppendDouble((double)(object)value!);
        }
        else
        {
            AppendObject(value);
        }
    }

    // Appends the token of value, writing the object into the table first if it is not there yet. Returns the object's
    // id when the token is a reference, 0 for null (or a value that cannot be saved: a problem is recorded), -1 for an
    // inline value.
    [MethodImpl(PersistJit.Optimized)]
    internal int AppendObject(object? value)
    {
        if (value is null)
        {
            AppendText(SavedValue.NullToken);
            return 0;
        }

        Type type = value.GetType();
        TypeCode code = Type.GetTypeCode(type);
        if (code != TypeCode.Object)
        {
            return AppendPrimitive(value, type, code);
        }

        if (!type.IsValueType && _ids.TryGetValue(value, out int known))
        {
            AppendReference(known);
            return known;
        }

        if (value is Yield instruction)
        {
            AppendInstruction(instruction);
            return -1;
        }

        _depth++;
        int written;
        try
        {
            written = AppendNewObject(value, type);
        }
        catch
        {
            if (--_depth == 0)
            {
                _deferred?.Clear(); // the save is over
            }

            throw;
        }

        if (--_depth == 0 && _deferred is { Count: > 0 })
        {
            WriteDeferred();
        }

        return written;
    }

    // Writes an object met for the first time. Past the defer depth, an object whose line can be written later (an
    // array, a list, a machine, a converted object: not a tuple, which is a value) gets its id and its reference token
    // at once and its line when the outermost AppendObject returns, so the stack does not grow with the graph's depth
    // (a task awaiting a task awaiting a task ...). A graph shallower than the defer depth is written exactly as by
    // plain recursion; deeper, objects below the depth are numbered after those the recursion would have reached first.
    [MethodImpl(PersistJit.Optimized)]
    private int AppendNewObject(object value, Type type)
    {
        int mark = _length;
        if (value is Array array && array.Rank == 1 && type.GetElementType() is not null)
        {
            int id = Add(value, SavedObjectKind.Array, type, out int typeIndex);
            return Defers ? Defer(value, SavedObjectKind.Array, id, typeIndex) : Finish(id, WriteItems(array, typeIndex), mark);
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            int id = Add(value, SavedObjectKind.List, type, out int typeIndex);
            return Defers ? Defer(value, SavedObjectKind.List, id, typeIndex) : Finish(id, WriteItems((IList)value, typeIndex), mark);
        }

        if (IsTuple(type))
        {
            int id = Add(null, SavedObjectKind.Tuple, type, out int typeIndex);
            var items = new List<object?>();
            foreach (System.Reflection.FieldInfo field in type.GetFields())
            {
                items.Add(field.GetValue(value));
            }

            return Finish(id, WriteItems(items, typeIndex), mark);
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

            return Defers ? Defer(value, SavedObjectKind.Machine, id, typeIndex) : Finish(id, WriteMachine(machine, typeIndex), mark);
        }

        if (ConverterFor(type) is { } converter)
        {
            int id = Add(value, SavedObjectKind.Custom, type, out int typeIndex);
            return Defers ? Defer(value, SavedObjectKind.Custom, id, typeIndex) : Finish(id, WriteConverted(converter, value, typeIndex), mark);
        }

        Problem(value);
        AppendText(SavedValue.NullToken);
        return 0;
    }

    private bool Defers => _depth > _deferDepth && _writeNow == 0;

    [MethodImpl(PersistJit.Optimized)]
    private FieldWriter WriteMachine(CoroutineMachine machine, int typeIndex)
    {
        _path.Add(new PathSegment(PathKind.Coroutine, machine.Name, 0));
        FieldWriter members = RentFields(typeIndex);
        machine.WriteTo(members);
        _path.RemoveAt(_path.Count - 1);
        return members;
    }

    [MethodImpl(PersistJit.Optimized)]
    private FieldWriter WriteConverted(ISaveConverter converter, object value, int typeIndex)
    {
        FieldWriter members = RentFields(typeIndex);
        converter.Write(value, members);
        return members;
    }

    // Puts off writing object id's line (AppendNewObject): its reference token now, its line from WriteDeferred, under
    // the path it was met at (the first segments and the last ones, when that path is long).
    private int Defer(object value, SavedObjectKind kind, int id, int typeIndex)
    {
        PathSegment[] path;
        if (_path.Count <= DeferredPathHead + DeferredPathTail)
        {
            path = _path.ToArray();
        }
        else
        {
            path = new PathSegment[DeferredPathHead + 1 + DeferredPathTail];
            _path.CopyTo(0, path, 0, DeferredPathHead);
            path[DeferredPathHead] = new PathSegment(PathKind.Text, "...", 0);
            _path.CopyTo(_path.Count - DeferredPathTail, path, DeferredPathHead + 1, DeferredPathTail);
        }

        (_deferred ??= new Stack<DeferredWrite>()).Push(new DeferredWrite(value, kind, id, typeIndex, path));
        AppendReference(id);
        return id;
    }

    // Writes the lines of the objects whose writing was put off, each at depth 1 (its own deep objects are put off
    // again), then leaves the path as it was. After a failure the save is over: what is left is dropped.
    private void WriteDeferred()
    {
        Stack<DeferredWrite> deferred = _deferred!;
        PathSegment[] outerPath = _path.ToArray();
        _depth++;
        try
        {
            while (deferred.Count > 0)
            {
                DeferredWrite item = deferred.Pop();
                _path.Clear();
                _path.AddRange(item.Path);
                int mark = _length;
                FieldWriter members = item.Kind switch
                {
                    SavedObjectKind.Array or SavedObjectKind.List => WriteItems((IList)item.Value, item.TypeIndex),
                    SavedObjectKind.Machine => WriteMachine((CoroutineMachine)item.Value, item.TypeIndex),
                    _ => WriteConverted(ConverterFor(item.Value.GetType())!, item.Value, item.TypeIndex),
                };
                Finish(item.Id, members, mark);
                _length = mark; // Finish appends the reference token, which the object's referrer already has
            }
        }
        finally
        {
            _depth--;
            deferred.Clear(); // empty unless a write failed: then the save is over
            _path.Clear();
            _path.AddRange(outerPath);
        }
    }

    // A value written now whose problems the caller may undo (FieldWriter.AddIfSavable, a lifetime's owner): its
    // objects are written whole, so their problems are known when it returns.
    internal void BeginWholeWrites() => _writeNow++;

    internal void EndWholeWrites() => _writeNow--;

    // An object with its id and reference token written, its line still to write (AppendNewObject).
    private readonly struct DeferredWrite
    {
        public DeferredWrite(object value, SavedObjectKind kind, int id, int typeIndex, PathSegment[] path)
        {
            Value = value;
            Kind = kind;
            Id = id;
            TypeIndex = typeIndex;
            Path = path;
        }

        public object Value { get; }

        public SavedObjectKind Kind { get; }

        public int Id { get; }

        public int TypeIndex { get; }

        public PathSegment[] Path { get; }
    }

    // Set by a whole-simulation save: an instance coroutine's `this` is saved like any field (FieldWriter.AddIfSavable).
    internal bool KeepsThis { get; set; }

    // Records a problem found by the caller (a whole-loop save: a wait it cannot save yet), at the current path.
    internal void AddProblem(string what)
    {
        string path = PathText();
        _problems.Add(path.Length == 0 ? what : path + " " + what);
        _problemSources.Add(new KeyValuePair<object?, string>(null, path));
    }

    internal void PushPath(string segment) => _path.Add(new PathSegment(PathKind.Text, segment, 0));

    // A task's segment ("task 'name'"), formatted only if a problem is found under it.
    internal void PushTask(CoTask task) => _path.Add(new PathSegment(PathKind.Task, task, 0));

    internal void PushField(string name) => _path.Add(new PathSegment(PathKind.Field, name, 0));

    internal void PopPath() => _path.RemoveAt(_path.Count - 1);

    // Writes an object (if not written yet) and returns its id, or 0 when it could not be saved (a problem is recorded):
    // a whole-loop save lists its tasks by id.
    [MethodImpl(PersistJit.Optimized)]
    internal int WriteReference(object? value)
    {
        if (value is not null && _ids.TryGetValue(value, out int known))
        {
            return known;
        }

        int mark = _length;
        int id = AppendObject(value);
        if (id < 0)
        {
            string token = Take(mark);
            throw new InvalidOperationException("Expected a reference token, got '" + token + "'.");
        }

        _length = mark;
        return id;
    }

    // The object id a reference token names; 0 for null (an unsavable value, recorded as a problem).
    internal int IdOf(string token) =>
        token == SavedValue.NullToken ? 0 :
        token.Length > 1 && token[0] == '#' ? checked((int)SavedValue.ParseLong(token.Substring(1), token)) :
        throw new InvalidOperationException("Expected a reference token, got '" + token + "'.");

    // Undoes a write that turned out unsavable (FieldWriter.AddIfSavable): forget its problems and the objects it added.
    internal void DropProblemsAfter(int problems, int objects)
    {
        _problems.RemoveRange(problems, _problems.Count - problems);
        _problemSources.RemoveRange(problems, _problemSources.Count - problems);
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

    // Appends an inline value's token; -1, or 0 when the value cannot be saved (a problem is recorded).
    [MethodImpl(PersistJit.Optimized)]
    private int AppendPrimitive(object value, Type type, TypeCode code)
    {
        if (type.IsEnum)
        {
            AppendTagged(type, Convert.ToInt64(value, CultureInfo.InvariantCulture));
            return -1;
        }

        switch (code)
        {
            case TypeCode.Int32:
                AppendInt((int)value);
                break;
            case TypeCode.Int64:
                AppendLong((long)value);
                break;
            case TypeCode.Double:
                AppendDouble((double)value);
                break;
            case TypeCode.String:
                string text = (string)value;
                AppendChar('s');
                AppendNumber(text.Length);
                AppendChar(':');
                AppendText(text);
                break;
            case TypeCode.Boolean:
                AppendText((bool)value ? "b1" : "b0");
                break;
            case TypeCode.Single:
                AppendText("f" + ((float)value).ToString("R", CultureInfo.InvariantCulture));
                break;
            case TypeCode.Decimal:
                AppendText("m" + ((decimal)value).ToString(CultureInfo.InvariantCulture));
                break;
            case TypeCode.UInt64:
                AppendTagged(type, unchecked((long)(ulong)value));
                break;
            case TypeCode.Char:
                AppendTagged(type, (char)value);
                break;
            case TypeCode.SByte:
            case TypeCode.Byte:
            case TypeCode.Int16:
            case TypeCode.UInt16:
            case TypeCode.UInt32:
                AppendTagged(type, Convert.ToInt64(value, CultureInfo.InvariantCulture));
                break;
            default:
                Problem(value); // DateTime, DBNull: no token
                AppendText(SavedValue.NullToken);
                return 0;
        }

        return -1;
    }

    // The same, for the ordinal-th member one object wrote: the objects of a type write alike (a machine's Save writes
    // the same literal names in the same order), so a lookup is usually one reference comparison with the name the
    // object before wrote at the same ordinal.
    [MethodImpl(PersistJit.Optimized)]
    internal int MemberIndex(int typeIndex, string name, int ordinal)
    {
        while (_memberOrder.Count < typeIndex)
        {
            _memberOrder.Add(null);
        }

        List<(string Name, int Index)> order = _memberOrder[typeIndex - 1] ??= new List<(string, int)>();
        if (ordinal < order.Count && ReferenceEquals(order[ordinal].Name, name))
        {
            return order[ordinal].Index;
        }

        int index = MemberIndex(typeIndex, name);
        if (ordinal == order.Count)
        {
            order.Add((name, index));
        }
        else if (ordinal < order.Count)
        {
            order[ordinal] = (name, index);
        }

        return index;
    }

    // The position of a member of the objects of type entry typeIndex, added to the entry's Members on first use.
    [MethodImpl(PersistJit.Optimized)]
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

    // A field writer for one object's values; objects nest (a machine's field refers to a list written in the middle
    // of it), so the spares are a stack.
    private FieldWriter RentFields(int typeIndex) => (_spareFields.Count > 0 ? _spareFields.Pop() : new FieldWriter(this)).Reset(typeIndex);

    // Makes object id's line from its values (in the buffer since mark), cuts them off the buffer, returns the field
    // writer to the spares, appends the reference token in their place, and returns the id.
    [MethodImpl(PersistJit.Optimized)]
    private int Finish(int id, FieldWriter values, int mark)
    {
        if (id <= Graph.Objects.Count) // a problem's undo (DropProblemsAfter) may have removed it
        {
            int count = values.Count;
            while (count > 0 && values.StartAt(count - 1) < 0)
            {
                count--; // trailing members at their default are left out
            }

            int line = _length;
            AppendNumber(values.TypeIndex);
            for (int i = 0; i < count; i++)
            {
                AppendChar(' ');
                int start = values.StartAt(i);
                if (start < 0)
                {
                    AppendChar('-'); // SavedObject.AbsentToken
                }
                else
                {
                    int length = values.LengthAt(i);
                    Reserve(length);
                    Array.Copy(_chars, start, _chars, _length, length);
                    _length += length;
                }
            }

            Graph.Objects[id - 1] = new string(_chars, line, _length - line);
        }

        _length = mark;
        _spareFields.Push(values);
        AppendReference(id);
        return id;
    }

    private void AppendTagged(Type type, long number)
    {
        AppendChar('t');
        AppendNumber(TypeIndex(type, SavedObjectKind.Value));
        AppendChar(':');
        AppendNumber(number);
    }

    // y<kind>:<number>, then :<target token> when the instruction has a target.
    [MethodImpl(PersistJit.Optimized)]
    private void AppendInstruction(Yield instruction)
    {
        AppendChar('y');
        AppendNumber((int)instruction.Kind);
        AppendChar(':');
        AppendDoubleDigits(instruction.Number);
        if (instruction.Target is not null)
        {
            AppendChar(':');
            _path.Add(new PathSegment(PathKind.Instruction, null, (int)instruction.Kind));
            AppendObject(instruction.Target);
            _path.RemoveAt(_path.Count - 1);
        }
    }

    [MethodImpl(PersistJit.Optimized)]
    private FieldWriter WriteItems(IList items, int typeIndex)
    {
        FieldWriter saved = RentFields(typeIndex);
        for (int i = 0; i < items.Count; i++)
        {
            _path.Add(new PathSegment(PathKind.Index, null, i));
            int start = _length;
            AppendObject(items[i]);
            saved.AddElement(start);
            _path.RemoveAt(_path.Count - 1);
        }

        return saved;
    }

    // --- The token buffer ---

    internal void AppendInt(int value)
    {
        AppendChar('i');
        AppendNumber(value);
    }

    internal void AppendLong(long value)
    {
        AppendChar('l');
        AppendNumber(value);
    }

    internal void AppendDouble(double value)
    {
        AppendChar('d');
        AppendDoubleDigits(value);
    }

    internal void AppendText(string text)
    {
        Reserve(text.Length);
        text.CopyTo(0, _chars, _length, text.Length);
        _length += text.Length;
    }

    private void AppendReference(int id)
    {
        AppendChar('#');
        AppendNumber(id);
    }

    private void AppendChar(char c)
    {
        Reserve(1);
        _chars[_length++] = c;
    }

    [MethodImpl(PersistJit.Optimized)]
    private void AppendNumber(long value)
    {
        Reserve(20);
        value.TryFormat(_chars.AsSpan(_length), out int written, default, CultureInfo.InvariantCulture);
        _length += written;
    }

    // The shortest text that reads back as the same double ("R").
    [MethodImpl(PersistJit.Optimized)]
    private void AppendDoubleDigits(double value)
    {
        Reserve(32);
        value.TryFormat(_chars.AsSpan(_length), out int written, "R", CultureInfo.InvariantCulture);
        _length += written;
    }

    private void Reserve(int count)
    {
        if (_length + count > _chars.Length)
        {
            Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _length + count));
        }
    }

    // The token written since mark, as a string, cut off the buffer (the public Write methods).
    private string Take(int mark)
    {
        string token = new string(_chars, mark, _length - mark);
        _length = mark;
        return token;
    }

    // The first of Converters that converts type (CanConvert asked once per type; the answers are forgotten when
    // converters are added or removed).
    [MethodImpl(PersistJit.Optimized)]
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
    [MethodImpl(PersistJit.Optimized)]
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
            Future => "a future of a type the snapshot does not know (a subclass of Future<T> of your own?): register an ISaveConverter for it, " +
                "or keep its state in an engine Future<T> and a savable object beside it",
            IO.CoSocket => "an open socket: a snapshot cannot save a connection; close it before saving and open it again after the restore",
            IO.IoOperation => "a socket operation in flight: sockets are not saved",
            IEnumerator when type.Name.StartsWith("<", StringComparison.Ordinal) && type.IsDefined(typeof(CompilerGeneratedAttribute), false) =>
                "a compiler iterator, whose position cannot be saved: mark its method [Coroutine] so the generator makes a machine a snapshot can save",
            IEnumerator => "an enumerator (a foreach over a collection other than an array or List<T>, or a compiler iterator), whose position cannot be saved",
            IDisposable => "a disposable resource (a using variable?), which cannot be recreated from data",
            _ => "a type with no ISaveConverter registered",
        };
        string path = PathText();
        _problems.Add((path.Length == 0 ? "the value" : path) + " holds a " + type.FullName + ": " + why);
        _problemSources.Add(new KeyValuePair<object?, string>(value, path.Length == 0 ? "the value" : path));
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
