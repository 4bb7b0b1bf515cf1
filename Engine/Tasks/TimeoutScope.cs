using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine;

/// <summary>
/// A deadline around a block of a coroutine (asyncio's <c>timeout</c> / <c>timeout_at</c>, trio's <c>fail_after</c> and
/// <c>move_on_after</c>): <c>yield return scope.Run(Body());</c> runs <c>Body</c> on the current task; if the deadline
/// passes first, whatever <c>Body</c> waits for is interrupted, its frames unwind (their <c>finally</c> blocks run), and
/// the scope either raises <see cref="TimeoutException"/> (<see cref="FailAfter(double)"/>) or just ends the block
/// (<see cref="MoveOnAfter(double)"/>). Afterwards <see cref="Expired"/> tells which happened.
/// </summary>
/// <remarks>
/// <para>
/// Design: C# iterators cannot wrap a <c>yield</c> in <c>try/catch</c>, so a scope cannot be a <c>using</c> block around
/// statements as in Python; it wraps a child coroutine instead. The body runs on the same task's frame stack (no new
/// task), so it sees the same <see cref="Co.CurrentTask"/>. On expiry the scope interrupts the task with a private
/// <see cref="CancelledException"/>; frames unwind down to the scope that owns it, so nested scopes work: the inner
/// one ignores the outer one's signal and lets it through.
/// </para>
/// <para>The deadline is an absolute loop time, set when the scope is entered (relative delays) or given
/// (<see cref="FailAt"/>, <see cref="MoveOnAt"/>), and can be moved with <see cref="Reschedule(double)"/> while the body runs.</para>
/// </remarks>
public sealed partial class TimeoutScope
{
    private readonly double _delay;
    private readonly bool _raise;
    private double _deadline;
    private CoTask? _task;
    private CallbackHandle? _timer;
    private CancelledException? _signal;
    private bool _entered;
    private bool _exited;
    private bool _expired;

    private TimeoutScope(double delay, double deadline, bool raise)
    {
        _delay = delay;
        _deadline = deadline;
        _raise = raise;
    }

    /// <summary>The absolute loop time at which the scope expires; <see cref="double.PositiveInfinity"/> for never;
    /// <see cref="double.NaN"/> for a relative scope made outside a running loop and not yet entered.</summary>
    public double Deadline => _deadline;

    /// <summary><see langword="true"/> once the deadline passed while the body ran (the body was interrupted).</summary>
    public bool Expired => _expired;

    /// <summary><see langword="true"/> if expiry raises <see cref="TimeoutException"/>; <see langword="false"/> if it silently
    /// ends the block.</summary>
    public bool RaisesOnExpiry => _raise;

    /// <summary>A scope that raises <see cref="TimeoutException"/> if its body runs longer than <paramref name="seconds"/>
    /// (asyncio's <c>timeout</c>, trio's <c>fail_after</c>). Made while a loop runs (in a coroutine), the delay counts from
    /// this call, as asyncio's <c>timeout(delay)</c> fixes <c>loop.time() + delay</c> when called; made outside any running
    /// loop, from when the body starts.</summary>
    /// <param name="seconds">The delay; not NaN. Zero or less expires at once; infinity never.</param>
    /// <returns>The scope.</returns>
    public static TimeoutScope FailAfter(double seconds) => After(CheckDelay(seconds, nameof(seconds)), raise: true);

    /// <summary>As <see cref="FailAfter(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">The delay; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The scope.</returns>
    public static TimeoutScope FailAfter(TimeSpan delay) => FailAfter(Durations.ToSeconds(delay));

    /// <summary>A scope that raises <see cref="TimeoutException"/> at loop time <paramref name="deadline"/> (asyncio's <c>timeout_at</c>).</summary>
    /// <param name="deadline">An absolute loop time (see <see cref="EventLoop.Time"/>); not NaN.</param>
    /// <returns>The scope.</returns>
    public static TimeoutScope FailAt(double deadline) => new(double.NaN, CheckDelay(deadline, nameof(deadline)), raise: true);

    /// <summary>A scope that silently ends its body after <paramref name="seconds"/> (trio's <c>move_on_after</c>); check
    /// <see cref="Expired"/> afterwards. The delay counts from this call when a loop runs, as for
    /// <see cref="FailAfter(double)"/>.</summary>
    /// <param name="seconds">The delay; not NaN.</param>
    /// <returns>The scope.</returns>
    public static TimeoutScope MoveOnAfter(double seconds) => After(CheckDelay(seconds, nameof(seconds)), raise: false);

