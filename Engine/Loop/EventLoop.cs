using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Engine.IO;

namespace Engine;

/// <summary>
/// The event loop: owns tasks, timers and callbacks, and steps ready tasks one at a time on one thread.
/// </summary>
/// <remarks>
/// <para>
/// Data flows one way: a coroutine yields a <see cref="Yield"/>; its task's trampoline parks it on exactly one waiter
/// (the timer queue, a future's waiter list, the frame queue, the poll list, the ready queue); the waiter fires and puts
/// the task back on the ready queue; the loop steps it. Nothing else moves a task.
/// </para>
/// <para>
/// One iteration (one frame under <see cref="Tick(double)"/>): run what other threads posted, move due timers and frame
/// waits to the ready queue (timers of equal due time in FIFO order), poll predicates, then step exactly the items that
/// were ready when the batch began; anything they make ready runs in the next iteration. The order depends only on the
/// program and the clock, so the same program gives the same trace on every run on the virtual and frame clocks.
/// </para>
/// <para>
/// One thread owns a loop; only <see cref="Post(Action)"/> may be called from other threads. Many loops may run side by
/// side, one per thread.
/// </para>
/// </remarks>
public sealed partial class EventLoop : IDisposable
{
    [ThreadStatic]
    private static EventLoop? s_current;

    private readonly ClockKind _clock;
    private readonly ReadyQueue _ready = new();
    private readonly TimerQueue _timers = new();
    private readonly TimerQueue _frameWaits = new();
    private readonly List<PollEntry> _polls = new();
    private readonly ConcurrentQueue<Action> _posted = new();
    private readonly ManualResetEventSlim _wake = new(false);
    private readonly long _startTimestamp;
    private volatile IoDriver? _io;
    private double _now;
    private long _frame;
    private long _nextTaskId;
    private int _liveCount;
    private CoTask? _liveHead;
    private CoTask? _currentTask;
    private Action<string>? _trace;
    private bool _running;
    private bool _closed;

