using System.Collections.Generic;
using System.Linq;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// Generated machines say where they are suspended: file and line in the live view.
public static partial class ViewedCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> Guard(CoLock gate, CoEvent done)
    {
        yield return gate.Acquire();
        try
        {
            yield return done.Wait();
        }
        finally
        {
            gate.Release();
        }
    }
}

// The live view (EventLoop.Inspect / Dump): every task, its frames and sites, what it waits on, since when, held by whom.
[TestClass]
public sealed class LiveViewTests
{
    private static IEnumerator<Yield> Inner(CoLock gate)
    {
        yield return gate.Acquire();
        gate.Release();
    }

    private static IEnumerator<Yield> Outer(CoLock gate)
    {
        yield return Yield.From(Inner(gate));
    }

    private static IEnumerator<Yield> Wait(Yield instruction)
    {
        yield return instruction;
    }

    private static LoopView? s_seenFromInside;

    private static IEnumerator<Yield> Scene(List<LoopView> views)
    {
        EventLoop loop = Co.Loop;
        var gate = new CoLock();
        var done = new CoEvent();
        var queue = new CoQueue<int>(1);
        var semaphore = new CoSemaphore(0);
        CoTask guard = Co.Spawn(ViewedCoroutines.RentGuard(gate, done), "guard");
        yield return Yield.NextTick;
        Co.Spawn(Outer(gate), "blocked");
        Co.Spawn(Wait(queue.Get()), "getter");
        Co.Spawn(Wait(semaphore.Acquire()), "permit");
        Co.Spawn(Wait(Yield.Seconds(5)), "sleeper");
        Co.Spawn(Wait(Yield.Until(() => done.IsSet)), "poller");
        CoTask awaiter = Co.Spawn(Wait(guard), "awaiter");
        Co.Spawn(Wait(Co.Gather(awaiter, guard)), "gatherer");
        yield return Yield.Seconds(1);
        s_seenFromInside = loop.Inspect();
        views.Add(loop.Inspect());
        done.Set();
        yield return queue.Put(1);
        semaphore.Release();
        yield return Co.Gather(guard, awaiter);
    }

    private static LoopView Snapshot(bool observed)
    {
        var views = new List<LoopView>();
        using var loop = new EventLoop(ClockKind.Virtual);
        if (observed)
        {
            loop.AddSink(new TraceRecorder());
        }

        loop.Run(Scene(views));
        return views[0];
    }

    [TestMethod]
    public void Every_task_with_its_state_and_frames()
    {
        LoopView view = Snapshot(observed: true);
        Assert.AreEqual(ClockKind.Virtual, view.Clock);
        Assert.AreEqual(1.0, view.Time);
        Assert.HasCount(9, view.Tasks);
        Assert.AreEqual(TaskState.Running, view.FindTask("main")!.State);
        Assert.AreEqual("LiveViewTests.Scene", view.FindTask("main")!.Frames[0].Coroutine);
        TaskView blocked = view.FindTask("blocked")!;
        CollectionAssert.AreEqual(new[] { "LiveViewTests.Outer", "LiveViewTests.Inner" }, blocked.Frames.Select(f => f.Display).ToArray(), "outermost first");
        Assert.AreEqual("Outer -> Inner".Replace("Outer", "LiveViewTests.Outer").Replace("Inner", "LiveViewTests.Inner"), blocked.StackText);
    }

    [TestMethod]
    public void Generated_machines_show_file_and_line()
    {
        FrameView frame = Snapshot(observed: false).FindTask("guard")!.Frames.Single();
        Assert.AreEqual("Engine.Tests.Observe.ViewedCoroutines.Guard", frame.Coroutine);
        StringAssert.EndsWith(frame.File, "LiveViewTests.cs");
        Assert.AreEqual(17, frame.Line, "the line of 'yield return done.Wait();'");
        Assert.AreEqual(2, frame.SiteId);
        StringAssert.Contains(frame.Display, "(LiveViewTests.cs:17)");
    }