    /// <summary>As <see cref="MoveOnAfter(double)"/>, with the duration as a <see cref="System.TimeSpan"/>.</summary>
    /// <param name="delay">The delay; <see cref="System.Threading.Timeout.InfiniteTimeSpan"/> (or <see cref="System.TimeSpan.MaxValue"/>) for no limit.</param>
    /// <returns>The scope.</returns>
    public static TimeoutScope MoveOnAfter(TimeSpan delay) => MoveOnAfter(Durations.ToSeconds(delay));

    /// <summary>A scope that silently ends its body at loop time <paramref name="deadline"/> (trio's <c>move_on_at</c>).</summary>
    /// <param name="deadline">An absolute loop time; not NaN.</param>
    /// <returns>The scope.</returns>
    public static TimeoutScope MoveOnAt(double deadline) => new(double.NaN, CheckDelay(deadline, nameof(deadline)), raise: false);

    /// <summary>Runs <paramref name="body"/> on the current task under this deadline: <c>yield return scope.Run(Body());</c>.
    /// The body's return value is available afterwards through <see cref="Co.Result{T}"/> (default when it moved on).
    /// A scope runs once.</summary>
    /// <param name="body">The coroutine to limit.</param>
    /// <returns>The instruction to yield.</returns>
    public Yield Run(IEnumerator<Yield> body)
    {
        if (body is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(body));
        }

        if (_entered)
        {
            ThrowHelper.ThrowInvalidOperation("This TimeoutScope was already run; create a new scope for each block.");
        }

        _entered = true;
        return Yield.From(new RunMachine(this, body));
    }

    /// <summary>Moves the deadline to the absolute loop time <paramref name="deadline"/> (asyncio's <c>Timeout.reschedule</c>);
    /// <see cref="double.PositiveInfinity"/> disables it. A time already past expires the scope on the next loop iteration.</summary>
    /// <param name="deadline">The new absolute deadline; not NaN.</param>
    /// <exception cref="InvalidOperationException">The scope already expired or finished.</exception>
    public void Reschedule(double deadline)
    {
        CheckDelay(deadline, nameof(deadline));
        if (_expired || _exited)
        {
            ThrowHelper.ThrowInvalidOperation("Cannot reschedule a TimeoutScope that already " + (_expired ? "expired." : "finished."));
        }

        _deadline = deadline;
        if (_task is not null)
        {
            Arm();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "TimeoutScope [deadline " + _deadline.ToString("R", CultureInfo.InvariantCulture) +
        (_expired ? ", expired" : string.Empty) + "]";

    // A relative scope made while a loop runs on this thread counts from now, as asyncio's timeout(delay) computes
    // loop.time() + delay when it is called (trio's move_on_after likewise); one made outside any running loop counts
    // from when its body starts.
    private static TimeoutScope After(double delay, bool raise) =>
        new(delay, EventLoop.Current is { } loop ? loop.Time + delay : double.NaN, raise);

    private static double CheckDelay(double value, string paramName)
    {
        if (double.IsNaN(value))
        {
            ThrowHelper.ThrowArgumentOutOfRange(paramName, value, "A timeout must be a number of seconds or a loop time, not NaN.");
        }

        return value;
    }

    // The interrupt raised at the body's wait when the scope expired (null before): the cause of a WaitFor's timeout.
    internal CancelledException? Signal => _signal;

    private void Arm()
    {
        _timer?.Cancel();
        _timer = null;
        if (double.IsPositiveInfinity(_deadline))
        {
            return;
        }

        // A deadline already due expires through the callback queue (asyncio's call_soon), which runs before the task's
        // next step: a zero or past timeout raises even around a body whose first wait is the next tick. A timer due now
        // would fire only after that step.
        EventLoop loop = _task!.Loop;
        _timer = _deadline <= loop.Time ? loop.CallSoon(OnDeadline) : loop.CallAt(_deadline, OnDeadline);
    }

    private void OnDeadline()
    {
        if (_exited || _expired)
        {
            return;
        }

        _expired = true;
        _signal = new CancelledException("The timeout scope expired at loop time " + _deadline.ToString("R", CultureInfo.InvariantCulture) + ".");
        _task!.Interrupt(_signal);
    }
}
