using System;
using System.Collections.Concurrent;
using System.Threading;

namespace Engine;

// Callbacks (asyncio's call_soon, call_later, call_at) and the one thread-safe entry, Post.
//
// Order: CallSoon and a Post from the loop's own thread go on the ready queue, so they run in the order they were
// made, among the tasks made ready at the same time. Posts from other threads wait in a concurrent queue and run at
// the start of the next iteration, in the order each thread posted them (FIFO per thread).
public sealed partial class EventLoop
{
    private readonly ConcurrentQueue<Action> _posted = new();
    private int _postedCount; // what HasPosted reads: an int, so an iteration does not peek into the concurrent queue

    /// <summary>Schedules <paramref name="callback"/> to run on the next loop iteration, after earlier callbacks (FIFO;
    /// asyncio's <c>call_soon</c>). Loop thread only; from other threads use <see cref="Post(Action)"/>.</summary>
    /// <param name="callback">The callback. An exception it throws goes to <see cref="ExceptionHandler"/>.</param>
    /// <returns>A handle that can cancel it.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public CallbackHandle CallSoon(Action callback)
    {
        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        return Schedule(new CallbackHandle(callback, null, null, double.NaN));
    }

    /// <summary>Schedules <paramref name="callback"/> with <paramref name="state"/> to run on the next loop iteration (FIFO).</summary>
    /// <param name="callback">The callback.</param>
    /// <param name="state">The argument it receives.</param>
    /// <returns>A handle that can cancel it.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public CallbackHandle CallSoon(Action<object?> callback, object? state)
    {
        if (callback is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(callback));
        }

        return Schedule(new CallbackHandle(null, callback, state, double.NaN));
    }

    /// <summary>Schedules <paramref name="callback"/> to run <paramref name="delaySeconds"/> from now on the loop's clock
    /// (asyncio's <c>call_later</c>). Callbacks due at the same time run in the order they were scheduled.</summary>
    /// <param name="delaySeconds">A finite delay of zero seconds or more.</param>
    /// <param name="callback">The callback.</param>
    /// <returns>A handle that can cancel it.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public CallbackHandle CallLater(double delaySeconds, Action callback)
    {
        if (!(delaySeconds >= 0) || double.IsInfinity(delaySeconds))
        {
            ThrowHelper.ThrowBadDelay(delaySeconds, nameof(delaySeconds));
        }

        return CallAt(Time + delaySeconds, callback);
    }

    /// <summary>As <see cref="CallLater(double, Action)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">A finite delay of zero or more.</param>
    /// <param name="callback">The callback.</param>
    /// <returns>A handle that can cancel it.</returns>
    public CallbackHandle CallLater(TimeSpan delay, Action callback) => CallLater(Durations.ToSeconds(delay), callback);

    /// <summary>Schedules <paramref name="callback"/> to run at loop time <paramref name="when"/> (asyncio's <c>call_at</c>).
    /// A time in the past runs on the next iteration.</summary>
    /// <param name="when">The loop time (see <see cref="Time"/>); finite.</param>
    /// <param name="callback">The callback.</param>
    /// <returns>A handle that can cancel it.</returns>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
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

        ThrowIfClosed();
        CheckOwnerThread(null, "schedule a callback on");
        var handle = new CallbackHandle(callback, null, null, when);
        _timers.Add(when, handle, 0);
        _observer?.CallbackScheduled(handle, when);
        return handle;
    }

    /// <summary>Hands <paramref name="action"/> to the loop from any thread (asyncio's <c>call_soon_threadsafe</c>). It runs
    /// on the loop thread, and wakes a loop that is blocked waiting in <see cref="Run(System.Collections.Generic.IEnumerator{Yield})"/>.
    /// From the loop's own thread it is the same as <see cref="CallSoon(Action)"/>; from other threads it runs at the start of
    /// the next iteration, in the order each thread posted.</summary>
    /// <param name="action">The action. An exception it throws goes to <see cref="ExceptionHandler"/>.</param>
    /// <exception cref="ObjectDisposedException">The loop is closed.</exception>
    public void Post(Action action)
    {
        if (action is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(action));
        }

        ThrowIfClosed();
        if (Environment.CurrentManagedThreadId == _ownerThread)
        {
            _ready.Enqueue(action);
            return;
        }

        _posted.Enqueue(action);
        Interlocked.Increment(ref _postedCount); // before the wake-up, so a loop about to sleep sees it or is woken
        try
        {
            _wake.Set();
            _io?.Wakeup();
        }
        catch (ObjectDisposedException)
        {
            // Closed while posting: the loop will never run the action; tell the caller as a closed loop does.
            ThrowIfClosed();
        }
    }

    private CallbackHandle Schedule(CallbackHandle handle)
    {
        ThrowIfClosed();
        CheckOwnerThread(null, "schedule a callback on");
        _ready.Enqueue(handle);
        return handle;
    }

    private void RunCallback(object item)
    {
        _observer?.CallbackBegan(item);
        try
        {
            if (item is CallbackHandle handle)
            {
                handle.Invoke();
            }
            else
            {
                ((Action)item)();
            }
        }
        catch (Exception e)
        {
            string what = item is CallbackHandle h ? "Callback " + h.Describe() : "Posted action " + ((Action)item).Method.Name;
            Report(new LoopExceptionContext(what + " threw.", e, null, Array.Empty<string>()));
        }

        _observer?.CallbackEnded(item);
    }

    // Actions posted from other threads may be waiting. May be true for a moment with none left (a poster between
    // its enqueue and its count), never false after a poster's wake-up.
    private bool HasPosted => Volatile.Read(ref _postedCount) != 0;

    private void RunPosted()
    {
        while (_posted.TryDequeue(out Action? action))
        {
            Interlocked.Decrement(ref _postedCount);
            RunCallback(action);
        }
    }
}
