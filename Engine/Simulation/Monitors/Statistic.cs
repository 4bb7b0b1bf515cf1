using System;
using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// What every monitor reports: count, mean, standard deviation, minimum, maximum, percentiles and a histogram, over
/// plain samples (<see cref="SampleMonitor"/>) or over values weighted by how long they held (<see cref="TimeSeriesMonitor"/>).
/// </summary>
/// <remarks>Design: the mean and variance are kept on the fly by Welford's method (West's weighted form for time series),
/// so they cost a few operations per update and no memory. Percentiles and histograms need the values: a monitor keeps
/// them only when created with <c>collect: true</c>, and then holds one (value, weight) pair per update.</remarks>
public abstract partial class Statistic
{
    private readonly List<double>? _values;
    private readonly List<double>? _weights;
    private double _weightSum;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _count;

    private protected Statistic(string name, bool collect)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        if (collect)
        {
            _values = new List<double>();
            _weights = new List<double>();
        }
    }

    /// <summary>The monitor's name, used in reports.</summary>
    public string Name { get; }

    /// <summary>Whether the monitor keeps its values for <see cref="Percentile(double)"/> and <see cref="Histogram(double, double, int)"/>.</summary>
    public bool Collects => _values is not null;

    /// <summary>The number of samples (or value changes).</summary>
    public long Count => _count;

    /// <summary>The mean; time-weighted for a time series. <see cref="double.NaN"/> when empty.</summary>
    public double Mean => FlushedWeight() > 0 ? WeightedMean() : double.NaN;

    /// <summary>The population variance; time-weighted for a time series. <see cref="double.NaN"/> when empty.</summary>
    public double Variance => FlushedWeight() > 0 ? Math.Max(0, _m2 / _weightSum) : double.NaN;

    /// <summary>The standard deviation (square root of <see cref="Variance"/>).</summary>
    public double StandardDeviation => Math.Sqrt(Variance);

    /// <summary>The smallest value seen; <see cref="double.NaN"/> when empty.</summary>
    public double Min => _count > 0 ? _min : double.NaN;

    /// <summary>The largest value seen; <see cref="double.NaN"/> when empty.</summary>
    public double Max => _count > 0 ? _max : double.NaN;

    /// <summary>The total weight: the number of samples, or the time covered by a time series.</summary>
    public double TotalWeight => FlushedWeight();

    /// <summary>The value below which <paramref name="percent"/> percent of the weight lies (nearest rank on the
    /// weight-sorted values). Needs <see cref="Collects"/>.</summary>
    /// <param name="percent">0 to 100.</param>
    /// <returns>The percentile; <see cref="double.NaN"/> when empty.</returns>
    /// <exception cref="InvalidOperationException">The monitor does not keep its values.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside [0, 100].</exception>
    public double Percentile(double percent)
    {
        if (!(percent >= 0 && percent <= 100))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(percent), percent, "A percentile is between 0 and 100.");
        }

        (double[] values, double[] weights) = Sorted();
        double total = 0;
        foreach (double w in weights)
        {
            total += w;
        }

        if (total <= 0)
        {
            return double.NaN;
        }

        double target = percent / 100.0 * total;
        double running = 0;
        for (int i = 0; i < values.Length; i++)
        {
            running += weights[i];
            if (running >= target && weights[i] > 0)
            {
                return values[i];
            }
        }

        return values[values.Length - 1];
    }

    /// <summary>The median (50th percentile). Needs <see cref="Collects"/>.</summary>
    /// <returns>The median.</returns>
    public double Median() => Percentile(50);

    /// <summary>A histogram of the values: <paramref name="bins"/> bins of width <paramref name="binWidth"/> from
    /// <paramref name="lowerBound"/>, plus one bin below and one above. Needs <see cref="Collects"/>.</summary>
    /// <param name="lowerBound">The lower edge of the first bin.</param>
    /// <param name="binWidth">The width of each bin; greater than zero.</param>
    /// <param name="bins">The number of regular bins; at least 1.</param>
    /// <returns>The histogram; weights are counts for samples, durations for time series.</returns>
    public Histogram Histogram(double lowerBound, double binWidth, int bins)
    {
        var histogram = new Histogram(lowerBound, binWidth, bins);
        (double[] values, double[] weights) = Sorted();
        for (int i = 0; i < values.Length; i++)
        {
            histogram.Add(values[i], weights[i]);
        }

        return histogram;
    }

    /// <summary>A histogram with <paramref name="bins"/> equal bins spanning <see cref="Min"/> to <see cref="Max"/>.</summary>
    /// <param name="bins">The number of bins; at least 1.</param>
    /// <returns>The histogram.</returns>
    public Histogram Histogram(int bins = 10)
    {
        double min = Min, max = Max;
        if (double.IsNaN(min))
        {
            min = 0;
            max = 1;
        }

        double width = max > min ? (max - min) / bins : 1;
        return Histogram(min, width, bins);
    }

    /// <summary>Forgets every value (a warm-up period ends).</summary>
    public virtual void Reset()
    {
        _weightSum = 0;
        _mean = 0;
        _m2 = 0;
        _min = double.PositiveInfinity;
        _max = double.NegativeInfinity;
        _count = 0;
        _values?.Clear();
        _weights?.Clear();
    }

    /// <inheritdoc/>
    public override string ToString() => Name + ": n=" + _count + " mean=" + Mean.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture);

    // The weight not yet added (a time series' current value since its last change) is added before reading.
    private protected virtual double FlushedWeight() => _weightSum;

    private protected double WeightedMean() => _mean;

    // Adds value with weight (1 for a sample, a duration for a time series): West's weighted Welford update.
    private protected void Accumulate(double value, double weight)
    {
        if (weight <= 0)
        {
            return;
        }

        _weightSum += weight;
        double delta = value - _mean;
        _mean += weight / _weightSum * delta;
        _m2 += weight * delta * (value - _mean);
        _values?.Add(value);
        _weights?.Add(weight);
    }

    private protected void See(double value)
    {
        _count++;
        if (value < _min)
        {
            _min = value;
        }

        if (value > _max)
        {
            _max = value;
        }
    }

    // The kept values and weights sorted by value, plus any pending weight of a time series.
    private protected virtual (double[] Values, double[] Weights) Sorted()
    {
        if (_values is null)
        {
            ThrowHelper.ThrowInvalidOperation("Monitor '" + Name + "' does not keep its values; create it with collect: true for percentiles and histograms.");
        }

        FlushedWeight();
        double[] values = _values.ToArray();
        double[] weights = _weights!.ToArray();
        Array.Sort(values, weights);
        return (values, weights);
    }
}
