using System;

namespace Engine;

// Predicate waits with a deadline: Until/While with a timeout, without a wrapper coroutine. The deadline is a timer
// registration that shares the wait's version with the poll (ParkedTask): whichever comes first wakes the task and the
// other registration is dead. The outcome is a bool the waiter reads with Co.Result<bool>(), so a wait that times out
// costs no exception and allocates nothing.
public readonly partial struct Yield
{
    /// <summary>Resume once <paramref name="condition"/> returns <see langword="true"/>, or once <paramref name="timeout"/>
    /// seconds have passed, whichever comes first; then <c>Co.Result&lt;bool&gt;()</c> is <see langword="true"/> if the
    /// condition held and <see langword="false"/> if the wait timed out. The condition is checked once per loop iteration
    /// (frame); the timeout counts on the task's clock (a game group's scaled clock for a task in a
    /// <see cref="Game.ScriptGroup"/>). When both happen in the same iteration the deadline wins: timers fire before
    /// predicates are checked.</summary>
    /// <param name="condition">The predicate to poll. An exception it throws is raised in the waiting coroutine.</param>
    /// <param name="timeout">Seconds, more than zero; <see cref="double.PositiveInfinity"/> for no timeout.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero, negative or NaN.</exception>
    public static Yield Until(Func<bool> condition, double timeout) => TimedPoll(YieldKind.Until, condition, timeout);

    /// <summary>As <see cref="Until(Func{bool}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="condition">The predicate.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield Until(Func<bool> condition, TimeSpan timeout) => Until(condition, Durations.ToSeconds(timeout));

    /// <summary>Resume once <paramref name="condition"/> returns <see langword="false"/>, or once <paramref name="timeout"/>
    /// seconds have passed; <c>Co.Result&lt;bool&gt;()</c> tells which (see <see cref="Until(Func{bool}, double)"/>).</summary>
    /// <param name="condition">The predicate to poll. An exception it throws is raised in the waiting coroutine.</param>
    /// <param name="timeout">Seconds, more than zero; <see cref="double.PositiveInfinity"/> for no timeout.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is zero, negative or NaN.</exception>
    public static Yield While(Func<bool> condition, double timeout) => TimedPoll(YieldKind.While, condition, timeout);

    /// <summary>As <see cref="While(Func{bool}, double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="condition">The predicate.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <returns>The instruction to yield.</returns>
    public static Yield While(Func<bool> condition, TimeSpan timeout) => While(condition, Durations.ToSeconds(timeout));

    private static Yield TimedPoll(YieldKind kind, Func<bool> condition, double timeout)
    {
        if (condition is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(condition));
        }

        if (!(timeout > 0))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(timeout), timeout,
                "A predicate wait's timeout must be more than zero seconds (infinity for none); to test a condition once, call it directly.");
        }

        // Number 0 means no timeout, as for the plain Until and While.
        return new Yield(kind, double.IsPositiveInfinity(timeout) ? 0 : timeout, condition);
    }
}
