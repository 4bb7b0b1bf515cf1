using System;
using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// A continuous distribution taken from observed data: draws follow the data's empirical distribution, interpolating
/// linearly between neighbouring observations (the inverse of the piecewise-linear empirical CDF).
/// </summary>
/// <remarks>Method: the observations are sorted once; a draw takes <c>p = u * (n - 1)</c> and returns
/// <c>x[floor(p)] + (p - floor(p)) * (x[floor(p) + 1] - x[floor(p)])</c>, so every draw lies between the smallest and the
/// largest observation. With one observation it always returns it.</remarks>
public sealed class EmpiricalDistribution
{
    private readonly double[] _sorted;

    /// <summary>Creates the distribution from <paramref name="observations"/>.</summary>
    /// <param name="observations">At least one finite observation, in any order.</param>
    /// <exception cref="ArgumentException">No observation, or one is NaN or infinite.</exception>
    public EmpiricalDistribution(IEnumerable<double> observations)
    {
        if (observations is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(observations));
        }

        _sorted = new List<double>(observations).ToArray();
        if (_sorted.Length == 0)
        {
            throw new ArgumentException("An empirical distribution needs at least one observation.", nameof(observations));
        }

        for (int i = 0; i < _sorted.Length; i++)
        {
            if (double.IsNaN(_sorted[i]) || double.IsInfinity(_sorted[i]))
            {
                throw new ArgumentException("Observation " + i + " is " + _sorted[i] + "; observations must be finite.", nameof(observations));
            }
        }

        Array.Sort(_sorted);
    }

    /// <summary>The number of observations.</summary>
    public int Count => _sorted.Length;

    /// <summary>Draws a value.</summary>
    /// <param name="stream">The random stream to draw from.</param>
    /// <returns>The value.</returns>
    public double Sample(RandomStream stream)
    {
        if (stream is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(stream));
        }

        double p = stream.NextDouble() * (_sorted.Length - 1);
        int i = (int)p;
        if (i >= _sorted.Length - 1)
        {
            return _sorted[_sorted.Length - 1];
        }

        return _sorted[i] + ((p - i) * (_sorted[i + 1] - _sorted[i]));
    }
}
