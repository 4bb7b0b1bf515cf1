using System;

namespace Engine.Simulation;

// The continuous and integer distributions, each drawn from the stream's uniform numbers by the documented method.
// Parameters are checked on every call: a bad one throws at the draw that uses it, in the process that drew, and the
// simulation keeps running the others.
public sealed partial class RandomStream
{
    /// <summary>Uniform in [<paramref name="min"/>, <paramref name="max"/>): <c>min + (max - min) * u</c>.</summary>
    /// <param name="min">The lower bound.</param>
    /// <param name="max">The upper bound; not below <paramref name="min"/>.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A bound is not finite, or <paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public double Uniform(double min, double max)
    {
        CheckFinite(min, nameof(min), "Uniform");
        CheckFinite(max, nameof(max), "Uniform");
        if (min > max)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(min), min, "Uniform needs min <= max; got min " + min + " > max " + max + ".");
        }

        return min + ((max - min) * NextDouble());
    }

    /// <summary>An integer uniform in [<paramref name="min"/>, <paramref name="max"/>], both included (Python's <c>randint</c>).</summary>
    /// <param name="min">The lowest value.</param>
    /// <param name="max">The highest value; not below <paramref name="min"/>.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="min"/> &gt; <paramref name="max"/>.</exception>
    public long Integer(long min, long max)
    {
        if (min > max)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(min), min, "Integer needs min <= max; got min " + min + " > max " + max + ".");
        }

        ulong span = (ulong)(max - min) + 1;
        return span == 0 ? (long)NextUInt64() : min + (long)NextBounded(span);
    }

    /// <summary><see langword="true"/> with probability <paramref name="p"/>: <c>u &lt; p</c>.</summary>
    /// <param name="p">The probability, in [0, 1].</param>
    /// <returns>The outcome.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="p"/> is outside [0, 1].</exception>
    public bool Bernoulli(double p)
    {
        if (!(p >= 0 && p <= 1))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(p), p, "Bernoulli needs a probability between 0 and 1.");
        }

        return NextDouble() < p;
    }

    /// <summary>Exponential with mean <paramref name="mean"/> (rate 1/mean): <c>-mean * ln(1 - u)</c>.</summary>
    /// <param name="mean">The mean; greater than zero.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The mean is zero, negative or not finite.</exception>
    public double Exponential(double mean)
    {
        CheckPositive(mean, nameof(mean), "Exponential");
        return -mean * Math.Log(1.0 - NextDouble());
    }

    /// <summary>Exponential with rate <paramref name="rate"/> (Python's <c>expovariate(rate)</c>): <c>-ln(1 - u) / rate</c>.</summary>
    /// <param name="rate">The rate; greater than zero.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The rate is zero, negative or not finite.</exception>
    public double ExponentialRate(double rate)
    {
        CheckPositive(rate, nameof(rate), "ExponentialRate");
        return -Math.Log(1.0 - NextDouble()) / rate;
    }

    /// <summary>Normal (Gaussian) by the Box–Muller transform, one pair of uniforms per number:
    /// <c>mean + sd * sqrt(-2 ln(1 - u1)) * cos(2 pi u2)</c>.</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="standardDeviation">The standard deviation; zero or more.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or the deviation is negative.</exception>
    public double Normal(double mean, double standardDeviation)
    {
        CheckFinite(mean, nameof(mean), "Normal");
        CheckFinite(standardDeviation, nameof(standardDeviation), "Normal");
        if (standardDeviation < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(standardDeviation), standardDeviation, "Normal needs a standard deviation of zero or more.");
        }

        return mean + (standardDeviation * StandardNormal());
    }

    /// <summary>Log-normal: <c>exp(Normal(mu, sigma))</c>, where <paramref name="mu"/> and <paramref name="sigma"/> are the
    /// mean and standard deviation of the underlying normal (Python's <c>lognormvariate</c>).</summary>
    /// <param name="mu">The mean of the logarithm.</param>
    /// <param name="sigma">The standard deviation of the logarithm; zero or more.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not finite, or sigma is negative.</exception>
    public double LogNormal(double mu, double sigma) => Math.Exp(Normal(mu, sigma));

    /// <summary>Triangular on [<paramref name="min"/>, <paramref name="max"/>] with peak <paramref name="mode"/>, by inversion:
    /// <c>min + sqrt(u (max - min)(mode - min))</c> when <c>u &lt; (mode - min)/(max - min)</c>, else
    /// <c>max - sqrt((1 - u)(max - min)(max - mode))</c>.</summary>
    /// <param name="min">The lowest value.</param>
    /// <param name="max">The highest value.</param>
    /// <param name="mode">The most likely value, between them.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Not min &lt;= mode &lt;= max, or a parameter is not finite.</exception>
    public double Triangular(double min, double max, double mode)
    {
        CheckFinite(min, nameof(min), "Triangular");
        CheckFinite(max, nameof(max), "Triangular");
        CheckFinite(mode, nameof(mode), "Triangular");
        if (!(min <= mode && mode <= max))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(mode), mode, "Triangular needs min <= mode <= max; got min " + min + ", mode " + mode + ", max " + max + ".");
        }

        double u = NextDouble();
        double width = max - min;
        if (width == 0)
        {
            return min;
        }

        return u < (mode - min) / width
            ? min + Math.Sqrt(u * width * (mode - min))
            : max - Math.Sqrt((1.0 - u) * width * (max - mode));
    }

    /// <summary>Erlang: the sum of <paramref name="k"/> exponentials, each with mean <c>mean / k</c>, as
    /// <c>-(mean / k) * sum ln(1 - u_i)</c>.</summary>
    /// <param name="k">The shape (number of phases); at least 1.</param>
    /// <param name="mean">The mean of the sum; greater than zero.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="k"/> is below 1, or the mean is not positive and finite.</exception>
    public double Erlang(int k, double mean)
    {
        if (k < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(k), k, "Erlang needs at least one phase.");
        }

        CheckPositive(mean, nameof(mean), "Erlang");
        double sum = 0;
        for (int i = 0; i < k; i++)
        {
            sum += Math.Log(1.0 - NextDouble());
        }

        return -(mean / k) * sum;
    }

    /// <summary>Gamma with shape <paramref name="shape"/> and scale <paramref name="scale"/> (mean shape × scale), by
    /// Marsaglia and Tsang's method (2000) over <see cref="Normal(double, double)"/> and uniforms; a shape below 1 uses
    /// <c>Gamma(shape + 1) * u^(1/shape)</c>.</summary>
    /// <param name="shape">The shape; greater than zero.</param>
    /// <param name="scale">The scale; greater than zero.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public double Gamma(double shape, double scale)
    {
        CheckPositive(shape, nameof(shape), "Gamma");
        CheckPositive(scale, nameof(scale), "Gamma");
        if (shape < 1)
        {
            double g = GammaAtLeastOne(shape + 1.0);
            return scale * g * Math.Pow(1.0 - NextDouble(), 1.0 / shape);
        }

        return scale * GammaAtLeastOne(shape);
    }

    /// <summary>Weibull with shape <paramref name="shape"/> and scale <paramref name="scale"/>, by inversion:
    /// <c>scale * (-ln(1 - u))^(1/shape)</c>.</summary>
    /// <param name="shape">The shape; greater than zero.</param>
    /// <param name="scale">The scale; greater than zero.</param>
    /// <returns>The number.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A parameter is not positive and finite.</exception>
    public double Weibull(double shape, double scale)
    {
        CheckPositive(shape, nameof(shape), "Weibull");
        CheckPositive(scale, nameof(scale), "Weibull");
        return scale * Math.Pow(-Math.Log(1.0 - NextDouble()), 1.0 / shape);
    }

    /// <summary>One of <paramref name="items"/>, each equally likely.</summary>
    /// <typeparam name="T">The item type.</typeparam>
    /// <param name="items">The items; at least one.</param>
    /// <returns>The item.</returns>
    /// <exception cref="ArgumentException"><paramref name="items"/> is empty.</exception>
    public T Choice<T>(System.Collections.Generic.IReadOnlyList<T> items)
    {
        if (items is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(items));
        }

        if (items.Count == 0)
        {
            throw new ArgumentException("Choice needs at least one item.", nameof(items));
        }

        return items[(int)NextBounded((ulong)items.Count)];
    }

    // A standard normal number: Box–Muller with 1 - u1 in (0, 1], so the logarithm is finite.
    private double StandardNormal()
    {
        double u1 = 1.0 - NextDouble();
        double u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    private double GammaAtLeastOne(double shape)
    {
        double d = shape - (1.0 / 3.0);
        double c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x = StandardNormal();
            double v = 1.0 + (c * x);
            if (v <= 0)
            {
                continue;
            }

            v = v * v * v;
            double u = 1.0 - NextDouble();
            if (u < 1.0 - (0.0331 * x * x * x * x) || Math.Log(u) < (0.5 * x * x) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }
}
