using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Errors visible in a game host: HostLog routes the loop's reports to a logger that takes exceptions (Unity's
// Debug.LogException) with the task and its coroutines in the message.
[TestClass]
public sealed class HostLogTests
{
    private static IEnumerator<Yield> Inner()
    {
        yield return Yield.NextTick;
        throw new InvalidOperationException("the boss fell through the floor");
    }

    private static IEnumerator<Yield> Outer()
    {
        yield return Yield.From(Inner());
    }

    [TestMethod]
    public void Failures_reach_the_logger_as_exceptions_naming_the_task_and_its_coroutines()
    {
        using var game = new GameLoop();
        var logged = new List<Exception>();
        var warnings = new List<string>();
        game.Loop.ExceptionHandler = HostLog.To(logged.Add, warnings.Add);
        game.Spawn(Outer(), "boss");
        game.Tick(0.1);
        game.Tick(0.1);
        Assert.AreEqual(1, logged.Count, "reported in the frame it failed, not when the garbage collector runs");
        var error = (LoopErrorException)logged[0];
        StringAssert.Contains(error.Message, "Task 'boss' failed");
        StringAssert.Contains(error.Message, "HostLogTests.Inner -> HostLogTests.Outer");
        Assert.IsInstanceOfType<InvalidOperationException>(error.InnerException);
        Assert.AreSame(game.Loop, error.Context.Task!.Loop);
        Assert.AreEqual(0, warnings.Count);
    }

    [TestMethod]
    public void Warnings_without_an_exception_go_to_the_warning_logger()
    {
        using var game = new GameLoop();
        var logged = new List<Exception>();
        var warnings = new List<string>();
        game.Loop.ExceptionHandler = HostLog.To(logged.Add, warnings.Add);
        game.Loop.Debug = true;
        game.Loop.SlowStepThreshold = 0;
        game.Spawn(Busy(), "busy");
        game.Tick(0.1);
        Assert.AreEqual(0, logged.Count);
        Assert.IsGreaterThan(0, warnings.Count);
        StringAssert.Contains(warnings[0], "Executing task 'busy'");

        static IEnumerator<Yield> Busy()
        {
            System.Threading.Thread.Sleep(2);
            yield return Yield.NextTick;
        }
    }
}
