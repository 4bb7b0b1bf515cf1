using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine;

/// <summary>
/// A running coroutine (asyncio's <c>Task</c>): a stack of coroutine frames stepped by its loop. It is a
/// <see cref="Future"/> whose result is the value its outermost coroutine returned with <see cref="Yield.Return(object)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Design: the trampoline (CoTask.Step.cs). A child started with <see cref="Yield.From(IEnumerator{Yield})"/> is pushed
/// on this task's own frame stack and stepped in the same loop step; when it finishes, it is popped and its result
/// handed to the parent, again without recursion, so nesting depth costs heap, not machine stack (100,000 levels are
/// fine). An iterator is started once, by one task: spawning or awaiting an iterator that a task already drives (or
/// drove) fails with an exception that names the problem (CoroutineStart.cs).
/// </para>
/// <para>
/// Exceptions travel down the stack as in asyncio. A frame that throws is finished; the frame below cannot catch
/// (C# forbids <c>yield</c> inside <c>try/catch</c>), so it is disposed, which runs its <c>finally</c> blocks, and the
/// exception moves on, unless that frame asked for the outcome with <see cref="Yield.Catch(IEnumerator{Yield})"/>. An
/// exception thrown by a <c>finally</c> block while another one unwinds travels on in its place, and keeps the first
/// reachable through <see cref="Co.GetContext(System.Exception)"/> (Python's <c>__context__</c>).
/// </para>
/// <para>
/// Cancellation (CoTask.Cancel.cs) disposes every frame top-down, so every <c>finally</c> and <c>using</c> runs. It
/// reaches what the task awaits: cancelling a task that waits for another task, a gather or any future cancels that
/// too, and the task finishes once it has (asyncio's rule; <see cref="Co.Shield(Future)"/> opts out).
/// <see cref="Kill(string)"/> does the same at once, before it returns.
/// </para>
/// <para>
/// Performance: the top frame lives in a field and only deeper frames use the array, so spawning a one-frame task
/// allocates just this object. A task is parked on exactly one waiter at a time, through a <c>ParkedTask</c> (task and
/// wait version): a registration left behind by an earlier wait is dead and can never wake it. Rare fields (name,
/// failure chain, typed value boxes, pending exceptions) live in a side object allocated only when used.
/// </para>
/// </remarks>
public sealed partial class CoTask : Future
{
    // One flags word, so the hot path tests every rare condition with one load and one branch.
    private const int Scheduled = 1;          // in the loop's ready queue
    private const int Stepping = 2;           // its Step is on the call stack right now
    private const int CancelRequested = 4;    // Cancel or Kill was called; the frames are disposed at the next step
    private const int PendingThrow = 8;       // Rare.ThrowIntoTop is raised in the top frame at the next step
    private const int Woken = 16;             // its holder (_parkedOn) woke it; not stepped yet (the holder may take back what it handed)
    private const int CatchingWait = 32;      // the current wait hands a failure over as an outcome (Yield.Catch(future))
    private const int Interrupted = 64;       // Rare.Interrupt replaces the outcome of the awaited work when that wakes it
    private const int Finished = 128;         // done: frames gone; a stale ready-queue entry is skipped
    private const int Finishing = 256;        // disposing its frames for cancellation (guards re-entrant kills)
    private const int Unstarted = 512;        // not stepped yet: its first step checks that no other task started its coroutine
    private const int TopIsMachine = 1024;    // _top is a CoroutineMachine: the trampoline's one-call fast path (issue 9)
    private const int Advancing = 2048;       // StepInBatch is resuming the top frame outside a try region: its batch's handler catches
    private const int Process = 4096;         // a simulation process: its end goes to the loop's process hook before its waiters (EventLoop.Processes.cs)
    private const int FailedWake = 8192;      // with Woken: the holder woke it with a failure and handed nothing it could take back
    private const int SlowPath = CancelRequested | PendingThrow | Woken | Finished | Unstarted;
    private const int AfterYield = CancelRequested | PendingThrow;

    // Memory (issue 8): a task is 96 bytes with Future's fields, four references and four ints. What most tasks never
    // need lives in the rare object: the name, failure and catch fields, and the frames below the top one (a task
    // that calls a child allocates it with its frame array). Whether the top frame is a generated machine is a flag,
    // not a second reference to it; the number is 32-bit (see Id).
    //
    // Layout (issues 8 and 10): the runtime places Future's fields first, then this class's references, then its ints,
    // each group in declaration order. So the fields every step reads (the lane, the top frame, the flags; the wait
    // version on every timed wait) are declared last among the references and first among the ints: they sit in 20
    // bytes (offsets 0x38-0x4C), inside one cache line for three of the four places a 96-byte task can start at.
    // Before, they spanned 0x28-0x50 and every step touched two lines of its task.
    private IWaitHolder? _parkedOn;   // the future, wait source or socket waiter holding this task's registration, if any
    private Rare? _rare;              // name, failure and catch fields, frames below the top, kept out of every task's footprint
    internal TaskLane? _lane;         // a game lane (script group and phase: Engine/Game), or null for the loop's own queue and clock
    private IEnumerator<Yield>? _top;
    private int _flags;
    private int _waitVersion;
    private readonly int _id;         // the task's number; -1 past int.MaxValue, when Rare.LongId holds it
    internal int _liveIndex;          // position in the loop's table of live tasks

    internal CoTask(EventLoop loop, IEnumerator<Yield> coroutine, string? name, long id)
        : base(loop)
    {
        SetTop(coroutine);
        _flags |= Unstarted;
        _id = SetId(id);
        if (name is not null)
        {
            (_rare ??= new Rare()).Name = name;
        }
    }

    // The name given to the task or already built, without building the default one (InterruptException).
    internal string? GivenName => _rare?.Name;

