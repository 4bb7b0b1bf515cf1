using System;
using System.Collections.Generic;

namespace Engine;

// asyncio's task toolbox in generator form: wait, wait_for, timeout scopes, shield, as_completed, to_thread and
// introspection. Kept apart from Co.cs so the core module and this one change independently.
public static partial class Co
{
    /// <summary>Waits until <paramref name="futures"/> satisfy <paramref name="mode"/> or <paramref name="timeout"/> passes
    /// (asyncio's <c>wait</c>), then resumes with a <see cref="WaitResult"/> of the done and pending futures:
    /// <c>yield return Co.Wait(tasks, WaitMode.FirstCompleted); var r = Co.Result&lt;WaitResult&gt;();</c>. Cancels nothing
    /// and raises nothing: inspect the done futures.</summary>
    /// <param name="futures">One or more futures or tasks of the current loop.</param>
    /// <param name="mode">When to return.</param>
    /// <param name="timeout">Seconds to wait at most; infinity (the default) for no limit; not NaN.</param>
    /// <returns>A future of the result.</returns>
    /// <exception cref="ArgumentException"><paramref name="futures"/> is empty, holds null, or mixes loops.</exception>
    public static Future<WaitResult> Wait(IEnumerable<Future> futures, WaitMode mode = WaitMode.AllCompleted, double timeout = double.PositiveInfinity)
    {
        CheckTimeout(timeout, nameof(timeout));
        if (mode is not (WaitMode.AllCompleted or WaitMode.FirstCompleted or WaitMode.FirstException))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(mode), mode, "Unknown wait mode.");
        }

        Future[] list = Distinct(ToFutureArray(futures, nameof(futures), "Co.Wait"));
        if (list.Length == 0)
        {
            throw new ArgumentException("Co.Wait needs at least one future.", nameof(futures));
        }

        return new WaitFuture(list[0].Loop, list, mode, timeout);
    }

    /// <summary>As <see cref="Wait(IEnumerable{Future}, WaitMode, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="futures">One or more futures or tasks of the current loop.</param>
    /// <param name="mode">When to return.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>A future of the result.</returns>
    public static Future<WaitResult> Wait(IEnumerable<Future> futures, WaitMode mode, TimeSpan timeout) => Wait(futures, mode, Durations.ToSeconds(timeout));

    /// <summary>Waits for <paramref name="future"/> at most <paramref name="timeout"/> seconds (asyncio's <c>wait_for</c>):
    /// <c>yield return Co.WaitFor(task, 2.0); var r = Co.Result&lt;T&gt;();</c>. On timeout the future is cancelled, the
    /// waiter resumes only after it has finished (a task's <c>finally</c> blocks have run), and then
    /// <see cref="TimeoutException"/> is raised. Cancelling the waiter cancels the future too.</summary>
    /// <param name="future">The future or task.</param>
    /// <param name="timeout">Seconds; not NaN; infinity for no limit; zero or less times out unless it is already done.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield WaitFor(Future future, double timeout)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        CheckTimeout(timeout, nameof(timeout));
        return Yield.From(new WaitForMachine(future, timeout));
    }

    /// <summary>As <see cref="WaitFor(Future, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="future">The future or task.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield WaitFor(Future future, TimeSpan timeout) => WaitFor(future, Durations.ToSeconds(timeout));

    /// <summary>Runs <paramref name="work"/> as a new task and waits for it at most <paramref name="timeout"/> seconds, as
    /// <see cref="WaitFor(Future, double)"/>: on timeout the inner task is cancelled (its <c>finally</c> blocks run) and
    /// the waiter gets <see cref="TimeoutException"/>.</summary>
    /// <param name="work">The coroutine.</param>
    /// <param name="timeout">Seconds; not NaN.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield WaitFor(IEnumerator<Yield> work, double timeout)
    {
        if (work is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(work));
        }

        CheckTimeout(timeout, nameof(timeout));
        return Yield.From(new WaitForMachine(Spawn(work), timeout));
    }

    /// <summary>As <see cref="WaitFor(IEnumerator{Yield}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="work">The coroutine.</param>
    /// <param name="timeout">How long to wait at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield WaitFor(IEnumerator<Yield> work, TimeSpan timeout) => WaitFor(work, Durations.ToSeconds(timeout));

    /// <summary>Runs <paramref name="body"/> on the current task and raises <see cref="TimeoutException"/> if it takes longer
    /// than <paramref name="seconds"/> (asyncio's <c>timeout</c>); see <see cref="TimeoutScope"/> to reschedule it or to
    /// read <see cref="TimeoutScope.Expired"/>.</summary>
    /// <param name="seconds">The delay; not NaN.</param>
    /// <param name="body">The block to limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Timeout(double seconds, IEnumerator<Yield> body) => TimeoutScope.FailAfter(seconds).Run(body);

    /// <summary>As <see cref="Timeout(double, IEnumerator{Yield})"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">The delay; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <param name="body">The block to limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Timeout(TimeSpan delay, IEnumerator<Yield> body) => Timeout(Durations.ToSeconds(delay), body);

    /// <summary>Like <see cref="Timeout(double, IEnumerator{Yield})"/> with an absolute loop-time deadline (asyncio's <c>timeout_at</c>).</summary>
    /// <param name="deadline">The loop time; not NaN.</param>
    /// <param name="body">The block to limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield TimeoutAt(double deadline, IEnumerator<Yield> body) => TimeoutScope.FailAt(deadline).Run(body);

    /// <summary>Runs <paramref name="body"/> on the current task and silently ends it after <paramref name="seconds"/>
    /// (trio's <c>move_on_after</c>).</summary>
    /// <param name="seconds">The delay; not NaN.</param>
    /// <param name="body">The block to limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield MoveOnAfter(double seconds, IEnumerator<Yield> body) => TimeoutScope.MoveOnAfter(seconds).Run(body);

    /// <summary>As <see cref="MoveOnAfter(double, IEnumerator{Yield})"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">The delay; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <param name="body">The block to limit.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield MoveOnAfter(TimeSpan delay, IEnumerator<Yield> body) => MoveOnAfter(Durations.ToSeconds(delay), body);

    /// <summary>Protects <paramref name="future"/> from cancellation (asyncio's <c>shield</c>): waiting for the returned
    /// future gives the same outcome, but cancelling it (or the task waiting on it) leaves the inner work running.</summary>
    /// <param name="future">The future or task to protect.</param>
    /// <returns>A future mirroring it.</returns>
    public static Future<object?> Shield(Future future)
    {
        if (future is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(future));
        }

        var mirror = new MirrorFuture(future.Loop, MirrorFuture.ShieldName);
        mirror.Listen(future);
        return mirror;
    }

    /// <summary>Starts <paramref name="work"/> as a task and shields it (see <see cref="Shield(Future)"/>).</summary>
    /// <param name="work">The coroutine.</param>
    /// <returns>A future mirroring the new task.</returns>
    public static Future<object?> Shield(IEnumerator<Yield> work) => Shield(Spawn(work));

    /// <summary>Delivers the results of <paramref name="futures"/> in the order they finish (asyncio's <c>as_completed</c>).</summary>
    /// <param name="futures">Futures or tasks of one loop.</param>
    /// <returns>An object whose <see cref="AsCompleted.Next"/> waits for the next result.</returns>
    public static AsCompleted AsCompleted(IEnumerable<Future> futures)
    {
        Future[] list = Distinct(ToFutureArray(futures, nameof(futures), "Co.AsCompleted"));
        return new AsCompleted(list.Length > 0 ? list[0].Loop : EventLoop.RequireCurrent(), list);
    }

    /// <summary>Delivers the results of <paramref name="futures"/> in the order they finish, for at most
    /// <paramref name="timeout"/> seconds (asyncio's <c>as_completed(fs, timeout=...)</c>). The timeout starts at the first
    /// <see cref="AsCompleted.Next"/>, where asyncio's generator runs its body; once it passes, each result not finished by
    /// then raises <see cref="TimeoutException"/>.</summary>
    /// <param name="futures">Futures or tasks of one loop.</param>
    /// <param name="timeout">Seconds; not NaN; infinity for no limit; zero or less times out at the next iteration.</param>
    /// <returns>An object whose <see cref="AsCompleted.Next"/> waits for the next result.</returns>
    public static AsCompleted AsCompleted(IEnumerable<Future> futures, double timeout)
    {
        CheckTimeout(timeout, nameof(timeout));
        Future[] list = Distinct(ToFutureArray(futures, nameof(futures), "Co.AsCompleted"));
        return new AsCompleted(list.Length > 0 ? list[0].Loop : EventLoop.RequireCurrent(), list, timeout);
    }

    /// <summary>As <see cref="AsCompleted(IEnumerable{Future}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="futures">Futures or tasks of one loop.</param>
    /// <param name="timeout">How long at most; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>An object whose <see cref="AsCompleted.Next"/> waits for the next result.</returns>
    public static AsCompleted AsCompleted(IEnumerable<Future> futures, TimeSpan timeout) => AsCompleted(futures, Durations.ToSeconds(timeout));

    /// <summary>Runs the blocking <paramref name="function"/> on the thread pool (asyncio's <c>to_thread</c>); the waiting
    /// coroutine resumes on the loop thread with its result or exception: <c>yield return Co.ToThread(() =&gt; Load());</c>.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="function">The blocking function.</param>
    /// <returns>A future of its result, owned by the current loop.</returns>
    public static Future<T> ToThread<T>(Func<T> function) => EventLoop.RequireCurrent().RunInExecutor(function);

    /// <summary>Runs the blocking <paramref name="action"/> on the thread pool; see <see cref="ToThread{T}(Func{T})"/>.</summary>
    /// <param name="action">The blocking action.</param>
    /// <returns>A future completed (with <see langword="null"/>) when it has run.</returns>
    public static Future<object?> ToThread(Action action)
    {
        if (action is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(action));
        }

        return EventLoop.RequireCurrent().RunInExecutor<object?>(() =>
        {
            action();
            return null;
        });
    }

    /// <summary>Runs <paramref name="instruction"/> and receives its outcome instead of failing, like
    /// <see cref="Yield.Catch(IEnumerator{Yield})"/> for any instruction: <c>yield return Co.Catch(Co.WaitFor(task, 1));</c>
    /// then <see cref="Exception"/> holds the exception (such as <see cref="TimeoutException"/>) or <see langword="null"/>,
    /// and <see cref="Result{T}"/> the value.</summary>
    /// <param name="instruction">The instruction, for example from <see cref="WaitFor(Future, double)"/>,
    /// <see cref="Timeout(double, IEnumerator{Yield})"/> or <see cref="TaskGroup.Run(IEnumerator{Yield})"/>.</param>
    /// <returns>The catching instruction.</returns>
    public static Yield Catch(Yield instruction) => instruction.Kind switch
    {
        YieldKind.From or YieldKind.Catch => Yield.Catch((IEnumerator<Yield>)instruction.Target!),
        YieldKind.Await or YieldKind.CatchAwait => Yield.Catch((Future)instruction.Target!),
        _ => Yield.Catch(new Simulation.SingleWaitMachine(instruction)),
    };

    /// <summary>All unfinished tasks of the current loop (asyncio's <c>all_tasks</c>).</summary>
    /// <returns>A snapshot, oldest first.</returns>
    public static CoTask[] AllTasks() => EventLoop.RequireCurrent().GetTasks();

    private static void CheckTimeout(double timeout, string paramName)
    {
        if (double.IsNaN(timeout))
        {
            ThrowHelper.ThrowArgumentOutOfRange(paramName, timeout, "A timeout must be a number of seconds (infinity for none), not NaN.");
        }
    }

    private static Future[] ToFutureArray(IEnumerable<Future> futures, string paramName, string what)
    {
        if (futures is null)
        {
            ThrowHelper.ThrowArgumentNull(paramName);
        }

        var list = new List<Future>(futures);
        for (int i = 0; i < list.Count; i++)
        {
            if (list[i] is null)
            {
                throw new ArgumentException(what + " was given a null future at index " + i + ".", paramName);
            }

            if (!ReferenceEquals(list[i].Loop, list[0].Loop))
            {
                throw new ArgumentException(what + " was given futures of different event loops (item " + i + ": " + list[i] + ").", paramName);
            }
        }

        return list.ToArray();
    }

    // Wait and AsCompleted take a set of futures, as asyncio's do (it builds a set): a future given twice counts once,
    // in the place it first appears, so Done, Pending and Count never hold it twice. Gather keeps duplicates (one
    // result per argument), and so does WhenAny (its index names an argument).
    private static Future[] Distinct(Future[] list)
    {
        if (list.Length < 2)
        {
            return list;
        }

        var seen = new HashSet<object>(ReferenceComparer.Instance);
        List<Future>? kept = null;
        for (int i = 0; i < list.Length; i++)
        {
            if (!seen.Add(list[i]))
            {
                if (kept is null)
                {
                    kept = new List<Future>(list.Length);
                    for (int k = 0; k < i; k++)
                    {
                        kept.Add(list[k]);
                    }
                }
            }
            else
            {
                kept?.Add(list[i]);
            }
        }

        return kept is null ? list : kept.ToArray();
    }
}
