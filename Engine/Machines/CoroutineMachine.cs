using System;
using System.Collections;
using System.Globalization;
using System.Runtime.CompilerServices;
using Engine.Persist;

namespace Engine.Machines;

/// <summary>
/// The base class of every state machine the generator writes for a <see cref="CoroutineAttribute"/> method.
/// </summary>
/// <remarks>
/// <para>
/// Design: the fast path. A task's trampoline steps a machine with one virtual call, <see cref="Step"/>, which advances
/// the machine and returns its next instruction; the end is a sentinel instruction whose kind no user instruction can
/// have (a user's <c>default(Yield)</c> stays <see cref="YieldKind.None"/> and still gets the scheduler's error). A
/// compiler iterator costs two interface calls per step (<c>MoveNext</c>, <c>Current</c>). The task recognises a
/// machine once, when the frame is pushed, never per step. <see cref="MoveNext"/> and <see cref="Current"/> remain for
/// ordinary <see cref="System.Collections.Generic.IEnumerator{T}"/> use and behave like the compiler's iterator.
/// </para>
/// <para>
/// Snapshots: the generated class lists its fields (<see cref="Save"/>, <see cref="Load"/>) and its shape; this class
/// owns the rest (the object graph, the shape check, the pending wait), so the format lives in one place.
/// </para>
/// </remarks>
public abstract class CoroutineMachine : ICoroutineMachine, ICoroutineName
{
    // The end-of-coroutine sentinel: outside YieldKind's named values, and Yield's factories never make it.
    internal const YieldKind EndKind = (YieldKind)(-1);

    private static readonly Yield s_end = Yield.Create(EndKind, 0, null);

    // The instruction recorded by a yield whose instruction cannot be recomputed (SuspendAndRecord), or restored from
    // a snapshot. Yields the machine can recompute (PendingAt) store nothing: storing a struct with a reference costs
    // a copy and a GC write barrier per step, which made the machine slower than the compiler's iterator.
    // While _enumerated is set it holds the instruction MoveNext last handed out instead, stored field by field (a
    // whole-struct store would cost a GC write barrier even for the null target of the common waits). Sharing the field
    // is safe because only record sites read it back (PendingAt), and every record site stores it before it suspends.
    // A task clears _enumerated when it takes the machine as its top frame (AttachToTask); from then on only the task
    // steps it.
    //
    // Layout (issue 10): a task's step reads the machine's type and its generated state, which lies after these
    // fields. Kept to one instruction and two flags, the state sits at 0x28 (Scheduling/Prefetch.cs), so a step
    // touches the first 44 bytes of the machine, as it touches the first 40 of a compiler iterator; with a second copy
    // of the instruction here the state sat at 0x38 and most steps touched two cache lines of their machine.
    private Yield _current;
    private bool _enumerated;

    // Restored with a pending wait that its first step re-issues: until then it has handed out nothing in this process,
    // so Current is default and a task accepts it as a fresh coroutine (one iterator, one task).
    private bool _restoredUnstarted;

    /// <summary>Creates the base of a generated machine.</summary>
    protected CoroutineMachine()
    {
    }

    /// <summary>The instruction the machine yielded at the <c>yield return</c> it is suspended at (recomputed or
    /// recorded, see <see cref="PendingAt"/>); <c>default</c> when it is not suspended.</summary>
    public Yield Current
    {
        get
        {
            if (_enumerated)
            {
                return _current;
            }

            if (_restoredUnstarted)
            {
                return default;
            }

            int state = State;
            return state > 0 ? PendingAt(state) : default;
        }
    }

    object IEnumerator.Current => Current;

    /// <inheritdoc/>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public abstract int State { get; }

    /// <inheritdoc/>
    public abstract CoroutineSite Site { get; }

    string ICoroutineName.CoroutineName => Name;

    /// <summary>What <see cref="Step"/> returns when the coroutine has finished.</summary>
    protected static Yield End => s_end;

    internal static Yield EndInstruction => s_end;

    /// <summary>The shape of the generated method (parameters, hoisted fields with their types, each yield with the fields
    /// in scope and the finally blocks open there), saved with every snapshot and compared on restore.</summary>
    protected abstract string Shape { get; }

    /// <summary>The number of <c>yield return</c> sites (the largest valid state).</summary>
    protected abstract int SiteCount { get; }

    /// <inheritdoc/>
    public bool MoveNext()
    {
        Yield instruction = Step();
        if (instruction.Kind == EndKind)
        {
            _enumerated = false;
            return false;
        }

        Yield.StoreFields(ref _current, in instruction);
        _enumerated = true;
        return true;
    }

    /// <summary>Runs the open <c>finally</c> blocks and restarts with the original arguments (and, for an instance
    /// coroutine of a struct, the original copy of <c>this</c>). If a <c>finally</c> block throws, the machine is
    /// restarted all the same and the exception propagates.</summary>
    public abstract void Reset();

