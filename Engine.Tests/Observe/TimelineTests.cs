using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// The timeline: a recorded run laid out per task, exported as Chrome trace events (validated against the format
// here) and as an HTML page with an SVG (rendered in a real browser by BrowserTimelineTests).
[TestClass]
public sealed class TimelineTests
{
    internal static TraceRecorder RecordGather()
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.AddSink(recorder);
        loop.Run(Article.Main42());
        return recorder;
    }

    private static TraceRecorder RecordBusy(ClockKind clock)
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(clock);
        loop.AddSink(recorder);
        var l = new CoLock();
        var q = new CoQueue<int>(1);
        loop.Spawn(Producer(q), "producer");
        loop.Spawn(Consumer(q, l), "consumer");
        loop.Spawn(Consumer(q, l), "consumer-2");
        CoTask sleeper = loop.Spawn(TestCoroutines.Sleep(100, null), "sleeper");
        loop.Spawn(Canceller(sleeper), "canceller");
        loop.Spawn(TestCoroutines.Fail(0.3), "failer");
        if (clock == ClockKind.Frame)
        {
            for (int i = 0; i < 40; i++)
            {
                loop.Tick(0.1);
            }
        }
        else
        {
            loop.RunUntil(5);
        }

        return recorder;

        static IEnumerator<Yield> Producer(CoQueue<int> q)
        {
            for (int i = 0; i < 4; i++)
            {
                yield return q.Put(i);
                yield return Yield.Seconds(0.25);
            }
        }

        static IEnumerator<Yield> Consumer(CoQueue<int> q, CoLock l)
        {
            for (int i = 0; i < 2; i++)
            {
                yield return q.Get();
                yield return l.Acquire();
                yield return Yield.Frames(2);
                l.Release();
            }
        }

        static IEnumerator<Yield> Canceller(CoTask victim)
        {
            yield return Yield.Seconds(1);
            victim.Cancel();
        }
    }

    [TestMethod]
    public void The_gather_example_has_a_lane_per_task_and_arrows_for_every_wake_up()
    {
        Timeline timeline = RecordGather().ToTimeline();
        CollectionAssert.AreEqual(new[] { "main", "Task-2", "Task-3" }, timeline.Lanes.Select(l => l.Name).ToArray());
        Assert.AreEqual("Article.SayHello", timeline.Lanes[1].Coroutine);
        Assert.HasCount(6, timeline.Slices.Where(s => s.Kind == TimelineSliceKind.Step).ToList());
        TimelineSlice wait = timeline.Slices.First(s => s.Kind == TimelineSliceKind.Waiting && s.Lane == 1);
        Assert.AreEqual("timer until 1.000", wait.Label);
        TimelineArrow[] wakes = timeline.Arrows.Where(a => a.Kind == TimelineArrowKind.Wake).ToArray();
        Assert.HasCount(3, wakes);
        Assert.AreEqual(2, wakes.Count(a => a.FromLane == -1 && a.Label == "timer"));
        TimelineArrow gatherDone = wakes.Single(a => a.ToLane == 0);
        Assert.AreEqual(2, gatherDone.FromLane, "Task-3 finishing completes the gather and wakes main");
        Assert.HasCount(2, timeline.Arrows.Where(a => a.Kind == TimelineArrowKind.Spawn).ToList());
        Assert.IsTrue(timeline.Marks.Any(m => m.Kind == TimelineMarkKind.ClockJump && m.Time == 1.0));
        Assert.HasCount(3, timeline.Marks.Where(m => m.Kind == TimelineMarkKind.Completed).ToList());
    }

    [TestMethod]
    public void Positions_put_steps_of_one_instant_side_by_side_and_follow_time()
    {
        Timeline timeline = RecordGather().ToTimeline();
        TimelineSlice[] steps = timeline.Slices.Where(s => s.Kind == TimelineSliceKind.Step).ToArray();
        for (int i = 1; i < steps.Length; i++)
        {
            Assert.IsGreaterThanOrEqualTo(steps[i - 1].End, steps[i].Start, "one task runs at a time");
        }

        Assert.IsLessThan(1e6, steps[2].End);
        Assert.IsGreaterThanOrEqualTo(1e6, steps[3].Start, "t=1 s is at 1,000,000 µs");
    }

    [TestMethod]
    public void Two_runs_export_the_same_json_apart_from_wall_times()
    {
        static string Strip(string json) => System.Text.RegularExpressions.Regex.Replace(json, "; [0-9.]+ µs", string.Empty);
        Assert.AreEqual(Strip(RecordGather().ToTimeline().ToChromeTraceJson()), Strip(RecordGather().ToTimeline().ToChromeTraceJson()));
    }

    [TestMethod]
    [DataRow(ClockKind.Virtual, TimelineAxis.Time)]
    [DataRow(ClockKind.Frame, TimelineAxis.Frames)]
    [DataRow(ClockKind.Frame, TimelineAxis.Time)]
    public void The_Chrome_trace_export_follows_the_trace_event_format(ClockKind clock, TimelineAxis axis)
    {
        TraceRecorder recorder = clock == ClockKind.Virtual && axis == TimelineAxis.Time ? RecordBusy(ClockKind.Virtual) : RecordBusy(clock);
        Timeline timeline = recorder.ToTimeline(axis);
        ValidateChromeTrace(timeline.ToChromeTraceJson(), timeline.Lanes.Count);
        ValidateChromeTrace(RecordGather().ToTimeline().ToChromeTraceJson(), 3);
    }

    [TestMethod]
    public void The_HTML_page_is_self_contained()
    {
        string html = RecordGather().ToTimeline().ToHtml("Gather <demo>");
        StringAssert.StartsWith(html, "<!DOCTYPE html>");
        StringAssert.Contains(html, "<title>Gather &lt;demo&gt;</title>");
        Assert.AreEqual(3, html.Split("<g class=\"lane\"").Length - 1);
        Assert.AreEqual(6, html.Split("<g class=\"step\"").Length - 1);
        Assert.IsFalse(html.Contains("http://", StringComparison.Ordinal) && !html.Contains("xmlns=\"http://www.w3.org/2000/svg\"", StringComparison.Ordinal));
        Assert.IsFalse(html.Contains("<script", StringComparison.Ordinal), "no script");
        Assert.IsFalse(html.Contains(" src=", StringComparison.Ordinal) || html.Contains("<link", StringComparison.Ordinal), "no external resource");
        StringAssert.Contains(html, ">t=1</text>");
        StringAssert.Contains(RecordBusy(ClockKind.Frame).ToTimeline(TimelineAxis.Frames).ToHtml("frames"), ">frame 10</text>");
    }

    [TestMethod]
    public void A_recorder_can_be_read_and_cleared_and_writes_files()
    {
        TraceRecorder recorder = RecordGather();
        Assert.AreEqual(LoopEventKind.Spawned, recorder[0].Kind);
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => recorder[recorder.Count]);
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "obs-timeline-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            recorder.WriteChromeTrace(System.IO.Path.Combine(dir, "t.json"));
            recorder.WriteHtml(System.IO.Path.Combine(dir, "t.html"), "t");
            ValidateChromeTrace(System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "t.json")), 3);
            StringAssert.Contains(System.IO.File.ReadAllText(System.IO.Path.Combine(dir, "t.html")), "<svg");
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }

        recorder.Clear();
        Assert.AreEqual(0, recorder.Count);
        Assert.IsEmpty(recorder.ToTimeline().Lanes);
        StringAssert.Contains(recorder.ToTimeline().ToHtml("empty"), "0 tasks");
    }

    // The trace event format: required fields per phase, B/E matched per thread, X durations, instant scopes, flows
    // paired by id with each end inside a slice of its thread, and a name for every thread used.
    internal static void ValidateChromeTrace(string json, int lanes)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement events = document.RootElement.GetProperty("traceEvents");
        var threadNames = new Dictionary<long, string>();
        var open = new Dictionary<long, Stack<(string Name, double Ts)>>();
        var spans = new List<(long Tid, double Start, double End)>();
        var flowStarts = new Dictionary<long, (long Tid, double Ts, string Cat)>();
        var flowEnds = new Dictionary<long, (long Tid, double Ts, string Cat)>();
        var lastTs = new Dictionary<long, double>();
        var threadsUsed = new HashSet<long>();
        foreach (JsonElement e in events.EnumerateArray())
        {
            string ph = e.GetProperty("ph").GetString()!;
            string name = e.GetProperty("name").GetString()!;
            Assert.IsFalse(string.IsNullOrEmpty(name));
            Assert.AreEqual(1, e.GetProperty("pid").GetInt64());
            long tid = e.GetProperty("tid").GetInt64();
            if (ph == "M")
            {
                if (name == "thread_name")
                {
                    threadNames[tid] = e.GetProperty("args").GetProperty("name").GetString()!;
                }

                continue;
            }

            threadsUsed.Add(tid);
            double ts = e.GetProperty("ts").GetDouble();
            Assert.IsGreaterThanOrEqualTo(0.0, ts);
            if (lastTs.TryGetValue(tid, out double previous))
            {
                Assert.IsGreaterThanOrEqualTo(previous, ts, "events of a thread in timestamp order");
            }

            lastTs[tid] = ts;
            Stack<(string Name, double Ts)> stack = open.TryGetValue(tid, out var s) ? s : open[tid] = new Stack<(string, double)>();
            switch (ph)
            {
                case "B":
                    stack.Push((name, ts));
                    break;
                case "E":
                    Assert.IsNotEmpty(stack, "E without B on thread " + tid);
                    (string beganName, double began) = stack.Pop();
                    Assert.AreEqual(beganName, name);
                    spans.Add((tid, began, ts));
                    break;
                case "X":
                    double dur = e.GetProperty("dur").GetDouble();
                    Assert.IsGreaterThan(0.0, dur);
                    Assert.IsEmpty(stack, "an X slice does not overlap a step on its thread");
                    spans.Add((tid, ts, ts + dur));
                    break;
                case "i":
                    CollectionAssert.Contains(new[] { "g", "p", "t" }, e.GetProperty("s").GetString());
                    break;
                case "s":
                case "f":
                    long id = e.GetProperty("id").GetInt64();
                    var end = (tid, ts, e.GetProperty("cat").GetString()!);
                    if (ph == "s")
                    {
                        Assert.IsTrue(flowStarts.TryAdd(id, end), "one flow start per id");
                    }
                    else
                    {
                        Assert.AreEqual("e", e.GetProperty("bp").GetString());
                        Assert.IsTrue(flowEnds.TryAdd(id, end), "one flow end per id");
                    }

                    break;
                default:
                    Assert.Fail("unexpected phase " + ph);
                    break;
            }
        }

        foreach (KeyValuePair<long, Stack<(string Name, double Ts)>> pair in open)
        {
            Assert.IsEmpty(pair.Value, "every B has its E on thread " + pair.Key);
        }

        CollectionAssert.AreEquivalent(flowStarts.Keys.ToList(), flowEnds.Keys.ToList(), "flows paired by id");
        foreach (KeyValuePair<long, (long Tid, double Ts, string Cat)> start in flowStarts)
        {
            (long tid, double ts, string cat) = flowEnds[start.Key];
            Assert.AreEqual(start.Value.Cat, cat);
            Assert.IsGreaterThanOrEqualTo(start.Value.Ts, ts, "a flow goes forward in time");
            Assert.IsTrue(spans.Any(x => x.Tid == start.Value.Tid && x.Start <= start.Value.Ts && start.Value.Ts <= x.End), "flow start inside a slice");
            Assert.IsTrue(spans.Any(x => x.Tid == tid && x.Start <= ts && ts <= x.End), "flow end inside a slice");
        }

        foreach (long tid in threadsUsed)
        {
            Assert.IsTrue(threadNames.ContainsKey(tid), "thread " + tid + " is named");
        }

        Assert.AreEqual(lanes + 1, threadNames.Count, "a thread per task, and the loop's");
    }
}
