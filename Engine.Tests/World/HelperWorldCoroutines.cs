using System;
using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of the helper save tests for task groups, Co.AsCompleted and CoCondition.WaitUntil, as generated
// machines (the helpers inside them are the engine's hand-written machines).
public static partial class HelperWorldCoroutines
{
    // Runs a group whose body spawns children, one of which may fail (failing: its index, -1 none), then sleeps and
    // may fail itself; returns what the group raised or the body's result.
    [Coroutine]
    public static IEnumerator<Yield> GroupParent(string name, int children, double bodySleep, int failing, bool bodyFails)
    {
        var group = new TaskGroup();
        yield return Co.Catch(group.Run(new GroupBodyMachine(group, name, children, bodySleep, failing, bodyFails)));
        Co.Loop.Trace?.Invoke(name + " group ended, " + group.RunningCount + " running");
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name + ": " + e.Message : "done " + Co.Result<int>());
    }

    [Coroutine]
    public static IEnumerator<Yield> GroupBody(TaskGroup group, string name, int children, double sleep, int failing, bool fails)
    {
        for (int i = 0; i < children; i++)
        {
            group.Spawn(i == failing ? new FailingChildMachine(0.3 * (i + 1)) : new WorldCoroutines.SleeperMachine(i + 1, 0.25), name + "-child-" + i);
            yield return Yield.Seconds(0.1);
        }

        yield return Yield.Seconds(sleep);
        if (fails)
        {
            throw new InvalidOperationException(name + " body failed at " + Co.Loop.Time);
        }

        yield return Yield.Return(children);
    }

    [Coroutine]
    public static IEnumerator<Yield> FailingChild(double after)
    {
        yield return Yield.Seconds(after);
        throw new ArgumentException("child failed at " + Co.Loop.Time);
    }

    // A group inside a timeout scope: the scope cancels the group from outside; the group's body and children are
    // cancelled, and the cancellation goes on to the scope (uncaught) or is caught by the group's parent (caught).
    [Coroutine]
    public static IEnumerator<Yield> GroupInTimeout(double timeout, int children, bool caught)
    {
        yield return Co.Catch(Co.Timeout(timeout, caught ? new GroupParentMachine("timed", children, 2.0, -1, false) : new PlainGroupMachine(children)));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name : "in time " + Co.Result<string>());
    }

    [Coroutine]
    public static IEnumerator<Yield> PlainGroup(int children)
    {
        var group = new TaskGroup();
        yield return group.Run(new GroupBodyMachine(group, "plain", children, 2.0, -1, false));
        yield return Yield.Return("plain done");
    }

    // Any body under a timeout (Co.Timeout): the scope may cancel it in any wait (a queue, a lock, an event, a child).
    [Coroutine]
    public static IEnumerator<Yield> Timed(IEnumerator<Yield> body, double timeout)
    {
        yield return Co.Catch(Co.Timeout(timeout, body));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name : "in time");
    }

    // A group whose children run groups of their own.
    [Coroutine]
    public static IEnumerator<Yield> NestedGroups(int inner)
    {
        var group = new TaskGroup();
        yield return Co.Catch(group.Run(new NestedBodyMachine(group, inner)));
        yield return Yield.Return(Co.Exception is { } e ? e.GetType().Name + ": " + e.Message : "nested done");
    }

    [Coroutine]
    public static IEnumerator<Yield> NestedBody(TaskGroup group, int inner)
    {
        for (int i = 0; i < inner; i++)
        {
            group.Spawn(new GroupParentMachine("inner-" + i, 2, 0.2 * i, i == 1 ? 1 : -1, false), "inner-" + i);
        }

        yield return Yield.Seconds(0.05);
    }

    [Coroutine]
    public static IEnumerator<Yield> Canceller(CoTask task, double after)
    {
        yield return Yield.Seconds(after);
        task.Cancel();
    }

    // Collects three futures in completion order, pausing between results so some finish before they are asked for.
    [Coroutine]
    public static IEnumerator<Yield> Collector(Future a, Future b, Future c, double pause)
    {
        AsCompleted results = Co.AsCompleted(new[] { a, b, c });
        string order = "";
        while (results.Remaining > 0)
        {
            yield return Co.Catch(results.Next());
            order += (Co.Exception is { } e ? e.GetType().Name : Co.ResultObject?.ToString()) + ";";
            Co.Loop.Trace?.Invoke("collected " + order);
            yield return Yield.Seconds(pause);
        }

        yield return Yield.Return(order);
    }

    // Co.AsCompleted with a timeout that starts at the first Next, after a delay, and Co.Wait with a timeout that starts
    // when first awaited: saves land before the timeouts start, while they run, and after they passed.
    [Coroutine]
    public static IEnumerator<Yield> TimedCollector(Future a, Future b, Future c, double delay, double timeout)
    {
        AsCompleted results = Co.AsCompleted(new[] { a, b, c }, timeout);
        Future<WaitResult> wait = Co.Wait(new[] { a, b, c }, WaitMode.AllCompleted, timeout);
        yield return Yield.Seconds(delay);
        string order = "";
        while (results.Remaining > 0)
        {
            yield return Co.Catch(results.Next());
            order += (Co.Exception is { } e ? e.GetType().Name : Co.ResultObject?.ToString()) + "@" + Co.Time + ";";
            Co.Loop.Trace?.Invoke("timed collected " + order);
        }

        yield return wait;
        WaitResult r = Co.Result<WaitResult>();
        yield return Yield.Return(order + " wait " + r.Done.Count + "/" + r.Pending.Count + "@" + Co.Time);
    }

    [Coroutine]
    public static IEnumerator<Yield> FailAfter(double after)
    {
        yield return Yield.Seconds(after);
        throw new InvalidOperationException("failed at " + Co.Loop.Time);
    }

    // Waits on a condition until the flag is up, holding the condition's lock around the wait.
    [Coroutine]
    public static IEnumerator<Yield> UntilFlag(CoCondition condition, Flag flag, string name)
    {
        yield return condition.Acquire();
        try
        {
            yield return Yield.From(condition.WaitUntil(flag.IsUp));
            Co.Loop.Trace?.Invoke(name + " sees " + flag.Raised);
        }
        finally
        {
            condition.Release();
        }

        yield return Yield.Return(name + " at " + Co.Loop.Time);
    }

    // Raises the flag and notifies every waiter, a few times.
    [Coroutine]
    public static IEnumerator<Yield> FlagRaiser(CoCondition condition, Flag flag, int times, double every)
    {
        for (int i = 0; i < times; i++)
        {
            yield return Yield.Seconds(every);
            yield return condition.Acquire();
            flag.Raised++;
            condition.NotifyAll();
            condition.Release();
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> GroupOfIterator()
    {
        var group = new TaskGroup();
        yield return group.Run(HelperWorldTests.IteratorBody());
    }

    [Coroutine]
    public static IEnumerator<Yield> UntilLambda(CoCondition condition, Func<bool> predicate)
    {
        yield return condition.Acquire();
        yield return Yield.From(condition.WaitUntil(predicate));
        condition.Release();
    }
}
