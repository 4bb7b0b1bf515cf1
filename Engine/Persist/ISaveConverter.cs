using System;

namespace Engine.Persist;

/// <summary>
/// Saves and restores values of user types that the graph does not know (a vector, a game entity handle, ...): the
/// extension point of snapshots. Register converters with <see cref="GraphWriter.Converters"/> and
/// <see cref="GraphReader.Converters"/>, or pass them to <see cref="Machines.ICoroutineMachine.Snapshot(ISaveConverter[])"/>
/// and <see cref="Machines.ICoroutineMachine.Restore(Machines.CoroutineSnapshot, ISaveConverter[])"/>.
/// </summary>
/// <remarks>
/// A converted object becomes one object in the graph's table, so two fields referring to one instance (of a class)
/// refer to one instance after restore. Members go through <see cref="FieldWriter.Add{T}(string, T)"/> and
/// <see cref="FieldReader.Get{T}(string)"/>, so they may hold anything the graph can save, including other converted
/// objects. An object cannot contain a reference back to itself through converted objects (its instance exists only
/// once <see cref="Read"/> returns); arrays, lists and machines may form cycles.
/// </remarks>
public interface ISaveConverter
{
    /// <summary>Whether this converter saves values of <paramref name="type"/>.</summary>
    /// <param name="type">The value's runtime type.</param>
    /// <returns><see langword="true"/> to handle it.</returns>
    bool CanConvert(Type type);

    /// <summary>Writes <paramref name="value"/>'s members.</summary>
    /// <param name="value">The value to save, of a type <see cref="CanConvert"/> accepted.</param>
    /// <param name="fields">Receives the members.</param>
    void Write(object value, FieldWriter fields);

    /// <summary>Creates a value from members written by <see cref="Write"/>.</summary>
    /// <param name="type">The saved value's type.</param>
    /// <param name="fields">The members.</param>
    /// <returns>The restored value.</returns>
    object Read(Type type, FieldReader fields);
}
