using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Engine.Bench;

// Side-by-side measurement for the quick groups: every workload runs once per round, in turn, so a change in machine
// load hits all of them alike; a figure is the median of its rounds, and a ratio is the median of the per-round
// ratios, which is what keeps `vs_bare` and `vs_async` stable between invocations. Time is the thread's CPU time
// where the OS reports it (Linux), so other processes competing for the cores do not count against a figure; wall
// time elsewhere.
public sealed class Rounds
{
    private readonly Dictionary<string, List<double>> _rates = new(StringComparer.Ordinal);
    private readonly List<string> _order = new();

    private Rounds()
    {
    }

    // Runs each workload once for warm-up, then `rounds` alternating rounds. Each workload returns its operation count.
    public static Rounds Run(int rounds, params (string Name, Func<long> Work)[] workloads)
    {
        var result = new Rounds();
        foreach ((string name, Func<long> work) in workloads)
        {
            work();
            result._rates[name] = new List<double>(rounds);
            result._order.Add(name);
        }

        for (int r = 0; r < rounds; r++)
        {
            foreach ((string name, Func<long> work) in workloads)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                double start = Now();
                long ops = work();
                double seconds = Now() - start;
                result._rates[name].Add(ops / Math.Max(seconds, 1e-9));
            }
        }

        return result;
    }

    // The median operations per second of a workload.
    public double Rate(string name) => Median(_rates[name]);

    // The median over rounds of rate(a) / rate(b).
    public double Ratio(string a, string b)
    {
        List<double> ra = _rates[a];
        List<double> rb = _rates[b];
        var ratios = new List<double>(ra.Count);
        for (int i = 0; i < ra.Count; i++)
        {
            ratios.Add(ra[i] / rb[i]);
        }

        return Median(ratios);
    }

    // CPU seconds of the calling thread (Linux), or wall seconds.
    public static double Now()
    {
        if (OperatingSystem.IsLinux() && clock_gettime(ClockThreadCpuTime, out TimeSpec ts) == 0)
        {
            return ts.Seconds + (ts.Nanoseconds * 1e-9);
        }

        return Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency;
    }

    private static double Median(List<double> values)
    {
        var sorted = new List<double>(values);
        sorted.Sort();
        int n = sorted.Count;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private const int ClockThreadCpuTime = 3;

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
