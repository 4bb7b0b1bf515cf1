using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of ScopeWokenTests: a task inside a timeout scope waits for a lock, a permit, a queue item or an event,
// and a waker hands it over at the scope's deadline (or moves the deadline to the time it hands it over).
public static partial class ScopeWokenCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> Scoped(TimeoutScope scope, IEnumerator<Yield> body, string name)
    {
        yield return Co.Catch(scope.Run(body));
        yield return Yield.Return(name + " " + (Co.Exception is { } e ? e.GetType().Name : "in time") + ", expired " + scope.Expired + " at " + Co.Loop.Time);
    }

    [Coroutine]
    public static IEnumerator<Yield> HoldLock(CoLock gate, string name, double hold)
    {
        yield return gate.Acquire();
        Co.Loop.Trace?.Invoke(name + " got the lock at " + Co.Loop.Time);
        try
        {
            yield return Yield.Seconds(hold);
        }
        finally
        {
            gate.Release();
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> HoldPermit(CoSemaphore permits, string name, double hold)
    {
        yield return permits.Acquire();
        Co.Loop.Trace?.Invoke(name + " got a permit at " + Co.Loop.Time);
        try
        {
            yield return Yield.Seconds(hold);
        }
        finally
        {
            permits.Release();
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> TakeItem(CoQueue<int> queue, string name)
    {
        yield return queue.Get();
        int item = Co.Result<int>();
        Co.Loop.Trace?.Invoke(name + " got item " + item + " at " + Co.Loop.Time);
        yield return Yield.Return(item);
    }

    [Coroutine]
    public static IEnumerator<Yield> AwaitSignal(CoEvent signal, string name)
    {
        yield return signal.Wait();
        Co.Loop.Trace?.Invoke(name + " saw the event at " + Co.Loop.Time);
    }

    // Holds the lock or permit (kind "lock", "semaphore") from the start, or nothing; at `at` hands over what the scoped
    // task waits for and, with moveDeadline, moves its scope's deadline to now.
    [Coroutine]
    public static IEnumerator<Yield> Waker(string kind, CoLock gate, CoSemaphore permits, CoQueue<int> queue, CoEvent signal, TimeoutScope scope, double at, bool moveDeadline)
    {
        if (kind == "lock")
        {
            yield return gate.Acquire();
        }
        else if (kind == "semaphore")
        {
            yield return permits.Acquire();
        }

        yield return Yield.Seconds(at);
        switch (kind)
        {
            case "lock":
                gate.Release();
                break;
            case "semaphore":
                permits.Release();
                break;
            case "queue":
                queue.TryPut(7);
                break;
            default:
                signal.Set();
                break;
        }

        if (moveDeadline)
        {
            scope.Reschedule(Co.Loop.Time);
        }

        Co.Loop.Trace?.Invoke(kind + " handed over at " + Co.Loop.Time + (moveDeadline ? ", scope deadline moved to now" : ""));
    }
}
