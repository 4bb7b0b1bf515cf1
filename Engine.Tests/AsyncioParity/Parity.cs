using System;
using System.Collections.Generic;

namespace Engine.Tests.AsyncioParity;

// Shared helpers of the asyncio parity tests: every test runs one main coroutine on a virtual-clock loop.
internal static class Parity
{
    public static object? Run(Func<IEnumerator<Yield>> main)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        return loop.Run(main());
    }

    public static IEnumerator<Yield> Sleep(double seconds)
    {
        yield return Yield.Seconds(seconds);
    }

    public static IEnumerator<Yield> SleepThenReturn(double seconds, object? value)
    {
        yield return Yield.Seconds(seconds);
        yield return Yield.Return(value);
    }

    public static IEnumerator<Yield> SleepThenThrow(double seconds, Exception error)
    {
        yield return Yield.Seconds(seconds);
        throw error;
    }

    // Sleeps, and records "cancelled" when its frames are unwound before the sleep ends (asyncio's `except CancelledError`).
    public static IEnumerator<Yield> SleepRecordingCancel(double seconds, List<string> log, string name)
    {
        bool finished = false;
        try
        {
            yield return Yield.Seconds(seconds);
            finished = true;
        }
        finally
        {
            if (!finished)
            {
                log.Add(name + " cancelled");
            }
        }
    }
}
