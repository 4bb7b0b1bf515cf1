using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of the helper save tests: Co.Catch of a single instruction, timeout scopes that expire, move on, finish
// in time, are rescheduled from inside or nest, as generated machines (the helpers inside them are the engine's).
public static partial class ScopeWorldCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> SingleCatcher(CoEvent ev, double sleep)
    {
        yield return Co.Catch(Yield.Seconds(sleep));
        string first = Co.Exception is null ? "slept" : "failed";
        yield return Co.Catch(ev.Wait());
        yield return Yield.Return(first + ", then " + (Co.Exception is { } e ? e.GetType().Name : "event " + ev.IsSet));
    }

    [Coroutine]
    public static IEnumerator<Yield> EventSetter(CoEvent ev, double after)
    {
        yield return Yield.Seconds(after);
        ev.Set();
    }

    [Coroutine]
    public static IEnumerator<Yield> FailAfter(double seconds, int steps, double step)
    {
        yield return Co.Catch(Co.Timeout(seconds, new WorldCoroutines.SleeperMachine(steps, step)));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name + ": " + e.Message : "in time " + Co.Result<int>());
    }

    [Coroutine]
    public static IEnumerator<Yield> MoveOn(double seconds, int steps, double step)
    {
        TimeoutScope scope = TimeoutScope.MoveOnAfter(seconds);
        yield return scope.Run(new WorldCoroutines.SleeperMachine(steps, step));
        object? result = Co.ResultObject;
        yield return Yield.Seconds(0.1);
        yield return Yield.Return((scope.Expired ? "moved on" : "finished " + result) + " at " + Co.Loop.Time);
    }

    [Coroutine]
    public static IEnumerator<Yield> Rescheduled(double deadline, double moveTo)
    {
        TimeoutScope scope = TimeoutScope.FailAt(deadline);
        yield return Co.Catch(scope.Run(new RescheduleBodyMachine(scope, moveTo)));
        yield return Yield.Return((Co.Exception is { } e ? e.GetType().Name : "in time") + ", expired " + scope.Expired + ", deadline " + scope.Deadline);
    }

    [Coroutine]
    public static IEnumerator<Yield> RescheduleBody(TimeoutScope scope, double moveTo)
    {
        yield return Yield.Seconds(0.25);
        scope.Reschedule(moveTo);
        for (int i = 0; i < 10; i++)
        {
            yield return Yield.Seconds(0.3);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Nested(double outer, double inner)
    {
        TimeoutScope scope = TimeoutScope.MoveOnAfter(outer);
        yield return scope.Run(new InnerTimeoutMachine(inner));
        yield return Yield.Return("outer expired " + scope.Expired + " at " + Co.Loop.Time);
    }

    [Coroutine]
    public static IEnumerator<Yield> InnerTimeout(double inner)
    {
        yield return Co.Catch(Co.Timeout(inner, new WorldCoroutines.SleeperMachine(8, 0.2)));
        Co.Loop.Trace?.Invoke("inner caught " + (Co.Exception?.GetType().Name ?? "nothing"));
        yield return Yield.Seconds(0.5);
    }

    [Coroutine]
    public static IEnumerator<Yield> WaitForTask(CoTask task, double timeout)
    {
        yield return Co.Catch(Co.WaitFor(task, timeout));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name + ": " + e.Message : "result " + Co.ResultObject);
    }

    [Coroutine]
    public static IEnumerator<Yield> WaitForWork(int steps, double step, double timeout)
    {
        yield return Co.Catch(Co.WaitFor(new WorldCoroutines.SleeperMachine(steps, step), timeout));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name + ": " + e.Message : "result " + Co.ResultObject);
    }
}
