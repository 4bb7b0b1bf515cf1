using System;

namespace Engine.Persist;

/// <summary>
/// Brings the saved state of one coroutine, taken from an older version of its method, to the method's current shape:
/// renames, converts, adds and drops fields and renumbers the state (the <c>yield return</c> it was suspended at).
/// Pass migrations to a restore with the converters (<c>EventLoop.Restore(snapshot, migration)</c>,
/// <c>machine.Restore(snapshot, migration)</c>) or add them to <see cref="GraphReader.Migrations"/>.
/// </summary>
/// <remarks>
/// <para>
/// Design: a restore checks each machine type's saved shape against its current one (<see cref="SavedType.Shape"/>).
/// When they differ, the restore looks for a migration of that coroutine; without one it fails and names what changed,
/// as before. With one, it calls <see cref="Migrate"/> for every saved machine of the coroutine, on a
/// <see cref="SavedMachine"/> that reads the saved members and takes the new values, and then loads the machine from
/// the result: each value must fit its field (the error names the field), the state must be a site of the current
/// method, and every member the migration leaves must be one the current method reads, so a rename the migration forgot
/// fails instead of silently resetting a field. A migration is not called when the shapes are equal.
/// </para>
/// <para>
/// The shape is a fingerprint of what a snapshot holds, not of the code: a comment, a change of layout, a renamed local
/// that is not hoisted into a field, or an edit of the code between two yields leaves it unchanged, so such a snapshot
/// restores with no migration. A field added, dropped or retyped, or a yield added, dropped, moved (renumbering the
/// states), edited, or put under another finally block or scope changes it. A migration that changes nothing
/// (<c>SnapshotMigration.For(name, machine => { })</c>) accepts a change the user knows is harmless.
/// </para>
/// <para>
/// A coroutine that was renamed or moved to another class has a new machine type, which the saved type name no longer
/// finds: a migration made with <see cref="Renamed"/> (or a subclass that passes the machine type to its constructor)
/// names the saved coroutine and the machine type its machines restore into, and is called for every one of them.
/// </para>
/// <para>
/// A migration implements <see cref="ISaveConverter"/> only so that it can travel in the converter list every restore
/// already takes; it converts no value.
/// </para>
/// </remarks>
public abstract class SnapshotMigration : ISaveConverter
{
    /// <summary>Creates a migration for the coroutine <paramref name="coroutine"/>.</summary>
    /// <param name="coroutine">The coroutine's full name, such as <c>Game.Npc.Walk</c> (<see cref="SavedType.Coroutine"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="coroutine"/> is empty.</exception>
    protected SnapshotMigration(string coroutine)
    {
        if (coroutine is null)
        {
            throw new ArgumentNullException(nameof(coroutine));
        }

        if (coroutine.Length == 0)
        {
            throw new ArgumentException("A migration names the coroutine it migrates.", nameof(coroutine));
        }

        Coroutine = coroutine;
    }

    /// <summary>Creates a migration for the coroutine saved as <paramref name="coroutine"/>, which is now the coroutine of
    /// the generated machine type <paramref name="machineType"/> (it was renamed or moved).</summary>
    /// <param name="coroutine">The saved coroutine's full name (<see cref="SavedType.Coroutine"/>).</param>
    /// <param name="machineType">The machine type generated for the coroutine's current method.</param>
    /// <exception cref="ArgumentException"><paramref name="coroutine"/> is empty, or <paramref name="machineType"/> is not a
    /// generated coroutine machine.</exception>
    protected SnapshotMigration(string coroutine, Type machineType)
        : this(coroutine)
    {
        if (machineType is null)
        {
            throw new ArgumentNullException(nameof(machineType));
        }

        if (!typeof(Machines.CoroutineMachine).IsAssignableFrom(machineType) || machineType.IsAbstract)
        {
            throw new ArgumentException("'" + machineType.FullName + "' is not a machine generated for a [Coroutine] method.", nameof(machineType));
        }

        MachineType = machineType;
    }

    /// <summary>The full name of the coroutine this migration applies to (its name when the snapshot was taken).</summary>
    public string Coroutine { get; }

    /// <summary>The machine type the saved coroutine's machines restore into when the coroutine was renamed or moved;
    /// <see langword="null"/> when it kept its name.</summary>
    public Type? MachineType { get; }

    /// <summary>Creates a migration from a delegate: <c>SnapshotMigration.For("Game.Npc.Walk", m => m.Rename("_hp", "_health"))</c>.</summary>
    /// <param name="coroutine">The coroutine's full name.</param>
    /// <param name="migrate">Brings one saved machine to the current shape (see <see cref="Migrate"/>).</param>
    /// <returns>The migration.</returns>
    public static SnapshotMigration For(string coroutine, Action<SavedMachine> migrate) => new DelegateMigration(coroutine, migrate);

    /// <summary>Creates a migration for a coroutine that was renamed or moved:
    /// <c>SnapshotMigration.Renamed("Game.Npc.Walk", typeof(Npc.StrollMachine), m =&gt; { })</c>.</summary>
    /// <param name="coroutine">The coroutine's full name when the snapshot was taken.</param>
    /// <param name="machineType">The machine type generated for its current method.</param>
    /// <param name="migrate">Brings one saved machine to the current shape (see <see cref="Migrate"/>); <see langword="null"/>
    /// when only the name changed.</param>
    /// <returns>The migration.</returns>
    public static SnapshotMigration Renamed(string coroutine, Type machineType, Action<SavedMachine>? migrate = null) =>
        new DelegateMigration(coroutine, machineType, migrate ?? (_ => { }));

    /// <summary>Brings one saved machine of <see cref="Coroutine"/> to the current shape of its method: read the saved
    /// members with <see cref="SavedMachine.Get{T}(string)"/> (<see cref="SavedMachine.SavedShape"/> says which version
    /// wrote them), then <see cref="SavedMachine.Rename"/>, <see cref="SavedMachine.Set{T}(string, T)"/>,
    /// <see cref="SavedMachine.Remove"/> and <see cref="SavedMachine.State"/>. An exception thrown here fails the
    /// restore with a message naming the coroutine.</summary>
    /// <param name="machine">The saved machine, open for changes.</param>
    public abstract void Migrate(SavedMachine machine);

    /// <summary>A short description for messages.</summary>
    /// <returns>The migration's type and coroutine.</returns>
    public override string ToString() => GetType().Name + " for '" + Coroutine + "'";

    bool ISaveConverter.CanConvert(Type type) => false;

    void ISaveConverter.Write(object value, FieldWriter fields) =>
        throw new InvalidOperationException("A SnapshotMigration converts no value.");

    object ISaveConverter.Read(Type type, FieldReader fields) =>
        throw new InvalidOperationException("A SnapshotMigration converts no value.");

    private sealed class DelegateMigration : SnapshotMigration
    {
        private readonly Action<SavedMachine> _migrate;

        public DelegateMigration(string coroutine, Action<SavedMachine> migrate)
            : base(coroutine)
        {
            _migrate = migrate ?? throw new ArgumentNullException(nameof(migrate));
        }

        public DelegateMigration(string coroutine, Type machineType, Action<SavedMachine> migrate)
            : base(coroutine, machineType)
        {
            _migrate = migrate ?? throw new ArgumentNullException(nameof(migrate));
        }

        public override void Migrate(SavedMachine machine) => _migrate(machine);
    }
}
