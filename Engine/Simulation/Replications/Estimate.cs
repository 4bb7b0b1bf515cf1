using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// The mean of a statistic over independent replications, with its confidence interval (Student's t): the estimate a
/// simulation study reports, such as "mean wait 4.12 ± 0.08 (95%)".
/// </summary>
public readonly struct Estimate
{
    internal Estimate(int count, double mean, double standardDeviation, double level, double halfWidth)
    {
        Count = count;
        Mean = mean;
        StandardDeviation = standardDeviation;
        Level = level;
        HalfWidth = halfWidth;
    }

    /// <summary>The number of replications.</summary>
    public int Count { get; }

    /// <summary>The mean over replications.</summary>
    public double Mean { get; }

    /// <summary>The sample standard deviation over replications (n − 1 in the denominator).</summary>
    public double StandardDeviation { get; }

    /// <summary>The confidence level, such as 0.95.</summary>
    public double Level { get; }

    /// <summary>Half the width of the interval: t(level, n − 1) × s / √n. <see cref="double.NaN"/> with one replication.</summary>
    public double HalfWidth { get; }

    /// <summary>The lower end of the interval.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>The upper end of the interval.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>Estimates the mean of <paramref name="values"/> with a <paramref name="level"/> confidence interval.</summary>
    /// <param name="values">One value per replication; at least one, all finite.</param>
    /// <param name="level">The confidence level, between 0 and 1 (exclusive).</param>
    /// <returns>The estimate.</returns>
    /// <exception cref="ArgumentException">No value, or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not between 0 and 1.</exception>
    public static Estimate Of(IEnumerable<double> values, double level = 0.95)
    {
        if (values is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(values));
        }

        if (!(level > 0 && level < 1))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(level), level, "A confidence level is between 0 and 1, such as 0.95.");
        }

        int n = 0;
        double mean = 0, m2 = 0;
        foreach (double x in values)
        {
            if (double.IsNaN(x) || double.IsInfinity(x))
            {
                throw new ArgumentException("Replication value " + n + " is " + x + "; estimates need finite values.", nameof(values));
            }

            n++;
            double delta = x - mean;
            mean += delta / n;
            m2 += delta * (x - mean);
        }

        if (n == 0)
        {
            throw new ArgumentException("An estimate needs at least one replication.", nameof(values));
        }

        double sd = n > 1 ? Math.Sqrt(m2 / (n - 1)) : double.NaN;
        double half = n > 1 ? StudentT.Quantile(0.5 + (level / 2), n - 1) * sd / Math.Sqrt(n) : double.NaN;
        return new Estimate(n, mean, sd, level, half);
    }

    /// <summary>The estimate as <c>mean ± half-width (level%, n=count)</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        return Mean.ToString("0.####", inv) + " ± " + HalfWidth.ToString("0.####", inv) + " (" + (Level * 100).ToString("0.#", inv) + "%, n=" +
            Count.ToString(inv) + ")";
    }
}
