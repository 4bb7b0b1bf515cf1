using System;
using System.Collections.Generic;
using System.Text;

namespace Engine.Simulation;

/// <summary>
/// A seeded random number stream with a fixed, documented algorithm: the same seed gives the same numbers on every
/// platform, .NET version and run. Get one per component from <see cref="SimEnvironment.RandomStream(string)"/>, or make
/// one with <see cref="RandomStream(ulong)"/>.
/// </summary>
/// <remarks>
/// <para>
/// Algorithm: xoshiro256** (Blackman and Vigna, 2018) over 256 bits of state, seeded by running SplitMix64 from the seed
/// four times. <see cref="NextDouble"/> is the top 53 bits of the next output times 2^-53, uniform in [0, 1). A named
/// stream's seed is SplitMix64(seed XOR FNV-1a-64(UTF-8 name)), so streams of different names are unrelated and adding
/// a stream leaves the others unchanged. <see cref="Jump"/> advances 2^128 steps for non-overlapping sub-streams.
/// </para>
/// <para>
/// The integer sequence is bit-for-bit identical everywhere. The distributions build on it with ordinary arithmetic
/// and <see cref="Math"/>'s logarithm, exponential, power and cosine, which the common platforms round identically;
/// each method documents its method so other implementations can reproduce it. The state is four numbers
/// (<see cref="GetState"/>, <see cref="SetState(ulong, ulong, ulong, ulong)"/>), so a stream can be saved and restored.
/// </para>
/// </remarks>
public sealed partial class RandomStream
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Creates a stream from <paramref name="seed"/>.</summary>
    /// <param name="seed">Any 64-bit number; equal seeds give equal streams.</param>
    public RandomStream(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>The stream of <paramref name="name"/> under master seed <paramref name="seed"/>, as
    /// <see cref="SimEnvironment.RandomStream(string)"/> makes it.</summary>
    /// <param name="seed">The master seed.</param>
    /// <param name="name">The stream's name.</param>
    /// <returns>A new stream.</returns>
    public static RandomStream Create(ulong seed, string name)
    {
        if (name is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(name));
        }

        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        ulong x = seed ^ hash;
        return new RandomStream(SplitMix64(ref x));
    }

    /// <summary>The next 64 random bits.</summary>
    /// <returns>A uniformly distributed 64-bit number.</returns>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A number uniformly distributed in [0, 1): the top 53 bits of <see cref="NextUInt64"/> times 2^-53.</summary>
    /// <returns>The number.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>An integer uniformly distributed in [0, <paramref name="maxExclusive"/>), without bias (Lemire's multiply and
    /// reject method over 64 bits).</summary>
    /// <param name="maxExclusive">The bound; at least 1.</param>
    /// <returns>The integer.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxExclusive"/> is less than 1.</exception>
    public long NextInt64(long maxExclusive)
    {
        if (maxExclusive < 1)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(maxExclusive), maxExclusive, "The bound must be at least 1.");
        }

        return (long)NextBounded((ulong)maxExclusive);
    }

    /// <summary>Advances the stream by 2^128 steps: call it k times on a copy to get the k-th of 2^128 non-overlapping
    /// sub-streams of one seed.</summary>
    public void Jump()
    {
        ulong[] jump = { 0x180ec6d33cfd0abaUL, 0xd5a61266f0c9392cUL, 0xa9582618e03fc9aaUL, 0x39abdc4529b1661cUL };
        ulong s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        foreach (ulong word in jump)
        {
            for (int b = 0; b < 64; b++)
            {
                if ((word & (1UL << b)) != 0)
                {
                    s0 ^= _s0;
                    s1 ^= _s1;
                    s2 ^= _s2;
                    s3 ^= _s3;
                }

                NextUInt64();
            }
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    /// <summary>A copy of this stream in its current state: it produces the same numbers from here on.</summary>
    /// <returns>The copy.</returns>
    public RandomStream Clone()
    {
        var copy = new RandomStream(0);
        copy.SetState(_s0, _s1, _s2, _s3);
        return copy;
    }

    /// <summary>The 256-bit state, for saving.</summary>
    /// <returns>The four state words.</returns>
    public (ulong S0, ulong S1, ulong S2, ulong S3) GetState() => (_s0, _s1, _s2, _s3);

    /// <summary>Restores a state saved with <see cref="GetState"/>.</summary>
    /// <param name="s0">Word 0.</param>
    /// <param name="s1">Word 1.</param>
    /// <param name="s2">Word 2.</param>
    /// <param name="s3">Word 3.</param>
    /// <exception cref="ArgumentException">All four words are zero (xoshiro's one forbidden state).</exception>
    public void SetState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0)
        {
            throw new ArgumentException("A xoshiro256** state cannot be all zeros.");
        }

        _s0 = s0;
        _s1 = s1;
        _s2 = s2;
        _s3 = s3;
    }

    internal static ulong SplitMix64(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    // Lemire: the high word of a 128-bit product, rejecting the few low words that would bias it.
    private ulong NextBounded(ulong bound)
    {
        ulong x = NextUInt64();
        ulong low = Multiply(x, bound, out ulong high);
        if (low < bound)
        {
            ulong threshold = (0 - bound) % bound;
            while (low < threshold)
            {
                x = NextUInt64();
                low = Multiply(x, bound, out high);
            }
        }

        return high;
    }

    private static ulong Multiply(ulong a, ulong b, out ulong high)
    {
        ulong aLow = (uint)a, aHigh = a >> 32, bLow = (uint)b, bHigh = b >> 32;
        ulong ll = aLow * bLow;
        ulong lh = aLow * bHigh;
        ulong hl = aHigh * bLow;
        ulong hh = aHigh * bHigh;
        ulong mid = (ll >> 32) + (uint)lh + (uint)hl;
        high = hh + (lh >> 32) + (hl >> 32) + (mid >> 32);
        return (mid << 32) | (uint)ll;
    }

    private static void CheckFinite(double value, string name, string what)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, value, what + " needs a finite " + name + ".");
        }
    }

    private static void CheckPositive(double value, string name, string what)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            ThrowHelper.ThrowArgumentOutOfRange(name, value, what + " needs a finite " + name + " greater than zero.");
        }
    }

    private static List<T> ToList<T>(IEnumerable<T> items, string name)
    {
        if (items is null)
        {
            ThrowHelper.ThrowArgumentNull(name);
        }

        return new List<T>(items);
    }
}
