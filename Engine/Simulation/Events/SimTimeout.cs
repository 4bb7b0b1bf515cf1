using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// An event that happens <see cref="Delay"/> seconds after it was created (SimPy's <c>Timeout</c>), made by
/// <see cref="SimEnvironment.Timeout(double, object)"/>. To simply pause a process, <c>yield return Yield.Seconds(d);</c>
/// does the same without allocating; a timeout object is for combining (<c>env.AnyOf(request, env.Timeout(5))</c>) and
/// for sharing one deadline between processes.
/// </summary>
/// <remarks>As in SimPy, a timeout counts as triggered from the start (its value is known); it is processed when its
/// time comes, in the order timeouts due at the same time were created. Design: the timeout is its own timer-queue
/// entry, so it costs one object.</remarks>
public sealed partial class SimTimeout : SimEvent, ITimerTarget
{
    private readonly double _delay;

    internal SimTimeout(SimEnvironment env, double delay, object? value)
        : base(env)
    {
        if (!(delay >= 0) || double.IsInfinity(delay))
        {
            ThrowHelper.ThrowBadDelay(delay, nameof(delay));
        }

        _delay = delay;
        MarkTriggered(true, value);
        EventLoop loop = env.Loop;
        double now = loop.Time;
        double due = now + delay;
        if (due <= now && env.SimPyOrder)
        {
            // Due now: its turn is after everything already queued at this time, as in SimPy.
            loop.EnqueueEvent(this);
        }
        else
        {
            loop.AddTimer(due, this, 0);
        }
    }

    /// <summary>The delay in seconds.</summary>
    public double Delay => _delay;

    void ITimerTarget.OnTimer(int version) => Env.Schedule(this);

    /// <inheritdoc/>
    protected override string Describe() => "Timeout(" + _delay.ToString("R", CultureInfo.InvariantCulture) + ")";
}
