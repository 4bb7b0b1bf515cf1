using System;
using System.Globalization;
using System.Text;

namespace Engine.Simulation;

/// <summary>
/// Weights of values in equal bins: <see cref="Bins"/> regular bins of width <see cref="BinWidth"/> from
/// <see cref="LowerBound"/>, with <see cref="Underflow"/> below and <see cref="Overflow"/> above. Made by
/// <see cref="Statistic.Histogram(double, double, int)"/>.
/// </summary>
public sealed class Histogram
{
    private readonly double[] _weights;

    internal Histogram(double lowerBound, double binWidth, int bins)
    {
        if (double.IsNaN(lowerBound) || double.IsInfinity(lowerBound))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(lowerBound), lowerBound, "A histogram's lower bound must be finite.");
        }

        if (!(binWidth > 0) || double.IsInfinity(binWidth))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(binWidth), binWidth, "A histogram's bin width must be finite and greater than zero.");
        }

        if (bins < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(bins), bins, "A histogram needs at least one bin.");
        }

        LowerBound = lowerBound;
        BinWidth = binWidth;
        _weights = new double[bins];
    }

    /// <summary>The lower edge of the first bin.</summary>
    public double LowerBound { get; }

    /// <summary>The width of each bin.</summary>
    public double BinWidth { get; }

    /// <summary>The number of regular bins.</summary>
    public int Bins => _weights.Length;

    /// <summary>The weight below <see cref="LowerBound"/>.</summary>
    public double Underflow { get; private set; }

    /// <summary>The weight at or above the upper edge of the last bin.</summary>
    public double Overflow { get; private set; }

    /// <summary>The weight in bin <paramref name="bin"/>: values in [LowerBound + bin × BinWidth, LowerBound + (bin + 1) × BinWidth).
    /// The largest value of a histogram spanning Min to Max goes in the last bin.</summary>
    /// <param name="bin">0 to <see cref="Bins"/> − 1.</param>
    public double this[int bin] => _weights[bin];

    /// <summary>The histogram as text: one line per bin with its range, weight and a bar.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        double max = Math.Max(Underflow, Overflow);
        foreach (double w in _weights)
        {
            max = Math.Max(max, w);
        }

        var text = new StringBuilder();
        void Line(string range, double weight)
        {
            int bar = max > 0 ? (int)Math.Round(weight / max * 40) : 0;
            text.Append(range.PadLeft(24)).Append(' ').Append(weight.ToString("0.###", inv).PadLeft(12)).Append(' ').Append('#', bar).Append('\n');
        }

        if (Underflow > 0)
        {
            Line("< " + LowerBound.ToString("0.###", inv), Underflow);
        }

        for (int i = 0; i < _weights.Length; i++)
        {
            double lo = LowerBound + (i * BinWidth);
            Line("[" + lo.ToString("0.###", inv) + ", " + (lo + BinWidth).ToString("0.###", inv) + ")", _weights[i]);
        }

        if (Overflow > 0)
        {
            Line(">= " + (LowerBound + (_weights.Length * BinWidth)).ToString("0.###", inv), Overflow);
        }

        return text.ToString();
    }

    internal void Add(double value, double weight)
    {
        double position = (value - LowerBound) / BinWidth;
        if (position < 0)
        {
            Underflow += weight;
            return;
        }

        int bin = (int)Math.Floor(position);
        if (bin >= _weights.Length)
        {
            // The upper edge itself belongs to the last bin, so Min..Max histograms hold their maximum.
            if (position <= _weights.Length + 1e-9 && bin == _weights.Length)
            {
                bin = _weights.Length - 1;
            }
            else
            {
                Overflow += weight;
                return;
            }
        }

        _weights[bin] += weight;
    }
}
