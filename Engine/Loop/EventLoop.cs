using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.CompilerServices;
using Engine.IO;

namespace Engine;

/// <summary>
/// The event loop: owns tasks, timers and callbacks, and steps ready tasks one at a time on one thread.
/// </summary>
/// <remarks>
/// <para>
/// Data flows one way: a coroutine yields a <see cref="Yield"/>; its task's trampoline parks it on exactly one waiter
/// (a timer, a future, a frame count, a predicate poll, a lock or queue, a socket); the waiter fires and puts the task
/// back on the ready queue; the loop steps it. Nothing else moves a task. docs/architecture.md names the file of every
/// stage.
/// </para>
/// <para>
/// One iteration (one frame under <see cref="Tick(double)"/>, EventLoop.Iteration.cs): run what other threads posted,
/// move due timers and frame waits to the ready queue (timers of equal due time in FIFO order), poll sockets and
/// predicates, then step exactly the items that were ready when the batch began; anything they make ready runs in the
/// next iteration. The order depends only on the program and the clock, so the same program gives the same trace on
/// every run on the virtual and frame clocks. The clocks (<see cref="ClockKind"/>) differ only in what the loop does
/// when nothing is ready.
/// </para>
/// <para>
/// One thread owns a loop: the thread that created it, or the one running it now. Tasks, futures and timers of a loop
/// are touched only from that thread (doing it from another throws at once); other threads hand work in through
/// <see cref="Post(Action)"/>. Many loops may run side by side, one per thread.
/// </para>
/// </remarks>
public sealed partial class EventLoop : IDisposable
{
    [ThreadStatic]
    private static EventLoop? s_current;

    private readonly LoopClock _clock;
    private readonly RingBuffer<object> _ready = new(64);
    private readonly TimerQueue _timers = new();
    private readonly TimerQueue _frameWaits = new();
    private readonly CoTask?[] _recentSpawns = new CoTask?[4]; // the latest spawns (CheckUnstarted); CoTask is sealed: no covariance check
    private volatile IIoDriver? _io;
    private CoTask[] _live = new CoTask[16];
    private int _liveCount;
    private double _now;
    private long _frame;
    private long _nextTaskId;
    private int _recentSpawn;
    private CoTask? _currentTask;
    private CancelPropagation? _cancels;
    private int _ownerThread;
    private int _continuationBudget = 1000;
    private bool _running;
    private volatile bool _closed;