    /// <summary>Runs the <c>finally</c> blocks open at the current suspension point (like the compiler's iterator),
    /// finishes the machine and, if it was rented and may be pooled, returns it to its pool (also when a <c>finally</c>
    /// block throws).</summary>
    public abstract void Dispose();

    /// <inheritdoc/>
    public CoroutineSnapshot Snapshot(params ISaveConverter[] converters)
    {
        var snapshot = new CoroutineSnapshot { Coroutine = Name };
        var writer = new GraphWriter(snapshot);
        if (converters is not null)
        {
            writer.Converters.AddRange(converters);
        }

        snapshot.Root = writer.IdOf(writer.Write(this));
        writer.ThrowIfProblems("coroutine '" + Name + "'");
        return snapshot;
    }

    /// <inheritdoc/>
    public void Restore(CoroutineSnapshot snapshot, params ISaveConverter[] converters)
    {
        if (snapshot is null)
        {
            throw new ArgumentNullException(nameof(snapshot));
        }

        var reader = new GraphReader(snapshot);
        if (converters is not null)
        {
            reader.Converters.AddRange(converters);
        }

        reader.ReadMachineInto(snapshot.Root, this);
    }

    /// <summary>Advances the machine to its next <c>yield return</c> and returns the instruction, or <see cref="End"/>
    /// when the coroutine has finished. The one virtual call of a task's step.</summary>
    /// <returns>The instruction, which the generated code also records with <see cref="Suspend"/>.</returns>
    protected abstract Yield Step();

    /// <summary>Suspends at a <c>yield return</c> whose instruction the machine can recompute (see <see cref="PendingAt"/>):
    /// sets the generated state field to <paramref name="site"/> and returns <paramref name="instruction"/>. The
    /// instruction is evaluated before the call, so a yield expression that throws leaves the machine running (state
    /// -1), like the compiler's iterator.</summary>
    /// <param name="state">The generated machine's state field.</param>
    /// <param name="site">The site id of the <c>yield return</c>.</param>
    /// <param name="instruction">The yielded instruction.</param>
    /// <returns><paramref name="instruction"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected static Yield Suspend(ref int state, int site, Yield instruction)
    {
        state = site;
        return instruction;
    }

    /// <summary>Suspends like <see cref="Suspend"/>, and records <paramref name="instruction"/> as <see cref="Current"/>:
    /// for yields whose instruction cannot be recomputed (a child, a future, a call), so a snapshot can save the wait.</summary>
    /// <param name="state">The generated machine's state field.</param>
    /// <param name="site">The site id of the <c>yield return</c>.</param>
    /// <param name="instruction">The yielded instruction.</param>
    /// <returns><paramref name="instruction"/>.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    protected Yield SuspendAndRecord(ref int state, int site, Yield instruction)
    {
        state = site;
        _current = instruction;
        return instruction;
    }

    /// <summary>The instruction the machine yielded at <paramref name="site"/>, while it is suspended there: recomputed
    /// for yields whose expression reads only constants and locals no closure can change (the generated override), the
    /// recorded one otherwise (this base implementation).</summary>
    /// <param name="site">The site the machine is suspended at.</param>
    /// <returns>The pending instruction.</returns>
    protected virtual Yield PendingAt(int site) => _current;

    /// <summary>The first step of a machine restored at a suspension point: hands out the pending instruction again.
    /// The generated state field is already back at the site.</summary>
    /// <returns>The pending instruction.</returns>
    protected Yield Reissue()
    {
        _restoredUnstarted = false;
        return Current;
    }

    /// <summary>Stores a pattern variable that lives across a yield into its field: <c>o is int v</c> becomes
    /// <c>o is int t &amp;&amp; Bind(out _v, t)</c>.</summary>
    /// <typeparam name="T">The variable's type.</typeparam>
    /// <param name="field">The field that holds the variable.</param>
    /// <param name="value">The matched value.</param>
    /// <returns>Always <see langword="true"/>.</returns>
    protected static bool Bind<T>(out T field, T value)
    {
        field = value;
        return true;
    }

    /// <summary>Clears <see cref="Current"/> (on reset and reuse).</summary>
    protected void ClearCurrent()
    {
        _current = default;
        _enumerated = false;
        _restoredUnstarted = false;
    }

    /// <summary>Writes the arguments and hoisted locals.</summary>
    /// <param name="fields">Receives them by generated field name.</param>
    protected abstract void Save(FieldWriter fields);

    /// <summary>Replaces the arguments and hoisted locals, and suspends the machine at <paramref name="state"/>.</summary>
    /// <param name="fields">The saved fields.</param>
    /// <param name="state">The saved state, already checked against <see cref="SiteCount"/>.</param>
    /// <param name="reissue">Whether the first step re-issues <see cref="Current"/> (the wait pending when saved) before continuing.</param>
    protected abstract void Load(FieldReader fields, int state, bool reissue);

