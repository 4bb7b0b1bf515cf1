using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Engine.Machines;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace Engine.Persist;

/// <summary>
/// Reads values back from a <see cref="SavedGraph"/>: each object of the table is created once, so every reference to
/// one id yields the same instance (identity, sharing and cycles survive the round trip).
/// </summary>
/// <remarks>
/// Design: values are read against the type the reader expects (a field's type), falling back to the type named in
/// the graph when the expectation is <see cref="object"/> or an interface. Each entry of the type table is resolved
/// (and, for a machine, its shape checked, and for a converted type its converter found) once, not once per object.
/// Machines met as references (a child a parent was waiting for) are created empty and restored from their own saved
/// fields. Cold path; single-use. The methods a restore runs once per object are compiled optimized from their first
/// call (PersistJit): a game loads a save once, so tiered compilation would
/// otherwise run that restore on unoptimized code.
/// </remarks>
public sealed class GraphReader
{
    private readonly object?[] _objects;
    private readonly Type?[] _types;
    private readonly bool[] _shapesChecked;
    private ISaveConverter?[]? _converterOf;
    private bool[]? _converterChecked;
    private readonly Dictionary<string, int>?[] _members; // per type entry: member name to position, built on first use
    private readonly List<(string Name, int Index)>?[] _lookups; // per type entry: the names its readers asked for, in order
    private readonly (SnapshotMigration Migration, string Changes)?[] _migrations; // per machine type entry whose shape changed
    private static readonly System.Reflection.MethodInfo s_createList = typeof(GraphReader).GetMethod(nameof(CreateList), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
    private Func<int, IList>?[]? _listFactories; // per list type entry
    private readonly Stack<FieldReader> _spareFields = new(); // objects nest (a task's reader resolves its machine), so a stack
    private int _depth; // objects being read inside each other (Resolve calls in progress)

    /// <summary>The stack of a thread that continues a restore whose object graph is deeper than the caller's stack
    /// holds (ResolveOnFreshStack): enough for several thousand objects read inside each other.</summary>
    internal const int FreshStackSize = 64 << 20;

    // Tests set this on their thread to continue on a fresh stack every that many objects read inside each other (the
    // restore's own rule is the stack running low): every restore test then checks that a continued restore is the same.
    [ThreadStatic]
    internal static int t_freshStackEveryForTests;

    /// <summary>Creates a reader over <paramref name="graph"/>.</summary>
    /// <param name="graph">The saved graph.</param>
    /// <exception cref="ArgumentException">The graph was written in another format.</exception>
    public GraphReader(SavedGraph graph)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        if (graph.Format != SavedGraph.CurrentFormat)
        {
            throw new ArgumentException("The saved graph has format " + graph.Format.ToString(CultureInfo.InvariantCulture) + "; this runtime reads format " +
                SavedGraph.CurrentFormat.ToString(CultureInfo.InvariantCulture) + " only.", nameof(graph));
        }

        _objects = new object?[(graph.Objects?.Count ?? 0) + 1]; // the table is read as given; a graph is not changed while read
        _types = new Type?[(graph.Types?.Count ?? 0) + 1];
        _shapesChecked = new bool[_types.Length];
        _members = new Dictionary<string, int>?[_types.Length];
        _lookups = new List<(string, int)>?[_types.Length];
        _migrations = new (SnapshotMigration, string)?[_types.Length];
    }

    /// <summary>Whether the reader restores the waits of machines itself (a whole-loop restore re-registers timers,
    /// waiters and queue entries): machines then resume after their pending yield instead of re-issuing it.</summary>
    internal bool RestoresWaits { get; set; }

    /// <summary>Whether the machine being read now re-issues its pending wait: the machine a restore starts from, and
    /// the machines a re-issued wait hands to the task (a child of <c>Yield.From</c>); not a machine met in a field, a
    /// list or an array, which its owner drives and which continues after its yield.</summary>
    internal bool ReadingReissuedWait { get; set; }

    /// <summary>The graph being read.</summary>
    public SavedGraph Graph { get; }

    /// <summary>Converters for user types, matched by the saved object's type.</summary>
    public List<ISaveConverter> Converters { get; } = new List<ISaveConverter>();

    /// <summary>Migrations for machines saved by an older version of their method, matched by coroutine name (a
    /// <see cref="SnapshotMigration"/> in <see cref="Converters"/> counts too).</summary>
    public List<SnapshotMigration> Migrations { get; } = new List<SnapshotMigration>();

