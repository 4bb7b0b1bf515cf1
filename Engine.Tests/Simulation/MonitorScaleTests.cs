using System;
using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// Monitors that keep their values: a sample monitor keeps 8 bytes a sample and sorts only the samples added since its
// last report, a time series keeps 16 bytes a change and caches its sorted pairs until the next change. Every result
// must be the bits the plain algorithm gives (copy every (value, weight) pair in the order added, Array.Sort by value,
// sum the weights in that order): Reference below is that algorithm, and the tests compare bit for bit over shapes
// with many ties, reports between adds, resets and snapshots.
[TestClass]
public sealed class MonitorScaleTests
{
    private static readonly double[] Percents = { 0, 0.1, 1, 5, 10, 25, 33.3, 50, 66.7, 75, 90, 95, 99, 99.9, 100 };

    [TestMethod]
    [DataRow(1, 1)]
    [DataRow(2, 7)]
    [DataRow(3, 100)]
    [DataRow(4, 10_000)]
    [DataRow(5, 50_000)]
    public void Sample_percentiles_and_histograms_are_the_bits_of_a_full_sort_with_reports_between_adds(int seed, int count)
    {
        var rng = new Random(seed);
        var monitor = new SampleMonitor("m", collect: true);
        var reference = new Reference();
        for (int i = 0; i < count; i++)
        {
            // Many ties (a few distinct values), negatives, and a spread of magnitudes.
            double v = (i % 3) switch
            {
                0 => rng.Next(-5, 6),
                1 => rng.NextDouble() * 1e6 - 5e5,
                _ => Math.Round(rng.NextDouble() * 20, 1),
            };
            monitor.Add(v);
            reference.Add(v, 1);
            if (rng.Next(Math.Max(1, count / 8)) == 0)
            {
                Compare(monitor, reference);
            }
        }

        Compare(monitor, reference);
        Compare(monitor, reference); // again on the unchanged monitor, from the cached sort
    }

    [TestMethod]
    public void A_sample_monitor_reset_then_refilled_reports_only_the_new_samples()
    {
        var monitor = new SampleMonitor("m", collect: true);
        for (int i = 0; i < 1000; i++)
        {
            monitor.Add(i);
        }

        Assert.AreEqual(499, monitor.Median()); // nearest rank: the 500th of 1000
        monitor.Reset();
        Assert.IsTrue(double.IsNaN(monitor.Percentile(50)));
        Assert.AreEqual(0, monitor.Histogram(0, 1, 3).Underflow + monitor.Histogram(0, 1, 3).Overflow);
        var reference = new Reference();
        foreach (double v in new[] { 3.0, 1, 2, 2, 9 })
        {
            monitor.Add(v);
            reference.Add(v, 1);
        }

        Compare(monitor, reference);
    }

    [TestMethod]
    [DataRow(1, 10)]
    [DataRow(2, 1000)]
    [DataRow(3, 20_000)]
    public void Time_series_percentiles_and_histograms_are_the_bits_of_a_full_sort_with_reports_between_changes(int seed, int count)
    {
        using var env = new SimEnvironment();
        var monitor = new TimeSeriesMonitor(env, "q", initial: 0, collect: true);
        var reference = new SeriesReference(env);
        var rng = new Random(seed);
        var checks = 0;
        IEnumerator<Yield> Driver()
        {
            for (int i = 0; i < count; i++)
            {
                // Durations that do not add up exactly (thirds, tenths), few distinct values, and now and then two
                // changes at one time, so the order in which equal values' durations are summed decides the last bits.
                double value = rng.Next(8);
                monitor.UpdateTo(value);
                reference.UpdateTo(value);
                if (rng.Next(5) > 0)
                {
                    yield return Yield.Seconds(rng.Next(1, 4) / 3.0 + rng.Next(10) / 10.0);
                }

                if (rng.Next(Math.Max(1, count / 8)) == 0)
                {
                    CompareSeries(monitor, reference);
                    checks++;
                }
            }
        }

        env.Process(Driver());
        env.Run();
        CompareSeries(monitor, reference);
        CompareSeries(monitor, reference);
        Assert.IsTrue(checks > 0);
    }

    [TestMethod]
    public void Percentile_after_percentile_on_an_unchanged_monitor_allocates_nothing()
    {
        var samples = new SampleMonitor("m", collect: true);
        using var env = new SimEnvironment();
        var series = new TimeSeriesMonitor(env, "q", collect: true);
        var rng = new Random(5);
        IEnumerator<Yield> Driver()
        {
            for (int i = 0; i < 5000; i++)
            {
                samples.Add(rng.NextDouble());
                series.UpdateTo(rng.Next(10));
                yield return Yield.Seconds(1);
            }
        }

        env.Process(Driver());
        env.Run();
        double sum = samples.Percentile(50) + series.Percentile(50); // sorts once each
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k <= 100; k++)
        {
            sum += samples.Percentile(k) + series.Percentile(k);
        }

