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
/// the graph when the expectation is <see cref="object"/> or an interface. Machines met as references (a child a
/// parent was waiting for) are created empty and restored from their own saved fields. Cold path; single-use.
/// </remarks>
public sealed class GraphReader
{
    private readonly Dictionary<int, object> _objects = new();

    /// <summary>Creates a reader over <paramref name="graph"/>.</summary>
    /// <param name="graph">The saved graph.</param>
    /// <exception cref="ArgumentException">The graph was written in a newer format.</exception>
    public GraphReader(SavedGraph graph)
    {
        Graph = graph ?? throw new ArgumentNullException(nameof(graph));
        if (graph.Format > SavedGraph.CurrentFormat || graph.Format < 1)
        {
            throw new ArgumentException("The saved graph has format " + graph.Format.ToString(CultureInfo.InvariantCulture) + "; this runtime reads format 1 to " + SavedGraph.CurrentFormat.ToString(CultureInfo.InvariantCulture) + ".", nameof(graph));
        }
    }

    /// <summary>Whether the reader restores the waits of machines itself (a whole-loop restore re-registers timers,
    /// waiters and queue entries): machines then resume after their pending yield instead of re-issuing it.</summary>
    internal bool RestoresWaits { get; set; }

    /// <summary>The graph being read.</summary>
    public SavedGraph Graph { get; }

    /// <summary>Converters for user types, matched by the saved object's type.</summary>
    public List<ISaveConverter> Converters { get; } = new List<ISaveConverter>();

    /// <summary>Reads a value as <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="value">The saved value.</param>
    /// <returns>The value; <c>default</c> for a saved null.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <typeparamref name="T"/>.</exception>
    public T Read<T>(SavedValue value)
    {
        object? result = Read(value, typeof(T));
        return result is null ? default! : (T)result;
    }

    /// <summary>Reads a value as <paramref name="expected"/>.</summary>
    /// <param name="value">The saved value.</param>
    /// <param name="expected">The expected type (<see cref="object"/> when any).</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <paramref name="expected"/>.</exception>
    public object? Read(SavedValue value, Type expected)
    {
        if (value is null)
        {
            throw new ArgumentNullException(nameof(value));
        }

        Type target = Nullable.GetUnderlyingType(expected) ?? expected;
        switch (value.Kind)
        {
            case SavedValueKind.Null:
                return null;
            case SavedValueKind.Reference:
                return Resolve(checked((int)value.Number), target);
            case SavedValueKind.String:
                return Check(value.Text, target, value);
        }

        Type type = target == typeof(object) || target.IsInterface || target == typeof(ValueType) || target == typeof(Enum)
            ? ResolveType(value.Type ?? "")
            : target;
        try
        {
            return value.Kind switch
            {
                SavedValueKind.Boolean => Check(value.Number != 0, type, value),
                SavedValueKind.Integer when type.IsEnum => Enum.ToObject(type, value.Number),
                SavedValueKind.Integer when type == typeof(ulong) => unchecked((ulong)value.Number),
                SavedValueKind.Integer when type == typeof(char) => (char)value.Number,
                SavedValueKind.Integer => Convert.ChangeType(value.Number, type, CultureInfo.InvariantCulture),
                SavedValueKind.Float when type == typeof(float) => float.Parse(value.Text ?? "", NumberStyles.Float, CultureInfo.InvariantCulture),
                SavedValueKind.Float => Convert.ChangeType(double.Parse(value.Text ?? "", NumberStyles.Float, CultureInfo.InvariantCulture), type, CultureInfo.InvariantCulture),
                SavedValueKind.Decimal => Convert.ChangeType(decimal.Parse(value.Text ?? "", NumberStyles.Float, CultureInfo.InvariantCulture), type, CultureInfo.InvariantCulture),
                _ => throw Mismatch(value, expected),
            };
        }
        catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException)
        {
            throw Mismatch(value, expected, e);
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
        if (node.Kind != SavedObjectKind.Machine)
        {
            throw new ArgumentException("Object #" + id.ToString(CultureInfo.InvariantCulture) + " of the saved graph is a " + node.Kind + ", not a coroutine machine.", nameof(id));
        }

        _objects[id] = machine;
        machine.ReadFrom(this, node);
    }

    internal SavedObject Node(int id)
    {
        if (id < 1 || id > Graph.Objects.Count)
        {
            throw new ArgumentException("The saved graph has no object #" + id.ToString(CultureInfo.InvariantCulture) + " (it has " + Graph.Objects.Count.ToString(CultureInfo.InvariantCulture) + ").");
        }

        return Graph.Objects[id - 1];
    }

