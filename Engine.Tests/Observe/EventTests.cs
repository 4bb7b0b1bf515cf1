using System;
using System.Collections.Generic;
using System.Linq;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// The structured events: every scheduler decision a teacher asks about, with its cause and who did it.
[TestClass]
public sealed class EventTests
{
    private static IEnumerator<Yield> Child()
    {
        yield return Yield.Seconds(0.5);
        yield return Yield.Return(42);
    }

    private static IEnumerator<Yield> Holder(CoLock l)
    {
        yield return l.Acquire();
        yield return Yield.Seconds(1);
        l.Release();
    }

    private static IEnumerator<Yield> Waiter(CoLock l)
    {
        yield return l.Acquire();
        l.Release();
    }

    private static IEnumerator<Yield> Sleeper()
    {
        yield return Yield.Seconds(100);
    }

    private static IEnumerator<Yield> Ticker(int yields)
    {
        for (int i = 0; i < yields; i++)
        {
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> Program()
    {
        yield return Yield.From(Child());
        var l = new CoLock();
        CoTask holder = Co.Spawn(Holder(l), "holder");
        yield return Yield.NextTick;
        CoTask waiter = Co.Spawn(Waiter(l), "waiter");
        CoTask sleeper = Co.Spawn(Sleeper(), "sleeper");
        yield return Co.Gather(holder, waiter);
        sleeper.Cancel();
        yield return Yield.Catch(sleeper);
        yield return Co.Spawn(TestCoroutines.Fail(0), "failer");
    }

    private static List<LoopEvent> Record(Func<IEnumerator<Yield>> main)
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.AddSink(recorder);
        try
        {
            loop.Run(main());
        }
        catch (InvalidOperationException)
        {
        }

        return recorder.ToArray().ToList();
    }

    [TestMethod]
    public void Spawns_name_the_spawner()
    {
        List<LoopEvent> events = Record(Program);
        LoopEvent spawn = events.Single(e => e.Kind == LoopEventKind.Spawned && e.Task!.Name == "waiter");
        Assert.AreEqual("main", spawn.Other!.Name);
        Assert.AreEqual("EventTests.Waiter", spawn.Subject);
        Assert.IsNull(events.First(e => e.Kind == LoopEventKind.Spawned).Other, "main is spawned from outside any task");
    }

    [TestMethod]
    public void A_lock_release_wakes_the_waiter_naming_the_releasing_task()
    {
        List<LoopEvent> events = Record(Program);
        LoopEvent woken = events.Single(e => e.Kind == LoopEventKind.Woken && e.Task!.Name == "waiter");
        Assert.AreEqual(WakeCause.Source, woken.Cause);
        Assert.AreEqual("holder", woken.Other!.Name);
        Assert.AreEqual("CoLock.Acquire", woken.Subject!.ToString());
        StringAssert.Contains(woken.ToString(), "woken by CoLock.Acquire (holder)");
    }

    [TestMethod]
    public void Timer_wakes_have_no_waker_and_fire_in_buckets()
    {
        List<LoopEvent> events = Record(Program);
        LoopEvent woken = events.First(e => e.Kind == LoopEventKind.Woken && e.Cause == WakeCause.Timer);
        Assert.IsNull(woken.Other);
        LoopEvent fired = events.First(e => e.Kind == LoopEventKind.TimersFired);
        Assert.AreEqual(0.5, fired.Number);
        Assert.IsLessThan(events.IndexOf(woken), events.IndexOf(fired), "the bucket fires, then its tasks wake");
    }

    [TestMethod]
    public void Yields_carry_the_instruction_and_when_a_timed_wait_is_due()
    {
        List<LoopEvent> events = Record(Program);
        LoopEvent sleep = events.First(e => e.Kind == LoopEventKind.Yielded && e.Instruction.Kind == YieldKind.Seconds && e.Task!.Name == "main");
        Assert.AreEqual(0.5, sleep.Number);
        LoopEvent parked = events.First(e => e.Kind == LoopEventKind.StepEnded && e.Task!.Name == "main");
        Assert.AreEqual(StepOutcome.Parked, parked.Outcome);
        Assert.AreEqual(0.5, parked.Number);
        Assert.IsNull(parked.Subject, "a timer wait has no holder");
        LoopEvent gather = events.First(e => e.Kind == LoopEventKind.StepEnded && e.Task!.Name == "main" && e.Subject is Future);
        StringAssert.StartsWith(gather.Subject!.ToString(), "Gather of 2");
    }

    [TestMethod]
    public void Child_frames_push_with_From_and_pop_with_their_value()
    {
        List<LoopEvent> events = Record(Program);
        Assert.IsTrue(events.Any(e => e.Kind == LoopEventKind.Yielded && e.Instruction.Kind == YieldKind.From), "push");
        LoopEvent popped = events.Single(e => e.Kind == LoopEventKind.FrameReturned);
        Assert.AreEqual("EventTests.Child", popped.Subject);
        Assert.AreEqual(42, popped.Detail);
        StringAssert.EndsWith(popped.ToString(), "return from EventTests.Child with Int32");
    }

    [TestMethod]
    public void Ends_are_completed_failed_or_cancelled_and_cancel_names_who_asked()
    {
        List<LoopEvent> events = Record(Program);
        Assert.IsTrue(events.Any(e => e.Kind == LoopEventKind.Completed && e.Task!.Name == "holder"));
        LoopEvent cancel = events.Single(e => e.Kind == LoopEventKind.CancelRequested);
        Assert.AreEqual("sleeper", cancel.Task!.Name);
        Assert.AreEqual("main", cancel.Other!.Name);
        Assert.IsTrue(events.Any(e => e.Kind == LoopEventKind.Cancelled && e.Task!.Name == "sleeper"));
        LoopEvent failed = events.Single(e => e.Kind == LoopEventKind.Failed && e.Task!.Name == "failer");
        Assert.IsInstanceOfType<InvalidOperationException>(failed.Subject);
        Assert.IsTrue(events.Any(e => e.Kind == LoopEventKind.FrameFailed && e.Task!.Name == "main"), "the failure unwinds main's frame");
    }

    [TestMethod]
    public void Steps_begin_and_end_in_pairs_with_timestamps_and_sites()
    {
        List<LoopEvent> events = Record(Program);
        var open = new Dictionary<CoTask, LoopEvent>();
        foreach (LoopEvent e in events)
        {
            if (e.Kind == LoopEventKind.StepBegan)
            {
                Assert.IsFalse(open.ContainsKey(e.Task!), "one step at a time per task");
                open[e.Task!] = e;
                Assert.IsInstanceOfType<string>(e.Subject);
            }
            else if (e.Kind == LoopEventKind.StepEnded)
            {
                Assert.IsTrue(open.Remove(e.Task!, out LoopEvent began));
                Assert.IsGreaterThanOrEqualTo(began.Timestamp, e.Timestamp);
            }
        }

        Assert.IsEmpty(open);
        CollectionAssert.AreEqual(events.Select(e => e.Sequence).ToList(), Enumerable.Range(1, events.Count).Select(i => (long)i).ToList());
    }

    [TestMethod]
    public void Virtual_clock_jumps_and_frames_are_events()
    {
        List<LoopEvent> events = Record(Program);
        LoopEvent jump = events.First(e => e.Kind == LoopEventKind.ClockJumped);
        Assert.AreEqual(0, jump.Number);
        Assert.AreEqual(0.5, jump.Time);
        long[] frames = events.Where(e => e.Kind == LoopEventKind.IterationBegan).Select(e => e.Frame).ToArray();
        CollectionAssert.AreEqual(Enumerable.Range(1, frames.Length).Select(i => (long)i).ToArray(), frames);
    }

    [TestMethod]
    public void Frame_clock_events_carry_the_frame_of_each_Tick()
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Frame);
        loop.AddSink(recorder);
        loop.Spawn(Frames(), "f");
        for (int i = 0; i < 6; i++)
        {
            loop.Tick(0.25);
        }

