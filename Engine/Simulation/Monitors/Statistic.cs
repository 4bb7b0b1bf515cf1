using System;

namespace Engine.Simulation;

/// <summary>
/// What every monitor reports: count, mean, standard deviation, minimum, maximum, percentiles and a histogram, over
/// plain samples (<see cref="SampleMonitor"/>) or over values weighted by how long they held (<see cref="TimeSeriesMonitor"/>).
/// </summary>
/// <remarks>Design: the mean and variance are kept on the fly by Welford's method (West's weighted form for time series),
/// so they cost a few operations per update and no memory. Percentiles and histograms need the values: a monitor keeps
/// them only when created with <c>collect: true</c>, in fixed chunks that never copy as they grow (ChunkedLog). A sample's
/// weight is always 1, so a sample monitor keeps only the value, 8 bytes a sample: its values sorted so far, plus the
/// ones added since, which the next percentile or histogram sorts and merges in (the result is the same sorted multiset,
/// and every weight sum is a count, exact, so the results are the bits the full sort gave). A time series keeps each
/// (value, duration) pair, 16 bytes a change, in the order they came, because its percentiles add durations in the order
/// of the sort of all pairs (equal values keep that sort's order); the sorted pairs are cached until the next change.
/// So percentile after percentile on an unchanged monitor never sorts again.</remarks>
public abstract partial class Statistic
{
    private readonly bool _collect;
    private readonly bool _weighted;
    private ChunkedLog? _added; // samples added since the last sort; a time series' values in the order they came
    private ChunkedLog? _addedWeights; // a time series' durations, pair by pair with _added
    private double[] _sorted = Array.Empty<double>(); // samples: every value sorted so far; time series: the cached sort
    private double[]? _sortedWeights; // time series: the cached sort's durations, null when stale
    private double _sortedTotal; // time series: the cached durations summed in sorted order
    private double _weightSum;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _count;

    private protected Statistic(string name, bool collect, bool weighted)
    {
        Name = name ?? throw new ArgumentNullException(nameof(name));
        _collect = collect;
        _weighted = weighted;
        if (collect)
        {
            _added = new ChunkedLog();
            _addedWeights = weighted ? new ChunkedLog() : null;
        }
    }

    /// <summary>The monitor's name, used in reports.</summary>
    public string Name { get; }

    /// <summary>Whether the monitor keeps its values for <see cref="Percentile(double)"/> and <see cref="Histogram(double, double, int)"/>.</summary>
    public bool Collects => _collect;

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

        CheckCollects();
        FlushedWeight();
        if (!_weighted)
        {
            // Every weight is 1: the running sum after the i-th sorted value is i + 1, exactly, so the first value whose
            // running sum reaches the target is found at once.
            double[] sorted = SortedSamples();
            if (sorted.Length == 0)
            {
                return double.NaN;
            }

            double rank = Math.Ceiling(percent / 100.0 * sorted.Length);
            int index = rank <= 1 ? 0 : (int)Math.Min(rank - 1, sorted.Length - 1);
            return sorted[index];
        }

        (double[] values, double[] weights, double total) = SortedSeries();
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
        CheckCollects();
        FlushedWeight();
        if (!_weighted)
        {
            // Each bin counts samples: any order gives the same counts, so nothing is sorted.
            foreach (double value in _sorted)
            {
                histogram.Add(value, 1);
            }

            for (int i = 0; i < _added!.Count; i++)
            {
                histogram.Add(_added[i], 1);
            }

            return histogram;
        }

        (double[] values, double[] weights, _) = SortedSeries();
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
        _added?.Clear();
        _addedWeights?.Clear();
        _sorted = Array.Empty<double>();
        _sortedWeights = null;
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
        if (_added is not null)
        {
            _added.Add(value);
            if (_addedWeights is not null)
            {
                _addedWeights.Add(weight);
                _sortedWeights = null;
                _sorted = Array.Empty<double>();
            }
        }
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

    private void CheckCollects()
    {
        if (!_collect)
        {
            ThrowHelper.ThrowInvalidOperation("Monitor '" + Name + "' does not keep its values; create it with collect: true for percentiles and histograms.");
        }
    }

    // Every sample, sorted: the samples added since the last call are sorted and merged into the sorted ones, so a
    // report over an unchanged monitor sorts nothing, and one after k new samples costs O(k log k + n).
    private protected double[] SortedSamples()
    {
        ChunkedLog added = _added!;
        if (added.Count == 0)
        {
            return _sorted;
        }

        double[] fresh = new double[added.Count];
        added.CopyTo(fresh);
        added.Clear();
        Array.Sort(fresh);
        double[] old = _sorted;
        if (old.Length == 0)
        {
            _sorted = fresh;
            return fresh;
        }

        double[] merged = new double[old.Length + fresh.Length];
        int i = 0, j = 0, k = 0;
        while (i < old.Length && j < fresh.Length)
        {
            merged[k++] = fresh[j] < old[i] ? fresh[j++] : old[i++];
        }

        old.AsSpan(i).CopyTo(merged.AsSpan(k));
        fresh.AsSpan(j).CopyTo(merged.AsSpan(k + old.Length - i));
        _sorted = merged;
        return merged;
    }

    // A time series' (value, duration) pairs sorted by value as Array.Sort orders them from the order they came, and
    // their durations summed in that order; cached until the next change.
    private (double[] Values, double[] Weights, double Total) SortedSeries()
    {
        if (_sortedWeights is null)
        {
            ChunkedLog added = _added!, weights = _addedWeights!;
            double[] values = new double[added.Count];
            double[] sortedWeights = new double[weights.Count];
            added.CopyTo(values);
            weights.CopyTo(sortedWeights);
            Array.Sort(values, sortedWeights);
            double total = 0;
            foreach (double w in sortedWeights)
            {
                total += w;
            }

            _sorted = values;
            _sortedWeights = sortedWeights;
            _sortedTotal = total;
        }

        return (_sorted, _sortedWeights, _sortedTotal);
    }
}
