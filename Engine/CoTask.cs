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
/// Design: the trampoline. A child started with <see cref="Yield.From(IEnumerator{Yield})"/> is pushed on this
/// task's own frame stack and stepped in the same loop step; when it finishes, it is popped and its result handed to
/// the parent, again without recursion, so nesting depth costs heap, not machine stack (100,000 levels are fine).
/// </para>
/// <para>
/// Exceptions travel down the stack as in asyncio. A frame that throws is finished; the frame below cannot catch
/// (C# forbids <c>yield</c> inside <c>try/catch</c>), so it is disposed, which runs its <c>finally</c> blocks, and the
/// exception moves on, unless that frame asked for the outcome with <see cref="Yield.Catch(IEnumerator{Yield})"/>.
/// Cancellation disposes every frame top-down, so every <c>finally</c> and <c>using</c> runs.
/// </para>
/// <para>
/// Performance: the top frame lives in a field and only deeper frames use the array, so spawning a one-frame task
/// allocates just this object. A task is parked on exactly one waiter at a time; every registration carries a version
/// number, so a stale registration (timer of a cancelled wait) is ignored rather than searched for and removed.
/// </para>
/// </remarks>
public sealed partial class CoTask : Future
{
    // Flags, so the hot path tests every rare condition (cancel, wake-up delivery, pending exception)
    // with one load and one branch.
    private const int Scheduled = 1;
    private const int CancelRequested = 2;
    private const int AwaitCatches = 8;
    private const int Woken = 16;
    private const int PendingThrow = 32;
    private const int SourceWoken = 64;   // woken by a WaitSource (CoTask.Wait.cs); cleared on the next step
    private const int SlowPath = CancelRequested | Woken | PendingThrow | SourceWoken;

    private IEnumerator<Yield>? _top;
    private Frame[]? _stack;
    private object? _received;        // last value handed to the top frame; the task's result once it succeeded
    private object? _parkedOn;        // the Future or WaitSource this task is parked on (or was woken by, with Woken/SourceWoken set)
    private Rare? _rare;              // name, failure and catch fields, kept out of every task's footprint
    private readonly long _id;
    private int _stackCount;
    private int _flags;
    internal int _waitVersion;
    internal CoTask? _prevLive;
    internal CoTask? _nextLive;

    internal CoTask(EventLoop loop, IEnumerator<Yield> coroutine, string? name, long id)
        : base(loop)
    {
        _top = coroutine;
        _id = id;
        if (name is not null)
        {
            (_rare = new Rare()).Name = name;
        }
    }

