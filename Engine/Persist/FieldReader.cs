using System;
using System.Runtime.CompilerServices;

namespace Engine.Persist;

/// <summary>Reads the named members of one saved object (a machine's fields, or a converter's members).</summary>
/// <remarks>Design: the values are read in place from the object's line (see <see cref="SavedObject"/>), with a cursor
/// that moves forward, since a machine or a converter reads its members about in the order it wrote them; asking for
/// an earlier member starts the walk over. No string is made for a number, a reference or an instruction. A reader is
/// valid during the call it is passed to (a machine's load, a converter's read, create and fill): the graph reader
/// reuses it for a later object, so a restore of ten thousand objects makes a handful of field readers, not one each.</remarks>
public sealed class FieldReader
{
    private readonly GraphReader _reader;
    private string _line = "";
    private int _typeIndex;
    private SavedMachine? _migrated; // a machine's members after a SnapshotMigration, read instead of the line's
    private int _cursorIndex;        // the member whose token starts at _cursorPosition
    private int _cursorPosition;
    private int _lookups;            // member lookups so far (GraphReader.MemberIndex remembers each type's order)

    internal FieldReader(GraphReader reader) => _reader = reader;

    // Points the reader at another object (GraphReader.RentFields).
    internal FieldReader Reset(string line, int typeIndex, SavedMachine? migrated)
    {
        _line = line;
        _typeIndex = typeIndex;
        _migrated = migrated;
        _cursorIndex = 0;
        _cursorPosition = SavedObject.FirstToken(line);
        _lookups = 0;
        return this;
    }

    /// <summary>The reader of the whole graph.</summary>
    public GraphReader Reader => _reader;

    /// <summary>Whether the member was saved (members holding their default value are not).</summary>
    /// <param name="name">The member name.</param>
    /// <returns><see langword="true"/> if present.</returns>
    public bool Has(string name) => _migrated is not null ? _migrated.Has(name) : Locate(name, out _, out _);

    /// <summary>Reads one member.</summary>
    /// <typeparam name="T">The member's type.</typeparam>
    /// <param name="name">The member name.</param>
    /// <returns>The value, or <c>default</c> when the member was not saved.</returns>
    /// <exception cref="ArgumentException">The saved value does not fit <typeparamref name="T"/>; the message names the member.</exception>
    [MethodImpl(PersistJit.Optimized)]
    public T Get<T>(string name)
    {
        if (_migrated is not null)
        {
            return _migrated.Get<T>(name);
        }

        if (!Locate(name, out int start, out int end))
        {
            return default!;
        }

        try
        {
            return _reader.ReadValue<T>(_line, start, end);
        }
        catch (ArgumentException e)
        {
            SavedType type = _reader.Graph.TypeAt(_typeIndex);
            throw new ArgumentException("Cannot restore field '" + name + "' of " + (type.Coroutine is null ? type.Name : "coroutine '" + type.Coroutine + "'") + ": " + e.Message, e);
        }
    }

    // Reads a member of the graph's own ("$pending") whether or not a migration ran: false when it was not saved.
    [MethodImpl(PersistJit.Optimized)]
    internal bool TryGetOwn<T>(string name, out T value)
    {
        if (_migrated is not null)
        {
            string? token = _migrated.Token(name);
            value = token is null ? default! : _reader.Read<T>(token);
            return token is not null;
        }

        if (!Locate(name, out int start, out int end))
        {
            value = default!;
            return false;
        }

        value = _reader.ReadValue<T>(_line, start, end);
        return true;
    }

    // Finds the token of a member in the line: false when the type has no such member or the object left it at its
    // default value ("-", or past the last token written).
    [MethodImpl(PersistJit.Optimized)]
    private bool Locate(string name, out int start, out int end)
    {
        start = end = 0;
        int index = _reader.MemberIndex(_typeIndex, name, _lookups++);
        if (index < 0)
        {
            return false;
        }

        if (index < _cursorIndex)
        {
            _cursorIndex = 0;
            _cursorPosition = SavedObject.FirstToken(_line);
        }

        while (_cursorIndex < index && _cursorPosition < _line.Length)
        {
            _cursorPosition = SavedObject.TokenEnd(_line, _cursorPosition) + 1;
            _cursorIndex++;
        }

        if (_cursorIndex < index || _cursorPosition >= _line.Length)
        {
            return false;
        }

        start = _cursorPosition;
        end = SavedObject.TokenEnd(_line, start);
        return end - start != 1 || _line[start] != '-';
    }
}
