using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Engine.Bench;

/// <summary>
/// CPU time of the calling thread, for quick figures that must stay comparable while other processes load the
/// machine: wall-clock rounds also count the time the thread waited for a core. Linux reads
/// <c>CLOCK_THREAD_CPUTIME_ID</c>; elsewhere it falls back to a wall clock.
/// </summary>
public static class ThreadClock
{
    private const int ClockThreadCpuTime = 3;
    private static readonly bool s_native = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) && Probe();

    /// <summary>Whether the figures are thread CPU time (<see langword="true"/>) or wall-clock time.</summary>
    public static bool IsThreadCpuTime => s_native;

    /// <summary>The current reading in milliseconds.</summary>
    /// <returns>Milliseconds since an arbitrary origin.</returns>
    public static double NowMilliseconds()
    {
        if (s_native && clock_gettime(ClockThreadCpuTime, out Timespec time) == 0)
        {
            return time.Seconds * 1000.0 + time.Nanoseconds / 1e6;
        }

        return Stopwatch.GetTimestamp() * 1000.0 / Stopwatch.Frequency;
    }

    private static bool Probe()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTime, out _) == 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc")]
    private static extern int clock_gettime(int clock, out Timespec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