    /// <summary>Reads a value as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="token">The saved value's token (see <see cref="SavedValue"/>).</param>
    /// <returns>The value; <c>default</c> for a saved null.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <typeparamref name="T"/>, or the token is malformed.</exception>
    public T Read<T>(string token) => ReadValue<T>(token, 0, WholeToken(token));

    /// <summary>Reads a value as <paramref name="expected"/>.</summary>
    /// <param name="token">The saved value's token (see <see cref="SavedValue"/>).</param>
    /// <param name="expected">The expected type (<see cref="object"/> when any).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <paramref name="expected"/>, or the token is malformed.</exception>
    public object? Read(string token, Type expected)
    {
        int end = WholeToken(token);
        if (expected is null)
        {
            throw new ArgumentNullException(nameof(expected));
        }

        return ReadToken(token, 0, end, expected);
    }

    /// <summary>Restores the machine saved as object <paramref name="id"/> into an existing machine (it becomes that object).</summary>
    /// <param name="id">The machine's object id.</param>
    /// <param name="machine">The machine to fill.</param>
    /// <exception cref="ArgumentException">The object is not a machine of the same coroutine and shape.</exception>
    public void ReadMachineInto(int id, CoroutineMachine machine)
    {
        if (machine is null)
        {
            throw new ArgumentNullException(nameof(machine));
        }

        string line = Graph.Line(id);
        int typeIndex = SavedObject.TypeIndexOf(line);
        SavedType entry = Graph.TypeAt(typeIndex);
        if (entry.Kind != SavedObjectKind.Machine)
        {
            throw new ArgumentException("Object #" + id.ToString(CultureInfo.InvariantCulture) + " of the saved graph is a " + entry.Kind + ", not a coroutine machine.", nameof(id));
        }

        _objects[id] = machine;
        bool outer = ReadingReissuedWait;
        ReadingReissuedWait = true;
        try
        {
            machine.ReadFrom(this, line, typeIndex, entry, ShapeChecked(typeIndex));
        }
        finally
        {
            ReadingReissuedWait = outer;
        }
    }

    // A field reader over one object's line, reused from an object read before (a reader that was in use when a read
    // failed is simply not returned: the restore is over).
    internal FieldReader RentFields(string line, int typeIndex, SavedMachine? migrated) =>
        (_spareFields.Count > 0 ? _spareFields.Pop() : new FieldReader(this)).Reset(line, typeIndex, migrated);

    internal void ReturnFields(FieldReader fields) => _spareFields.Push(fields);

    // Reads object id as T (a whole-loop restore's task lists).
    internal T ReadObject<T>(int id) => (T)Resolve(id, typeof(T));