    /// <summary>Creates a loop on the given clock.</summary>
    /// <param name="clock"><see cref="ClockKind.Real"/> for servers and tools, <see cref="ClockKind.Virtual"/> for
    /// simulations and tests, <see cref="ClockKind.Frame"/> for a host's update loop.</param>
    public EventLoop(ClockKind clock = ClockKind.Real)
    {
        if (clock is not (ClockKind.Real or ClockKind.Virtual or ClockKind.Frame))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(clock), clock, "Unknown clock kind.");
        }

        _clock = clock;
        _startTimestamp = Stopwatch.GetTimestamp();
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
    public ClockKind Clock => _clock;

    /// <summary>The loop's time in seconds: monotonic seconds since the loop was created on the real clock; simulated
    /// seconds on the virtual clock; the sum of <see cref="Tick(double)"/> deltas on the frame clock.</summary>
    public double Time => _clock == ClockKind.Real ? ReadRealClock() : _now;

    /// <summary>The number of loop iterations run so far (frames under <see cref="Tick(double)"/>).</summary>
    public long Frame => _frame;

    /// <summary><see langword="true"/> while <see cref="Run(IEnumerator{Yield})"/>, <see cref="RunUntil(double)"/> or
    /// <see cref="Tick(double)"/> is executing.</summary>
    public bool IsRunning => _running;

    /// <summary><see langword="true"/> once <see cref="Dispose"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>The task being stepped right now, or <see langword="null"/> (asyncio's <c>current_task</c>).</summary>
    public CoTask? CurrentTask => _currentTask;

    /// <summary>The number of tasks spawned and not yet finished.</summary>
    public int TaskCount => _liveCount;

    /// <summary>Receives exceptions nobody else will see: task failures that no one awaited or retrieved, and callbacks
    /// that threw. The default writes them to standard error with the chain of coroutines. Never silently dropped.</summary>
    public Action<LoopExceptionContext>? ExceptionHandler { get; set; }

    /// <summary>When set, receives one line per scheduler decision (spawn, each yielded instruction, completion), prefixed
    /// with the loop time: a step-by-step view for learning and for comparing runs.</summary>
    public Action<string>? Trace
    {
        get => _trace;
        set => _trace = value;
    }

    internal bool Tracing => _trace is not null;

    /// <summary>The selector this loop waits on for sockets; created (see <see cref="Selector.CreateDefault"/>) on first use.</summary>
    public Selector Selector => Io.Selector;

    internal IoDriver Io => _io ?? CreateIo();

    /// <summary>Starts <paramref name="coroutine"/> as a new task (asyncio's <c>create_task</c>). It first runs on the next
    /// loop iteration; the returned handle gives its result, exception and state, and can cancel it.</summary>
    /// <param name="coroutine">The coroutine to run.</param>
    /// <param name="name">A name for traces and introspection; <c>Task-N</c> when omitted.</param>
    /// <returns>The task.</returns>
    public CoTask Spawn(IEnumerator<Yield> coroutine, string? name = null)
    {
        if (coroutine is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(coroutine));
        }

        if (_closed)
        {
            ThrowClosed();
        }

        var task = new CoTask(this, coroutine, name, ++_nextTaskId);
        task._nextLive = _liveHead;
        if (_liveHead is not null)
        {
            _liveHead._prevLive = task;
        }

        _liveHead = task;
        _liveCount++;
        if (_trace is not null)
        {
            TraceTask(task, "spawn " + CoroutineNames.Of(coroutine));
        }

        EnqueueReady(task);
        return task;
    }

    /// <summary>All tasks spawned and not yet finished, oldest first.</summary>
    /// <returns>A snapshot array.</returns>
    public CoTask[] GetTasks()
    {
        var tasks = new CoTask[_liveCount];
        int i = _liveCount;
        for (CoTask? t = _liveHead; t is not null; t = t._nextLive)
        {
            tasks[--i] = t;
        }

        return tasks;
    }

    /// <summary>Runs <paramref name="main"/> as a task until it finishes and returns its result, or throws its exception
    /// (<see cref="CancelledException"/> if it was cancelled). On the real clock the loop sleeps until the next timer or
    /// post; on the virtual clock it jumps straight to the next timer. Other tasks keep their state when it returns.</summary>
    /// <param name="main">The main coroutine.</param>
    /// <returns>The value <paramref name="main"/> returned with <see cref="Yield.Return(object)"/>, or <see langword="null"/>.</returns>
    /// <exception cref="InvalidOperationException">The loop is already running, is closed, runs on the frame clock, or
    /// (virtual clock) nothing is left that could ever finish <paramref name="main"/>.</exception>
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
    /// <param name="future">The future or task to wait for.</param>
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

        if (_clock == ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("This loop runs on the frame clock: the host drives it by calling Tick(dt) once per frame. " +
                "Use a Real or Virtual loop to run a coroutine to completion.");
        }

        Enter();
        try
        {
            while (!future.IsDone)
            {
                RunIteration();
                if (future.IsDone)
                {
                    break;
                }

                if (_ready.Count > 0 || !_posted.IsEmpty || _frameWaits.Count > 0)
                {
                    continue;
                }

                if (_clock == ClockKind.Virtual)
                {
                    if (_pendingExternal > 0)
                    {
                        // Virtual time stands still while thread-pool work (ToThread) is out: deterministic results.
                        WaitForExternalWork();
                    }
                    else if (_timers.TryPeekDue(out double due))
                    {
                        _now = Math.Max(_now, due);
                    }
                    else if (_polls.Count == 0)
                    {
                        // Tasks parked on sockets can still be woken from outside: wait for them in real time
                        // (docs/io.md: the virtual clock and sockets) instead of declaring deadlock.
                        IoDriver? io = _io;
                        if (io is null || !io.HasLiveWaiters())
                        {
                            ThrowHelper.ThrowInvalidOperation(DescribeDeadlock(future));
                        }

                        io.Wait(double.PositiveInfinity);
                    }
                }
                else
                {
                    WaitForWork(_polls.Count > 0 ? 0.001 : NextTimerDelay());
                }
            }
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Runs the virtual clock up to <paramref name="time"/>: everything due at or before it runs, jumping from
    /// timer to timer when nothing is ready, and then the clock reads exactly <paramref name="time"/> (SimPy's <c>run(until)</c>).</summary>
    /// <param name="time">The simulated time to stop at; not before <see cref="Time"/>.</param>
    /// <exception cref="InvalidOperationException">The loop is not on the virtual clock, or is already running.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="time"/> is NaN or earlier than <see cref="Time"/>.</exception>
    public void RunUntil(double time)
    {
        if (_clock != ClockKind.Virtual)
        {
            ThrowHelper.ThrowInvalidOperation("RunUntil needs a loop on the virtual clock (new EventLoop(ClockKind.Virtual)); this one runs on the " + _clock + " clock.");
        }

        if (!(time >= _now))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(time), time, "RunUntil needs a time at or after the loop's current time " + _now.ToString("R", CultureInfo.InvariantCulture) + ".");
        }

        Enter();
        try
        {
            while (true)
            {
                RunIteration();
                if (_ready.Count > 0 || !_posted.IsEmpty || _frameWaits.Count > 0)
                {
                    continue;
                }

                if (_pendingExternal > 0)
                {
                    // Virtual time stands still while thread-pool work (ToThread) is out: the result arrives at the
                    // same simulated time however long the thread takes.
                    WaitForExternalWork();
                    continue;
                }

                if (_timers.TryPeekDue(out double due) && due <= time)
                {
                    _now = Math.Max(_now, due);
                    continue;
                }

                break;
            }

            _now = time;
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Advances the frame clock by <paramref name="deltaSeconds"/> and runs one iteration: timers now due, frame
    /// waits, predicates, and every task that was ready. Never blocks. Call it once per frame from the host's update loop.</summary>
    /// <param name="deltaSeconds">The frame's duration in seconds; zero or more.</param>
    /// <exception cref="InvalidOperationException">The loop is not on the frame clock, or Tick was called from inside the loop.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="deltaSeconds"/> is negative, NaN or infinite.</exception>
    public void Tick(double deltaSeconds)
    {
        if (_clock != ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("Tick(dt) drives a loop on the frame clock (new EventLoop(ClockKind.Frame)); this one runs on the " + _clock + " clock.");
        }

        if (!(deltaSeconds >= 0) || double.IsInfinity(deltaSeconds))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(deltaSeconds), deltaSeconds, "Tick needs a finite frame time of zero seconds or more.");
        }

        Enter();
        try
        {
            _now += deltaSeconds;
            RunIteration();
        }
        finally
        {
            Exit();
        }
    }

    /// <summary>Schedules <paramref name="callback"/> to run on the next loop iteration, after earlier callbacks (FIFO;
    /// asyncio's <c>call_soon</c>). Loop thread only; from other threads use <see cref="Post(Action)"/>.</summary>
    /// <param name="callback">The callback. An exception it throws goes to <see cref="ExceptionHandler"/>.</param>
    /// <returns>A handle that can cancel it.</returns>
    public CallbackHandle CallSoon(Action callback)
    {
        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        var handle = new CallbackHandle(callback, null, null, double.NaN);
        _ready.Enqueue(handle);
        return handle;
    }

    /// <summary>Schedules <paramref name="callback"/> with <paramref name="state"/> to run on the next loop iteration (FIFO).</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The argument it receives.</param>
    /// <returns>A handle that can cancel it.</returns>
    public CallbackHandle CallSoon(Action<object?> callback, object? state)
    {
        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        var handle = new CallbackHandle(null, callback, state, double.NaN);
        _ready.Enqueue(handle);
        return handle;
    }

    /// <summary>Schedules <paramref name="callback"/> to run <paramref name="delaySeconds"/> from now on the loop's clock
    /// (asyncio's <c>call_later</c>). Callbacks due at the same time run in the order they were scheduled.</summary>
    /// <param name="delaySeconds">A finite delay of zero seconds or more.</param>
    /// <param name="callback">The callback.</param>
    /// <returns>A handle that can cancel it.</returns>
    public CallbackHandle CallLater(double delaySeconds, Action callback)
    {
        if (!(delaySeconds >= 0) || double.IsInfinity(delaySeconds))
        {
            ThrowHelper.ThrowBadDelay(delaySeconds, nameof(delaySeconds));
        }

        return CallAt(Time + delaySeconds, callback);
    }

    /// <summary>Schedules <paramref name="callback"/> to run at loop time <paramref name="when"/> (asyncio's <c>call_at</c>).
    /// A time in the past runs on the next iteration.</summary>
    /// <param name="when">The loop time (see <see cref="Time"/>); finite.</param>
    /// <param name="callback">The callback.</param>
    /// <returns>A handle that can cancel it.</returns>
    public CallbackHandle CallAt(double when, Action callback)
    {
        if (double.IsNaN(when) || double.IsInfinity(when))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(when), when, "CallAt needs a finite loop time.");
        }

        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        var handle = new CallbackHandle(callback, null, null, when);
        _timers.Add(when, handle, 0);
        return handle;
    }

    /// <summary>Hands <paramref name="action"/> to the loop from any thread (asyncio's <c>call_soon_threadsafe</c>). It runs
    /// on the loop thread at the start of the next iteration, and wakes a loop that is blocked waiting in
    /// <see cref="Run(IEnumerator{Yield})"/>.</summary>
    /// <param name="action">The action. An exception it throws goes to <see cref="ExceptionHandler"/>.</param>
    public void Post(Action action)
    {
        if (action is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(action));
        }

        _posted.Enqueue(action);
        _wake.Set();
        _io?.Wakeup();
    }

    /// <summary>Closes the loop: no more tasks may be spawned or run. Tasks still pending are left as they are; cancel them
    /// first (as <see cref="Co.Run(IEnumerator{Yield}, ClockKind)"/> does) if their <c>finally</c> blocks must run.</summary>
    public void Dispose()
    {
        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("An event loop cannot be closed from inside itself while it is running.");
        }

        _closed = true;
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

    internal void EnqueueReady(CoTask task)
    {
        task.MarkScheduled();
        _ready.Enqueue(task);
    }

    internal void AddTimer(double due, CoTask task, int version) => _timers.Add(due, task, version);

    internal void AddFrameWait(long frames, CoTask task, int version) => _frameWaits.Add(_frame + frames, task, version);

    internal void AddPoll(CoTask task, Func<bool> condition, bool negate, int version) =>
        _polls.Add(new PollEntry(task, condition, negate, version));

    internal void OnTaskFinishing(CoTask task)
    {
        if (task._prevLive is not null)
        {
            task._prevLive._nextLive = task._nextLive;
        }
        else
        {
            _liveHead = task._nextLive;
        }

        if (task._nextLive is not null)
        {
            task._nextLive._prevLive = task._prevLive;
        }

        task._prevLive = null;
        task._nextLive = null;
        _liveCount--;
    }

    internal void TraceTask(CoTask task, string what) =>
        _trace?.Invoke(Time.ToString("0.000###", CultureInfo.InvariantCulture) + " " + task.Name + " " + what);

    internal void ReportUnhandledTaskFailure(CoTask task)
    {
        Report(new LoopExceptionContext(
            "Task '" + task.Name + "' failed and nobody retrieved its exception.",
            task.ExceptionUnobserved,
            task,
            task.FailureChain));
    }

    internal void Report(LoopExceptionContext context)
    {
        Action<LoopExceptionContext>? handler = ExceptionHandler;
        if (handler is null)
        {
            Console.Error.WriteLine(context.ToString());
            return;
        }

        try
        {
            handler(context);
        }
        catch (Exception e)
        {
            // The handler itself failed: fall back to stderr so neither exception is lost.
            Console.Error.WriteLine("Exception handler failed: " + e);
            Console.Error.WriteLine(context.ToString());
        }
    }

    private void Enter()
    {
        if (_closed)
        {
            ThrowClosed();
        }

        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("The event loop is already running: Run, RunUntil and Tick cannot be called from inside a coroutine or callback of the same loop. Yield the work instead (Yield.From(child) or a spawned task).");
        }

        if (s_current is not null)
        {
            ThrowHelper.ThrowInvalidOperation("Another event loop is already running on this thread; one thread runs one loop at a time.");
        }

        _running = true;
        s_current = this;
    }

    private void Exit()
    {
        _running = false;
        s_current = null;
        _currentTask = null;
    }

    private void RunIteration()
    {
        _frame++;
        if (!_posted.IsEmpty)
        {
            RunPosted();
        }

        double now = Time;
        TimerQueue.Bucket? bucket;
        while ((bucket = _timers.PopDue(now)) is not null)
        {
            FireBucket(bucket);
            _timers.Release(bucket);
        }

        while ((bucket = _frameWaits.PopDue(_frame)) is not null)
        {
            FireBucket(bucket);
            _frameWaits.Release(bucket);
        }

        _io?.Poll();

        if (_polls.Count > 0)
        {
            CheckPolls();
        }

        ReadyQueue ready = _ready;
        for (int n = ready.Count; n > 0; n--)
        {
            object item = ready.Dequeue();
            if (item is CoTask task)
            {
                _currentTask = task;
                if (_debug)
                {
                    StepWithTiming(task);
                }
                else
                {
                    task.Step();
                }
            }
            else
            {
                _currentTask = null;
                RunCallback((CallbackHandle)item);
            }
        }

        _currentTask = null;
    }

    private void FireBucket(TimerQueue.Bucket bucket)
    {
        object[] items = bucket.Items;
        int[] versions = bucket.Versions;
        for (int i = 0; i < bucket.Count; i++)
        {
            if (items[i] is CoTask task)
            {
                task.WakeFromTimer(versions[i]);
            }
            else
            {
                _ready.Enqueue(items[i]);
            }
        }
    }

    private void RunCallback(CallbackHandle handle)
    {
        try
        {
            handle.Invoke();
        }
        catch (Exception e)
        {
            Report(new LoopExceptionContext("Callback " + handle.Describe() + " threw.", e, null, Array.Empty<string>()));
        }
    }

    private void RunPosted()
    {
        while (_posted.TryDequeue(out Action? action))
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                Report(new LoopExceptionContext("Posted action " + action.Method.Name + " threw.", e, null, Array.Empty<string>()));
            }
        }
    }

    private void CheckPolls()
    {
        // Compacts in place: entries whose task stopped waiting (stale version) or whose condition
        // held are dropped, so a cancelled waiter leaves nothing behind.
        int kept = 0;
        int count = _polls.Count;
        for (int i = 0; i < count; i++)
        {
            PollEntry entry = _polls[i];
            if (entry.Task._waitVersion != entry.Version || entry.Task.IsDone)
            {
                continue;
            }

            bool satisfied;
            try
            {
                satisfied = entry.Condition() != entry.Negate;
            }
            catch (Exception e)
            {
                entry.Task.WakeWithException(e, entry.Version);
                continue;
            }

            if (satisfied)
            {
                entry.Task.WakeFromTimer(entry.Version);
                continue;
            }

            _polls[kept++] = entry;
        }

        // Conditions may have added new polls (a predicate that spawns); keep those too.
        for (int i = count; i < _polls.Count; i++)
        {
            _polls[kept++] = _polls[i];
        }

        _polls.RemoveRange(kept, _polls.Count - kept);
    }

    private double NextTimerDelay()
    {
        if (!_timers.TryPeekDue(out double due))
        {
            return double.PositiveInfinity;
        }

        return Math.Max(0, due - ReadRealClock());
    }

    private void WaitForWork(double timeoutSeconds)
    {
        if (timeoutSeconds <= 0)
        {
            return;
        }

        if (_io is { } io)
        {
            // Sleep in the selector: woken by socket readiness, the nearest timer, or Post (Selector.Wakeup).
            io.Wait(timeoutSeconds);
            return;
        }

        int ms = double.IsPositiveInfinity(timeoutSeconds) ? Timeout.Infinite : (int)Math.Min(int.MaxValue, Math.Ceiling(timeoutSeconds * 1000));
        _wake.Wait(ms);
        _wake.Reset();
    }

    private IoDriver CreateIo()
    {
        if (_closed)
        {
            ThrowClosed();
        }

        var io = new IoDriver(this, Engine.IO.Selector.CreateDefault());
        _io = io;
        return io;
    }

    private double ReadRealClock() => (Stopwatch.GetTimestamp() - _startTimestamp) / (double)Stopwatch.Frequency;

    private string DescribeDeadlock(Future future)
    {
        string text = "Deadlock on the virtual clock: " + future + " is not done, and no task is ready, no timer is pending and nothing was posted, so nothing can ever finish it.";
        CoTask[] tasks = GetTasks();
        if (tasks.Length > 0)
        {
            text += " Waiting tasks: ";
            for (int i = 0; i < tasks.Length && i < 10; i++)
            {
                text += (i > 0 ? "; " : string.Empty) + tasks[i].Name + " in " + string.Join(" -> ", tasks[i].GetStack());
            }
        }

        return text;
    }

    private void ThrowClosed() => ThrowHelper.ThrowInvalidOperation("The event loop is closed.");

    private readonly struct PollEntry
    {
        public readonly CoTask Task;
        public readonly Func<bool> Condition;
        public readonly bool Negate;
        public readonly int Version;

        public PollEntry(CoTask task, Func<bool> condition, bool negate, int version)
        {
            Task = task;
            Condition = condition;
            Negate = negate;
            Version = version;
        }
    }
}
