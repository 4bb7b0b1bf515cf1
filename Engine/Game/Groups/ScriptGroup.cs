using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Engine.Game;

/// <summary>
/// A named group of scripts (tasks) in a <see cref="GameLoop"/>, MEC's tags and layers made general: groups nest
/// (<c>world</c> ▸ <c>enemies</c>, and <c>ui</c> outside <c>world</c>), and a group can be paused, slowed down or sped up,
/// and killed as a whole, subgroups included. A task lives in the group it was spawned into; a task spawned from inside
/// a grouped task joins the spawning task's group and phase.
/// </summary>
/// <remarks>
/// <para>
/// Design: each group has its own clock, which advances once per frame by the frame's host time multiplied by the
/// group's <see cref="EffectiveTimeScale"/> while the group is not paused, and its own timer queue in that local time.
/// So no timer is ever rescaled: a <c>Seconds(1)</c> wait started before a 60-frame pause finishes exactly 60 frames
/// later than it would have, and a scale change in mid-wait stretches the remaining time exactly. <c>Frames(n)</c> waits
/// count the group's unpaused frames; <c>Until</c>/<c>While</c> predicates of a paused group are not evaluated. A paused
/// group's ready tasks wait in its lanes (one per <see cref="GamePhase"/>), which the frame skips: pausing costs nothing
/// per task.
/// </para>
/// <para>
/// A task of one group may await a task of another (or any future): the awaited task wakes it when it finishes, with
/// no polling; if the waiter's group is paused then, it resumes when the group does.
/// </para>
/// <para>
/// Groups are plain state (names, scales, flags, clocks); they belong to one loop and are used from its thread.
/// </para>
/// </remarks>
public sealed partial class ScriptGroup : IDisposable
{
    private readonly GameLoop _game;
    private readonly EventLoop _loop;
    private readonly List<ScriptGroup> _children = new(); // read through LiveChildren: may hold disposed groups
    private int _disposedChildren; // disposed groups still in _children, dropped on the next read
    private ChildrenView? _childrenView;
    private Dictionary<string, ScriptGroup>? _childByName; // from ChildIndexThreshold children on: lookups stay O(1)
    private string? _path; // built on first use: a deep chain pays for the paths it reads, not for every group's
    private PhaseLane[] _lanes; // one per phase, built-in and added (GameLoop.AddPhase); grows when a phase is added
    private readonly TaskList _tasks = new();
    private readonly TimerQueue _timers;
    private readonly TimerQueue _frameWaits;
    private double _nextTimerDue = double.PositiveInfinity; // no earlier than _timers' first entry: see Advance
    private long _nextFrameDue = long.MaxValue; // the same for _frameWaits
    private readonly PollList _polls = new();
    private Lifetime? _lifetime;
    private double _timeScale = 1;
    private double _effectiveScale = 1;
    private double _time;
    private double _deltaTime;
    private long _frame;
    private bool _paused;
    private bool _effectivelyPaused;
    private bool _unscaled;
    private bool _disposed;

    internal ScriptGroup(GameLoop game, ScriptGroup? parent, string name)
    {
        _game = game;
        _loop = game.Loop;
        _timers = new TimerQueue(game.TimerPool);
        _frameWaits = new TimerQueue(game.TimerPool);
        Parent = parent;
        Name = name;
        Depth = parent is null ? 0 : parent.Depth + 1;
        _lanes = Array.Empty<PhaseLane>();
        AddLanes(game.PhaseCount);
        Recompute();
    }

    /// <summary>The group's name, unique among its siblings; <c>root</c> for <see cref="GameLoop.Root"/>.</summary>
    public string Name { get; }

    /// <summary>The names from below the root down to this group, joined with <c>/</c> (<c>world/enemies</c>); empty for
    /// the root. <see cref="GameLoop.Group(string)"/> finds a group by it.</summary>
    public string Path => _path ??= BuildPath();

    // The number of groups above this one: 0 for the root.
    internal int Depth { get; }

    private const int ChildIndexThreshold = 8;

    /// <summary>The parent group, or <see langword="null"/> for the root.</summary>
    public ScriptGroup? Parent { get; }

    /// <summary>The subgroups, in the order they were created.</summary>
    public IReadOnlyList<ScriptGroup> Children => _childrenView ??= new ChildrenView(this);