    // Reads the token text[start..end) as T: the common member types without boxing (the JIT folds the tests per T).
    [MethodImpl(PersistJit.Optimized)]
    internal T ReadValue<T>(string text, int start, int end)
    {
        char kind = end - start > 1 ? text[start] : '\0';
        if (typeof(T) == typeof(int) && kind == 'i' &&
            int.TryParse(text.AsSpan(start + 1, end - start - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int number))
        {
            return (T)(object)number;
        }

        if (typeof(T) == typeof(double) && kind == 'd' &&
            double.TryParse(text.AsSpan(start + 1, end - start - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out double real))
        {
            return (T)(object)real;
        }

        if (typeof(T) == typeof(long) && kind == 'l' &&
            long.TryParse(text.AsSpan(start + 1, end - start - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long wide))
        {
            return (T)(object)wide;
        }

        if (typeof(T) == typeof(bool) && kind == 'b' && end - start == 2)
        {
            return (T)(object)(text[start + 1] == '1');
        }

        if (typeof(T) == typeof(Yield) && kind == 'y')
        {
            return (T)(object)ReadInstruction(text, start, end);
        }

        if (!typeof(T).IsValueType && kind == '#' &&
            int.TryParse(text.AsSpan(start + 1, end - start - 1), NumberStyles.None, CultureInfo.InvariantCulture, out int id))
        {
            // A reference: the cast checks the type (far cheaper than asking the Type), the message names both.
            object resolved = Resolve(id, typeof(object));
            return resolved is T typed ? typed : (T)Check(resolved, typeof(T), text, start, end);
        }

        object? result = ReadToken(text, start, end, typeof(T));
        return result is null ? default! : (T)result;
    }

    // Reads the token text[start..end) as expected.
    [MethodImpl(PersistJit.Optimized)]
    internal object? ReadToken(string text, int start, int end, Type expected)
    {
        if (end - start < 2)
        {
            throw SavedValue.Malformed(text.Substring(start, end - start));
        }

        Type target = Nullable.GetUnderlyingType(expected) ?? expected;
        bool any = target == typeof(object) || target.IsInterface || target == typeof(ValueType) || target == typeof(Enum);
        ReadOnlySpan<char> rest = text.AsSpan(start + 1, end - start - 1);
        try
        {
            switch (text[start])
            {
                case 'n' when rest.SequenceEqual("ull".AsSpan()):
                    return null;
                case '#':
                    return Resolve(int.Parse(rest, NumberStyles.None, CultureInfo.InvariantCulture), target);
                case 's':
                {
                    int colon = rest.IndexOf(':');
                    return Check(text.Substring(start + 2 + colon, rest.Length - colon - 1), target, text, start, end);
                }

                case 'i':
                {
                    int value = int.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    return any || target == typeof(int) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'l':
                {
                    long value = long.Parse(rest, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    return any || target == typeof(long) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'd':
                {
                    double value = double.Parse(rest, NumberStyles.Float, CultureInfo.InvariantCulture);
                    return any || target == typeof(double) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'f':
                {
                    float value = float.Parse(rest, NumberStyles.Float, CultureInfo.InvariantCulture);
                    return any || target == typeof(float) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'm':
                {
                    decimal value = decimal.Parse(rest, NumberStyles.Float, CultureInfo.InvariantCulture);
                    return any || target == typeof(decimal) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'b' when rest.Length == 1:
                    return Check(rest[0] == '1', target, text, start, end);
                case 't':
                {
                    int colon = rest.IndexOf(':');
                    if (colon < 0)
                    {
                        throw SavedValue.Malformed(text.Substring(start, end - start));
                    }

                    Type type = any ? TypeAt(int.Parse(rest.Slice(0, colon), NumberStyles.None, CultureInfo.InvariantCulture)) : target;
                    long number = long.Parse(rest.Slice(colon + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    return type.IsEnum ? Enum.ToObject(type, number)
                        : type == typeof(ulong) ? unchecked((ulong)number)
                        : type == typeof(char) ? (char)number
                        : Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
                }

                case 'y':
                    return Check(ReadInstruction(text, start, end), target, text, start, end);
                default:
                    throw SavedValue.Malformed(text.Substring(start, end - start));
            }
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArgumentException("The saved value '" + text.Substring(start, end - start) + "' cannot be restored into a " + expected.FullName + ".", e);
        }
    }

    // The position of a member in the values of the objects of type entry typeIndex; -1 if no object of it has it.
    // The same, for the ordinal-th lookup of one object's reader: the objects of a type are read alike (a machine's Load
    // asks for the same literal names in the same order), so a lookup is usually one reference comparison with the
    // name asked for at the same ordinal for the object before.
    [MethodImpl(PersistJit.Optimized)]
    internal int MemberIndex(int typeIndex, string name, int ordinal)
    {
        List<(string Name, int Index)>? lookups = (uint)typeIndex < (uint)_lookups.Length ? _lookups[typeIndex] : null;
        if (lookups is not null && ordinal < lookups.Count && ReferenceEquals(lookups[ordinal].Name, name))
        {
            return lookups[ordinal].Index;
        }

        int index = MemberIndex(typeIndex, name);
        if (lookups is null && (uint)typeIndex < (uint)_lookups.Length)
        {
            lookups = _lookups[typeIndex] = new List<(string, int)>();
        }

        if (lookups is not null && ordinal <= lookups.Count)
        {
            if (ordinal == lookups.Count)
            {
                lookups.Add((name, index));
            }
            else
            {
                lookups[ordinal] = (name, index);
            }
        }

        return index;
    }

    [MethodImpl(PersistJit.Optimized)]
    internal int MemberIndex(int typeIndex, string name)
    {
        Dictionary<string, int>? positions = (uint)typeIndex < (uint)_members.Length ? _members[typeIndex] : null;
        if (positions is null)
        {
            List<string> members = Graph.TypeAt(typeIndex).Members ?? new List<string>();
            positions = new Dictionary<string, int>(members.Count, StringComparer.Ordinal);
            for (int i = 0; i < members.Count; i++)
            {
                positions[members[i]] = i;
            }

            _members[typeIndex] = positions;
        }

        return positions.TryGetValue(name, out int index) ? index : -1;
    }

    // Whether the machines of type entry index had their shape checked already (each type's shape is checked once);
    // marks it checked.
    private bool ShapeChecked(int index)
    {
        bool done = _shapesChecked[index];
        _shapesChecked[index] = true;
        return done;
    }

    // The migration that brings the machines of type entry typeIndex to the current shape, with the changes it covers;
    // null when the shape did not change.
    internal (SnapshotMigration Migration, string Changes)? MigrationOf(int typeIndex) => _migrations[typeIndex];

    // Finds the migration of coroutine (its saved name) for the machines of type entry typeIndex, whose shape or name
    // changed; null if none.
    internal SnapshotMigration? UseMigration(int typeIndex, string coroutine, string changes)
    {
        SnapshotMigration? found = FindMigration(coroutine);
        if (found is not null)
        {
            _migrations[typeIndex] = (found, changes);
        }

        return found;
    }

    // The migration for the saved coroutine named coroutine (Migrations first, then the converters); null if none.
    internal SnapshotMigration? FindMigration(string? coroutine)
    {
        if (coroutine is null)
        {
            return null;
        }

        foreach (SnapshotMigration migration in Migrations)
        {
            if (string.Equals(migration.Coroutine, coroutine, StringComparison.Ordinal))
            {
                return migration;
            }
        }

        foreach (ISaveConverter converter in Converters)
        {
            if (converter is SnapshotMigration migration && string.Equals(migration.Coroutine, coroutine, StringComparison.Ordinal))
            {
                return migration;
            }
        }

        return null;
    }

    // Reads the instruction token text[start..end): y<kind>:<number>, then :<target token> when it has a target.
    [MethodImpl(PersistJit.Optimized)]
    private Yield ReadInstruction(string text, int start, int end)
    {
        int first = text.IndexOf(':', start, end - start);
        if (first < 0)
        {
            throw SavedValue.Malformed(text.Substring(start, end - start));
        }

        int second = text.IndexOf(':', first + 1, end - first - 1);
        var kind = (YieldKind)int.Parse(text.AsSpan(start + 1, first - start - 1), NumberStyles.None, CultureInfo.InvariantCulture);
        double number = double.Parse(text.AsSpan(first + 1, (second < 0 ? end : second) - first - 1), NumberStyles.Float, CultureInfo.InvariantCulture);
        object? target = second < 0 ? null : ReadToken(text, second + 1, end, typeof(object));
        return Yield.Create(kind, number, target);
    }

    // Reads object id: created once, then every reference to it is the same instance. Objects are read inside each
    // other (a task's machine awaits a task whose machine awaits ...), so a deep graph would overflow the stack, which
    // ends the process; when the stack runs low, the read goes on in a thread with a fresh stack while this one waits
    // (ResolveOnFreshStack). The order of every effect stays the order of plain recursion: the restore is one flow of
    // control that only changes stacks.
    [MethodImpl(PersistJit.Optimized)]
    private object Resolve(int id, Type expected)
    {
        string line = Graph.Line(id); // throws, naming the id, when there is no such object
        if (_objects[id] is { } existing)
        {
            return Check(existing, expected);
        }

        _depth++;
        try
        {
            int every = t_freshStackEveryForTests;
            return (every > 0 ? _depth % every == 0 : !RuntimeHelpers.TryEnsureSufficientExecutionStack())
                ? ResolveOnFreshStack(id, line, expected)
                : ResolveNew(id, line, expected);
        }
        finally
        {
            _depth--;
        }
    }

    // Continues Resolve on a new thread with a large stack and waits for it: a restore deeper than the caller's stack.
    // The reader is used by one thread at a time (this one waits), so nothing is shared at once. Where threads cannot
    // be started (a single-threaded player), the restore fails with an exception that says why, instead of the stack
    // overflow that would end the process. The test knob is passed on, so a test's rule holds on the fresh stacks too.
    private object ResolveOnFreshStack(int id, string line, Type expected)
    {
        object? resolved = null;
        ExceptionDispatchInfo? failure = null;
        int every = t_freshStackEveryForTests;
        var thread = new Thread(
            () =>
            {
                t_freshStackEveryForTests = every;
                try
                {
                    resolved = ResolveNew(id, line, expected);
                }
                catch (Exception e)
                {
                    failure = ExceptionDispatchInfo.Capture(e);
                }
            },
            FreshStackSize)
        {
            Name = "Engine restore (deep object graph)",
        };
        try
        {
            thread.Start();
        }
        catch (Exception e) when (e is PlatformNotSupportedException or NotSupportedException or OutOfMemoryException or ThreadStartException)
        {
            throw new InvalidOperationException("The snapshot's objects are nested " + _depth.ToString(CultureInfo.InvariantCulture) +
                " deep (for example a chain of tasks each awaiting the next), more than this thread's stack holds, and this platform cannot start a thread with a larger stack; restore it on a thread with a larger stack.", e);
        }

        thread.Join();
        failure?.Throw();
        return resolved!;
    }

    [MethodImpl(PersistJit.Optimized)]
    private object ResolveNew(int id, string line, Type expected)
    {

        int typeIndex = SavedObject.TypeIndexOf(line);
        SavedType entry = Graph.TypeAt(typeIndex);
        Type type = TypeAt(typeIndex);
        switch (entry.Kind)
        {
            case SavedObjectKind.Array:
            {
                Type element = type.GetElementType() ?? throw new ArgumentException("Saved array type '" + entry.Name + "' is not an array type.");
                var array = Array.CreateInstance(element, CountTokens(line));
                _objects[id] = array;
                int index = 0;
                for (int position = SavedObject.FirstToken(line); position < line.Length; index++)
                {
                    int end = SavedObject.TokenEnd(line, position);
                    array.SetValue(ReadElement(line, position, end, element), index);
                    position = end + 1;
                }

                return Check(array, expected);
            }

            case SavedObjectKind.List:
            {
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(List<>))
                {
                    throw new ArgumentException("Saved list type '" + entry.Name + "' is not a List<T>.");
                }

                Type element = type.GetGenericArguments()[0];
                IList list = ListFactory(typeIndex, element)(CountTokens(line));
                _objects[id] = list;
                for (int position = SavedObject.FirstToken(line); position < line.Length;)
                {
                    int end = SavedObject.TokenEnd(line, position);
                    list.Add(ReadElement(line, position, end, element));
                    position = end + 1;
                }

                return Check(list, expected);
            }

            case SavedObjectKind.Machine:
            {
                if (!typeof(CoroutineMachine).IsAssignableFrom(type))
                {
                    throw new ArgumentException("Saved machine type '" + entry.Name + "' is not a generated coroutine machine.");
                }

                var machine = (CoroutineMachine)Activator.CreateInstance(type, nonPublic: true)!;
                _objects[id] = machine;
                machine.ReadFrom(this, line, typeIndex, entry, ShapeChecked(typeIndex));
                return Check(machine, expected);
            }

            case SavedObjectKind.Tuple:
            {
                if (!GraphWriter.IsTuple(type))
                {
                    throw new ArgumentException("Saved tuple type '" + entry.Name + "' is not a value tuple.");
                }

                Type[] elements = type.GetGenericArguments();
                object?[] values = new object?[elements.Length];
                int position = SavedObject.FirstToken(line);
                for (int i = 0; i < elements.Length && position < line.Length; i++)
                {
                    int end = SavedObject.TokenEnd(line, position);
                    values[i] = ReadElement(line, position, end, elements[i]);
                    position = end + 1;
                }

                return Check(Activator.CreateInstance(type, values)!, expected);
            }

            case SavedObjectKind.Custom:
            {
                ISaveConverter? converter = ConverterFor(typeIndex, type);
                if (converter is not null)
                {
                    if (converter is ITwoPhaseConverter twoPhase)
                    {
                        // Created first and registered, then filled: cycles through engine objects (a task whose
                        // machine holds the task it awaits, which lists the first as its waiter) end here.
                        FieldReader fields = RentFields(line, typeIndex, null);
                        object created = twoPhase.Create(type, fields);
                        _objects[id] = created;
                        twoPhase.Fill(created, fields);
                        ReturnFields(fields);
                        return Check(created, expected);
                    }

                    FieldReader members = RentFields(line, typeIndex, null);
                    object value = converter.Read(type, members);
                    ReturnFields(members);
                    _objects[id] = value;
                    return Check(value, expected);
                }

                throw new ArgumentException("No ISaveConverter registered with the reader converts '" + entry.Name + "' (object #" + id.ToString(CultureInfo.InvariantCulture) + "); register the converter used to save it.");
            }

            default:
                throw new ArgumentException("Object #" + id.ToString(CultureInfo.InvariantCulture) + " has type '" + entry.Name + "' of kind " + entry.Kind + ", which no object has.");
        }
    }

    // Creates the List<element> of type entry typeIndex with a capacity: a delegate made once per entry (a restore reads
    // hundreds of waiter and item lists; Activator with a capacity argument binds the constructor on every call).
    private Func<int, IList> ListFactory(int typeIndex, Type element)
    {
        _listFactories ??= new Func<int, IList>?[_types.Length];
        if (_listFactories[typeIndex] is { } known)
        {
            return known;
        }

        Func<int, IList> factory;
        try
        {
            factory = (Func<int, IList>)s_createList.MakeGenericMethod(element).CreateDelegate(typeof(Func<int, IList>));
        }
        catch (NotSupportedException)
        {
            // A runtime without code for this instantiation (ahead-of-time compiled): bind by reflection each time.
            Type listType = typeof(List<>).MakeGenericType(element);
            factory = capacity => (IList)Activator.CreateInstance(listType, capacity)!;
        }

        return _listFactories[typeIndex] = factory;
    }

    private static IList CreateList<TElement>(int capacity) => new List<TElement>(capacity);

    // An element of an array, list or tuple (a null element is "null"; "-" is tolerated as the default).
    private object? ReadElement(string line, int start, int end, Type element) =>
        end - start == 1 && line[start] == '-' ? null : ReadToken(line, start, end, element);

    // The first of Converters that converts the objects of type entry typeIndex (asked once per entry).
    private ISaveConverter? ConverterFor(int typeIndex, Type type)
    {
        _converterOf ??= new ISaveConverter?[_types.Length];
        _converterChecked ??= new bool[_types.Length];
        if (!_converterChecked[typeIndex])
        {
            foreach (ISaveConverter converter in Converters)
            {
                if (converter.CanConvert(type))
                {
                    _converterOf[typeIndex] = converter;
                    break;
                }
            }

            _converterChecked[typeIndex] = true;
        }

        return _converterOf[typeIndex];
    }

    // The type of entry index: the one its name names, or for the machines of a coroutine that a migration moved
    // (SnapshotMigration.MachineType, a renamed coroutine), the machine type it names.
    private Type TypeAt(int index)
    {
        if (_types[index] is { } known)
        {
            return known;
        }

        SavedType entry = Graph.TypeAt(index);
        Type? type = entry.Kind == SavedObjectKind.Machine && FindMigration(entry.Coroutine) is { MachineType: { } moved } ? moved : Type.GetType(entry.Name, throwOnError: false);
        if (type is null)
        {
            throw new ArgumentException("The saved type '" + entry.Name + "' cannot be found; is its assembly loaded?" + (entry.Kind == SavedObjectKind.Machine
                ? " If coroutine '" + entry.Coroutine + "' was renamed or moved, pass a SnapshotMigration.Renamed(\"" + entry.Coroutine + "\", typeof(<its new machine>), ...) with the converters."
                : ""));
        }

        return _types[index] = type;
    }

    // The end of a standalone token, which must be the whole string.
    private static int WholeToken(string token)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        int end = -1;
        if (token.Length > 0)
        {
            try
            {
                end = SavedObject.TokenEnd(token, 0);
            }
            catch (ArgumentException)
            {
                end = -1;
            }
        }

        return end == token.Length ? end : throw SavedValue.Malformed(token);
    }

    // The number of value tokens in a line.
    private static int CountTokens(string line)
    {
        int count = 0;
        for (int position = SavedObject.FirstToken(line); position < line.Length; count++)
        {
            position = SavedObject.TokenEnd(line, position) + 1;
        }

        return count;
    }

    [MethodImpl(PersistJit.Optimized)]
    private static object Check(object value, Type expected)
    {
        if (expected == typeof(object) || expected.IsInstanceOfType(value))
        {
            return value;
        }

        throw new ArgumentException("A saved " + value.GetType().FullName + " cannot be restored into a " + expected.FullName + ".");
    }

    private static object Check(object value, Type expected, string text, int start, int end)
    {
        if (expected.IsInstanceOfType(value))
        {
            return value;
        }

        throw new ArgumentException("A saved " + value.GetType().FullName + " ('" + text.Substring(start, end - start) + "') cannot be restored into a " + expected.FullName + ".");
    }
}
