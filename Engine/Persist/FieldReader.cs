using System;
using System.Collections.Generic;

namespace Engine.Persist;

/// <summary>Reads the named members of one saved object (a machine's fields, or a converter's members).</summary>
public sealed class FieldReader
{
    private readonly GraphReader _reader;
    private readonly SavedObject _node;
    private readonly SavedMachine? _migrated; // a machine's members after a SnapshotMigration, read instead of the node's

    internal FieldReader(GraphReader reader, SavedObject node, SavedMachine? migrated = null)
    {
        _reader = reader;
        _node = node;
        _migrated = migrated;
    }

    /// <summary>The reader of the whole graph.</summary>
    public GraphReader Reader => _reader;

    /// <summary>Whether the member was saved (members holding their default value are not).</summary>
    /// <param name="name">The member name.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool Has(string name) => _migrated is not null ? _migrated.Has(name) : Find(name) is not null;

    /// <summary>Reads one member.</summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="name">The member name.</param>
    /// <returns>The value, or <c>default</c> when the member was not saved.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <typeparamref name="T"/>; the message names the member.</exception>
    public T Get<T>(string name)
    {
        if (_migrated is not null)
        {
            return _migrated.Get<T>(name);
        }

        string? token = Find(name);
        if (token is null)
        {
            return default!;
        }

        try
        {
            return _reader.Read<T>(token);
        }
        catch (ArgumentException e)
        {
            SavedType type = _reader.Graph.TypeOf(_node);
            throw new ArgumentException("Cannot restore field '" + name + "' of " + (type.Coroutine is null ? type.Name : "coroutine '" + type.Coroutine + "'") + ": " + e.Message, e);
        }
    }

    internal string? Find(string name)
    {
        if (_migrated is not null)
        {
            return _migrated.Token(name);
        }

        List<string?>? values = _node.Values;
        int index = values is null ? -1 : _reader.MemberIndex(_node.Type, name);
        return index >= 0 && index < values!.Count ? values[index] : null;
    }
}
