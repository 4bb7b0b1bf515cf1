using System;

namespace Engine.Simulation;

/// <summary>
/// Statistics of a value that holds over time, such as a queue length, a number of busy servers or a tank level
/// (SimSharp's <c>TimeSeriesMonitor</c>): each value counts for as long as it held, so <see cref="Statistic.Mean"/> is the
/// time average. Set it with <see cref="UpdateTo(double)"/> whenever the value changes.
/// </summary>
/// <remarks>The statistics cover the time from creation (or <see cref="Reset"/>) to the environment's current time: the
/// current value counts up to now whenever they are read.</remarks>
public sealed partial class TimeSeriesMonitor : Statistic
{
    private readonly SimEnvironment _env;
    private double _current;
    private double _since;

    /// <summary>Creates a monitor whose value is <paramref name="initial"/> from now on.</summary>
    /// <param name="env">The environment whose clock weights the values.</param>
    /// <param name="name">Its name in reports.</param>
    /// <param name="initial">The value now.</param>
    /// <param name="collect">Keep every (value, duration) pair, for percentiles and histograms.</param>
    public TimeSeriesMonitor(SimEnvironment env, string name = "series", double initial = 0, bool collect = false)
        : base(name, collect, weighted: true)
    {
        _env = env ?? throw new ArgumentNullException(nameof(env));
        _current = initial;
        _since = env.Now;
        See(initial);
    }

    /// <summary>The value now.</summary>
    public double Current => _current;

    /// <summary>The value changes to <paramref name="value"/> at the current simulated time.</summary>
    /// <param name="value">The new value; finite.</param>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void UpdateTo(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(value), value, "Monitor '" + Name + "' takes finite values.");
        }

        Flush();
        _current = value;
        See(value);
    }

    /// <summary>Adds <paramref name="delta"/> to the value now.</summary>
    /// <param name="delta">The change.</param>
    public void Increase(double delta) => UpdateTo(_current + delta);

    /// <summary>Forgets the history; the current value holds from now on (a warm-up period ends).</summary>
    public override void Reset()
    {
        base.Reset();
        _since = _env.Now;
        See(_current);
    }

    private protected override double FlushedWeight()
    {
        Flush();
        return base.FlushedWeight();
    }

    private void Flush()
    {
        double now = _env.Now;
        if (now > _since)
        {
            Accumulate(_current, now - _since);
            _since = now;
        }
    }
}
