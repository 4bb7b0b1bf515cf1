using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Machines;

/// <summary>
/// The saved form of a generated coroutine machine: which coroutine, its state number, and its fields (arguments and
/// hoisted locals) as name/value pairs of primitives, strings, enums, decimals and arrays of them.
/// </summary>
/// <remarks>
/// Design: a plain object with settable properties and only simple values, so any serializer (JSON, binary, a game's
/// save format) can write it and read it back in another process. <see cref="Get{T}(string)"/> converts back loosely
/// (a <see cref="long"/> read from JSON becomes an <see cref="int"/> field, an <see cref="object"/> array becomes a
/// typed array), because serializers rarely keep exact CLR types. Fields holding their default value are left out.
/// Snapshotting is cold-path code: it boxes and allocates freely.
/// </remarks>
public sealed class CoroutineSnapshot
{
    /// <summary>Creates an empty snapshot, for serializers.</summary>
    public CoroutineSnapshot()
    {
    }

    /// <summary>Creates a snapshot of one coroutine at one state.</summary>
    /// <param name="coroutine">The coroutine's full name (see <see cref="ICoroutineMachine.Name"/>).</param>
    /// <param name="state">The machine's state number (see <see cref="ICoroutineMachine.State"/>).</param>
    public CoroutineSnapshot(string coroutine, int state)
    {
        Coroutine = coroutine;
        State = state;
    }

    /// <summary>The coroutine's full name, such as <c>Game.Npc.Walk</c>.</summary>
    public string Coroutine { get; set; } = "";

    /// <summary>The state number: 0 not started, -1 finished, otherwise the site id of the yield it is suspended at.</summary>
    public int State { get; set; }

    /// <summary>Field values by generated field name (for example <c>_i</c> for a local <c>i</c>, <c>_arg_n</c> for the initial argument <c>n</c>).</summary>
    public Dictionary<string, object?> Values { get; set; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="value"/> can be saved: <see langword="null"/>, a primitive, string, enum, decimal, or an array or <see cref="List{T}"/> of savable values.</summary>
    /// <param name="value">The value to check.</param>
    /// <returns><see langword="true"/> if a snapshot can hold it.</returns>
    public static bool IsSavable(object? value)
    {
        if (value is null || value is string || value is decimal)
        {
            return true;
        }

        Type type = value.GetType();
        if (type.IsPrimitive || type.IsEnum)
        {
            return true;
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
        {
            return IsSavable(Array.CreateInstance(type.GetGenericArguments()[0], 0)) && AllSavable((System.Collections.IEnumerable)value);
        }

        if (value is Array array && array.Rank == 1)
        {
            Type element = type.GetElementType()!;
            if (element.IsPrimitive || element.IsEnum || element == typeof(string) || element == typeof(decimal))
            {
                return true;
            }

            return AllSavable(array);
        }

        return false;
    }

    private static bool AllSavable(System.Collections.IEnumerable items)
    {
        foreach (object? item in items)
        {
            if (!IsSavable(item))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Stores one field's value.</summary>
    /// <param name="field">The generated field name.</param>
    /// <param name="value">The value; it must be savable (see <see cref="IsSavable(object)"/>).</param>
    /// <exception cref="NotSupportedException">The value cannot be saved; the message names the coroutine and the field.</exception>
    public void Set(string field, object? value)
    {
        if (!IsSavable(value))
        {
            throw new NotSupportedException(
                "Cannot snapshot coroutine '" + Coroutine + "': field '" + field + "' holds a " + value!.GetType().FullName +
                ", which is not a primitive, string, enum, decimal or array of them. Keep only such values alive across a yield (or set the local to null/default before yielding) to make this coroutine savable.");
        }

        // Arrays and lists are copied (lists as arrays), so later changes by the running coroutine do not alter the snapshot.
        if (value is Array array)
        {
            value = array.Clone();
        }
        else if (value is System.Collections.ICollection collection && value.GetType().IsGenericType)
        {
            var copy = Array.CreateInstance(value.GetType().GetGenericArguments()[0], collection.Count);
            collection.CopyTo(copy, 0);
            value = copy;
        }

        Values[field] = value;
    }

    /// <summary>Reads one field's value back, converting loosely to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The field's type.</typeparam>
    /// <param name="field">The generated field name.</param>
    /// <returns>The stored value, or <c>default</c> when the snapshot has none.</returns>
    /// <exception cref="ArgumentException">The stored value cannot be converted to <typeparamref name="T"/>.</exception>
    public T Get<T>(string field)
    {
        if (!Values.TryGetValue(field, out object? value) || value is null)
        {
            return default!;
        }

        if (value is Array array && array.GetType() == typeof(T))
        {
            return (T)array.Clone();
        }

        if (value is T typed)
        {
            return typed;
        }

        try
        {
            return (T)Convert(value, typeof(T))!;
        }
        catch (Exception e) when (e is InvalidCastException || e is FormatException || e is OverflowException)
        {
            throw new ArgumentException("Cannot restore coroutine '" + Coroutine + "': field '" + field + "' holds a " + value.GetType().FullName + ", not a " + typeof(T).FullName + ".", nameof(field), e);
        }
    }

    private static object? Convert(object? value, Type type)
    {
        if (value is null || type.IsInstanceOfType(value))
        {
            return value;
        }

        Type target = Nullable.GetUnderlyingType(type) ?? type;
        if (target.IsEnum)
        {
            return value is string name ? Enum.Parse(target, name) : Enum.ToObject(target, System.Convert.ChangeType(value, Enum.GetUnderlyingType(target), CultureInfo.InvariantCulture));
        }

        if (target.IsArray && value is Array source)
        {
            Type element = target.GetElementType()!;
            var result = Array.CreateInstance(element, source.Length);
            for (int i = 0; i < source.Length; i++)
            {
                result.SetValue(Convert(source.GetValue(i), element), i);
            }

            return result;
        }

        if (target.IsGenericType && target.GetGenericTypeDefinition() == typeof(List<>) && value is Array items)
        {
            Type element = target.GetGenericArguments()[0];
            var list = (System.Collections.IList)Activator.CreateInstance(target)!;
            foreach (object? item in items)
            {
                list.Add(Convert(item, element));
            }

            return list;
        }

        if (target == typeof(object))
        {
            return value;
        }

        return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
    }
}
