// TEMP STUBS (drop on merge): placeholders so Engine/ compiles on branch `gen` before the runtime lands on main.
// They contain no runtime behaviour; main's real EventLoop, CoTask, Future, Co, ThrowHelper and CoroutineNames replace them.
#pragma warning disable CS1591
using System;
using System.Collections.Generic;

namespace Engine;

internal static class ThrowHelper
{
    public static void ThrowBadDelay(double seconds, string paramName) => throw new ArgumentOutOfRangeException(paramName, seconds, "TEMP stub");

    public static void ThrowArgumentOutOfRange(string paramName, object value, string message) => throw new ArgumentOutOfRangeException(paramName, value, message);

    public static void ThrowArgumentNull(string paramName) => throw new ArgumentNullException(paramName);
}

internal static class CoroutineNames
{
    public static string Of(object? o) => o?.GetType().Name ?? "null";
}

public class Future
{
}

public static class Co
{
    public static Exception? Exception => null;

    public static T Result<T>() => default!;
}

public sealed class CancelledException : OperationCanceledException
{
}

public class CoTask
{
    public object? Result => null;
}

public class EventLoop
{
    public void Tick(double dt)
    {
    }

    public object? Run(IEnumerator<Yield> m) => null;
}
