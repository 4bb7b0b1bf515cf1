using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// A process's end reaches its environment through one loop-wide hook (Engine/Loop/EventLoop.Processes.cs), before the
// task's own waiters wake, as the completion listener every process used to register (its first waiter) was told. Only
// processes carry the mark: a task spawned on the environment's loop directly takes no SimPy turn at its end.
[TestClass]
public sealed class ProcessEndHookTests
{
    [TestMethod]
    public void A_process_end_is_heard_before_a_task_awaiting_its_task_wakes()
    {
        var log = new List<string>();
        using var env = new SimEnvironment();
        SimProcess worker = env.Process(Worker(log));
        env.Process(ProcessWaiter(worker, log));
        CoTask engineTask = env.Loop.Spawn(EngineWaiter(worker.Task, log));
        env.Run();

        // The end's turn is queued by the hook, then the engine task is woken behind it: the process waiting for the
        // process event resumes first.
        CollectionAssert.AreEqual(new[] { "worker done at 1", "process waiter at 1: 42", "engine waiter at 1: 42" }, log);
        Assert.IsTrue(worker.Task.IsProcess);
        Assert.IsFalse(engineTask.IsProcess, "a task spawned on the loop directly is not a process");
    }

    [TestMethod]
    public void A_failed_process_is_heard_and_its_failure_reaches_the_task_that_catches_it()
    {
        var log = new List<string>();
        int reported = 0;
        using var env = new SimEnvironment();
        env.Loop.ExceptionHandler = _ => reported++;
        SimProcess failing = env.Process(Failing());
        env.Loop.Spawn(CatchingWaiter(failing.Task, log));
        env.Run();

        CollectionAssert.AreEqual(new[] { "caught at 2: boom" }, log);
        Assert.IsFalse(failing.IsAlive);
        Assert.AreEqual(0, reported, "the failure was retrieved by the catching task");
        Assert.IsTrue(failing.AsEvent().IsProcessed, "the failed process's end had its turn");
    }

    private static IEnumerator<Yield> Worker(List<string> log)
    {
        yield return Yield.Seconds(1);
        log.Add("worker done at 1");
        yield return Yield.Return(42);
    }

    private static IEnumerator<Yield> ProcessWaiter(SimProcess worker, List<string> log)
    {
        yield return worker;
        log.Add("process waiter at " + worker.Environment.Now + ": " + worker.Value);
    }

    private static IEnumerator<Yield> EngineWaiter(CoTask worker, List<string> log)
    {
        yield return worker;
        log.Add("engine waiter at " + worker.Loop.Time + ": " + worker.Result);
    }

    private static IEnumerator<Yield> Failing()
    {
        yield return Yield.Seconds(2);
        throw new System.InvalidOperationException("boom");
    }

    private static IEnumerator<Yield> CatchingWaiter(CoTask failing, List<string> log)
    {
        yield return Yield.Catch(failing);
        log.Add("caught at " + failing.Loop.Time + ": " + Co.Exception?.Message);
    }
}
