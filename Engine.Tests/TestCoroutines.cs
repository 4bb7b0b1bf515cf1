using System;
using System.Collections.Generic;

namespace Engine.Tests;

// Small coroutines several test classes share.
internal static class TestCoroutines
{
    // Sleeps, then returns result.
    public static IEnumerator<Yield> Sleep(double seconds, object? result)
    {
        yield return Yield.Seconds(seconds);
        yield return Yield.Return(result);
    }

    // Sleeps, then fails with InvalidOperationException("boom").
    public static IEnumerator<Yield> Fail(double seconds)
    {
        yield return Yield.Seconds(seconds);
        throw new InvalidOperationException("boom");
    }
}
