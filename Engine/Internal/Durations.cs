using System;
using System.Threading;

namespace Engine;

// Every duration in the engine is a double of seconds on the loop's clock (virtual, frame or real): one number type for
// loop time, deadlines and delays, exact for the virtual clock's arithmetic. The TimeSpan overloads .NET users expect
// convert here, once, and then validate through the double overload, so both forms accept and reject the same values.
internal static class Durations
{
    // InfiniteTimeSpan (-1 ms, the .NET convention) and MaxValue mean no limit; anything else is its exact seconds
    // (negative ones are then rejected by the double overload, which names the parameter).
    public static double ToSeconds(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan || span == TimeSpan.MaxValue ? double.PositiveInfinity : span.TotalSeconds;
}
