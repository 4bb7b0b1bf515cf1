using System;
using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of the exception and cancellation save tests: tasks that fail, tasks that await failures (catching them
// or not), tasks cancelled while they wait, as generated machines.
public static partial class FaultWorldCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> Failer(double after, string message)
    {
        yield return Yield.Seconds(after);
        var error = new InvalidOperationException(message);
        error.Data["attempt"] = 1;
        throw error;
    }

    [Coroutine]
    public static IEnumerator<Yield> OddFailer(double after, int code)
    {
        yield return Yield.Seconds(after);
        throw new CodeException(code);
    }

    // Awaits the task, catching its outcome: the result, or the exception's type and message.
    [Coroutine]
    public static IEnumerator<Yield> Catcher(CoTask target, double first)
    {
        yield return Yield.Seconds(first);
        yield return Yield.Catch(target);
        Exception? error = Co.Exception;
        yield return Yield.Seconds(0.5);
        yield return Yield.Return(error is null ? "ok" : error.GetType().Name + ": " + error.Message);
    }

    // Awaits the failed task and describes what it caught: type (a stand-in names the original), message, a Data entry,
    // whether a stack trace (or its saved text) is there, and the task's failure chain.
    public static string DescribeFailure(Exception error, CoTask target) =>
        (error is Engine.World.RestoredException r ? "RestoredException(" + r.OriginalType + ")" : error.GetType().Name) + ": " + error.Message +
        " attempt=" + error.Data["attempt"] + " stack=" + (error.StackTrace ?? error.Data["Engine.SavedStackTrace"] as string ?? "").Contains("Failer", StringComparison.Ordinal) +
        " chain=" + target.FailureChain.Count;

    [Coroutine]
    public static IEnumerator<Yield> Inspector(CoTask target, double first)
    {
        yield return Yield.Seconds(first);
        yield return Yield.Catch(target);
        yield return Yield.Return(DescribeFailure(Co.Exception!, target));
    }

    // Awaits the task without catching: its failure unwinds this task too.
    [Coroutine]
    public static IEnumerator<Yield> Propagator(CoTask target)
    {
        yield return Yield.Await(target);
        yield return Yield.Return(1);
    }

    // Cancels the target after a while, with a message, then waits for it to finish.
    [Coroutine]
    public static IEnumerator<Yield> Canceller(CoTask target, double after, string message)
    {
        yield return Yield.Seconds(after);
        target.Cancel(message);
        yield return Yield.Catch(target);
        yield return Yield.Return(Co.Exception?.Message ?? "no exception");
    }

    [Coroutine]
    public static IEnumerator<Yield> Sleeper(double seconds)
    {
        yield return Yield.Seconds(seconds);
        yield return Yield.Return(7);
    }
}

// An exception type with no (message) constructor: restored as a RestoredException that keeps its type name.
public sealed class CodeException : Exception
{
    public CodeException(int code)
        : base("code " + code)
    {
        Code = code;
    }

    public int Code { get; }
}