    [TestMethod]
    public void Locks_say_who_holds_them()
    {
        LoopView view = Snapshot(observed: false);
        WaitView wait = view.FindTask("blocked")!.Wait!;
        Assert.AreEqual(WaitKind.Lock, wait.Kind);
        CollectionAssert.AreEqual(new[] { view.FindTask("guard")!.Id }, wait.BlockedBy.ToArray());
        ResourceView gate = view.FindResource(wait.ResourceId)!;
        Assert.AreEqual(WaitKind.Lock, gate.Kind);
        CollectionAssert.AreEqual(new[] { view.FindTask("blocked")!.Id }, gate.Waiters.ToArray());
        StringAssert.Contains(gate.Description, "held by 'guard'");
        Assert.AreEqual("Wait(CoLock.Acquire)", wait.Instruction);
    }

    [TestMethod]
    public void Every_kind_of_wait_is_named()
    {
        LoopView view = Snapshot(observed: false);
        Assert.AreEqual(WaitKind.Event, view.FindTask("guard")!.Wait!.Kind);
        Assert.AreEqual(WaitKind.QueueGet, view.FindTask("getter")!.Wait!.Kind);
        StringAssert.Contains(view.FindTask("getter")!.Wait!.Description, "CoQueue<Int32> [0/1 items");
        Assert.AreEqual(WaitKind.Semaphore, view.FindTask("permit")!.Wait!.Kind);
        Assert.AreEqual(WaitKind.Predicate, view.FindTask("poller")!.Wait!.Kind);
        WaitView sleeper = view.FindTask("sleeper")!.Wait!;
        Assert.AreEqual(WaitKind.Timer, sleeper.Kind);
        Assert.AreEqual(5.0, sleeper.Until);
        WaitView awaiter = view.FindTask("awaiter")!.Wait!;
        Assert.AreEqual(WaitKind.Task, awaiter.Kind);
        CollectionAssert.AreEqual(new[] { view.FindTask("guard")!.Id }, awaiter.BlockedBy.ToArray());
        WaitView gatherer = view.FindTask("gatherer")!.Wait!;
        Assert.AreEqual(WaitKind.Gather, gatherer.Kind);
        CollectionAssert.AreEquivalent(new[] { view.FindTask("guard")!.Id, view.FindTask("awaiter")!.Id }, gatherer.BlockedBy.ToArray());
    }

    [TestMethod]
    public void Since_is_known_when_the_loop_is_observed()
    {
        LoopView observed = Snapshot(observed: true);
        Assert.AreEqual(0.0, observed.FindTask("sleeper")!.Wait!.Since);
        Assert.AreEqual(0.0, observed.FindTask("guard")!.Wait!.Since);
        Assert.IsGreaterThan(0, observed.FindTask("guard")!.Wait!.SinceFrame);
        Assert.IsTrue(double.IsNaN(Snapshot(observed: false).FindTask("sleeper")!.Wait!.Since));
    }

    [TestMethod]
    public void Dump_reads_like_a_debugger()
    {
        var views = new List<LoopView>();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Trace = _ => { };
        loop.Run(Scene(views));
        string dump = views[0].ToString();
        StringAssert.StartsWith(dump, "Loop on the virtual clock at t=1.000, frame ");
        StringAssert.Contains(dump, "'blocked' waits for CoLock [held by 'guard', 1 waiting] held by #2 'guard', since t=0.000");
        StringAssert.Contains(dump, "at LiveViewTests.Outer -> LiveViewTests.Inner");
        StringAssert.Contains(dump, "#1 'main' running");
        StringAssert.Contains(dump, "'sleeper' waits for timer due at t=5.000");
        Assert.AreEqual(string.Empty, new EventLoop(ClockKind.Virtual).Dump().Split('\n')[1].Trim(), "an idle loop: a header only");
    }

    [TestMethod]
    public void Ready_tasks_and_a_view_taken_between_ticks()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        loop.Spawn(Wait(Yield.NextTick), "ticker");
        LoopView before = loop.Inspect();
        Assert.AreEqual(TaskState.Ready, before.Tasks[0].State);
        Assert.IsNull(before.Tasks[0].Wait);
        loop.Tick(0.1);
        Assert.AreEqual(TaskState.Ready, loop.Inspect().Tasks[0].State, "it yielded NextTick: ready for the next frame");
        loop.Spawn(Wait(Yield.Frames(10)), "frames");
        loop.Tick(0.1);
        TaskView frames = loop.Inspect().FindTask("frames")!;
        Assert.AreEqual(WaitKind.Frames, frames.Wait!.Kind);
        Assert.AreEqual(12, frames.Wait.UntilFrame);
        Assert.AreEqual(loop.Dump(), loop.Inspect().ToString());
    }
}