    /// <summary>The task's name: the one given to <see cref="EventLoop.Spawn(IEnumerator{Yield}, string)"/>, or <c>Task-N</c>.</summary>
    public string Name
    {
        get
        {
            Rare rare = _rare ??= new Rare();
            return rare.Name ??= "Task-" + _id.ToString(CultureInfo.InvariantCulture);
        }

        set => (_rare ??= new Rare()).Name = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The value the coroutine returned. Throws its exception, <see cref="CancelledException"/> if cancelled, or
    /// <see cref="InvalidOperationException"/> if it is still running.</summary>
    public object? Result
    {
        get
        {
            ThrowIfFailed();
            return _received;
        }
    }

    /// <summary><see langword="true"/> once <see cref="Cancel"/> was called, until the task finishes.</summary>
    public bool IsCancelRequested => (_flags & CancelRequested) != 0;

    /// <summary>The coroutines the exception passed through, innermost first, when the task failed; otherwise empty.</summary>
    public IReadOnlyList<string> FailureChain => _rare?.FailureChain ?? Array.Empty<string>();

    /// <summary>The result converted to <typeparamref name="T"/>.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <returns>The result.</returns>
    /// <exception cref="InvalidCastException">The result is not a <typeparamref name="T"/>.</exception>
    public T GetResult<T>() => Co.Convert<T>(Result, this);

    /// <summary>The frames of the task, outermost first, as readable coroutine names (a snapshot).</summary>
    /// <returns>The names; empty when the task is done.</returns>
    public string[] GetStack()
    {
        if (_top is null)
        {
            return Array.Empty<string>();
        }

        string[] names = new string[_stackCount + 1];
        for (int i = 0; i < _stackCount; i++)
        {
            names[i] = CoroutineNames.Of(_stack![i].Coroutine);
        }

        names[_stackCount] = CoroutineNames.Of(_top);
        return names;
    }

    /// <summary>Requests cancellation. On its next step the task disposes its frames top-down (running every
    /// <c>finally</c>) and becomes cancelled; waiters then see <see cref="CancelledException"/>. A task waiting on a timer or
    /// future is detached from it and stepped at once on the next loop iteration.</summary>
    /// <returns><see langword="false"/> if the task was already done.</returns>
    public override bool Cancel()
    {
        if (IsDone)
        {
            return false;
        }

        if ((_flags & CancelRequested) != 0)
        {
            return true;
        }

        _flags |= CancelRequested;
        // A task that is being stepped right now (cancelling itself) notices at its next yield.
        if ((_flags & Scheduled) == 0 && !ReferenceEquals(Loop.CurrentTask, this))
        {
            Detach();
            Loop.EnqueueReady(this);
        }

        return true;
    }

    /// <inheritdoc/>
    protected override string Describe() => "Task '" + Name + "'";

    /// <inheritdoc/>
    protected override CancelledException CreateCancelledException() => new("Task '" + Name + "' was cancelled.");

    /// <inheritdoc/>
    protected override object? GetResultObject() => _received;

    internal object? Received => _received;

    internal Exception? ReceivedException => _rare?.ReceivedException;

    internal void MarkScheduled() => _flags |= Scheduled;

    internal IEnumerator<Yield>? TopFrame => _top;

    internal void WakeFromTimer(int version)
    {
        if (version != _waitVersion || IsDone)
        {
            return;
        }

        _waitVersion++;
        Loop.EnqueueReady(this);
    }

    internal void WakeFromFuture(Future future, int version)
    {
        if (version != _waitVersion || IsDone)
        {
            return;
        }

        _waitVersion++;
        _flags |= Woken;
        Loop.EnqueueReady(this);
    }

    internal void WakeWithException(Exception exception, int version)
    {
        if (version != _waitVersion || IsDone)
        {
            return;
        }

        _waitVersion++;
        SetPendingThrow(exception);
        Loop.EnqueueReady(this);
    }

    private void Detach()
    {
        _waitVersion++;
        if (_parkedOn is Future awaiting)
        {
            if ((_flags & Woken) == 0)
            {
                awaiting.RemoveWaiter(this);
            }

            _parkedOn = null;
            _flags &= ~Woken;
        }
        else if (_parkedOn is not null)
        {
            DetachFromWaitSource();
        }
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

    // One step, with the loop's current task set to this one: resume the top frame and keep going through
    // child calls, returns and already-completed futures until the task parks on a waiter or finishes.
    // Exceptions from a frame are caught here (the one try/catch of the hot path: per-task isolation) and
    // unwound down the stack.
    internal void Step()
    {
        EventLoop loop = Loop;
        _flags &= ~Scheduled;
        while (true)
        {
            if ((_flags & SlowPath) != 0)
            {
                if ((_flags & CancelRequested) != 0)
                {
                    FinishCancelled(default);
                    break;
                }

                if ((_flags & SourceWoken) != 0)
                {
                    ClearWaitSource();
                }

                if ((_flags & Woken) != 0)
                {
                    var f = (Future)_parkedOn!;
                    _parkedOn = null;
                    _flags &= ~Woken;
                    Deliver(f, (_flags & AwaitCatches) != 0);
                }

                if ((_flags & PendingThrow) != 0)
                {
                    Exception pending = _rare!.ThrowIntoTop!;
                    _rare.ThrowIntoTop = null;
                    _flags &= ~PendingThrow;
                    if (!Unwind(pending, disposeTop: true))
                    {
                        break;
                    }

                    continue;
                }
            }

            IEnumerator<Yield> frame = _top!;
            bool more;
            try
            {
                more = frame.MoveNext();
            }
            catch (Exception e)
            {
                if (!Unwind(e, disposeTop: true))
                {
                    break;
                }

                continue;
            }

            if (!more)
            {
                if (!FinishFrame(null))
                {
                    break;
                }

                continue;
            }

            Yield y = frame.Current;
            if ((_flags & CancelRequested) != 0)
            {
                FinishCancelled(y);
                break;
            }

            if (loop.Tracing)
            {
                loop.TraceTask(this, y.ToString());
            }

            switch (y.Kind)
            {
                case YieldKind.NextTick:
                    loop.EnqueueReady(this);
                    goto Parked;
                case YieldKind.Seconds:
                    if (y.Number == 0)
                    {
                        loop.EnqueueReady(this);
                    }
                    else
                    {
                        NoteParked(y);
                        loop.AddTimer(loop.Time + y.Number, this, ++_waitVersion);
                    }

                    goto Parked;
                case YieldKind.Frames:
                    if (y.Number <= 1)
                    {
                        loop.EnqueueReady(this);
                    }
                    else
                    {
                        NoteParked(y);
                        loop.AddFrameWait((long)y.Number, this, ++_waitVersion);
                    }

                    goto Parked;
                case YieldKind.From:
                case YieldKind.Catch:
                    Push((IEnumerator<Yield>)y.Target!, y.Kind == YieldKind.Catch);
                    continue;
                case YieldKind.Return:
                    if (!FinishFrame(y.Target))
                    {
                        goto Parked;
                    }

                    continue;
                case YieldKind.Await:
                case YieldKind.CatchAwait:
                    if (StartAwait((Future)y.Target!, y.Kind == YieldKind.CatchAwait))
                    {
                        goto Parked;
                    }

                    continue;
                case YieldKind.Until:
                case YieldKind.While:
                    NoteParked(y);
                    loop.AddPoll(this, (Func<bool>)y.Target!, y.Kind == YieldKind.While, ++_waitVersion);
                    goto Parked;
                case YieldKind.Wait:
                    if (StartWait((WaitSource)y.Target!))
                    {
                        goto Parked;
                    }

                    continue;
                case YieldKind.Readable:
                case YieldKind.Writable:
                case YieldKind.SocketOperation:
                    // IO (Engine/IO/IoDriver.cs): parks on the loop's selector, or completes at once and keeps stepping.
                    if (loop.Io.Park(this, y, ++_waitVersion, out Exception? ioError))
                    {
                        goto Parked;
                    }

                    if (ioError is not null)
                    {
                        SetPendingThrow(ioError);
                    }

                    continue;
                default:
                    SetPendingThrow(new InvalidOperationException(
                        "Coroutine " + CoroutineNames.Of(frame) + " in task '" + Name + "' yielded " + y +
                        ", which is not an instruction. Yield one of Yield.NextTick, Yield.Seconds(...), Yield.From(child), a Future, ..."));
                    continue;
            }
        }

    Parked:
        return;
    }

    private bool StartAwait(Future future, bool catching)
    {
        if (!ReferenceEquals(future.Loop, Loop))
        {
            SetPendingThrow(new InvalidOperationException(
                "Task '" + Name + "' waits for " + future + ", which belongs to another event loop. " +
                "A future can only be awaited on its own loop; hand results across loops with EventLoop.Post."));
            return false;
        }

        if (ReferenceEquals(future, this))
        {
            SetPendingThrow(new InvalidOperationException("Task '" + Name + "' cannot wait for itself: it would never finish."));
            return false;
        }

        if (future.IsDone)
        {
            Deliver(future, catching);
            return false;
        }

        _flags = catching ? _flags | AwaitCatches : _flags & ~AwaitCatches;
        _parkedOn = future;
        future.AddWaiter(this, ++_waitVersion);
        return true;
    }

    private void Deliver(Future future, bool catching)
    {
        if (future.State == FutureState.Succeeded)
        {
            _received = future.GetResultObjectUnchecked();
            SetReceivedException(null);
            return;
        }

        Exception error = future.GetFailureForWaiter();
        if (catching)
        {
            _received = null;
            SetReceivedException(error);
        }
        else
        {
            SetPendingThrow(error);
        }
    }

    private void Push(IEnumerator<Yield> child, bool catching)
    {
        Frame[]? stack = _stack;
        if (stack is null)
        {
            _stack = stack = new Frame[4];
        }
        else if (_stackCount == stack.Length)
        {
            Array.Resize(ref _stack, stack.Length * 2);
            stack = _stack;
        }

        stack[_stackCount++] = new Frame(_top!, catching);
        _top = child;
    }

    // The top frame finished with a value (ran to its end, or yielded Return). Dispose it (runs its
    // finally blocks when it returned early; returns pooled machines) and hand the value to the parent.
    // Returns false when the task is finished.
    private bool FinishFrame(object? value)
    {
        try
        {
            _top!.Dispose();
        }
        catch (Exception e)
        {
            return Unwind(e, disposeTop: false);
        }

        if (_stackCount == 0)
        {
            _top = null;
            _received = value;
            Loop.OnTaskFinishing(this);
            TrySucceed();
            return false;
        }

        Frame parent = _stack![--_stackCount];
        _stack[_stackCount] = default;
        _top = parent.Coroutine;
        _received = value;
        SetReceivedException(null);
        return true;
    }

    // The top frame failed with an exception (or must receive one it cannot catch). Pop frames until one
    // that catches; dispose the others so their finally blocks run. Returns false when the task failed.
    private bool Unwind(Exception error, bool disposeTop)
    {
        Rare rare = _rare ??= new Rare();
        List<string> unwound = rare.UnwoundFrames ??= new List<string>();
        unwound.Add(CoroutineNames.Of(_top));
        if (disposeTop)
        {
            try
            {
                _top!.Dispose();
            }
            catch (Exception e)
            {
                // As in Python, an exception raised while cleaning up replaces the one in flight.
                error = e;
            }
        }

        while (_stackCount > 0)
        {
            Frame parent = _stack![--_stackCount];
            _stack[_stackCount] = default;
            _top = parent.Coroutine;
            if (parent.CatchesChild)
            {
                unwound.Clear();
                _received = null;
                rare.ReceivedException = error;
                return true;
            }

            unwound.Add(CoroutineNames.Of(_top));
            try
            {
                _top.Dispose();
            }
            catch (Exception e)
            {
                error = e;
            }
        }

        _top = null;
        rare.FailureChain = unwound.ToArray();
        rare.UnwoundFrames = null;
        Loop.OnTaskFinishing(this);
        TryFail(error);
        return false;
    }

    // Cancellation: dispose frames top-down (and a child that was yielded but not yet pushed).
    private void FinishCancelled(Yield pendingInstruction)
    {
        Exception? cleanupError = null;
        if (pendingInstruction.Kind is YieldKind.From or YieldKind.Catch)
        {
            DisposeQuietly((IEnumerator<Yield>)pendingInstruction.Target!, ref cleanupError);
        }

        Detach();
        if (_top is not null)
        {
            DisposeQuietly(_top, ref cleanupError);
        }

        while (_stackCount > 0)
        {
            Frame parent = _stack![--_stackCount];
            _stack[_stackCount] = default;
            DisposeQuietly(parent.Coroutine, ref cleanupError);
        }

        _top = null;
        Loop.OnTaskFinishing(this);
        if (cleanupError is not null)
        {
            TryFail(cleanupError);
        }
        else
        {
            TrySetCancelled();
        }
    }

    private static void DisposeQuietly(IEnumerator<Yield> frame, ref Exception? firstError)
    {
        try
        {
            frame.Dispose();
        }
        catch (Exception e)
        {
            firstError ??= e;
        }
    }

    private protected override void OnDoneCore(bool hadWaiters)
    {
        if (State == FutureState.Failed && !hadWaiters && !ExceptionObserved)
        {
            Loop.ReportUnhandledTaskFailure(this);
        }

        // Interop hook (Engine/Interop/TaskCancellation.cs): cancel the CancellationToken this task handed out if it
        // was cancelled, and drop the registration on a token that could cancel it.
        _rare?.Cancellation?.OnTaskDone(this);
    }

    private sealed class Rare
    {
        public string? Name;
        public ValueBox? ValueBox;
        public Exception? ReceivedException;
        public Exception? ThrowIntoTop;
        public List<string>? UnwoundFrames;
        public string[]? FailureChain;
        public TaskCancellation? Cancellation;   // Interop hook: CancellationToken bridge (Engine/Interop/TaskCancellation.cs)
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
