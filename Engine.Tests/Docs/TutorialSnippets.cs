using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code of docs/tutorial.md and docs/tutorial.zh.md, compiled and run. The docs quote these
// methods verbatim (checked by DocSnippetTests).
[TestClass]
public sealed class TutorialSnippets
{
    private static readonly List<string> s_log = new();

    private static void Print(string line) => s_log.Add(line);

    // Step 1: a coroutine is an iterator
    private static IEnumerator<Yield> Greet(string name)
    {
        Print($"Hello, {name}");
        yield return Yield.Seconds(1);
        Print($"Bye, {name}");
    }

    // Step 2: calling a child and getting its value
    private static IEnumerator<Yield> Square(int x)
    {
        yield return Yield.Seconds(0.5);
        yield return Yield.Return(x * x);
    }

    private static IEnumerator<Yield> SumOfSquares()
    {
        int sum = 0;
        for (int i = 1; i <= 3; i++)
        {
            yield return Yield.From(Square(i));
            sum += Co.Result<int>();
        }

        yield return Yield.Return(sum);
    }

    // Step 3: tasks run side by side
    private static IEnumerator<Yield> TwoAtOnce()
    {
        CoTask a = Co.Spawn(Greet("Alice"));
        CoTask b = Co.Spawn(Greet("Bob"));
        yield return Co.Gather(a, b);
        Print($"both done at t={Co.Time}");
    }

    // Step 4: errors and Catch
    private static IEnumerator<Yield> Risky()
    {
        yield return Yield.NextTick;
        throw new InvalidOperationException("no luck");
    }

    private static IEnumerator<Yield> Careful()
    {
        yield return Yield.Catch(Risky());
        if (Co.Exception is { } e)
        {
            Print($"caught: {e.Message}");
        }
    }

    // Step 5: cancellation runs finally
    private static IEnumerator<Yield> Patrol()
    {
        try
        {
            while (true)
            {
                yield return Yield.Seconds(1);
                Print($"patrol at t={Co.Time}");
            }
        }
        finally
        {
            Print("patrol cleaned up");
        }
    }

    private static IEnumerator<Yield> Boss()
    {
        CoTask patrol = Co.Spawn(Patrol());
        yield return Yield.Seconds(2.5);
        patrol.Cancel();
        yield return Yield.Catch(patrol);
    }

    // Step 6: a frame loop inside a game
    private static void GameLoop()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        loop.Spawn(Greet("player"));
        for (int frame = 0; frame < 120; frame++)
        {
            loop.Tick(1.0 / 60);   // once per frame, from the host's update
        }
    }

    // Step 7: see it run
    private static string WatchTwoAtOnce()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Trace = Print;                      // every scheduler decision, one line each
        var recorder = new TraceRecorder();
        loop.AddSink(recorder);                  // keep the events for a picture
        loop.Spawn(Spectator(loop), "spectator");
        loop.Run(TwoAtOnce());
        return recorder.ToTimeline().ToHtml("Two at once");
    }

    private static IEnumerator<Yield> Spectator(EventLoop loop)
    {
        yield return Yield.Seconds(0.5);
        Print(loop.Dump());                      // the live view: who waits for what, since when
    }

    private static IEnumerator<Yield> Diner(CoLock first, CoLock second)
    {
        yield return first.Acquire();
        yield return Yield.Seconds(1);
        yield return second.Acquire();           // each diner holds one fork and waits for the other's
    }

    private static IEnumerator<Yield> TwoDiners()
    {
        var left = new CoLock();
        var right = new CoLock();
        yield return Co.Gather(Diner(left, right), Diner(right, left));
    }

    private static void Deadlocked()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        try
        {
            loop.Run(TwoDiners());
        }
        catch (InvalidOperationException e) when (DeadlockReport.From(e) is { } report)
        {
            Print(report.ToString());            // the wait-for graph, as text
        }
    }

    private static List<string> Capture(Action run)
    {
        lock (s_log)
        {
            s_log.Clear();
            run();
            return new List<string>(s_log);
        }
    }

    [TestMethod]
    public void Step1_greet()
    {
        List<string> log = Capture(() => Co.Run(Greet("Ada"), ClockKind.Virtual));
        CollectionAssert.AreEqual(new[] { "Hello, Ada", "Bye, Ada" }, log);
    }

    [TestMethod]
    public void Step2_sum_of_squares()
    {
        Assert.AreEqual(14, Co.Run<int>(SumOfSquares(), ClockKind.Virtual));
    }

    [TestMethod]
    public void Step3_two_at_once()
    {
        List<string> log = Capture(() => Co.Run(TwoAtOnce(), ClockKind.Virtual));
        CollectionAssert.AreEqual(new[] { "Hello, Alice", "Hello, Bob", "Bye, Alice", "Bye, Bob", "both done at t=1" }, log);
    }

    [TestMethod]
    public void Step4_careful()
    {
        List<string> log = Capture(() => Co.Run(Careful(), ClockKind.Virtual));
        CollectionAssert.AreEqual(new[] { "caught: no luck" }, log);
    }

    [TestMethod]
    public void Step5_boss()
    {
        List<string> log = Capture(() => Co.Run(Boss(), ClockKind.Virtual));
        CollectionAssert.AreEqual(new[] { "patrol at t=1", "patrol at t=2", "patrol cleaned up" }, log);
    }

    [TestMethod]
    public void Step7_see_it_run()
    {
        string html = string.Empty;
        List<string> log = Capture(() => html = WatchTwoAtOnce());
        CollectionAssert.Contains(log, "0.000 main spawn TutorialSnippets.TwoAtOnce");
        CollectionAssert.Contains(log, "0.000 Task-3 spawn TutorialSnippets.Greet by main");
        CollectionAssert.Contains(log, "1.000 Task-3 woken by timer");
        CollectionAssert.Contains(log, "1.000 main woken by Gather of 2 (Task-4)");
        string dump = log.Single(l => l.StartsWith("Loop on", StringComparison.Ordinal));
        StringAssert.Contains(dump, "#2 'main' waits for Gather of 2 (2 pending) blocked by #3 'Task-3', #4 'Task-4', since t=0.000 (frame 1)");
        StringAssert.Contains(dump, "#3 'Task-3' waits for timer due at t=1.000");
        Assert.AreEqual(4, html.Split("<g class=\"lane\"").Length - 1, "spectator, main and two greeters: four lanes");
        List<string> deadlock = Capture(Deadlocked);
        StringAssert.StartsWith(deadlock[0], "Deadlock on the virtual clock at t=1.000 (frame 3): task #1 'main' is not done");
        StringAssert.Contains(deadlock[0], "Wait-for cycle: 'Task-2' -> 'Task-3' -> 'Task-2'");
        StringAssert.Contains(deadlock[0], "#2 'Task-2' waits for CoLock [held by 'Task-3', 1 waiting] held by #3 'Task-3'");
    }

    [TestMethod]
    public void Step6_game_loop()
    {
        List<string> log = Capture(GameLoop);
        CollectionAssert.AreEqual(new[] { "Hello, player", "Bye, player" }, log);
    }
}
