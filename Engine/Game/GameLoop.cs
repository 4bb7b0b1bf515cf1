using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Game;

/// <summary>
/// The game layer of an <see cref="EventLoop"/>: script groups with pause, time scale and kill
/// (<see cref="ScriptGroup"/>), frame phases (<see cref="GamePhase"/>: fixed update, update, slow update, late update,
/// end of frame) and singletons, driven once per frame by <see cref="Tick(double)"/>, or phase by phase by a host that
/// owns its loop (<see cref="FixedUpdate"/>, <see cref="Update(double)"/>, <see cref="LateUpdate"/>,
/// <see cref="EndOfFrame"/>).
/// </summary>
/// <remarks>
/// <para>
/// Order of a frame, the same on every run: the loop's posts, its own timers, frame waits, sockets and predicates; then
/// each group in tree order (a group before its subgroups, siblings in creation order) advances its clock and wakes its
/// due timers, frame waits and predicates; then the fixed steps; then the update phase (tasks of no group, with the
/// loop's callbacks, then each group's); then the slow update when due, the late update and the end of frame. A task
/// woken because what it awaited finished resumes in the same phase of the same frame, after the task that finished it
/// (see <see cref="EventLoop"/>'s same-frame rule in docs/game.md).
/// </para>
/// <para>
/// Order within a phase: the tasks of a group keep a stable order, as in a list of coroutines stepped each frame. The
/// tasks ready when the phase begins run in that order; one that is ready again after its step (it yielded
/// <see cref="Yield.NextTick"/>) keeps its place; one that waits, finishes or moves to another phase leaves it. A task
/// that becomes ready in the phase otherwise (spawned, woken, moved in from another phase) joins at the end, in the
/// order such tasks arrive, and first runs the next time the phase runs (or in this one, by the same-frame rule). A
/// group paused in the middle of a phase leaves the tasks it did not reach in their places. Tasks of no group in the
/// update phase keep the loop's own first-in, first-out order.
/// </para>
/// <para>
/// Clocks: on the frame clock (<c>new GameLoop()</c>) the host passes each frame's time. On the virtual clock the loop
/// jumps, when nothing is ready, to the earliest event across every group in loop time (a group's next timer divided by
/// its effective scale; the next fixed or slow step that has work); paused groups and groups at scale 0 never come due.
/// On the real clock the loop sleeps until that time. Each iteration is one frame.
/// </para>
/// <para>
/// The loop's default is unchanged for tasks outside any group: they run in the update phase on the loop's own clock,
/// and a loop without a GameLoop pays nothing for this layer. Creating a GameLoop turns on
/// <see cref="EventLoop.ReportUnretrievedFailuresAtOnce"/>, so a failing script shows up in the host's log at once.
/// </para>
/// </remarks>
public sealed partial class GameLoop : IDisposable
{
    internal const int BuiltInPhaseCount = 5;

    private readonly EventLoop _loop;
    private readonly bool _ownsLoop;
    private readonly FrameHooks _hooks;
    private readonly ScriptGroup _root;
    private PhaseLane?[] _ungrouped = new PhaseLane?[BuiltInPhaseCount]; // grows with added phases (GameLoop.Phases.cs)
    private readonly List<ScriptGroup> _orderBuilder = new();
    private ScriptGroup[] _order = Array.Empty<ScriptGroup>();
    private PhaseLane[][] _lanesInOrder = Array.Empty<PhaseLane[]>();
    private bool _orderStale = true;
    private Singletons? _singletons;

    // One pool of buckets and slabs for every group's timer queues: their peaks come at different times (TimerQueue).
    internal TimerQueue.Pool TimerPool { get; } = new();
    private bool _disposed;

    /// <summary>Creates a game on a new loop on the frame clock, which it owns: call <see cref="Tick(double)"/> once per frame.</summary>
    public GameLoop()
        : this(new EventLoop(ClockKind.Frame), ownsLoop: true)
    {
    }

    /// <summary>Adds the game layer to <paramref name="loop"/> (frame, virtual or real clock). A loop has at most one.</summary>
    /// <param name="loop">The loop; used from its own thread.</param>
    /// <exception cref="InvalidOperationException">The loop already has a GameLoop, or the call comes from another thread.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public GameLoop(EventLoop loop)
        : this(loop, ownsLoop: false)
    {
    }