        Assert.AreEqual(0, GC.GetAllocatedBytesForCurrentThread() - before, "a percentile on an unchanged monitor sorted again");
        Assert.IsTrue(sum > 0);
    }

    [TestMethod]
    public void Sample_reports_do_not_depend_on_the_reports_made_before()
    {
        var a = new SampleMonitor("m", collect: true);
        var b = new SampleMonitor("m", collect: true);
        var rng = new Random(9);
        for (int i = 0; i < 3000; i++)
        {
            double v = rng.Next(100) / 7.0;
            a.Add(v);
            b.Add(v);
            if (i == 1000)
            {
                _ = a.Percentile(50); // a has a sorted part and an unsorted part, b only an unsorted one
            }
        }

        var report = new MonitorReport(a);
        string text = report.ToText();
        Assert.AreEqual(new MonitorReport(b).ToCsv(), new MonitorReport(a).ToCsv());
        Assert.AreEqual(text, new MonitorReport(b).ToText());
    }

    private static void Compare(SampleMonitor monitor, Reference reference)
    {
        foreach (double p in Percents)
        {
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(reference.Percentile(p)), BitConverter.DoubleToInt64Bits(monitor.Percentile(p)), "percentile " + p);
        }

        CompareHistograms(reference, monitor.Histogram(7), reference.Histogram(monitor.Min, monitor.Max, 7));
        CompareHistograms(reference, monitor.Histogram(-3, 0.5, 20), reference.Histogram(-3, 0.5, 20, exact: true));
    }

    private static void CompareSeries(TimeSeriesMonitor monitor, SeriesReference series)
    {
        Reference reference = series.Flushed();
        foreach (double p in Percents)
        {
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(reference.Percentile(p)), BitConverter.DoubleToInt64Bits(monitor.Percentile(p)), "percentile " + p);
        }

        CompareHistograms(reference, monitor.Histogram(5), reference.Histogram(monitor.Min, monitor.Max, 5));
        CompareHistograms(reference, monitor.Histogram(1, 1.5, 4), reference.Histogram(1, 1.5, 4, exact: true));
    }

    private static void CompareHistograms(Reference reference, Histogram actual, (double[] Bins, double Under, double Over) expected)
    {
        Assert.AreEqual(expected.Bins.Length, actual.Bins);
        for (int i = 0; i < expected.Bins.Length; i++)
        {
            Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected.Bins[i]), BitConverter.DoubleToInt64Bits(actual[i]), "bin " + i);
        }

        Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected.Under), BitConverter.DoubleToInt64Bits(actual.Underflow));
        Assert.AreEqual(BitConverter.DoubleToInt64Bits(expected.Over), BitConverter.DoubleToInt64Bits(actual.Overflow));
    }

    // A time series' pairs as the monitor records them: the value held counts from its change to the next change at a
    // later time, and up to now when read.
    private sealed class SeriesReference
    {
        private readonly SimEnvironment _env;
        private readonly Reference _pairs = new();
        private double _current;
        private double _since;

        public SeriesReference(SimEnvironment env)
        {
            _env = env;
            _since = env.Now;
        }

        public void UpdateTo(double value)
        {
            Flushed();
            _current = value;
        }

        public Reference Flushed()
        {
            if (_env.Now > _since)
            {
                _pairs.Add(_current, _env.Now - _since);
                _since = _env.Now;
            }

            return _pairs;
        }
    }

    // The plain algorithm every monitor used before it kept its values in chunks: every pair in a list, copied and
    // sorted for each percentile and histogram.
    private sealed class Reference
    {
        private readonly List<double> _values = new();
        private readonly List<double> _weights = new();

        public void Add(double value, double weight)
        {
            _values.Add(value);
            _weights.Add(weight);
        }

        public double Percentile(double percent)
        {
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

        public (double[] Bins, double Under, double Over) Histogram(double min, double max, int bins)
        {
            double width = max > min ? (max - min) / bins : 1;
            return Histogram(min, width, bins, exact: true);
        }

        public (double[] Bins, double Under, double Over) Histogram(double lowerBound, double binWidth, int bins, bool exact)
        {
            var h = new Engine.Simulation.Histogram(lowerBound, binWidth, bins);
            (double[] values, double[] weights) = Sorted();
            for (int i = 0; i < values.Length; i++)
            {
                h.Add(values[i], weights[i]);
            }

            var result = new double[bins];
            for (int i = 0; i < bins; i++)
            {
                result[i] = h[i];
            }

            return (result, h.Underflow, h.Overflow);
        }

        private (double[] Values, double[] Weights) Sorted()
        {
            double[] values = _values.ToArray();
            double[] weights = _weights.ToArray();
            Array.Sort(values, weights);
            return (values, weights);
        }
    }
}
