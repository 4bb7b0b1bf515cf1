using System;
using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// A discrete distribution over given values with given weights: <c>var d = new DiscreteDistribution&lt;string&gt;(new[] { "a", "b" },
/// new[] { 0.25, 0.75 }); string x = d.Sample(stream);</c>.
/// </summary>
/// <typeparam name="T">The value type.</typeparam>
/// <remarks>Method: the weights' running sums are computed once; a draw takes <c>u * total</c> and returns the first value
/// whose running sum exceeds it (binary search), so a draw costs one uniform and O(log n).</remarks>
public sealed class DiscreteDistribution<T>
{
    private readonly T[] _values;
    private readonly double[] _cumulative;

    /// <summary>Creates the distribution.</summary>
    /// <param name="values">The values.</param>
    /// <param name="weights">One weight per value: zero or more, finite, not all zero (they need not add up to 1).</param>
    /// <exception cref="ArgumentException">The lists are empty or of different lengths, a weight is negative or not
    /// finite, or all weights are zero.</exception>
    public DiscreteDistribution(IEnumerable<T> values, IEnumerable<double> weights)
    {
        if (values is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(values));
        }

        if (weights is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(weights));
        }

        _values = new List<T>(values).ToArray();
        double[] w = new List<double>(weights).ToArray();
        if (_values.Length == 0 || _values.Length != w.Length)
        {
            throw new ArgumentException("A discrete distribution needs one weight per value and at least one value; got " +
                _values.Length + " values and " + w.Length + " weights.", nameof(weights));
        }

        _cumulative = new double[w.Length];
        double total = 0;
        for (int i = 0; i < w.Length; i++)
        {
            if (!(w[i] >= 0) || double.IsInfinity(w[i]))
            {
                throw new ArgumentException("Weight " + i + " of a discrete distribution is " + w[i] + "; weights must be finite and zero or more.", nameof(weights));
            }

            total += w[i];
            _cumulative[i] = total;
        }

        if (total <= 0)
        {
            throw new ArgumentException("A discrete distribution needs at least one weight above zero.", nameof(weights));
        }
    }

    /// <summary>The values, in the order given.</summary>
    public IReadOnlyList<T> Values => _values;

    /// <summary>Draws a value.</summary>
    /// <param name="stream">The random stream to draw from.</param>
    /// <returns>The value.</returns>
    public T Sample(RandomStream stream)
    {
        if (stream is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(stream));
        }

        double x = stream.NextDouble() * _cumulative[_cumulative.Length - 1];
        int lo = 0, hi = _cumulative.Length - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) >> 1;
            if (_cumulative[mid] > x)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return _values[lo];
    }
}
