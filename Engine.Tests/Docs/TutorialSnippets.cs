using System;
using System.Collections.Generic;
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
    public void Step6_game_loop()
    {
        List<string> log = Capture(GameLoop);
        CollectionAssert.AreEqual(new[] { "Hello, player", "Bye, player" }, log);
    }
}
