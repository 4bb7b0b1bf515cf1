using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Tasks;

[TestClass]
public sealed class ThreadAndIntrospectionTests
{
    [TestMethod]
    public void ToThread_resumes_on_the_loop_thread_with_the_result()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        int loopThread = Environment.CurrentManagedThreadId;
        int workerThread = -1;
        IEnumerator<Yield> Main()
        {
            yield return Co.ToThread(() =>
            {
                workerThread = Environment.CurrentManagedThreadId;
                Thread.Sleep(20);
                return 7;
            });
            Assert.AreEqual(loopThread, Environment.CurrentManagedThreadId);
            yield return Yield.Return(Co.Result<int>());
        }

        Assert.AreEqual(7, loop.Run(Main()), "a virtual loop waits for the thread instead of reporting a deadlock");
        Assert.AreNotEqual(loopThread, workerThread);
        Assert.AreEqual(0, loop.PendingExternalWork);
        Assert.AreEqual(0.0, loop.Time, "virtual time stands still while the thread works");
    }

    [TestMethod]
    public void ToThread_exception_reaches_the_waiter()
    {
        using var loop = new EventLoop(ClockKind.Real);
        IEnumerator<Yield> Main()
        {
            yield return Co.ToThread(() => throw new InvalidOperationException("from the pool"));
        }

        InvalidOperationException e = Assert.ThrowsExactly<InvalidOperationException>(() => loop.Run(Main()));
        Assert.AreEqual("from the pool", e.Message);
    }

    [TestMethod]
    public void Tasks_are_named_Task_N_and_listed()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        IEnumerator<Yield> Sleeper()
        {
            yield return Yield.Seconds(5);
        }

        IEnumerator<Yield> Main()
        {
            CoTask a = Co.Spawn(Sleeper());
            CoTask b = Co.Spawn(Sleeper(), "worker");
            StringAssert.StartsWith(a.Name, "Task-");
            Assert.AreEqual("worker", b.Name);
            Assert.AreEqual("main", Co.CurrentTask!.Name);
            Assert.AreEqual(3, Co.AllTasks().Length);
            yield return Yield.Seconds(1);
            Assert.AreEqual("Seconds(5)", a.WaitingFor);
            Assert.AreEqual("running", Co.CurrentTask!.WaitingFor);
            a.Cancel();
            b.Cancel();
        }

        loop.Run(Main());
    }

    [TestMethod]
    public void WaitingFor_names_the_primitive_and_GetStack_the_frames()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();
        var q = new CoQueue<int>();
        IEnumerator<Yield> Locker()
        {
            yield return l.Acquire();
        }

        IEnumerator<Yield> Main()
        {
            yield return l.Acquire();
            CoTask a = Co.Spawn(Outer(q));
            CoTask b = Co.Spawn(Locker());
            yield return Yield.NextTick;
            Assert.AreEqual("Wait(CoQueue.Get)", a.WaitingFor);
            Assert.AreEqual("Wait(CoLock.Acquire)", b.WaitingFor);
            string[] stack = a.GetStack();
            Assert.AreEqual(2, stack.Length);
            Assert.AreEqual("ThreadAndIntrospectionTests.Inner", stack[1]);
            a.Cancel();
            b.Cancel();
            l.Release();
        }

        loop.Run(Main());
    }

    private static IEnumerator<Yield> Busy()
    {
        Thread.SpinWait(10_000);
        yield return Yield.Seconds(1);
    }

    private static IEnumerator<Yield> Inner(CoQueue<int> q)
    {
        yield return q.Get();
    }

    private static IEnumerator<Yield> Outer(CoQueue<int> q)
    {
        yield return Yield.From(Inner(q));
    }

    [TestMethod]
    public void Debug_mode_reports_a_slow_step_naming_the_coroutine()
    {
        using var loop = new EventLoop(ClockKind.Virtual) { Debug = true, SlowStepThreshold = 1e-9 };
        var reports = new List<LoopExceptionContext>();
        loop.ExceptionHandler = reports.Add;
        loop.Run(Busy());
        Assert.IsTrue(reports.Count >= 1);
        StringAssert.Contains(reports[0].Message, "Busy");
        StringAssert.Contains(reports[0].Message, "took");
        Assert.IsNull(reports[0].Exception);
    }

    [TestMethod]
    public void Debug_mode_is_off_by_default_and_threshold_is_100ms()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.IsFalse(loop.Debug);
        Assert.AreEqual(0.1, loop.SlowStepThreshold);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => loop.SlowStepThreshold = double.NaN);
    }
}