    /// <summary>Creates a loop on the given clock, owned by the calling thread.</summary>
    /// <param name="clock"><see cref="ClockKind.Real"/> for servers and tools, <see cref="ClockKind.Virtual"/> for
    /// simulations and tests, <see cref="ClockKind.Frame"/> for a host's update loop.</param>
    public EventLoop(ClockKind clock = ClockKind.Real)
    {
        if (clock is not (ClockKind.Real or ClockKind.Virtual or ClockKind.Frame))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(clock), clock, "Unknown clock kind.");
        }

        _clock = LoopClock.Create(clock);
        _ownerThread = Environment.CurrentManagedThreadId;
        _sameFrameWakes = clock == ClockKind.Frame; // a frame is one iteration: awaiting resumes in it (EventLoop.Game.cs)
    }

    /// <summary>Creates a loop on the given clock that waits for sockets with <paramref name="selector"/> (for example a
    /// <see cref="PortableSelector"/> instead of the default <see cref="EpollSelector"/>). The loop owns the selector and
    /// disposes it with itself.</summary>
    /// <param name="clock">The clock.</param>
    /// <param name="selector">A selector no other loop uses.</param>
    public EventLoop(ClockKind clock, Selector selector)
        : this(clock)
    {
        if (selector is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(selector));
        }

        _io = new IoDriver(this, selector);
    }

    /// <summary>The loop running on the calling thread, or <see langword="null"/>.</summary>
    public static EventLoop? Current => s_current;

    /// <summary>The clock that drives this loop.</summary>
    public ClockKind Clock => _clock.Kind;

    /// <summary>The loop's time in seconds: monotonic seconds since the loop was created on the real clock (read once
    /// per iteration while the loop runs); simulated seconds on the virtual clock; the sum of <see cref="Tick(double)"/>
    /// deltas on the frame clock.</summary>
    public double Time => _running ? _now : _clock.ReadTime(_now);

    /// <summary>The number of loop iterations run so far (frames under <see cref="Tick(double)"/>).</summary>
    public long Frame => _frame;

    /// <summary><see langword="true"/> while <see cref="Run(IEnumerator{Yield})"/>, <see cref="RunUntil(double)"/>,
    /// <see cref="RunUntilComplete(Future)"/> or <see cref="Tick(double)"/> is executing.</summary>
    public bool IsRunning => _running;

    /// <summary><see langword="true"/> once <see cref="Dispose"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>The task being stepped right now, or <see langword="null"/> (asyncio's <c>current_task</c>).</summary>
    public CoTask? CurrentTask => _currentTask ?? BatchTask; // during a ready batch: the batch's own local (EventLoop.Iteration.cs)

    // CurrentTask for code on the thread that runs this loop: what Co.CurrentTask reads, having found the loop as the
    // thread's EventLoop.Current (so the thread test of BatchTask has already been passed).
    internal CoTask? CurrentTaskOnLoopThread => _currentTask ?? BatchTaskOnLoopThread;

    /// <summary>The number of tasks spawned and not yet finished.</summary>
    public int TaskCount => _liveCount;

    /// <summary>How many synchronous continuations (child calls and returns, waits already satisfied) a task may make in
    /// one step before it yields to the others: a task that keeps finding its waits ready cannot starve the loop. 1000
    /// by default; the task goes on in the next iteration (the next frame under <see cref="Tick(double)"/>). A simulation
    /// in SimPy's event order does not apply it: its processes continue in place without limit, as SimPy's do.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int ContinuationBudget
    {
        get => _continuationBudget;
        set
        {
            if (value < 1)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(ContinuationBudget), value, "A task needs a budget of at least one continuation per step.");
            }

            _continuationBudget = value;
        }
    }

    /// <summary>The selector this loop waits on for sockets; created (see <see cref="Selector.CreateDefault"/>) on first use.</summary>
    public Selector Selector => Io.Selector;

    internal IIoDriver Io => _io ?? CreateIo();

    internal double Now => _now;

    internal bool HasPolls => _polls.Count > 0 || (_hooks is not null && _hooks.HasPolls);

    /// <summary>Starts <paramref name="coroutine"/> as a new task (asyncio's <c>create_task</c>). It first runs on the next
    /// loop iteration; the returned handle gives its result, exception and state, and can cancel it.</summary>
    /// <param name="coroutine">The coroutine to run; an iterator no other task drives.</param>
    /// <param name="name">A name for traces and introspection; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    /// <exception cref="InvalidOperationException"><paramref name="coroutine"/> is already driven by a task (one iterator,
    /// one task), or the call comes from a thread other than the loop's.</exception>
    public CoTask Spawn(IEnumerator<Yield> coroutine, string? name = null) =>
        Spawn(coroutine, name, CurrentTask?._lane); // from inside a task of a game lane, the new task joins that lane

    // Spawns into lane (a game group's phase; null for the loop's own queue and clock). taskGroup, when the task is a
    // TaskGroup's child, only tells the spawn event which group it joins (the group registers the child itself).
    internal CoTask Spawn(IEnumerator<Yield> coroutine, string? name, TaskLane? lane, TaskGroup? taskGroup = null)
    {
        if (coroutine is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(coroutine));
        }

        ThrowIfClosed();
        CheckOwnerThread(null, "spawn a task on");
        CheckUnstarted(coroutine, "Spawn cannot start it again");
        var task = new CoTask(this, coroutine, name, ++_nextTaskId);
        _recentSpawns[_recentSpawn++ & 3] = task;
        if (_liveCount == _live.Length)
        {
            Array.Resize(ref _live, _live.Length * 2);
        }

        task._liveIndex = _liveCount;
        _live[_liveCount++] = task;
        if (lane is not null)
        {
            task._lane = lane;
            lane.Adopt(task);
        }

        _observer?.Spawned(task, coroutine, taskGroup);

        if (_urgent is null)
        {
            EnqueueReady(task);
        }
        else
        {
            EnqueueUrgent(task); // SimPy's event order starts a task ahead of the events due now (EventLoop.EventOrder.cs)
        }

        return task;
    }

    /// <summary>All tasks spawned and not yet finished, oldest first.</summary>
    /// <returns>A snapshot array.</returns>
    public CoTask[] GetTasks()
    {
        var tasks = new CoTask[_liveCount];
        Array.Copy(_live, tasks, _liveCount);
        Array.Sort(tasks, static (a, b) => a.Id.CompareTo(b.Id));
        return tasks;
    }

    /// <summary>Runs <paramref name="main"/> as a task until it finishes and returns its result, or throws its exception
    /// (<see cref="CancelledException"/> if it was cancelled). On the real clock the loop sleeps until the next timer or
    /// post; on the virtual clock it jumps straight to the next timer. Other tasks keep their state when it returns. It
    /// ends as <see cref="RunUntilComplete(Future)"/> does: what was ready when <paramref name="main"/> finished still
    /// runs.</summary>
    /// <param name="main">The main coroutine.</param>
    /// <returns>The value <paramref name="main"/> returned with <see cref="Yield.Return(object)"/>, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running, runs on the frame clock, or (virtual
    /// clock) nothing is left that could ever finish <paramref name="main"/>.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public object? Run(IEnumerator<Yield> main)
    {
        if (main is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(main));
        }

        CoTask task = Spawn(main, "main");
        task.MarkExceptionObserved();
        RunUntilComplete(task);
        return task.Result;
    }

    /// <summary>Runs the loop until <paramref name="future"/> is done (it must belong to this loop). Unlike
    /// <see cref="Run(IEnumerator{Yield})"/>, it does not throw the future's exception.</summary>
    /// <remarks>As asyncio's <c>run_until_complete</c>, the run stops one iteration after the future completes: what
    /// was ready by then (callbacks scheduled before it completed, tasks spawned or woken, timers due at the loop's
    /// time) runs before the call returns, without advancing the clock; what that iteration makes ready waits for the
    /// next run. When nothing is ready, the call returns in the iteration the future completed.</remarks>
    /// <param name="future">The future or task to wait for.</param>
    /// <exception cref="InvalidOperationException">The future belongs to another loop, the loop runs on the frame clock or
    /// is already running, or (virtual clock) nothing is left that could ever finish the future.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public void RunUntilComplete(Future future)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        if (!ReferenceEquals(future.Loop, this))
        {
            ThrowHelper.ThrowInvalidOperation("RunUntilComplete was given " + future + ", which belongs to another event loop.");
        }

        if (_clock.Kind == ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("This loop runs on the frame clock: the host drives it by calling Tick(dt) once per frame. " +
                "Use a Real or Virtual loop to run a coroutine to completion.");
        }

        RunLoop(future, double.PositiveInfinity);
    }

    /// <summary>Runs the loop up to loop time <paramref name="time"/>: everything due at or before it runs, and then the
    /// clock reads exactly <paramref name="time"/> (SimPy's <c>run(until)</c>). On the virtual clock it jumps from timer to
    /// timer; on the real clock it sleeps between them. <see cref="double.PositiveInfinity"/> runs until nothing is left
    /// to do (no ready task, no timer) and leaves the clock at the last event's time.</summary>
    /// <param name="time">The loop time to stop at; not before <see cref="Time"/>, not NaN.</param>
    /// <exception cref="InvalidOperationException">The loop runs on the frame clock, or is already running.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is NaN or earlier than <see cref="Time"/>.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public void RunUntil(double time)
    {
        if (_clock.Kind == ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("RunUntil needs a loop on the virtual or real clock; this one runs on the frame clock, which the host drives with Tick(dt).");
        }

        if (!(time >= Time))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(time), time, "RunUntil needs a time at or after the loop's current time " +
                Time.ToString("R", CultureInfo.InvariantCulture) + " (and not NaN).");
        }

        RunLoop(null, time);
        if (_clock.Kind == ClockKind.Virtual && !double.IsPositiveInfinity(time))
        {
            _now = time;
        }
    }

    /// <summary>Advances the frame clock by <paramref name="deltaSeconds"/> and runs one iteration: timers now due, frame
    /// waits, predicates, and every task that was ready. Never blocks. Call it once per frame from the host's update loop.</summary>
    /// <param name="deltaSeconds">The frame's duration in seconds; zero or more.</param>
    /// <exception cref="InvalidOperationException">The loop is not on the frame clock, or Tick was called from inside the loop.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deltaSeconds"/> is negative, NaN or infinite.</exception>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public void Tick(double deltaSeconds)
    {
        if (_clock.Kind != ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("Tick(dt) drives a loop on the frame clock (new EventLoop(ClockKind.Frame)); this one runs on the " + _clock.Kind + " clock.");
        }

        if (!(deltaSeconds >= 0) || double.IsInfinity(deltaSeconds))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(deltaSeconds), deltaSeconds, "Tick needs a finite frame time of zero seconds or more.");
        }

        Enter();
        try
        {
            _now += deltaSeconds;
            _tickDelta = deltaSeconds; // the frame's exact dt for game-group clocks (EventLoop.Game.cs)
            RunIteration();
            if (_deadlockCheckFrames > 0)
            {
                CheckFrameDeadlock(); // Loop/EventLoop.Observe.cs
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>As <see cref="Tick(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delta">The frame's time step: zero or more, finite.</param>
    public void Tick(TimeSpan delta) => Tick(Durations.ToSeconds(delta));

    /// <summary>Closes the loop: no more tasks, callbacks or posts are accepted (they throw
    /// <see cref="ObjectDisposedException"/>). Tasks still pending are left as they are; cancel them first (as
    /// <see cref="Co.Run(IEnumerator{Yield}, ClockKind)"/> does) if their <c>finally</c> blocks must run. Failures of tasks
    /// and futures that nobody retrieved are reported now, since nobody can retrieve them through this loop any more.</summary>
    /// <exception cref="InvalidOperationException">The loop is running.</exception>
    public void Dispose()
    {
        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("An event loop cannot be closed while it is running; let Run, RunUntil or Tick return first.");
        }

        if (_closed)
        {
            return;
        }

        _closed = true;
        ReportUnretrievedFailures();
        _wake.Dispose();
        _io?.Dispose();
    }

    internal static EventLoop RequireCurrent()
    {
        EventLoop? loop = s_current;
        if (loop is null)
        {
            ThrowHelper.ThrowInvalidOperation("No event loop is running on this thread. Pass the loop explicitly, or call this from inside a coroutine.");
        }

        return loop;
    }

    // Tasks, futures and timers are touched only on the thread that owns the loop; anything else would race with it.
    internal void CheckOwnerThread(Future? target, string verb)
    {
        if (Environment.CurrentManagedThreadId != _ownerThread)
        {
            ThrowWrongThread(target, verb);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnqueueReady(CoTask task)
    {
        task.MarkScheduled();
        EnqueueReadyUnchecked(task);
    }

    // For a task that set its own Scheduled flag. A task of a game lane goes to that lane's queue (EventLoop.Game.cs).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void EnqueueReadyUnchecked(CoTask task)
    {
        if (task._lane is { } lane)
        {
            lane.Ready.Enqueue(task);
        }
        else
        {
            _ready.Enqueue(task);
        }
    }

    internal void AddTimer(double due, CoTask task, int version) => _timers.Add(due, task, version);

    internal void AddTimer(double due, ITimerTarget target, int version) => _timers.Add(due, target, version);

    internal void AddFrameWait(long frames, CoTask task, int version) => _frameWaits.Add(_frame + frames, task, version);

    // The next timer for an idle clock: the loop's own, or one on a game group's scaled clock (EventLoop.Game.cs).
    internal bool TryPeekTimer(out double due)
    {
        bool any = _timers.TryPeekDue(out due);
        if (_hooks is not null && _hooks.TryPeekDue(out double hookDue) && (!any || hookDue < due))
        {
            due = hookDue;
            any = true;
        }

        return any;
    }

    internal void AdvanceVirtualTime(double due)
    {
        if (due > _now)
        {
            _observer?.ClockJumped(_now, due);
            _now = due;
        }
    }

    internal void OnTaskFinished(CoTask task)
    {
        int i = task._liveIndex;
        CoTask last = _live[--_liveCount];
        if (i != _liveCount)
        {
            _live[i] = last; // the last task fills the gap (a reference store: skipped when the task was the last)
            last._liveIndex = i;
        }

        _live[_liveCount] = null!;
        task._liveIndex = -1;
    }

    // How cancellations descend through awaited work without deep recursion (Tasks/CancelPropagation.cs).
    internal CancelPropagation Cancels => _cancels ??= new CancelPropagation();

    // Runs action with task as the current task (and this loop as the current loop): a task killed from outside its
    // own step runs its finally blocks as itself.
    internal void RunAs(CoTask task, Action<CoTask> action)
    {
        EventLoop? previousLoop = s_current;
        CoTask? previousTask = _currentTask;
        s_current = this;
        _currentTask = task;
        try
        {
            action(task);
        }
        finally
        {
            _currentTask = previousTask;
            s_current = previousLoop;
        }
    }

    // One iterator, one task (CoroutineStart): refuses an iterator that already started, or that one of the latest
    // spawns was given and has not started yet. Once that task has started (or finished), the iterator's own Current
    // tells: a pooled machine that finished, went back to its pool and was rented again is fresh, and may be spawned.
    internal void CheckUnstarted(IEnumerator<Yield> coroutine, string what)
    {
        CoTask?[] recent = _recentSpawns;
        for (int i = 0; i < recent.Length; i++)
        {
            if (recent[i] is { } task && task.IsUnstartedWith(coroutine))
            {
                throw AlreadyDriven(coroutine, what);
            }
        }

        if (!CoroutineStart.IsFresh(coroutine))
        {
            throw AlreadyDriven(coroutine, what);
        }
    }

    // A task of the recent-spawn ring started or finished: drop it, so the ring holds only unstarted tasks and never
    // keeps a finished one alive (its unretrieved failure is reported when it is collected).
    internal void ForgetRecentSpawn(CoTask task)
    {
        CoTask?[] recent = _recentSpawns;
        for (int i = 0; i < recent.Length; i++)
        {
            if (ReferenceEquals(recent[i], task))
            {
                recent[i] = null;
            }
        }
    }

    internal InvalidOperationException AlreadyDriven(IEnumerator<Yield> coroutine, string what)
    {
        CoTask? owner = null;
        for (int i = 0; i < _liveCount && owner is null; i++)
        {
            if (_live[i].Drives(coroutine))
            {
                owner = _live[i];
            }
        }

        return new InvalidOperationException(
            "Coroutine " + CoroutineNames.Of(coroutine) + " was already started" + (owner is null ? string.Empty : " and is driven by task '" + owner.Name + "'") +
            "; " + what + ". An iterator runs once, in one task: call the coroutine method again to get a new iterator for each task.");
    }

    private void Enter()
    {
        ThrowIfClosed();
        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("The event loop is already running: Run, RunUntil and Tick cannot be called from inside a coroutine or callback of the same loop. Yield the work instead (Yield.From(child) or a spawned task).");
        }

        if (s_current is not null)
        {
            ThrowHelper.ThrowInvalidOperation("Another event loop is already running on this thread; one thread runs one loop at a time.");
        }

        _ownerThread = Environment.CurrentManagedThreadId;
        _running = true;
        s_current = this;
    }

    private void Exit()
    {
        if (_dueBatch is not null)
        {
            SpillDueBatch(); // an exception left the iteration before its batch ended (EventLoop.Iteration.cs)
        }

        _running = false;
        s_current = null;
        _currentTask = null;
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(nameof(EventLoop), "The event loop is closed.");
        }
    }

    private void ThrowWrongThread(Future? target, string verb) =>
        ThrowHelper.ThrowInvalidOperation(
            "Cannot " + verb + " " + (target is null ? "this event loop" : target.ToString() + ", which belongs to an event loop") +
            " from thread " + Environment.CurrentManagedThreadId.ToString(CultureInfo.InvariantCulture) + ": the loop is owned by thread " +
            _ownerThread.ToString(CultureInfo.InvariantCulture) + " (the one that created or runs it). From other threads, hand the work to the loop " +
            "with loop.Post(() => ...), for example loop.Post(() => future.SetResult(value)).");

    private IIoDriver CreateIo()
    {
        ThrowIfClosed();
        var io = new IoDriver(this, Engine.IO.Selector.CreateDefault());
        _io = io;
        return io;
    }
}