    private GameLoop(EventLoop loop, bool ownsLoop)
    {
        if (loop is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(loop));
        }

        if (loop.IsClosed)
        {
            throw new ObjectDisposedException(nameof(EventLoop), "Cannot add a GameLoop to a closed event loop.");
        }

        loop.CheckOwnerThread(null, "add a GameLoop to");
        _loop = loop;
        _ownsLoop = ownsLoop;
        _hooks = new FrameHooks(this);
        _root = new ScriptGroup(this, null, "root");
        OnGroupsChanged();
        _lastFrameTime = loop.Now;
        loop.AttachHooks(_hooks);
        loop.ReportUnretrievedFailuresAtOnce = true;
    }

    /// <summary>The loop this game drives.</summary>
    public EventLoop Loop => _loop;

    /// <summary>The root group: <see cref="Spawn(IEnumerator{Yield}, string)"/> puts tasks here, and its time scale and pause
    /// apply to every group but the <see cref="ScriptGroup.Unscaled"/> ones' scale (a global slow motion or pause).</summary>
    public ScriptGroup Root => _root;

    /// <summary>The phase running now, or <see langword="null"/> between phases (and outside the loop).</summary>
    public GamePhase? CurrentPhase => _loop.RunningPhase < 0 ? null : (GamePhase)_loop.RunningPhase;

    /// <summary>The number of frames run so far.</summary>
    public long FrameCount => _frameCount;

    /// <summary>The host time of the last frame: its <c>dt</c> on the frame clock, the time since the previous iteration
    /// on the others.</summary>
    public double DeltaTime => _frameDelta;

    /// <summary>Starts <paramref name="coroutine"/> in the root group's update phase.</summary>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="name">A task name; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    public CoTask Spawn(IEnumerator<Yield> coroutine, string? name = null) => _root.Spawn(coroutine, GamePhase.Update, name);

    /// <summary>Starts <paramref name="coroutine"/> in the root group, in <paramref name="phase"/>.</summary>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="phase">The phase it runs in until it yields another.</param>
    /// <param name="name">A task name; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    public CoTask Spawn(IEnumerator<Yield> coroutine, GamePhase phase, string? name = null) => _root.Spawn(coroutine, phase, name);

    /// <summary>Creates a group under the root (see <see cref="ScriptGroup.CreateGroup(string)"/>).</summary>
    /// <param name="name">A name unique among the root's children.</param>
    /// <returns>The group.</returns>
    public ScriptGroup CreateGroup(string name) => _root.CreateGroup(name);

    /// <summary>Finds a group by its <see cref="ScriptGroup.Path"/>, such as <c>world/enemies</c>.</summary>
    /// <param name="path">The path.</param>
    /// <returns>The group.</returns>
    /// <exception cref="KeyNotFoundException">No group has that path; the message names the group where the path stops matching and its subgroups.</exception>
    public ScriptGroup Group(string path)
    {
        if (path is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(path));
        }

        if (FindGroup(path, out ScriptGroup deepest, out string? missing) is { } group)
        {
            return group;
        }

        throw new KeyNotFoundException(NotFoundMessage(path, deepest, missing));
    }

    /// <summary>Finds a group by its <see cref="ScriptGroup.Path"/>.</summary>
    /// <param name="path">The path.</param>
    /// <param name="group">The group, or <see langword="null"/>.</param>
    /// <returns><see langword="false"/> if no group has that path.</returns>
    public bool TryGetGroup(string path, out ScriptGroup? group)
    {
        group = path is null ? null : FindGroup(path);
        return group is not null;
    }

    /// <summary>The phase <paramref name="task"/> runs in, or <see langword="null"/> if it does not belong to this game
    /// (a task of no group that never moved out of the update phase reads <see cref="GamePhase.Update"/>).</summary>
    /// <param name="task">A task of this game's loop.</param>
    /// <returns>The phase.</returns>
    public GamePhase? PhaseOf(CoTask task)
    {
        if (task is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(task));
        }

        if (!ReferenceEquals(task.Loop, _loop))
        {
            return null;
        }

        return task._lane is PhaseLane lane ? lane.GamePhase : GamePhase.Update;
    }

    /// <summary>Runs one whole frame: advances the clock by <paramref name="deltaSeconds"/>, then runs the fixed steps, the
    /// update, the slow update when due, the late update and the end of frame (see the order above). For a loop on the
    /// frame clock; the same as <c>Loop.Tick(deltaSeconds)</c>.</summary>
    /// <param name="deltaSeconds">The frame's host time in seconds; zero or more.</param>
    /// <exception cref="InvalidOperationException">The loop is not on the frame clock, or Tick was called from inside it.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deltaSeconds"/> is negative, NaN or infinite.</exception>
    public void Tick(double deltaSeconds) => _loop.Tick(deltaSeconds);

    /// <summary>As <see cref="Tick(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delta">The frame's time step: zero or more, finite.</param>
    public void Tick(TimeSpan delta) => Tick(Durations.ToSeconds(delta));

    /// <summary>Host-driven frames (a Unity host calls this from <c>Update</c>): advances the clock by
    /// <paramref name="deltaSeconds"/> and runs the frame start, the update phase and the slow update when due. The fixed
    /// steps, the late update and the end of frame run only when the host calls <see cref="FixedUpdate"/>,
    /// <see cref="LateUpdate"/> and <see cref="EndOfFrame"/>.</summary>
    /// <param name="deltaSeconds">The frame's host time in seconds; zero or more.</param>
    public void Update(double deltaSeconds)
    {
        _hostDriven = true;
        try
        {
            _loop.Tick(deltaSeconds);
        }
        finally
        {
            _hostDriven = false;
        }
    }

    /// <summary>As <see cref="Update(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delta">The frame's time step: zero or more, finite.</param>
    public void Update(TimeSpan delta) => Update(Durations.ToSeconds(delta));

    /// <summary>Host-driven: runs one fixed step (a Unity host calls this from <c>FixedUpdate</c>). Tasks woken at a frame
    /// start run at the host's next fixed step: in Unity's order, the next frame's.</summary>
    public void FixedUpdate() => RunHosted(GamePhase.FixedUpdate);

    /// <summary>Host-driven: runs the late-update phase (a Unity host calls this from <c>LateUpdate</c>).</summary>
    public void LateUpdate() => RunHosted(GamePhase.LateUpdate);

    /// <summary>Host-driven: runs the end-of-frame phase (a Unity host calls this after <c>WaitForEndOfFrame</c>).</summary>
    public void EndOfFrame() => RunHosted(GamePhase.EndOfFrame);

    /// <summary>Kills every task of the game (every group's, those of no group that moved to another phase, and those their
    /// <c>finally</c> blocks spawn meanwhile), marks every group disposed (a spawn into one throws
    /// <see cref="ObjectDisposedException"/>), detaches the game layer from the loop, and closes the loop if this game
    /// created it.</summary>
    /// <exception cref="InvalidOperationException">The loop is running (call it between frames).</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (_loop.IsRunning)
        {
            ThrowHelper.ThrowInvalidOperation("A GameLoop cannot be disposed while its loop runs a frame; dispose it between frames.");
        }

        _disposed = true;
        _root.Kill("The GameLoop was disposed.");
        _root.MarkDisposed(); // a group of a disposed game refuses spawns, as a disposed group does

        // Tasks of no group that moved to another phase. Their finally blocks can spawn more such tasks (a spawn joins the
        // spawner's phase): passes repeat until one finds none; each task is killed once, so the passes end.
        bool killedAny = true;
        while (killedAny)
        {
            killedAny = false;
            foreach (CoTask task in _loop.GetTasks())
            {
                if (task._lane is PhaseLane && !task.IsDone && !task.IsBeingKilled)
                {
                    killedAny |= task.Kill("The GameLoop was disposed.");
                }
            }
        }

        _loop.DetachHooks(_hooks);
        if (_ownsLoop)
        {
            _loop.Dispose();
        }
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder("GameLoop [frame ").Append(_frameCount.ToString(CultureInfo.InvariantCulture)).Append(", groups: ");
        ScriptGroup[] order = Order;
        for (int i = 0; i < order.Length; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(order[i].DisplayPath);
        }

        return text.Append(']').ToString();
    }

    // Scratch stack of the group walks that run no script (ScriptGroup: pause and scale propagation, disposal, order).
    internal Stack<ScriptGroup> WalkStack { get; } = new();

    // The groups in the frame's order: pre-order, a group before its subgroups, siblings in creation order. Rebuilt on the
    // first read after the tree changed, so creating n groups costs O(n) in all, not a rebuild each.
    internal ScriptGroup[] Order
    {
        get
        {
            if (_orderStale)
            {
                RebuildOrder();
            }

            return _order;
        }
    }

    // Each phase's lanes in the frame's group order, rebuilt with Order: a frame's walk of a phase reads one array of
    // lanes, not each group and then its table of lanes (most lanes of a game with many groups are empty).
    internal PhaseLane[][] LanesInOrder
    {
        get
        {
            if (_orderStale)
            {
                RebuildOrder();
            }

            return _lanesInOrder;
        }
    }

    // The tree changed (a group was created or disposed), or the groups' lanes did (a phase was added).
    internal void OnGroupsChanged() => _orderStale = true;

    private void RebuildOrder()
    {
        _orderBuilder.Clear();
        _root.AddTo(_orderBuilder);
        ScriptGroup[] order = _orderBuilder.ToArray();
        _orderBuilder.Clear();
        var lanes = new PhaseLane[PhaseCount][];
        for (int phase = 0; phase < lanes.Length; phase++)
        {
            var lanesOfPhase = new PhaseLane[order.Length];
            for (int i = 0; i < order.Length; i++)
            {
                lanesOfPhase[i] = order[i].Lane((GamePhase)phase);
            }

            lanes[phase] = lanesOfPhase;
        }

        _order = order;
        _lanesInOrder = lanes;
        _orderStale = false;
    }

    private ScriptGroup? FindGroup(string path) => FindGroup(path, out _, out _);

    // The group at path, found by walking the names down from the root: its cost is the path's length. When there is
    // none, deepest is the last group found on the way and missing the name it has no subgroup of (null: empty path).
    private ScriptGroup? FindGroup(string path, out ScriptGroup deepest, out string? missing)
    {
        deepest = _root;
        missing = null;
        if (path.Length == 0)
        {
            return null;
        }

        ScriptGroup group = _root;
        int start = 0;
        while (true)
        {
            int slash = path.IndexOf('/', start);
            string name = slash < 0 ? path.Substring(start) : path.Substring(start, slash - start);
            if (group.FindChild(name) is not { } child)
            {
                deepest = group;
                missing = name;
                return null;
            }

            group = child;
            if (slash < 0)
            {
                return group;
            }

            start = slash + 1;
        }
    }

    // Names where the path stops matching and what is there instead, never every group of the tree: a tree of n groups
    // can have paths of n names each, and the message of a mistyped name stays short whatever the tree's size.
    private static string NotFoundMessage(string path, ScriptGroup deepest, string? missing)
    {
        var text = new StringBuilder("No script group has the path '").Append(path).Append("': ");
        if (missing is null)
        {
            return text.Append("a path names groups below the root (GameLoop.Root), such as 'world/enemies'.").ToString();
        }

        text.Append(deepest.Parent is null ? "the root" : "group '" + deepest.DisplayPath + "'").Append(" has no subgroup '")
            .Append(missing).Append("'. ");
        IReadOnlyList<ScriptGroup> children = deepest.Children;
        if (children.Count == 0)
        {
            return text.Append("It has no subgroups.").ToString();
        }

        const int Named = 16;
        text.Append("Its subgroups: ");
        for (int i = 0; i < children.Count && i < Named; i++)
        {
            text.Append(i > 0 ? ", " : string.Empty).Append(children[i].Name);
        }

        if (children.Count > Named)
        {
            text.Append(" and ").Append((children.Count - Named).ToString(CultureInfo.InvariantCulture)).Append(" more");
        }

        return text.Append('.').ToString();
    }

    private void RunHosted(GamePhase phase)
    {
        if (_loop.Clock != ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("Host-driven phases need a loop on the frame clock; this GameLoop's loop runs on the " + _loop.Clock + " clock.");
        }

        ThrowIfDisposed();
        _loop.RunHosted((int)phase);
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(GameLoop));
        }
    }

    // The lane of a task of no group in a phase other than update (whose lane is the loop's own queue: null).
    private PhaseLane? UngroupedLane(GamePhase phase) =>
        phase == GamePhase.Update ? null : _ungrouped[(int)phase] ??= new PhaseLane(_loop, null, phase);
}
