"""The engine's random streams (Engine/Simulation/Random) in Python, number for number.

Written from the algorithm RandomStream documents: xoshiro256** seeded by SplitMix64, a named stream seeded with
SplitMix64(seed XOR FNV-1a-64(UTF-8 name)), uniforms from the top 53 bits, and each distribution by the method its
C# doc comment names. A SimPy port of a model draws from these streams under the same names as the C# model
(env.RandomStream("arrivals") there, RandomStream.create(seed, "arrivals") here), so both runs see the same numbers and
their event logs can be compared on event order alone. Python's math module calls the same C library functions
(log, exp, pow, sqrt, cos) as .NET on Linux, so the floating-point results agree bit for bit there.

    python3 random_streams.py --check     # compares with the vectors of Engine.Tests/Simulation/RandomStreamTests.cs
"""

import math
import sys

MASK = (1 << 64) - 1


def splitmix64(x):
    """One SplitMix64 step: returns (output, new state)."""
    x = (x + 0x9E3779B97F4A7C15) & MASK
    z = x
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31), x


def _rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


class RandomStream:
    """RandomStream: one xoshiro256** generator and the distributions built on it."""

    def __init__(self, seed):
        x = seed & MASK
        self.s = [0, 0, 0, 0]
        for i in range(4):
            self.s[i], x = splitmix64(x)

    @staticmethod
    def create(seed, name):
        """RandomStream.Create(seed, name): the stream SimEnvironment.RandomStream(name) returns for that seed."""
        h = 14695981039346656037
        for b in name.encode("utf-8"):
            h = ((h ^ b) * 1099511628211) & MASK
        first, _ = splitmix64((seed ^ h) & MASK)
        return RandomStream(first)

    def next_uint64(self):
        s0, s1, s2, s3 = self.s
        result = (_rotl((s1 * 5) & MASK, 7) * 9) & MASK
        t = (s1 << 17) & MASK
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = _rotl(s3, 45)
        self.s = [s0, s1, s2, s3]
        return result

    def next_double(self):
        return (self.next_uint64() >> 11) * (1.0 / 9007199254740992.0)

    def _next_bounded(self, bound):
        # Lemire's multiply and reject over 64 bits.
        x = self.next_uint64()
        product = x * bound
        low = product & MASK
        if low < bound:
            threshold = ((1 << 64) - bound) % bound
            while low < threshold:
                x = self.next_uint64()
                product = x * bound
                low = product & MASK
        return product >> 64

    def next_int64(self, max_exclusive):
        if max_exclusive < 1:
            raise ValueError("The bound must be at least 1.")
        return self._next_bounded(max_exclusive)

    def uniform(self, lo, hi):
        if lo > hi:
            raise ValueError("Uniform needs min <= max")
        return lo + (hi - lo) * self.next_double()

    def integer(self, lo, hi):
        """Integer(min, max), both included."""
        if lo > hi:
            raise ValueError("Integer needs min <= max")
        span = (hi - lo + 1) & MASK
        if span == 0:
            v = self.next_uint64()
            return v - (1 << 64) if v >= 1 << 63 else v
        return lo + self._next_bounded(span)

    def bernoulli(self, p):
        return self.next_double() < p

    def exponential(self, mean):
        return -mean * math.log(1.0 - self.next_double())

    def exponential_rate(self, rate):
        return -math.log(1.0 - self.next_double()) / rate

    def _standard_normal(self):
        u1 = 1.0 - self.next_double()
        u2 = self.next_double()
        return math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def normal(self, mean, sd):
        return mean + sd * self._standard_normal()

    def lognormal(self, mu, sigma):
        return math.exp(self.normal(mu, sigma))

    def triangular(self, lo, hi, mode):
        u = self.next_double()
        width = hi - lo
        if width == 0:
            return lo
        if u < (mode - lo) / width:
            return lo + math.sqrt(u * width * (mode - lo))
        return hi - math.sqrt((1.0 - u) * width * (hi - mode))

    def erlang(self, k, mean):
        total = 0.0
        for _ in range(k):
            total += math.log(1.0 - self.next_double())
        return -(mean / k) * total

    def _gamma_at_least_one(self, shape):
        # Marsaglia and Tsang.
        d = shape - 1.0 / 3.0
        c = 1.0 / math.sqrt(9.0 * d)
        while True:
            x = self._standard_normal()
            v = 1.0 + c * x
            if v <= 0:
                continue
            v = v * v * v
            u = 1.0 - self.next_double()
            if u < 1.0 - 0.0331 * x * x * x * x or math.log(u) < 0.5 * x * x + d * (1.0 - v + math.log(v)):
                return d * v

    def gamma(self, shape, scale):
        if shape < 1:
            g = self._gamma_at_least_one(shape + 1.0)
            return scale * g * math.pow(1.0 - self.next_double(), 1.0 / shape)
        return scale * self._gamma_at_least_one(shape)

    def weibull(self, shape, scale):
        return scale * math.pow(-math.log(1.0 - self.next_double()), 1.0 / shape)

    def choice(self, items):
        return items[self._next_bounded(len(items))]


class DiscreteDistribution:
    """DiscreteDistribution<T>: values with weights, drawn by a binary search over the running sums."""

    def __init__(self, values, weights):
        self.values = list(values)
        self.cumulative = []
        total = 0.0
        for w in weights:
            total += w
            self.cumulative.append(total)

    def sample(self, stream):
        x = stream.next_double() * self.cumulative[-1]
        lo, hi = 0, len(self.cumulative) - 1
        while lo < hi:
            mid = (lo + hi) >> 1
            if self.cumulative[mid] > x:
                hi = mid
            else:
                lo = mid + 1
        return self.values[lo]


class EmpiricalDistribution:
    """EmpiricalDistribution: linear interpolation between the sorted observations."""

    def __init__(self, observations):
        self.sorted = sorted(observations)

    def sample(self, stream):
        p = stream.next_double() * (len(self.sorted) - 1)
        i = int(p)
        if i >= len(self.sorted) - 1:
            return self.sorted[-1]
        return self.sorted[i] + (p - i) * (self.sorted[i + 1] - self.sorted[i])


def _check():
    """The vectors of Engine.Tests/Simulation/RandomStreamTests.cs."""
    failures = []

    def same(what, got, want, tol=0.0):
        if (got != want) if tol == 0.0 else abs(got - want) > tol:
            failures.append("%s: got %r, want %r" % (what, got, want))

    s = RandomStream(42)
    for want in (0x15780B2E0C2EC716, 0x6104D9866D113A7E, 0xAE17533239E499A1):
        same("raw", s.next_uint64(), want)
    named = RandomStream.create(42, "arrivals")
    for want in (0.9312289329841951, 0.8295902698191518, 0.3629283852838492):
        same("arrivals", named.next_double(), want)
    mix = RandomStream.create(7, "mix")
    same("exponential", mix.exponential(2.0), 1.6634156347782216, 1e-15)
    same("uniform", mix.uniform(1, 3), 1.850664581205519, 1e-15)
    same("normal", mix.normal(10, 2), 13.074961966718075, 1e-13)
    same("integer", mix.integer(1, 6), 2)
    same("triangular", mix.triangular(0, 10, 3), 4.588821981240376, 1e-14)
    same("weibull", mix.weibull(1.5, 2.0), 0.34840460125370704, 1e-15)
    same("erlang", mix.erlang(3, 6.0), 10.75612283125194, 1e-13)
    for f in failures:
        print(f)
    print("ok" if not failures else "%d mismatches" % len(failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        sys.exit(_check())
    print(__doc__)