    // The subgroups, without the disposed ones. Dispose leaves a group in its parent's list and counts it there; the first
    // read after that drops every counted one in a single pass, so disposing n siblings one by one costs O(n) in all
    // (a removal from the middle of a list costs a shift of the rest each, O(n) per removal). Every reader goes through
    // here, so a walk sees the children exactly as if each disposal had removed its group at once.
    private List<ScriptGroup> LiveChildren
    {
        get
        {
            if (_disposedChildren > 0)
            {
                _children.RemoveAll(static child => child._disposed);
                _disposedChildren = 0;
            }

            return _children;
        }
    }

    /// <summary>The game this group belongs to.</summary>
    public GameLoop Game => _game;

    /// <summary>This group's own time scale: 1 by default, 0.5 for half speed, 0 to freeze its <c>Seconds</c> waits while
    /// its scripts keep running every frame (unlike <see cref="Pause"/>). Scales compose with the parent's unless
    /// <see cref="Unscaled"/>. A change takes effect from the next frame, and pending waits keep their remaining local time,
    /// so their remaining host time is rescaled exactly.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, NaN or infinite.</exception>
    public double TimeScale
    {
        get => _timeScale;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(TimeScale), value,
                    "A time scale must be a finite number, zero or more (0 freezes the group's clock; use Pause to stop its scripts).");
            }

            CheckCaller("set the time scale of");
            _timeScale = value;
            Recompute();
        }
    }

    /// <summary>The scale the group's clock runs at: its own <see cref="TimeScale"/> times its parent's effective scale,
    /// or its own alone when <see cref="Unscaled"/>.</summary>
    public double EffectiveTimeScale => _effectiveScale;

    /// <summary>When <see langword="true"/>, the group ignores its ancestors' time scales (UI and pause menus that must run
    /// in host time while the game is slowed down or frozen by a scale of 0). It still follows their pause.</summary>
    public bool Unscaled
    {
        get => _unscaled;
        set
        {
            CheckCaller("change the scaling of");
            _unscaled = value;
            Recompute();
        }
    }

    /// <summary><see langword="true"/> after <see cref="Pause"/> until <see cref="Resume"/>.</summary>
    public bool IsPaused => _paused;

    /// <summary><see langword="true"/> when this group or one of its ancestors is paused: its scripts do not run, its
    /// clock and frame count stand still, and its predicates are not checked.</summary>
    public bool IsEffectivelyPaused => _effectivelyPaused;

    /// <summary>The group's local clock in seconds: the sum of its frames' <see cref="DeltaTime"/>.</summary>
    public double Time => _time;

    /// <summary>How much the group's clock advanced this frame: the frame's host time times
    /// <see cref="EffectiveTimeScale"/>, or 0 while paused. For movement: <c>position += speed * group.DeltaTime</c>.</summary>
    public double DeltaTime => _deltaTime;

    /// <summary>The number of frames this group has run unpaused; <c>Frames(n)</c> waits count these.</summary>
    public long Frame => _frame;

    /// <summary>The number of unfinished tasks in this group, not counting subgroups.</summary>
    public int TaskCount => _tasks.LiveCount;

    /// <summary><see langword="true"/> once <see cref="Dispose"/> was called.</summary>
    public bool IsDisposed => _disposed;

    /// <summary>A lifetime that ends when this group is next killed (<see cref="Kill"/> or <see cref="Dispose"/>): attach
    /// tasks of other groups to it to end them with this group's scripts. After a kill this returns a new lifetime.</summary>
    public Lifetime Lifetime => _lifetime ??= new Lifetime(_loop);

    /// <summary>The group of the task being stepped on this thread, or <see langword="null"/> (no task, or not grouped).</summary>
    public static ScriptGroup? Current => Co.CurrentTask is { } task ? Of(task) : null;

    /// <summary>The group <paramref name="task"/> lives in, or <see langword="null"/> if it is not in a group.</summary>
    /// <param name="task">A task.</param>
    /// <returns>The group.</returns>
    public static ScriptGroup? Of(CoTask task)
    {
        if (task is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(task));
        }

        return (task._lane as PhaseLane)?.Group;
    }

    /// <summary>Pauses the group and its subgroups: their scripts stop where they are (the one running now finishes its
    /// step), their clocks and frame counts stand still and their predicates are not checked, until <see cref="Resume"/>.
    /// A task of another group waiting for one of them keeps waiting. Pausing a paused group does nothing.</summary>
    /// <exception cref="InvalidOperationException">Called from another thread or from a task of another event loop.</exception>
    public void Pause()
    {
        CheckCaller("pause");
        _paused = true;
        Recompute();
    }

    /// <summary>Resumes a paused group: its scripts run again from the next phase that runs, and its waits go on with the
    /// time they had left.</summary>
    /// <exception cref="InvalidOperationException">Called from another thread or from a task of another event loop.</exception>
    public void Resume()
    {
        CheckCaller("resume");
        _paused = false;
        Recompute();
    }

    /// <summary>Starts <paramref name="coroutine"/> in this group's update phase. It first runs in the next update phase
    /// (this frame's if that has not run yet).</summary>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="name">A task name; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ObjectDisposedException">The group was disposed.</exception>
    public CoTask Spawn(IEnumerator<Yield> coroutine, string? name = null) => Spawn(coroutine, GamePhase.Update, name);

    /// <summary>Starts <paramref name="coroutine"/> in this group, in <paramref name="phase"/>.</summary>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="phase">The phase it runs in until it yields another.</param>
    /// <param name="name">A task name; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ObjectDisposedException">The group was disposed.</exception>
    public CoTask Spawn(IEnumerator<Yield> coroutine, GamePhase phase, string? name = null)
    {
        _game.CheckPhase(phase, nameof(phase));
        ThrowIfDisposed();
        return _loop.Spawn(coroutine, name, _lanes[(int)phase]);
    }

    /// <summary>Creates a subgroup: it composes its time scale with this group's and is paused and killed with it.</summary>
    /// <param name="name">A name unique among this group's children, without <c>/</c>.</param>
    /// <returns>The new group.</returns>
    /// <exception cref="ArgumentException">The name is empty, holds <c>/</c>, or a sibling already has it.</exception>
    public ScriptGroup CreateGroup(string name)
    {
        if (name is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(name));
        }

        if (name.Length == 0 || name.IndexOf('/') >= 0)
        {
            throw new ArgumentException("A group name must be non-empty and must not contain '/': got '" + name + "'.", nameof(name));
        }

        ThrowIfDisposed();
        CheckCaller("create a subgroup of");
        if (FindChild(name) is not null)
        {
            throw new ArgumentException("Group '" + DisplayPath + "' already has a subgroup named '" + name + "'.", nameof(name));
        }

        var group = new ScriptGroup(_game, this, name);
        List<ScriptGroup> children = LiveChildren;
        children.Add(group);
        if (_childByName is not null)
        {
            _childByName.Add(name, group);
        }
        else if (children.Count >= ChildIndexThreshold)
        {
            _childByName = new Dictionary<string, ScriptGroup>(StringComparer.Ordinal);
            foreach (ScriptGroup child in children)
            {
                _childByName.Add(child.Name, child);
            }
        }

        _game.OnGroupsChanged();
        return group;
    }

    /// <summary>Kills every task of this group and of its subgroups (oldest first, this group before its subgroups): when
    /// this returns, their <c>finally</c> blocks have run and what they awaited was killed too (<see cref="CoTask.Kill"/>), and
    /// so were scripts those <c>finally</c> blocks spawned into this group or its subgroups: the tree holds no live task.
    /// Called from a task of this group, the other tasks are killed at once and the calling task finishes as soon as its
    /// step yields, before any other task runs. The group stays usable; its <see cref="Lifetime"/> ends.</summary>
    /// <param name="message">The message for the tasks' <see cref="CancelledException"/>, or <see langword="null"/>.</param>
    /// <returns>How many tasks were killed.</returns>
    /// <exception cref="InvalidOperationException">Called from another thread or from a task of another event loop.</exception>
    public int Kill(string? message = null)
    {
        CheckCaller("kill");
        int killed = KillTree(message);

        // A finally block the kill runs can spawn into a group of this tree that the pass has already left (a subgroup's
        // script spawning into its parent), or end a lifetime whose tasks spawn: passes repeat until every task of the
        // tree is done or finishing. A pass after the first kills only tasks started during the one before; each task is
        // killed once, so the passes end.
        while (HasTaskToKill())
        {
            killed += KillTree(message);
        }

        return killed;
    }

    // One pass over the tree in pre-order (a group before its subgroups, siblings in order), with an explicit stack so
    // that a deep tree cannot overflow the thread's stack. A frame holds a group whose own tasks were killed and the index
    // of its next child; the child count is read again at each step, as a recursive walk would: a subgroup created or
    // disposed by a finally block the pass runs is visited or skipped exactly as there.
    private int KillTree(string? message)
    {
        int killed = KillOwn(message);
        var stack = new List<(ScriptGroup Group, int Next)> { (this, 0) };
        while (stack.Count > 0)
        {
            int top = stack.Count - 1;
            (ScriptGroup group, int next) = stack[top];
            List<ScriptGroup> children = group.LiveChildren;
            if (next < children.Count)
            {
                stack[top] = (group, next + 1);
                ScriptGroup child = children[next];
                killed += child.KillOwn(message);
                stack.Add((child, 0));
            }
            else
            {
                stack.RemoveAt(top);
            }
        }

        return killed;
    }

    // This group's share of a kill pass: its tasks, its lanes' finished entries, its lifetime.
    private int KillOwn(string? message)
    {
        int killed = _tasks.KillAll(message);
        foreach (PhaseLane lane in _lanes)
        {
            lane.DropFinished();
        }

        Lifetime? lifetime = _lifetime;
        _lifetime = null;
        lifetime?.End("Group '" + DisplayPath + "' was killed.");
        return killed;
    }

    private bool HasTaskToKill()
    {
        var walk = new SubtreeWalk(this);
        while (walk.Next(out ScriptGroup? group))
        {
            if (group._tasks.HasTaskToKill())
            {
                walk.Stop();
                return true;
            }
        }

        return false;
    }

    /// <summary>The unfinished tasks of this group (not of its subgroups), oldest first.</summary>
    /// <returns>A snapshot.</returns>
    public CoTask[] GetTasks()
    {
        var tasks = new List<CoTask>();
        _tasks.AddLiveTo(tasks);
        tasks.Sort(static (a, b) => a.Id.CompareTo(b.Id));
        return tasks.ToArray();
    }

    /// <summary>Kills the group's tasks and its subgroups' (see <see cref="Kill"/>) and removes it from its parent: it
    /// can no longer spawn, and <see cref="GameLoop.Group(string)"/> no longer finds it.</summary>
    /// <exception cref="InvalidOperationException">This is the root group, or the call comes from another thread or loop.</exception>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (Parent is null)
        {
            ThrowHelper.ThrowInvalidOperation("The root group lives as long as its GameLoop; dispose the GameLoop instead.");
        }

        Kill("Group '" + DisplayPath + "' was disposed.");
        MarkDisposed();
        Parent._disposedChildren++; // taken out of the parent's list on its next read (LiveChildren)
        Parent._childByName?.Remove(Name);
        _game.OnGroupsChanged();
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "ScriptGroup '" + DisplayPath + "' [" + (_paused ? "paused, " : string.Empty) + "scale " +
        _effectiveScale.ToString("R", CultureInfo.InvariantCulture) + ", " + TaskCount + " tasks]";

    // The group as messages, traces and saves' problem paths name it: "root", the Path down to depth 32, else the last 8
    // names after ".../". A message about a deep group, or a list that names every group of a deep chain, then costs
    // text linear in the number of groups named, not in their depth (a path of depth d has d names: a chain's paths
    // together have a quadratic number of names, 5 * 10^9 for a chain of 100,000).
    internal string DisplayPath
    {
        get
        {
            if (Parent is null)
            {
                return "root";
            }

            if (Depth <= 32)
            {
                return Path;
            }

            var names = new string[8];
            ScriptGroup group = this;
            for (int i = 7; i >= 0; i--)
            {
                names[i] = group.Name;
                group = group.Parent!;
            }

            return ".../" + string.Join("/", names);
        }
    }

    // This group's index in the game's frame order while a save runs (GameLoop.WriteForSave).
    internal int OrderIndex { get; set; }

    internal PhaseLane Lane(GamePhase phase) => _lanes[(int)phase];

    // The game added phases (GameLoop.AddPhase): one lane each, paused as the group is.
    internal void AddLanes(int phaseCount)
    {
        int old = _lanes.Length;
        if (phaseCount <= old)
        {
            return;
        }

        var lanes = new PhaseLane[phaseCount];
        Array.Copy(_lanes, lanes, old);
        for (int i = old; i < phaseCount; i++)
        {
            lanes[i] = new PhaseLane(_loop, this, (GamePhase)i) { Paused = _effectivelyPaused };
        }

        _lanes = lanes;
    }

    internal void AddTask(CoTask task) => _tasks.Add(task);

    internal void AddTimer(double seconds, CoTask task, int version)
    {
        double due = _time + seconds;
        _timers.Add(due, task, version);
        if (due < _nextTimerDue)
        {
            _nextTimerDue = due;
        }
    }

    internal void AddFrameWait(long frames, CoTask task, int version)
    {
        long due = _frame + frames;
        _frameWaits.Add(due, task, version);
        if (due < _nextFrameDue)
        {
            _nextFrameDue = due;
        }
    }

    // After the queues were filled some other way (a restore).
    private void RefreshNextDues()
    {
        _nextTimerDue = _timers.TryPeekDue(out double due) ? due : double.PositiveInfinity;
        _nextFrameDue = _frameWaits.TryPeekDue(out double frameDue) ? (long)frameDue : long.MaxValue;
    }

    internal void AddPoll(ParkedTask waiter, Func<bool> condition, bool negate) => _polls.Add(waiter, condition, negate);

    // Frame start: the clock, its due timers, the frame count and its due frame waits, then the predicates. Every group
    // advances every frame, most with nothing due: the first due time of each queue is kept on the group (lowered by
    // every add, read again from the queue after each firing; entries leave a queue only by firing), so a group with
    // nothing due costs a few reads of its own fields, not a visit to each of its queues.
    internal void Advance(double hostDelta)
    {
        if (_effectivelyPaused)
        {
            _deltaTime = 0;
            return;
        }

        double delta = hostDelta * _effectiveScale;
        _deltaTime = delta;
        _time += delta;
        _frame++;
        if (_time >= _nextTimerDue || _frame >= _nextFrameDue)
        {
            _loop.FireDueTimers(_timers, _time, WakeCause.Timer);
            _loop.FireDueTimers(_frameWaits, _frame, WakeCause.Frames);
            RefreshNextDues();
        }

        if (_polls.Count > 0)
        {
            _polls.Check();
        }
    }

    // For the idle virtual and real clocks: the loop time at which this group's next timer comes due, if it ever does.
    internal bool TryPeekLoopDue(double frameStart, out double loopDue)
    {
        loopDue = 0;
        if (_effectivelyPaused || !(_effectiveScale > 0) || !_timers.TryPeekDue(out double due))
        {
            return false;
        }

        loopDue = GameLoop.FirstTimeReaching(_time, _effectiveScale, due, frameStart);
        return true;
    }

    // True while an iteration would give this group work without time passing.
    internal bool HasWorkWithoutTime(bool slowByFrames)
    {
        if (_effectivelyPaused)
        {
            return false;
        }

        if (_frameWaits.Count > 0)
        {
            return true;
        }

        for (int i = 0; i < _lanes.Length; i++)
        {
            GamePhase phase = _game.BuiltInAnchor((GamePhase)i); // an added phase runs when its built-in anchor does
            if (_lanes[i].Ready.Count > 0 && phase != GamePhase.FixedUpdate && (phase != GamePhase.SlowUpdate || slowByFrames))
            {
                return true;
            }
        }

        return false;
    }

    internal bool HasActivePolls => !_effectivelyPaused && _polls.Count > 0;

    // Appends this group and its subtree in pre-order (the frame's order), without recursion.
    internal void AddTo(List<ScriptGroup> order)
    {
        var walk = new SubtreeWalk(this);
        while (walk.Next(out ScriptGroup? group))
        {
            order.Add(group);
        }
    }

    // The child named name, or null: a scan of a few children, an index lookup for many.
    internal ScriptGroup? FindChild(string name)
    {
        if (_childByName is not null)
        {
            return _childByName.TryGetValue(name, out ScriptGroup? found) ? found : null;
        }

        foreach (ScriptGroup child in LiveChildren)
        {
            if (child.Name == name)
            {
                return child;
            }
        }

        return null;
    }

    internal void MarkDisposed()
    {
        var walk = new SubtreeWalk(this);
        while (walk.Next(out ScriptGroup? group))
        {
            group._disposed = true;
        }

        Recompute();
    }

    // Pause and scale propagate to the subtree at once, so the frame and the lanes read plain fields (a parent is always
    // recomputed before its subgroups); it costs the size of the subtree, as one frame's walk does.
    internal void Recompute()
    {
        var walk = new SubtreeWalk(this);
        while (walk.Next(out ScriptGroup? group))
        {
            group.RecomputeOwn();
        }
    }

    private void RecomputeOwn()
    {
        ScriptGroup? parent = Parent;
        _effectivelyPaused = _paused || _disposed || (parent is not null && parent._effectivelyPaused);
        _effectiveScale = parent is null || _unscaled ? _timeScale : parent._effectiveScale * _timeScale;
        foreach (PhaseLane lane in _lanes)
        {
            lane.Paused = _effectivelyPaused;
        }
    }

    // Names from below the root down to this group, joined with '/': built by walking up, so its cost is the path's length.
    private string BuildPath()
    {
        if (Parent is null)
        {
            return string.Empty;
        }

        if (Parent.Parent is null)
        {
            return Name;
        }

        if (Parent._path is { } parentPath)
        {
            return parentPath + "/" + Name;
        }

        var names = new string[Depth];
        ScriptGroup group = this;
        for (int i = Depth - 1; i >= 0; i--)
        {
            names[i] = group.Name;
            group = group.Parent!;
        }

        return string.Join("/", names);
    }

    // The walk the operations on a subtree share (kill passes' check, the frame's order, disposal, pause and scale):
    // pre-order, a group before its subgroups and siblings in order (the frame's order), on the game's shared stack, so
    // it allocates nothing once warm and a deep tree cannot overflow the thread's stack. None of these walks runs a
    // script, so no walk starts while another is under way and one stack serves them all.
    private struct SubtreeWalk
    {
        private readonly Stack<ScriptGroup> _pending;

        public SubtreeWalk(ScriptGroup top)
        {
            _pending = top._game.WalkStack;
            _pending.Clear();
            _pending.Push(top);
        }

        // The next group of the walk; its subgroups are visited after it, before its next sibling.
        public readonly bool Next([NotNullWhen(true)] out ScriptGroup? group)
        {
            if (_pending.Count == 0)
            {
                group = null;
                return false;
            }

            group = _pending.Pop();
            List<ScriptGroup> children = group.LiveChildren;
            for (int i = children.Count - 1; i >= 0; i--)
            {
                _pending.Push(children[i]);
            }

            return true;
        }

        // Ends the walk early, so the shared stack holds no group after it.
        public readonly void Stop() => _pending.Clear();
    }

    // Children: a live view of the subgroups, so a caller holding it sees a disposed group gone as before.
    private sealed class ChildrenView : IReadOnlyList<ScriptGroup>
    {
        private readonly ScriptGroup _group;

        public ChildrenView(ScriptGroup group) => _group = group;

        public int Count => _group.LiveChildren.Count;

        public ScriptGroup this[int index] => _group.LiveChildren[index];

        public IEnumerator<ScriptGroup> GetEnumerator() => _group.LiveChildren.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(ScriptGroup), "Group '" + DisplayPath + "' was disposed.");
        }
    }

    // Groups are loop state: touched from the loop's thread, and not from a task of another loop on that thread.
    private void CheckCaller(string verb)
    {
        _loop.CheckOwnerThread(null, "use a script group of"); // a constant: pausing and rescaling allocate nothing
        EventLoop? current = EventLoop.Current;
        if (current is not null && !ReferenceEquals(current, _loop))
        {
            ThrowHelper.ThrowInvalidOperation("Cannot " + verb + " group '" + DisplayPath + "' from a task of another event loop: " +
                "a group belongs to the loop of its GameLoop. Hand the call over with that loop's Post.");
        }
    }
}