    private object Resolve(int id, Type expected)
    {
        if (_objects.TryGetValue(id, out object? existing))
        {
            return Check(existing, expected, null)!;
        }

        SavedObject node = Node(id);
        Type type = expected == typeof(object) || expected.IsInterface || expected.IsAbstract ? ResolveType(node.Type) : expected;
        switch (node.Kind)
        {
            case SavedObjectKind.Array:
            {
                Type element = type.IsArray ? type.GetElementType()! : ResolveType(node.Type).GetElementType()!;
                List<SavedValue> items = node.Items ?? new List<SavedValue>();
                var array = Array.CreateInstance(element, items.Count);
                _objects[id] = array;
                for (int i = 0; i < items.Count; i++)
                {
                    array.SetValue(Read(items[i], element), i);
                }

                return Check(array, expected, null)!;
            }

            case SavedObjectKind.List:
            {
                Type listType = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>) ? type : ResolveType(node.Type);
                Type element = listType.GetGenericArguments()[0];
                var list = (IList)Activator.CreateInstance(listType)!;
                _objects[id] = list;
                foreach (SavedValue item in node.Items ?? new List<SavedValue>())
                {
                    list.Add(Read(item, element));
                }

                return Check(list, expected, null)!;
            }

            case SavedObjectKind.Machine:
            {
                Type machineType = ResolveType(node.Type);
                if (!typeof(CoroutineMachine).IsAssignableFrom(machineType))
                {
                    throw new ArgumentException("Saved machine type '" + node.Type + "' is not a generated coroutine machine.");
                }

                var machine = (CoroutineMachine)Activator.CreateInstance(machineType, nonPublic: true)!;
                _objects[id] = machine;
                machine.ReadFrom(this, node);
                return Check(machine, expected, null)!;
            }

            case SavedObjectKind.Tuple:
            {
                Type tupleType = GraphWriter.IsTuple(type) ? type : ResolveType(node.Type);
                Type[] elements = tupleType.GetGenericArguments();
                List<SavedValue> items = node.Items ?? new List<SavedValue>();
                object?[] values = new object?[elements.Length];
                for (int i = 0; i < elements.Length && i < items.Count; i++)
                {
                    values[i] = Read(items[i], elements[i]);
                }

                return Check(Activator.CreateInstance(tupleType, values), expected, null)!;
            }

            case SavedObjectKind.Instruction:
            {
                var fields = new FieldReader(this, node);
                var instruction = Yield.Create(fields.Get<YieldKind>("Kind"), fields.Get<double>("Number"), fields.Get<object>("Target"));
                return Check(instruction, expected, null)!;
            }

            default:
            {
                Type custom = ResolveType(node.Type);
                foreach (ISaveConverter converter in Converters)
                {
                    if (converter is ITwoPhaseConverter twoPhase && twoPhase.CanConvert(custom))
                    {
                        // Created first and registered, then filled: cycles through engine objects (a task whose
                        // machine holds the task it awaits, which lists the first as its waiter) end here.
                        var fields = new FieldReader(this, node);
                        object created = twoPhase.Create(custom, fields);
                        _objects[id] = created;
                        twoPhase.Fill(created, fields);
                        return Check(created, expected, null)!;
                    }

                    if (converter.CanConvert(custom))
                    {
                        object value = converter.Read(custom, new FieldReader(this, node));
                        _objects[id] = value;
                        return Check(value, expected, null)!;
                    }
                }

                throw new ArgumentException("No ISaveConverter registered with the reader converts '" + node.Type + "' (object #" + id.ToString(CultureInfo.InvariantCulture) + "); register the converter used to save it.");
            }
        }
    }

    private static object? Check(object? value, Type expected, SavedValue? saved)
    {
        if (value is null || expected.IsInstanceOfType(value))
        {
            return value;
        }

        throw new ArgumentException("A saved " + value.GetType().FullName + (saved is null ? "" : " (" + saved + ")") + " cannot be restored into a " + expected.FullName + ".");
    }

    private static Exception Mismatch(SavedValue value, Type expected, Exception? inner = null) =>
        new ArgumentException("The saved value " + value + " cannot be restored into a " + expected.FullName + ".", inner);

    private static Type ResolveType(string name)
    {
        Type? type = Type.GetType(name, throwOnError: false);
        if (type is null)
        {
            throw new ArgumentException("The saved type '" + name + "' cannot be found; is its assembly loaded?");
        }

        return type;
    }
}