    /// <summary>The task's name: the one given to <see cref="EventLoop.Spawn(IEnumerator{Yield}, string)"/>, or <c>Task-N</c>.</summary>
    public string Name
    {
        get
        {
            Rare rare = _rare ??= new Rare();
            return rare.Name ??= "Task-" + Id.ToString(CultureInfo.InvariantCulture);
        }

        set => (_rare ??= new Rare()).Name = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The task's number: tasks of a loop are numbered 1, 2, 3... in the order they were spawned.</summary>
    public long Id => _id >= 0 ? _id : _rare!.LongId;

    /// <summary>The value the coroutine returned. Throws its exception, <see cref="CancelledException"/> if cancelled, or
    /// <see cref="InvalidOperationException"/> if it is still running.</summary>
    public object? Result
    {
        get
        {
            ThrowIfFailed();
            return _outcome;
        }
    }

    /// <summary><see langword="true"/> once <see cref="Future.Cancel(string)"/> or <see cref="Kill(string)"/> was called,
    /// until the task finishes.</summary>
    public bool IsCancelRequested => (_flags & CancelRequested) != 0;

    /// <summary>The coroutines the exception passed through, innermost first, when the task failed; otherwise empty.</summary>
    public IReadOnlyList<string> FailureChain => _rare?.FailureChain ?? Array.Empty<string>();

    internal object? Received => _outcome;

    internal Exception? ReceivedException => _rare?.ReceivedException;

    internal bool IsStepping => (_flags & Stepping) != 0;

    /// <summary>The result converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidCastException">The result is not a <typeparamref name="T"/>.</exception>
    public T GetResult<T>() => Co.Convert<T>(Result, this);

    /// <summary>The frames of the task, outermost first, as readable coroutine names (for generated machines, with the
    /// site they are suspended at). A snapshot; empty when the task is done.</summary>
    /// <returns>The names.</returns>
    public string[] GetStack()
    {
        if (_top is null)
        {
            return Array.Empty<string>();
        }

        int below = StackCount;
        string[] names = new string[below + 1];
        for (int i = 0; i < below; i++)
        {
            names[i] = CoroutineNames.Of(_rare!.Stack![i].Coroutine);
        }

        names[below] = CoroutineNames.Of(_top);
        return names;
    }

    /// <inheritdoc/>
    protected override string Describe() => "Task '" + Name + "'";

    /// <inheritdoc/>
    protected override CancelledException CreateCancelledException() =>
        _rare?.RaisedCancellation
        ?? (_rare?.CancelMessage is { } message ? new CancelledException(message) : CancelledException.WithoutMessage("Task '" + Name + "' was cancelled."));

    /// <inheritdoc/>
    protected override object? GetResultObject() => _outcome;

    internal bool IsParkedWith(int version) => version == _waitVersion;

    internal void MarkScheduled() => _flags |= Scheduled;

    // A simulation process (SimEnvironment.Process), and whether this task is one; kept by a snapshot's restore.
    internal void MarkProcess() => _flags |= Process;

    internal bool IsProcess => (_flags & Process) != 0;

    // Undoes MarkScheduled when the task was not queued after all (a simulation event's wake that found the wait over).
    internal void ClearScheduled() => _flags &= ~Scheduled;

    // Whether coroutine is one of this task's frames.
    internal bool Drives(IEnumerator<Yield> coroutine)
    {
        if (ReferenceEquals(_top, coroutine))
        {
            return true;
        }

        for (int i = 0; i < StackCount; i++)
        {
            if (ReferenceEquals(_rare!.Stack![i].Coroutine, coroutine))
            {
                return true;
            }
        }

        return false;
    }

    // Frames below the top one (parents waiting for their children).
    private int StackCount => _rare is null ? 0 : _rare.StackCount;

    // The number: a task's own 32-bit field up to int.MaxValue (about 2.1 billion spawns in one loop), the rare
    // object past it, so ids never wrap.
    private int SetId(long id)
    {
        if (id <= int.MaxValue)
        {
            return (int)id;
        }

        (_rare ??= new Rare()).LongId = id;
        return -1;
    }

    private void SetPendingThrow(Exception error)
    {
        (_rare ??= new Rare()).ThrowIntoTop = error;
        _flags |= PendingThrow;
    }

    private void SetReceivedException(Exception? error)
    {
        if (error is not null || _rare is not null)
        {
            (_rare ??= new Rare()).ReceivedException = error;
        }
    }

    private sealed class Rare
    {
        public string? Name;
        public string? CancelMessage;
        public CancelledException? RaisedCancellation; // the uncaught CancelledException that ended the task; its waiters receive it
        public ValueBox? ValueBox;
        public Exception? ReceivedException;
        public bool FailureUnread;               // ReceivedException came with the wake the task has not stepped since
        public bool ThrowUnread;                 // so did ThrowIntoTop (a plain wait's failure, raised at the next step)
        public Exception? ThrowIntoTop;
        public Exception? Interrupt;
        public List<string>? UnwoundFrames;
        public string[]? FailureChain;
        public TaskCancellation? Cancellation;   // Interop hook: CancellationToken bridge (Engine/Interop/TaskCancellation.cs)
        public Frame[]? Stack;                   // the frames below the top one, bottom first; allocated at the first child call
        public int StackCount;
        public long LongId;                      // the task's number past int.MaxValue
        public bool KillRequested;               // Kill was called during the task's own step (CoTask.Cancel.cs)
    }

    private readonly struct Frame
    {
        public readonly IEnumerator<Yield> Coroutine;
        public readonly bool CatchesChild;

        public Frame(IEnumerator<Yield> coroutine, bool catchesChild)
        {
            Coroutine = coroutine;
            CatchesChild = catchesChild;
        }
    }
}
