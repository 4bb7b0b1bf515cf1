using System;
using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of the future and combinator save tests: plain futures set by another task, gathers, WhenAny, Co.Wait
// with and without a timeout, and a shield, as generated machines.
public static partial class FutureWorldCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> FutureWaiter(Future<int> future, int add)
    {
        yield return future;
        yield return Yield.Return(Co.Result<int>() + add);
    }

    [Coroutine]
    public static IEnumerator<Yield> FutureCatcher(Future<int> future)
    {
        yield return Yield.Catch(future);
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name + ": " + e.Message : "result " + Co.Result<int>());
    }

    [Coroutine]
    public static IEnumerator<Yield> FutureSetter(Future<int> future, double after, int value)
    {
        yield return Yield.Seconds(after);
        if (value < 0)
        {
            future.SetException(new InvalidOperationException("no value " + value));
        }
        else
        {
            future.SetResult(value);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Gatherer(CoTask a, CoTask b, Future<int> future)
    {
        yield return Co.Gather(a, b, future);
        object?[] results = Co.Result<object?[]>();
        yield return Yield.Return(string.Join("+", results));
    }

    [Coroutine]
    public static IEnumerator<Yield> SpawningGatherer(int n)
    {
        yield return Co.WhenAll(new WorldCoroutines.SleeperMachine(n, 0.5), new WorldCoroutines.SleeperMachine(n + 1, 0.25));
        yield return Yield.Return(string.Join("+", Co.Result<object?[]>()));
    }

    [Coroutine]
    public static IEnumerator<Yield> Racer(CoTask a, CoTask b)
    {
        yield return Co.WhenAny(new WorldCoroutines.SleeperMachine(2, 0.75), new WorldCoroutines.AwaiterMachine(a, 1000), new WorldCoroutines.AwaiterMachine(b, 2000));
        WhenAnyResult won = Co.Result<WhenAnyResult>();
        yield return Yield.Seconds(0.5);
        yield return Yield.Return(won.Index + ":" + won.Result);
    }

    [Coroutine]
    public static IEnumerator<Yield> Waiter(CoTask a, CoTask b, WaitMode mode, double timeout)
    {
        yield return Co.Wait(new Future[] { a, b }, mode, timeout);
        WaitResult result = Co.Result<WaitResult>();
        yield return Yield.Seconds(0.25);
        yield return Yield.Return(result.Done.Count + "/" + result.Pending.Count);
    }

    [Coroutine]
    public static IEnumerator<Yield> Shielder(CoTask inner)
    {
        yield return Co.Shield(inner);
        yield return Yield.Return(Co.Result<int>());
    }
}
