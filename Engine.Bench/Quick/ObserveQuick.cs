using System;
using Engine.Observe;

namespace Engine.Bench.Quick;

// `quick observe`: what observation costs (Engine/Observe). The switch workload (tasks yielding NextTick on a frame
// loop) with no sink, with a sink that discards every event, with a new TraceRecorder, with one TraceRecorder cleared
// and reused every round (its storage already grown), and with a LoopProfiler, in alternating rounds (Rounds.cs); a
// sink's cost per event is the time it adds over the unobserved run divided by the events it received. The discarding sink isolates the loop's own side (building each event, reading the clock,
// keeping since-times), so the recorder's and profiler's figures minus it are what they add themselves. With no sink,
// the loop must allocate nothing, also after a sink came and went.
public sealed class ObserveQuick : IQuickGroup
{
    private const int Tasks = 1000;
    private const int Yields = 100;

    private static readonly TraceRecorder s_reused = new(); // the recorder_reused rounds share it

    public string Name => "observe";

    public void Run(Action<string, double> report)
    {
        long discarded = 0;
        long recorded = 0;
        long reused = 0;
        long profiled = 0;
        Rounds rounds = Rounds.Run(
            9,
            ("off", () => Switch(null, out _)),
            ("discard", () => Switch(new Discard(), out discarded)),
            ("recorder", () => Switch(new TraceRecorder(), out recorded)),
            ("recorder_reused", () => { s_reused.Clear(); return Switch(s_reused, out reused); }),
            ("profiler", () => Switch(new LoopProfiler(), out profiled)));
        double resumes = (double)Tasks * Yields;
        double off = rounds.Rate("off");
        report("observe.off.resumes_per_s", off);
        report("observe.off.bytes_per_resume", BytesPerResumeAfterASinkCameAndWent());
        Sink(report, "discard", rounds.Rate("discard"), off, discarded / resumes);
        Sink(report, "recorder", rounds.Rate("recorder"), off, recorded / resumes);
        Sink(report, "recorder_reused", rounds.Rate("recorder_reused"), off, reused / resumes);
        Sink(report, "profiler", rounds.Rate("profiler"), off, profiled / resumes);
    }

    private static void Sink(Action<string, double> report, string name, double rate, double off, double eventsPerResume)
    {
        double addedSeconds = (1 / rate) - (1 / off);
        report("observe." + name + ".resumes_per_s", rate);
        report("observe." + name + ".events_per_resume", eventsPerResume);
        report("observe." + name + ".ns_per_event", addedSeconds / eventsPerResume * 1e9);
    }

    // Runs the switch workload with sink attached (if any); events is the number of events it received.
    private static long Switch(ILoopSink? sink, out long events)
    {
        Counting? counter = sink is null ? null : new Counting(sink);
        using var loop = new EventLoop(ClockKind.Frame);
        if (counter is not null)
        {
            loop.AddSink(counter);
        }

        for (int i = 0; i < Tasks; i++)
        {
            loop.Spawn(CoreWorkloads.Ticker(Yields));
        }

        while (loop.TaskCount > 0)
        {
            loop.Tick(0);
        }

        events = counter?.Count ?? 0;
        return (long)Tasks * Yields;
    }

    // Steady state with no sink, after one was attached and removed: the hooks must cost no allocation.
    private static double BytesPerResumeAfterASinkCameAndWent()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var recorder = new TraceRecorder();
        loop.AddSink(recorder);
        for (int i = 0; i < 1000; i++)
        {
            loop.Spawn(CoreWorkloads.Ticker(1_010));
        }

        for (int i = 0; i < 5; i++)
        {
            loop.Tick(0);
        }

        loop.RemoveSink(recorder);
        loop.Tick(0);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            loop.Tick(0);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000_000.0;
    }

    // Receives every event and keeps nothing.
    private sealed class Discard : ILoopSink
    {
        public void OnEvent(in LoopEvent e)
        {
        }
    }

    // Passes events on and counts them (the count is one increment per event, the same in every round).
    private sealed class Counting : ILoopSink
    {
        private readonly ILoopSink _inner;

        public Counting(ILoopSink inner) => _inner = inner;

        public long Count { get; private set; }

        public void OnEvent(in LoopEvent e)
        {
            Count++;
            _inner.OnEvent(e);
        }
    }
}
