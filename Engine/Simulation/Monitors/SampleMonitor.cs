namespace Engine.Simulation;

/// <summary>
/// Statistics of separate samples, such as waiting times (SimSharp's <c>SampleMonitor</c>, a tally): count, mean,
/// standard deviation, min, max, and with <c>collect: true</c> percentiles and histograms.
/// </summary>
public sealed class SampleMonitor : Statistic
{
    /// <summary>Creates a monitor.</summary>
    /// <param name="name">Its name in reports.</param>
    /// <param name="collect">Keep every sample, for percentiles and histograms.</param>
    public SampleMonitor(string name = "samples", bool collect = false)
        : base(name, collect, weighted: false)
    {
    }

    /// <summary>Adds a sample.</summary>
    /// <param name="value">The sample; finite.</param>
    /// <exception cref="System.ArgumentOutOfRangeException">The value is NaN or infinite.</exception>
    public void Add(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(value), value, "Monitor '" + Name + "' takes finite samples.");
        }

        See(value);
        Accumulate(value, 1);
    }
}
