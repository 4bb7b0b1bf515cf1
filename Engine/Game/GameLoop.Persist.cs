using System;
using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine.Game;

// Whole-loop saves of the game layer (GameConverter): EventLoop.Save writes the attached GameLoop as one object of the
// snapshot, EventLoop.Restore and GameLoop.Restore rebuild it. The tree of groups and the added phases are plain data,
// rebuilt when the game is created, so a group is found by its path whatever object the reader meets first; the frame
// counters, the fixed-step and slow-update accumulators and each task's lane (group and phase) follow. Cold path.
public sealed partial class GameLoop
{
    private Dictionary<object, Lifetime>? _owned;

    /// <summary>Saves the loop this game drives, with the game (see <see cref="EventLoop.Save(ISaveConverter[])"/>): the
    /// same as <c>Loop.Save(converters)</c>. Save between frames.</summary>
    /// <param name="converters">Converters for user types held by the scripts (host objects, lifetime owners).</param>
    /// <returns>The snapshot; <see cref="Restore(WorldSnapshot, ISaveConverter[])"/> turns it back into a game.</returns>
    /// <exception cref="InvalidOperationException">Called while a frame runs.</exception>
    /// <exception cref="NotSupportedException">Some state cannot be saved; the message lists every offender.</exception>
    public WorldSnapshot Save(params ISaveConverter[] converters)
    {
        ThrowIfDisposed();
        return _loop.Save(converters);
    }

    /// <summary>Creates a game on a new frame-clock (or virtual-clock) loop from a snapshot of a loop with a GameLoop, and
    /// leaves both where the saved ones were: groups (nesting, pause, time scale, clocks, pending waits in local time),
    /// phases, fixed-step and slow-update state, singletons, lifetimes, progress values and every task. The game owns the
    /// new loop (disposing the game closes it). A snapshot can be restored any number of times.</summary>
    /// <param name="snapshot">A snapshot from <see cref="Save(ISaveConverter[])"/> or <see cref="EventLoop.Save(ISaveConverter[])"/>.</param>
    /// <param name="converters">The converters used when saving it.</param>
    /// <returns>The restored game; drive it with <see cref="Tick(double)"/>.</returns>
    /// <exception cref="ArgumentException">The snapshot holds no game, or does not fit the code (see <see cref="EventLoop.Restore(WorldSnapshot, ISaveConverter[])"/>).</exception>
    public static GameLoop Restore(WorldSnapshot snapshot, params ISaveConverter[] converters)
    {
        if (snapshot is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(snapshot));
        }

        if (snapshot.Game == 0)
        {
            throw new ArgumentException("The snapshot holds no GameLoop: its loop had no game layer when saved. Restore it with EventLoop.Restore.", nameof(snapshot));
        }

