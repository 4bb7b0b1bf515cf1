using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code shown in docs/asyncio.md's sections on cancellation and on errors that are never lost. Each `#region Name`
// is copied verbatim into the doc; DocSnippetTests fails when they drift apart, and each snippet runs here.
[TestClass]
public sealed class CancellationDocSnippets
{
    #region CancelPropagates
    private static IEnumerator<Yield> Download(string name, List<string> log)
    {
        try
        {
            yield return Yield.Seconds(10);
        }
        finally
        {
            log.Add($"{name} cleaned up at {Co.Time}");
        }
    }

    private static IEnumerator<Yield> Page(List<string> log)
    {
        CoTask a = Co.Spawn(Download("a", log));
        CoTask b = Co.Spawn(Download("b", log));
        yield return Co.Gather(a, b); // cancelling Page cancels the gather, and so a and b
    }

    private static void CancelDemo(List<string> log)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        CoTask page = loop.Spawn(Page(log));
        loop.RunUntil(1);
        page.Cancel("user left");          // asyncio's task.cancel(msg)
        loop.RunUntil(2);
        log.Add($"page cancelled: {page.IsCancelled}, message: {page.CancelMessage}");
    }
    #endregion

    [TestMethod]
    public void CancelPropagates_runs_as_documented()
    {
        var log = new List<string>();
        CancelDemo(log);
        CollectionAssert.AreEqual(
            new[] { "a cleaned up at 1", "b cleaned up at 1", "page cancelled: True, message: user left" },
            log);
    }

    #region Kill
    private static void KillDemo(List<string> log)
    {
        using var loop = new EventLoop(ClockKind.Frame);
        CoTask script = loop.Spawn(Download("script", log));
        loop.Tick(0.016);
        script.Kill();                      // its finally blocks have run when Kill returns
        log.Add($"after Kill: {script.IsCancelled}");
    }
    #endregion

    [TestMethod]
    public void Kill_runs_as_documented()
    {
        var log = new List<string>();
        KillDemo(log);
        CollectionAssert.AreEqual(new[] { "script cleaned up at 0.016", "after Kill: True" }, log);
    }

    #region CleanupErrors
    private static IEnumerator<Yield> Work()
    {
        yield return Yield.Seconds(1);
        throw new InvalidOperationException("work failed");
    }

    private static IEnumerator<Yield> Leaky()
    {
        try
        {
            yield return Yield.From(Work()); // fails: the engine unwinds this frame...
        }
        finally
        {
            throw new System.IO.IOException("cleanup failed too"); // ...and its cleanup throws
        }
    }

    private static IEnumerator<Yield> CleanupDemo(List<string> log)
    {
        yield return Co.Catch(Yield.From(Leaky()));
        Exception error = Co.Exception!;                  // the cleanup error travels on...
        Exception? first = Co.GetContext(error);          // ...and keeps the first one (Python's __context__)
        log.Add($"{error.Message}; while handling: {first?.Message}");
    }
    #endregion

    [TestMethod]
    public void CleanupErrors_run_as_documented()
    {
        var log = new List<string>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Run(CleanupDemo(log));
        CollectionAssert.AreEqual(new[] { "cleanup failed too; while handling: work failed" }, log);
    }

    #region Unretrieved
    private static void UnretrievedDemo(List<string> log)
    {
        var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = c => log.Add(c.Message) };
        CoTask fails = loop.Spawn(Leaky(), "leaky");
        loop.RunUntil(2);
        log.Add("not reported yet: it can still be retrieved");
        loop.Dispose();                     // now it never can: reported
    }
    #endregion

    [TestMethod]
    public void Unretrieved_runs_as_documented()
    {
        var log = new List<string>();
        UnretrievedDemo(log);
        CollectionAssert.AreEqual(
            new[] { "not reported yet: it can still be retrieved", "Task 'leaky' failed and nobody retrieved its exception." },
            log);
    }
}
