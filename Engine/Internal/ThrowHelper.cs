using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace Engine;

// Cold throw paths kept out of hot methods so the JIT can inline their callers.
internal static class ThrowHelper
{
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