        return Of(EventLoop.Restore(snapshot, converters, gameOwnsLoop: true))!;
    }

    /// <summary>The GameLoop attached to <paramref name="loop"/>, or <see langword="null"/>: after
    /// <see cref="EventLoop.Restore(WorldSnapshot, ISaveConverter[])"/> of a snapshot with a game, the restored game.</summary>
    /// <param name="loop">A loop.</param>
    /// <returns>Its game, or <see langword="null"/>.</returns>
    public static GameLoop? Of(EventLoop loop)
    {
        if (loop is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(loop));
        }

        return (loop.Hooks as FrameHooks)?.Game;
    }

    /// <summary>Creates a lifetime for <paramref name="owner"/>, a host object (an entity, a Unity component): the host
    /// ends it when the owner goes away (<see cref="Lifetime.End"/> from <c>OnDestroy</c>). The game keeps it under the
    /// owner until it ends, so a host finds it again with <see cref="LifetimeOf(object)"/>, also in a restored game. A
    /// snapshot saves the owner through an <see cref="ISaveConverter"/> the host registers for its type: the host decides
    /// how an owner is saved (typically its id) and which object it is on restore; without one the save names the owner's type.</summary>
    /// <param name="owner">The host object; compared by reference.</param>
    /// <returns>The owner's lifetime: a new one, or the one it has.</returns>
    public Lifetime CreateLifetime(object owner)
    {
        if (owner is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(owner));
        }

        ThrowIfDisposed();
        _loop.CheckOwnerThread(null, "create a lifetime on");
        _owned ??= new Dictionary<object, Lifetime>(ReferenceComparer.Instance);
        if (_owned.TryGetValue(owner, out Lifetime? existing) && !existing.IsEnded)
        {
            return existing;
        }

        var lifetime = new Lifetime(_loop, owner, this);
        _owned[owner] = lifetime;
        return lifetime;
    }

    /// <summary>The lifetime <see cref="CreateLifetime(object)"/> made for <paramref name="owner"/>, while it has not ended.</summary>
    /// <param name="owner">The host object.</param>
    /// <returns>The lifetime, or <see langword="null"/>.</returns>
    public Lifetime? LifetimeOf(object owner)
    {
        if (owner is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(owner));
        }

        return _owned is not null && _owned.TryGetValue(owner, out Lifetime? lifetime) && !lifetime.IsEnded ? lifetime : null;
    }

    internal void OnOwnedLifetimeEnded(Lifetime lifetime)
    {
        if (_owned is not null && lifetime.Owner is { } owner && _owned.TryGetValue(owner, out Lifetime? current) && ReferenceEquals(current, lifetime))
        {
            _owned.Remove(owner);
        }
    }

    // The GameLoop behind a loop's hooks (EventLoop.Save).
    internal static GameLoop? FromHooks(IterationHooks? hooks) => (hooks as FrameHooks)?.Game;

    internal ScriptGroup GroupForRestore(int index) =>
        index >= 0 && index < Order.Length ? Order[index] :
        throw new ArgumentException("The snapshot names script group #" + index + ", which its game's saved tree does not have.");

    internal ScriptGroup GroupForRestore(string path) =>
        path.Length == 0 ? _root : FindGroup(path) is { } group ? group :
        throw new ArgumentException("The snapshot names script group '" + path + "', which its game's saved tree does not have.");

    internal void WriteForSave(FieldWriter fields, HashSet<CoTask> placed)
    {
        GraphWriter writer = fields.Writer;
        if (_disposed)
        {
            writer.AddProblem("was disposed");
        }

        // Plain data first: the reader rebuilds phases and the group tree from it before any reference is followed.
        var phaseNames = new List<string>();
        var phaseAnchors = new List<int>();
        foreach (AddedPhase phase in _added)
        {
            phaseNames.Add(phase.Name);
            phaseAnchors.Add((int)phase.After);
        }

        // The tree as each group's name and its parent's index in the frame's pre-order (the root is 0): linear in the
        // number of groups however deep they nest, where paths would grow with the square of the depth.
        ScriptGroup[] order = Order;
        var groups = new List<ScriptGroup>(order.Length);
        var names = new List<string>();
        var parents = new List<int>();
        for (int i = 0; i < order.Length; i++)
        {
            ScriptGroup group = order[i];
            group.OrderIndex = i;
            groups.Add(group);
            if (group.Parent is { } parent)
            {
                names.Add(group.Name);
                parents.Add(parent.OrderIndex);
            }
        }

        fields.Add("PhaseNames", phaseNames.Count == 0 ? null : phaseNames);
        fields.Add("PhaseAnchors", phaseAnchors.Count == 0 ? null : phaseAnchors);
        fields.Add("GroupNames", names.Count == 0 ? null : names);
        fields.Add("GroupParents", parents.Count == 0 ? null : parents);
        fields.Add("LastFrameTime", _lastFrameTime);
        fields.Add("FrameDelta", _frameDelta);
        fields.Add("FrameCount", _frameCount);
        fields.Add("FixedStep", _fixedStep);
        fields.Add("MaxFixedSteps", _maxFixedSteps);
        fields.Add("FixedAccumulator", _fixedAccumulator);
        fields.Add("FixedTime", _fixedTime);
        fields.Add("FixedStepCount", _fixedStepCount);
        fields.Add("SlowInterval", _slowInterval);
        fields.Add("SlowEveryFrames", _slowEveryFrames);
        fields.Add("SlowAccumulator", _slowAccumulator);
        fields.Add("SlowFrames", _slowFrames);

        // Then the objects: every group (its clock, timers and lanes), the ready tasks of no group in phases other than
        // update (in run order), the lane of every task, singletons and owned lifetimes.
        fields.Add("Groups", groups);
        var readyTasks = new List<CoTask>();
        var readyPhases = new List<int>();
        for (int phase = 0; phase < _ungrouped.Length; phase++)
        {
            if (_ungrouped[phase] is { } lane)
            {
                for (int i = 0; i < lane.Ready.Count; i++)
                {
                    CoTask task = lane.Ready[i];
                    if (!task.IsDone && placed.Add(task))
                    {
                        readyTasks.Add(task);
                        readyPhases.Add(phase);
                    }
                }
            }
        }

        fields.Add("UngroupedReady", readyTasks.Count == 0 ? null : readyTasks);
        fields.Add("UngroupedReadyPhases", readyPhases.Count == 0 ? null : readyPhases);
        var laneTasks = new List<CoTask>();
        var laneGroups = new List<ScriptGroup?>();
        var lanePhases = new List<int>();
        foreach (CoTask task in _loop.GetTasks())
        {
            if (task._lane is PhaseLane lane)
            {
                laneTasks.Add(task);
                laneGroups.Add(lane.Group);
                lanePhases.Add(lane.Phase);
            }
        }

        fields.Add("LaneTasks", laneTasks.Count == 0 ? null : laneTasks);
        fields.Add("LaneGroups", laneGroups.Count == 0 ? null : laneGroups);
        fields.Add("LanePhases", lanePhases.Count == 0 ? null : lanePhases);
        fields.Add("Singletons", _singletons is { IsEmpty: false } ? _singletons : null);
        if (_owned is { Count: > 0 })
        {
            var owned = new List<Lifetime>();
            foreach (Lifetime lifetime in _owned.Values)
            {
                if (!lifetime.IsEnded)
                {
                    owned.Add(lifetime);
                }
            }

            fields.Add("Owned", owned.Count == 0 ? null : owned);
        }
    }

    internal static GameLoop CreateRestored(EventLoop loop, bool ownsLoop, FieldReader fields)
    {
        var game = new GameLoop(loop, ownsLoop);
        List<string>? phaseNames = fields.Get<List<string>>("PhaseNames");
        List<int>? phaseAnchors = fields.Get<List<int>>("PhaseAnchors");
        for (int i = 0; phaseNames is not null && i < phaseNames.Count; i++)
        {
            game.AddPhase(phaseNames[i], (GamePhase)phaseAnchors![i]);
        }

        // Groups in saved pre-order, each under a group created before it, so the rebuilt tree has the saved order.
        List<string>? names = fields.Get<List<string>>("GroupNames");
        List<int>? parents = fields.Get<List<int>>("GroupParents");
        var created = new List<ScriptGroup> { game._root };
        for (int i = 0; names is not null && i < names.Count; i++)
        {
            int parent = parents![i];
            if (parent < 0 || parent >= created.Count)
            {
                throw new ArgumentException("The snapshot's script group '" + names[i] + "' names a parent the saved tree does not have.");
            }

            created.Add(created[parent].CreateGroup(names[i]));
        }

        foreach (string path in fields.Get<List<string>>("GroupPaths") ?? new List<string>()) // snapshots saved before GroupNames
        {
            int slash = path.LastIndexOf('/');
            ScriptGroup parent = slash < 0 ? game._root : game.GroupForRestore(path.Substring(0, slash));
            parent.CreateGroup(slash < 0 ? path : path.Substring(slash + 1));
        }

        game._lastFrameTime = fields.Get<double>("LastFrameTime");
        game._frameDelta = fields.Get<double>("FrameDelta");
        game._frameCount = fields.Get<long>("FrameCount");
        game._fixedStep = fields.Get<double>("FixedStep");
        game._maxFixedSteps = fields.Get<int>("MaxFixedSteps");
        game._fixedAccumulator = fields.Get<double>("FixedAccumulator");
        game._fixedTime = fields.Get<double>("FixedTime");
        game._fixedStepCount = fields.Get<long>("FixedStepCount");
        game._slowInterval = fields.Get<double>("SlowInterval");
        game._slowEveryFrames = fields.Get<int>("SlowEveryFrames");
        game._slowAccumulator = fields.Get<double>("SlowAccumulator");
        game._slowFrames = fields.Get<int>("SlowFrames");
        return game;
    }

    internal void ReadForRestore(FieldReader fields)
    {
        // Lanes first, so a task's lane is right before any holder restores its wait.
        List<CoTask>? laneTasks = fields.Get<List<CoTask>>("LaneTasks");
        List<ScriptGroup?>? laneGroups = fields.Get<List<ScriptGroup?>>("LaneGroups");
        List<int>? lanePhases = fields.Get<List<int>>("LanePhases");
        for (int i = 0; laneTasks is not null && i < laneTasks.Count; i++)
        {
            var phase = (GamePhase)lanePhases![i];
            laneTasks[i]._lane = laneGroups![i] is { } group ? group.Lane(phase) : UngroupedLane(phase);
        }

        fields.Get<List<ScriptGroup>>("Groups"); // fills every group, also those no script refers to
        _root.Recompute(); // then their effective pause and scale, in one walk of the tree
        List<CoTask>? ready = fields.Get<List<CoTask>>("UngroupedReady");
        List<int>? readyPhases = fields.Get<List<int>>("UngroupedReadyPhases");
        for (int i = 0; ready is not null && i < ready.Count; i++)
        {
            PhaseLane lane = UngroupedLane((GamePhase)readyPhases![i])!;
            ready[i].ScheduleForRestore();
            lane.Ready.Enqueue(ready[i]);
        }

        _singletons = fields.Get<Singletons>("Singletons");
        foreach (Lifetime lifetime in fields.Get<List<Lifetime>>("Owned") ?? new List<Lifetime>())
        {
            (_owned ??= new Dictionary<object, Lifetime>(ReferenceComparer.Instance))[lifetime.Owner!] = lifetime;
        }
    }

    private sealed class ReferenceComparer : IEqualityComparer<object>
    {
        public static readonly ReferenceComparer Instance = new();

        public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

        public int GetHashCode(object obj) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj);
    }
}
