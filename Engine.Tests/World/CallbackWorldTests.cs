using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Whole-loop saves of callbacks in the ready and timer queues: a delegate that can be named (a static method, an
// instance method of an object the snapshot saves) is saved and runs after restore; a lambda is reported by name.
[TestClass]
public class CallbackWorldTests
{
    private static readonly List<string> s_calls = new();

    public static void Record() => s_calls.Add("static at " + EventLoop.Current!.Time);

    public static void RecordState(object? state) => s_calls.Add("state " + state + " at " + EventLoop.Current!.Time);

    [TestMethod]
    public void NamedCallbacksInBothQueuesRunAfterRestore()
    {
        s_calls.Clear();
        int saves = WorldRun.RestoreEverywhere(loop =>
        {
            var signal = new CoEvent();
            var tasks = new List<CoTask>
            {
                loop.Spawn(new WorldCoroutines.EventWaiterMachine(signal, 1), "waiter-1"),
                loop.Spawn(new WorldCoroutines.EventWaiterMachine(signal, 2), "waiter-2"),
            };
            loop.CallLater(2, signal.Set);             // an instance method of a saved primitive
            loop.CallLater(1, Record);                 // a static method
            loop.CallAt(1, Record);                    // same time: tie order kept
            loop.CallSoon(RecordState, "soon");        // with its state
            loop.CallLater(1.5, Record).Cancel();      // cancelled: fires as a no-op that traces show
            return tasks;
        });
        Assert.IsGreaterThan(3, saves);
        // The original run calls Record twice at time 1; every run restored before time 1 calls the restored ones again.
        Assert.IsGreaterThan(2, s_calls.FindAll(c => c == "static at 1").Count, string.Join("; ", s_calls));
    }

    [TestMethod]
    public void LambdaCallbackIsReportedWithItsMethodName()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        int count = 0;
        loop.CallLater(1, () => count++);
        loop.CallSoon(_ => count++, null);
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(e.Message, "2 values cannot be saved");
        StringAssert.Contains(e.Message, "the ready queue callback field 'Callback' holds a delegate to Engine.Tests.World.CallbackWorldTests+<>c__DisplayClass");
        StringAssert.Contains(e.Message, "the timer queue at 1 callback field 'Action' holds a delegate to Engine.Tests.World.CallbackWorldTests+<>c__DisplayClass");
        StringAssert.Contains(e.Message, "a lambda, anonymous method or local function");
    }

    [TestMethod]
    public void CallbackOnAnUnsavableTargetIsReported()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var list = new HashSet<int>();
        loop.CallLater(1, list.Clear);
        NotSupportedException e = Assert.ThrowsExactly<NotSupportedException>(() => loop.Save());
        StringAssert.Contains(e.Message, "delegate System.Collections.Generic.HashSet`1");
        StringAssert.Contains(e.Message, "target field 'Target' holds a System.Collections.Generic.HashSet");
    }
}
