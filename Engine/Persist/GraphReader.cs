using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using Engine.Machines;

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
/// fields. Cold path; single-use.
/// </remarks>
public sealed class GraphReader
{
    private readonly object?[] _objects;
    private readonly Type?[] _types;
    private readonly bool[] _shapesChecked;
    private ISaveConverter?[]? _converterOf;
    private bool[]? _converterChecked;
    private readonly Dictionary<string, int>?[] _members; // per type entry: member name to position, built on first use
    private readonly (SnapshotMigration Migration, string Changes)?[] _migrations; // per machine type entry whose shape changed

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

        _objects = new object?[(graph.Objects?.Count ?? 0) + 1];
        _types = new Type?[(graph.Types?.Count ?? 0) + 1];
        _shapesChecked = new bool[_types.Length];
        _members = new Dictionary<string, int>?[_types.Length];
        _migrations = new (SnapshotMigration, string)?[_types.Length];
    }

    /// <summary>Whether the reader restores the waits of machines itself (a whole-loop restore re-registers timers,
    /// waiters and queue entries): machines then resume after their pending yield instead of re-issuing it.</summary>
    internal bool RestoresWaits { get; set; }

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
    /// <exception cref="ArgumentException">The saved value does not fit <typeparamref name="T"/>.</exception>
    public T Read<T>(string token)
    {
        object? result = Read(token, typeof(T));
        return result is null ? default! : (T)result;
    }

    /// <summary>Reads a value as <paramref name="expected"/>.</summary>
    /// <param name="token">The saved value's token (see <see cref="SavedValue"/>).</param>
    /// <param name="expected">The expected type (<see cref="object"/> when any).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <paramref name="expected"/>.</exception>
    public object? Read(string token, Type expected)
    {
        if (token is null)
        {
            throw new ArgumentNullException(nameof(token));
        }

        if (expected is null)
        {
            throw new ArgumentNullException(nameof(expected));
        }

        if (token.Length == 0 || (token.Length == 1 && token[0] != 's'))
        {
            throw SavedValue.Malformed(token);
        }

        Type target = Nullable.GetUnderlyingType(expected) ?? expected;
        bool any = target == typeof(object) || target.IsInterface || target == typeof(ValueType) || target == typeof(Enum);
        try
        {
            switch (token[0])
            {
                case 'n' when token == SavedValue.NullToken:
                    return null;
                case '#':
                    return Resolve(checked((int)Long(token, 1, token.Length)), target);
                case 's':
                    return Check(token.Substring(1), target, token);
                case 'i':
                {
                    int value = int.Parse(token.AsSpan(1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                    return any || target == typeof(int) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'l':
                {
                    long value = Long(token, 1, token.Length);
                    return any || target == typeof(long) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'd':
                {
                    double value = double.Parse(token.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture);
                    return any || target == typeof(double) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'f':
                {
                    float value = float.Parse(token.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture);
                    return any || target == typeof(float) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'm':
                {
                    decimal value = decimal.Parse(token.AsSpan(1), NumberStyles.Float, CultureInfo.InvariantCulture);
                    return any || target == typeof(decimal) ? value : Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
                }

                case 'b' when token.Length == 2:
                    return Check(token[1] == '1', target, token);
                case 't':
                {
                    int colon = token.IndexOf(':');
                    if (colon < 0)
                    {
                        throw SavedValue.Malformed(token);
                    }

                    Type type = any ? TypeAt(checked((int)Long(token, 1, colon))) : target;
                    long number = Long(token, colon + 1, token.Length);
                    return type.IsEnum ? Enum.ToObject(type, number)
                        : type == typeof(ulong) ? unchecked((ulong)number)
                        : type == typeof(char) ? (char)number
                        : Convert.ChangeType(number, type, CultureInfo.InvariantCulture);
                }

                case 'y':
                    return Check(ReadInstruction(token), target, token);
                default:
                    throw SavedValue.Malformed(token);
            }
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw new ArgumentException("The saved value '" + token + "' cannot be restored into a " + expected.FullName + ".", e);
        }
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

        SavedObject node = Node(id);
        SavedType entry = Graph.TypeOf(node);
        if (entry.Kind != SavedObjectKind.Machine)
        {
            throw new ArgumentException("Object #" + id.ToString(CultureInfo.InvariantCulture) + " of the saved graph is a " + entry.Kind + ", not a coroutine machine.", nameof(id));
        }

        _objects[id] = machine;
        machine.ReadFrom(this, node, entry, ShapeChecked(node.Type));
    }

    // Reads object id as T (a whole-loop restore's task lists).
    internal T ReadObject<T>(int id) => (T)Resolve(id, typeof(T));

    internal SavedObject Node(int id)
    {
        if (id < 1 || id > Graph.Objects.Count)
        {
            throw new ArgumentException("The saved graph has no object #" + id.ToString(CultureInfo.InvariantCulture) + " (it has " + Graph.Objects.Count.ToString(CultureInfo.InvariantCulture) + ").");
        }

        return Graph.Objects[id - 1];
    }

    // The position of a member in the values of the objects of type entry typeIndex; -1 if no object of it has it.
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

    // Finds the migration of coroutine for the machines of type entry typeIndex, whose shape changed; null if none.
    internal SnapshotMigration? UseMigration(int typeIndex, string coroutine, string changes)
    {
        SnapshotMigration? found = null;
        foreach (SnapshotMigration migration in Migrations)
        {
            if (found is null && string.Equals(migration.Coroutine, coroutine, StringComparison.Ordinal))
            {
                found = migration;
            }
        }

        foreach (ISaveConverter converter in Converters)
        {
            if (found is null && converter is SnapshotMigration migration && string.Equals(migration.Coroutine, coroutine, StringComparison.Ordinal))
            {
                found = migration;
            }
        }

        if (found is not null)
        {
            _migrations[typeIndex] = (found, changes);
        }

        return found;
    }

    private Yield ReadInstruction(string token)
    {
        int first = token.IndexOf(':');
        if (first < 0)
        {
            throw SavedValue.Malformed(token);
        }

        int second = token.IndexOf(':', first + 1);
        var kind = (YieldKind)Long(token, 1, first);
        double number = double.Parse(token.AsSpan(first + 1, (second < 0 ? token.Length : second) - first - 1), NumberStyles.Float, CultureInfo.InvariantCulture);
        object? target = second < 0 ? null : Read(token.Substring(second + 1), typeof(object));
        return Yield.Create(kind, number, target);
    }

    private object Resolve(int id, Type expected)
    {
        if (id < 1 || id >= _objects.Length)
        {
            Node(id); // throws, naming the id
        }

        if (_objects[id] is { } existing)
        {
            return Check(existing, expected, null)!;
        }

        SavedObject node = Node(id);
        SavedType entry = Graph.TypeOf(node);
        Type type = TypeAt(node.Type);
        switch (entry.Kind)
        {
            case SavedObjectKind.Array:
            {
                Type element = type.GetElementType() ?? throw new ArgumentException("Saved array type '" + entry.Name + "' is not an array type.");
                List<string?> items = node.Values ?? new List<string?>();
                var array = Array.CreateInstance(element, items.Count);
                _objects[id] = array;
                for (int i = 0; i < items.Count; i++)
                {
                    array.SetValue(Read(items[i] ?? SavedValue.NullToken, element), i);
                }

                return Check(array, expected, null)!;
            }

            case SavedObjectKind.List:
            {
                if (!type.IsGenericType || type.GetGenericTypeDefinition() != typeof(List<>))
                {
                    throw new ArgumentException("Saved list type '" + entry.Name + "' is not a List<T>.");
                }

                Type element = type.GetGenericArguments()[0];
                List<string?> items = node.Values ?? new List<string?>();
                var list = (IList)Activator.CreateInstance(type, items.Count)!;
                _objects[id] = list;
                foreach (string? item in items)
                {
                    list.Add(Read(item ?? SavedValue.NullToken, element));
                }

                return Check(list, expected, null)!;
            }

            case SavedObjectKind.Machine:
            {
                if (!typeof(CoroutineMachine).IsAssignableFrom(type))
                {
                    throw new ArgumentException("Saved machine type '" + entry.Name + "' is not a generated coroutine machine.");
                }

                var machine = (CoroutineMachine)Activator.CreateInstance(type, nonPublic: true)!;
                _objects[id] = machine;
                machine.ReadFrom(this, node, entry, ShapeChecked(node.Type));
                return Check(machine, expected, null)!;
            }

            case SavedObjectKind.Tuple:
            {
                if (!GraphWriter.IsTuple(type))
                {
                    throw new ArgumentException("Saved tuple type '" + entry.Name + "' is not a value tuple.");
                }

                Type[] elements = type.GetGenericArguments();
                List<string?> items = node.Values ?? new List<string?>();
                object?[] values = new object?[elements.Length];
                for (int i = 0; i < elements.Length && i < items.Count; i++)
                {
                    values[i] = Read(items[i] ?? SavedValue.NullToken, elements[i]);
                }

                return Check(Activator.CreateInstance(type, values), expected, null)!;
            }

            case SavedObjectKind.Custom:
            {
                ISaveConverter? converter = ConverterFor(node.Type, type);
                if (converter is not null)
                {
                    if (converter is ITwoPhaseConverter twoPhase)
                    {
                        // Created first and registered, then filled: cycles through engine objects (a task whose
                        // machine holds the task it awaits, which lists the first as its waiter) end here.
                        var fields = new FieldReader(this, node);
                        object created = twoPhase.Create(type, fields);
                        _objects[id] = created;
                        twoPhase.Fill(created, fields);
                        return Check(created, expected, null)!;
                    }

                    object value = converter.Read(type, new FieldReader(this, node));
                    _objects[id] = value;
                    return Check(value, expected, null)!;
                }

                throw new ArgumentException("No ISaveConverter registered with the reader converts '" + entry.Name + "' (object #" + id.ToString(CultureInfo.InvariantCulture) + "); register the converter used to save it.");
            }

            default:
                throw new ArgumentException("Object #" + id.ToString(CultureInfo.InvariantCulture) + " has type '" + entry.Name + "' of kind " + entry.Kind + ", which no object has.");
        }
    }

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

    private Type TypeAt(int index)
    {
        SavedType entry = Graph.TypeAt(index);
        return _types[index] ??= Type.GetType(entry.Name, throwOnError: false) ??
            throw new ArgumentException("The saved type '" + entry.Name + "' cannot be found; is its assembly loaded?");
    }

    private static long Long(string token, int start, int end) =>
        long.Parse(token.AsSpan(start, end - start), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    private static object? Check(object? value, Type expected, string? saved)
    {
        if (value is null || expected.IsInstanceOfType(value))
        {
            return value;
        }

        throw new ArgumentException("A saved " + value.GetType().FullName + (saved is null ? "" : " ('" + saved + "')") + " cannot be restored into a " + expected.FullName + ".");
    }
}
