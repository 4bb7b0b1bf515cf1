using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace Engine;

// Cold throw paths kept out of hot methods so the JIT can inline their callers.
internal static class ThrowHelper
{
    // Each exception's stack trace as first rethrown by the engine's helpers (ConditionalWeakTable: it lives as long as
    // the exception does, on both runtime builds).
    private static readonly ConditionalWeakTable<Exception, ExceptionDispatchInfo> s_rethrown = new();

    // Raises an error a helper machine received from its body (a timeout scope, WaitFor, a task group, Sim.Interruptible)
    // with the stack trace it had when first raised, plus where it is raised now. ExceptionDispatchInfo.Capture at each
    // rethrow would keep every earlier rethrow's trace too: an error crossing 100,000 nested timeout scopes would carry a
    // trace as long as the chain, copied at every level (quadratic time and memory). Capturing once per exception keeps
    // the original trace and one rethrow site, whatever the depth.
    [DoesNotReturn]
    public static void Rethrow(Exception error)
    {
        s_rethrown.GetValue(error, static e => ExceptionDispatchInfo.Capture(e)).Throw();
        throw error; // unreachable: Throw() never returns
    }

    [DoesNotReturn]
    public static void ThrowArgumentNull(string paramName) => throw new ArgumentNullException(paramName);

    [DoesNotReturn]
    public static void ThrowArgumentOutOfRange(string paramName, object? value, string message) =>
        throw new ArgumentOutOfRangeException(paramName, value, message);

    [DoesNotReturn]
    public static void ThrowBadDelay(double value, string paramName) =>
        throw new ArgumentOutOfRangeException(
            paramName,
            value,
            "A delay must be a finite number of seconds, zero or more; got " + value.ToString("R", CultureInfo.InvariantCulture) + ".");

    // Yield.Seconds's bad delay, with its parameter's name here, so the factory's inlined body loads no string.
    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowBadDelay(double value) => ThrowBadDelay(value, "seconds");

    [DoesNotReturn]
    public static void ThrowInvalidOperation(string message) => throw new InvalidOperationException(message);
}