    // The trampoline's entry (CoTask): inlined, so a task step is the one virtual call to Step.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal Yield Advance() => Step();

    // A task takes the machine as its top frame: what MoveNext handed out before is stale from now on.
    internal void AttachToTask() => _enumerated = false;

    // The method's shape, recorded once per machine type in a saved graph's type table.
    internal string RecordedShape => Shape;

    // Writes the state, the pending instruction (when suspended on a wait) and the generated fields.
    [MethodImpl(PersistJit.Optimized)]
    internal void WriteTo(FieldWriter members)
    {
        GraphWriter writer = members.Writer;
        int state = State;
        if (state != 0)
        {
            members.AddToken(SavedObject.StateField, SavedValue.IntToken(state));
        }

        if (state > 0)
        {
            writer.PushPath("pending");
            members.AddOwn(SavedObject.PendingField, PendingAt(state));
            writer.PopPath();
        }

        Save(members);
    }

    // Restores from a saved object (its line) whose type entry is entry at typeIndex; shapeChecked: an earlier machine
    // of the same type entry passed the shape check already.
    [MethodImpl(PersistJit.Optimized)]
    internal void ReadFrom(GraphReader reader, string line, int typeIndex, SavedType entry, bool shapeChecked)
    {
        string saved = entry.Coroutine ?? "";
        bool renamed = !string.Equals(saved, Name, StringComparison.Ordinal);
        if (renamed && reader.FindMigration(saved)?.MachineType != GetType())
        {
            throw new ArgumentException("The snapshot of coroutine '" + saved + "' cannot be restored into coroutine '" + Name + "'; if '" + saved +
                "' was renamed to '" + Name + "', pass SnapshotMigration.Renamed(\"" + saved + "\", typeof(" + GetType().Name + "), ...) with the converters.");
        }

        SavedMachine? migrated = null;
        if (!shapeChecked)
        {
            string? change = MachineShape.Describe(entry.Shape ?? "", Shape);
            if (renamed)
            {
                change = "renamed from '" + saved + "' to '" + Name + "'" + (change is null ? "" : "; " + change);
            }

            if (change is not null && reader.UseMigration(typeIndex, saved, change) is null)
            {
                throw new ArgumentException("Cannot restore coroutine '" + Name + "': the method changed since the snapshot was taken: " + change +
                    ". To restore it, pass a SnapshotMigration for '" + Name + "' with the converters.");
            }
        }

        if (reader.MigrationOf(typeIndex) is { } migration)
        {
            migrated = new SavedMachine(reader, SavedObject.Decode(line), entry, Shape, migration.Changes);
            try
            {
                migration.Migration.Migrate(migrated);
            }
            catch (Exception e)
            {
                throw new ArgumentException("The migration " + migration.Migration + " failed on a snapshot of coroutine '" + Name + "' (" +
                    migration.Changes + "): " + e.Message, e);
            }

            migrated.StartLoad();
        }

        FieldReader fields = reader.RentFields(line, typeIndex, migrated);
        int state = migrated?.State ?? fields.Get<int>(SavedObject.StateField);
        if (state < -1 || state > SiteCount)
        {
            throw new ArgumentException("The snapshot of coroutine '" + Name + "' names state " + state.ToString(CultureInfo.InvariantCulture) + ", which the machine does not have" +
                (migrated is null ? "." : " (after its migration; the method has " + SiteCount.ToString(CultureInfo.InvariantCulture) + " yield sites)."));
        }

        // Only a machine whose pending wait nobody else holds re-issues it: the one being restored and the children its
        // re-issued wait hands to the task. A machine its owner drives with MoveNext handed its instruction out before
        // the snapshot (the owner re-issues what it yielded), so it continues after its yield.
        bool outer = reader.ReadingReissuedWait;
        bool reissues = outer && !reader.RestoresWaits;
        Yield pending = default;
        reader.ReadingReissuedWait = reissues;
        bool hasPending = state > 0 && fields.TryGetOwn(SavedObject.PendingField, out pending);
        reader.ReadingReissuedWait = false;
        bool reissue = hasPending && reissues;
        _current = pending;
        _enumerated = false;
        _restoredUnstarted = reissue;
        Load(fields, state, reissue);
        reader.ReadingReissuedWait = outer;
        reader.ReturnFields(fields);
        if (migrated is not null && migrated.Unread() is { Count: > 0 } unread)
        {
            throw new ArgumentException("The migration of coroutine '" + Name + "' left " + (unread.Count == 1 ? "member '" : "members '") +
                string.Join("', '", unread) + "', which the current method does not have; rename or remove " + (unread.Count == 1 ? "it" : "them") + " in the migration.");
        }
    }
}
