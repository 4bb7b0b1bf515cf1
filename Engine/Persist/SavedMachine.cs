using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Persist;

/// <summary>
/// One saved machine handed to a <see cref="SnapshotMigration"/>: its saved members (the generated field names, such
/// as <c>_i</c> for a hoisted local <c>i</c> and <c>_arg_n</c> and <c>_n</c> for a parameter <c>n</c>), its state, and
/// the saved and current shapes of its method. The migration changes them; the machine is then loaded from the result.
/// </summary>
/// <remarks>
/// Design: the saved tokens stay as they are until read, so a renamed member that refers to a shared object still
/// restores as that one object; values set by the migration are kept as objects and handed to the machine's fields as
/// they are (they must fit the field's type). Names beginning with <c>$</c> (the state and the pending instruction) are
/// the runtime's own and cannot be set, renamed or removed.
/// </remarks>
public sealed class SavedMachine
{
    private readonly GraphReader _reader;
    private readonly Dictionary<string, string> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object?> _values = new(StringComparer.Ordinal);
    private readonly List<string> _members = new();
    private HashSet<string>? _read;

    internal SavedMachine(GraphReader reader, SavedObject node, SavedType entry, string currentShape, string changes)
    {
        _reader = reader;
        Coroutine = entry.Coroutine ?? "";
        SavedShape = entry.Shape ?? "";
        CurrentShape = currentShape;
        Changes = changes;
        foreach (KeyValuePair<string, string> member in reader.Graph.FieldsOf(node))
        {
            if (member.Key == SavedObject.StateField)
            {
                State = reader.Read<int>(member.Value);
            }
            else
            {
                _tokens[member.Key] = member.Value;
                if (!IsRuntimeName(member.Key))
                {
                    _members.Add(member.Key);
                }
            }
        }
    }

    /// <summary>The coroutine's full name.</summary>
    public string Coroutine { get; }

    /// <summary>The shape of the method the snapshot was taken from: one line per parameter, hoisted field and yield
    /// site (<c>field _i int live 1-3</c>: its type and the yields where it is live; <c>site 1 Yield.Seconds(1) | finally 0</c>:
    /// the yield's expression and the number of finally blocks open around it). A snapshot written by an earlier
    /// generator lists the fields in scope on each site's line instead (<c>site 1 Yield.Seconds(1) | fields _i | finally 0</c>).</summary>
    public string SavedShape { get; }

    /// <summary>The shape of the current method.</summary>
    public string CurrentShape { get; }

    /// <summary>What changed between <see cref="SavedShape"/> and <see cref="CurrentShape"/>, as a restore without the
    /// migration would have reported it.</summary>
    public string Changes { get; }

    /// <summary>The state: the site (<c>yield return</c>, numbered from 1 in the order of the method) the machine is
    /// suspended at, 0 not started, -1 finished. Set it to map an old site to a new one.</summary>
    public int State { get; set; }

    /// <summary>The names of the members the machine holds now (saved ones, after renames and removals, and set ones);
    /// members that held their default value were not saved and are not listed.</summary>
    public IReadOnlyList<string> Members => _members;

    /// <summary>Whether the machine holds the member (see <see cref="Members"/>).</summary>
    /// <param name="name">The generated field name.</param>
    /// <returns><see langword="true"/> if it was saved with a value other than its default, or set.</returns>
    public bool Has(string name)
    {
        _read?.Add(name);
        return _values.ContainsKey(name) || _tokens.ContainsKey(name);
    }

    /// <summary>Reads a member: a saved one decoded as <typeparamref name="T"/> (an int saved as a long converts, a
    /// reference restores its object), or the value set by <see cref="Set{T}(string, T)"/>.</summary>
    /// <typeparam name="T">The type to read it as (the type of the old field, or <see cref="object"/>).</typeparam>
    /// <param name="name">The generated field name.</param>
    /// <returns>The value, or <c>default</c> when the member is not held.</returns>
    /// <exception cref="ArgumentException">The value does not fit <typeparamref name="T"/>; the message names the member.</exception>
    public T Get<T>(string name)
    {
        _read?.Add(name);
        if (_values.TryGetValue(name, out object? value))
        {
            return value is null ? default! : value is T typed ? typed
                : throw new ArgumentException("Cannot restore field '" + name + "' of coroutine '" + Coroutine + "': the migration set a " +
                    value.GetType().FullName + ", which does not fit a " + typeof(T).FullName + ".");
        }

        if (!_tokens.TryGetValue(name, out string? token))
        {
            return default!;
        }

        try
        {
            return _reader.Read<T>(token);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException("Cannot restore field '" + name + "' of coroutine '" + Coroutine + "': " + e.Message, e);
        }
    }

    /// <summary>Sets a member of the current method (adds a field, or replaces a value with a converted one).</summary>
    /// <typeparam name="T">The value's type.</typeparam>
    /// <param name="name">The generated field name.</param>
    /// <param name="value">The value; it must fit the field's type.</param>
    public void Set<T>(string name, T value)
    {
        CheckName(name);
        _tokens.Remove(name);
        if (!_values.ContainsKey(name))
        {
            _members.Add(name);
        }

        _values[name] = value;
    }

    /// <summary>Renames a member (a renamed local or parameter); nothing happens when it is not held.</summary>
    /// <param name="from">The saved name.</param>
    /// <param name="to">The current name; a member already held under it is replaced.</param>
    public void Rename(string from, string to)
    {
        CheckName(from);
        CheckName(to);
        if (from == to || !Has(from))
        {
            return;
        }

        Remove(to);
        if (_values.TryGetValue(from, out object? value))
        {
            _values[to] = value;
        }
        else
        {
            _tokens[to] = _tokens[from];
        }

        Remove(from);
        _members.Add(to);
    }

    /// <summary>Drops a member the current method no longer has; nothing happens when it is not held.</summary>
    /// <param name="name">The generated field name.</param>
    public void Remove(string name)
    {
        CheckName(name);
        _values.Remove(name);
        _tokens.Remove(name);
        _members.Remove(name);
    }

    /// <summary>A short description for messages and debugging.</summary>
    /// <returns>The coroutine, its state and its members.</returns>
    public override string ToString() =>
        "coroutine '" + Coroutine + "' at state " + State.ToString(CultureInfo.InvariantCulture) + " with " + string.Join(", ", _members);

    // After the migration: the machine's Load reads through here; StartLoad records which members it reads.
    internal void StartLoad() => _read = new HashSet<string>(StringComparer.Ordinal);

    internal string? Token(string name) => _tokens.TryGetValue(name, out string? token) ? token : null;

    // The members the migration left that the machine's Load never read: fields the current method does not have.
    internal List<string> Unread()
    {
        var unread = new List<string>();
        foreach (string name in _members)
        {
            if (_read is null || !_read.Contains(name))
            {
                unread.Add(name);
            }
        }

        return unread;
    }

    private static bool IsRuntimeName(string name) => name.Length > 0 && name[0] == '$';

    private static void CheckName(string name)
    {
        if (name is null)
        {
            throw new ArgumentNullException(nameof(name));
        }

        if (name.Length == 0 || IsRuntimeName(name))
        {
            throw new ArgumentException("'" + name + "' is not a field a migration can change; set State to change the state.", nameof(name));
        }
    }
}