        LoopEvent[] events = recorder.ToArray();
        LoopEvent parked = events.First(e => e.Kind == LoopEventKind.StepEnded);
        Assert.AreEqual(1, parked.Frame);
        Assert.AreEqual(4, parked.Number, "Frames(3) yielded in frame 1 is due in frame 4");
        LoopEvent woken = events.Single(e => e.Kind == LoopEventKind.Woken);
        Assert.AreEqual(WakeCause.Frames, woken.Cause);
        Assert.AreEqual(4, woken.Frame);
        Assert.AreEqual(1.0, woken.Time);

        static IEnumerator<Yield> Frames()
        {
            yield return Yield.Frames(3);
        }
    }

    [TestMethod]
    public void Callbacks_and_posts_are_events_and_wakes_inside_them_name_them()
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.AddSink(recorder);
        var ev = new CoEvent();
        loop.CallLater(1, () => ev.Set());
        loop.Run(WaitFor(ev));
        LoopEvent[] events = recorder.ToArray();
        Assert.IsTrue(events.Any(e => e.Kind == LoopEventKind.CallbackScheduled && e.Number == 1));
        LoopEvent woken = events.Single(e => e.Kind == LoopEventKind.Woken);
        Assert.IsInstanceOfType<CallbackHandle>(woken.Detail);
        StringAssert.Contains(woken.ToString(), "in callback lambda in Callbacks_and_posts_are_events_and_wakes_inside_them_name_them");

        static IEnumerator<Yield> WaitFor(CoEvent ev)
        {
            yield return ev.Wait();
        }
    }

    [TestMethod]
    public void No_sink_no_events_and_removing_the_last_sink_stops_them()
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        Assert.IsNull(loop.Observer);
        loop.AddSink(recorder);
        loop.AddSink(recorder);
        Assert.IsTrue(loop.RemoveSink(recorder));
        Assert.IsNull(loop.Observer);
        Assert.IsFalse(loop.RemoveSink(recorder));
        loop.Run(Child());
        Assert.AreEqual(0, recorder.Count);
    }

    [TestMethod]
    public void The_recorder_keeps_thousands_of_events_in_order_and_records_again_after_Clear()
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Frame);
        loop.AddSink(recorder);
        for (int i = 0; i < 7; i++)
        {
            loop.Spawn(Ticker(300));
        }

        while (loop.TaskCount > 0)
        {
            loop.Tick(0);
        }

        Assert.IsTrue(recorder.Count > 6000, $"{recorder.Count} events from 2,100 resumes");
        LoopEvent[] all = recorder.ToArray();
        Assert.AreEqual(recorder.Count, all.Length);
        for (int i = 0; i < all.Length; i++)
        {
            Assert.AreEqual(i + 1L, all[i].Sequence, $"event {i} in ToArray");
            Assert.AreEqual(all[i].Sequence, recorder[i].Sequence, $"event {i} by index");
        }

        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => recorder[all.Length]);
        recorder.Clear();
        Assert.AreEqual(0, recorder.Count);
        Assert.AreEqual(0, recorder.ToArray().Length);
        loop.Spawn(Ticker(600));
        while (loop.TaskCount > 0)
        {
            loop.Tick(0);
        }

        Assert.IsTrue(recorder.Count > 1000, $"{recorder.Count} events after Clear");
        Assert.AreEqual(LoopEventKind.Spawned, recorder[0].Kind);
        Assert.AreEqual(all[all.Length - 1].Sequence + 1, recorder[0].Sequence);
        Assert.AreEqual(recorder[recorder.Count - 1].Sequence, recorder.ToArray()[recorder.Count - 1].Sequence);
    }

    [TestMethod]
    public void A_sink_that_throws_is_removed_and_reported_and_the_loop_runs_on()
    {
        var reports = new List<LoopExceptionContext>();
        using var loop = new EventLoop(ClockKind.Virtual) { ExceptionHandler = reports.Add };
        var recorder = new TraceRecorder();
        loop.AddSink(new Throwing());
        loop.AddSink(recorder);
        Assert.AreEqual(42, loop.Run(Child()));
        Assert.HasCount(1, reports);
        StringAssert.Contains(reports[0].Message, "Throwing threw and was removed");
        Assert.IsGreaterThan(5, recorder.Count, "the other sink kept receiving");
    }

    [TestMethod]
    public void Adding_a_sink_from_another_thread_fails_clearly()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        Exception? error = null;
        var thread = new System.Threading.Thread(() =>
        {
            try
            {
                loop.AddSink(new TraceRecorder());
            }
            catch (InvalidOperationException e)
            {
                error = e;
            }
        });
        thread.Start();
        thread.Join();
        StringAssert.Contains(error!.Message, "attach a sink to");
        Assert.ThrowsExactly<ArgumentNullException>(() => loop.AddSink(null!));
    }

    private sealed class Throwing : ILoopSink
    {
        public void OnEvent(in LoopEvent e) => throw new InvalidOperationException("sink broke");
    }
}
