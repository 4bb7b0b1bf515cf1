using System;
using System.Diagnostics;

namespace Engine.Bench.Quick;

// `quick core`: the figures of the core engine, measured side by side with their baselines in one run.
// Each figure is the best of a few repetitions after a warm-up, so JIT tiering and GC noise settle.
public sealed class CoreQuick : IQuickGroup
{
    public string Name => "core";

    public void Run(Action<string, double> report)
    {
        const int Tasks = 1000;
        const int Yields = 1000;

        double engine = Best(() => CoreWorkloads.EngineSwitch(Tasks, Yields));
        double bare = Best(() => CoreWorkloads.BareSwitch(Tasks, Yields));
        double async = Best(() => CoreWorkloads.AsyncSwitch(Tasks, Yields));
        report("switch.resumes_per_s", engine);
        report("switch.bare.resumes_per_s", bare);
        report("switch.async.resumes_per_s", async);
        report("switch.vs_bare", engine / bare);
        report("switch.vs_async", engine / async);
        report("switch.bytes_per_resume", BytesPerResume());

        // bytes_per_task: the heap the million live tasks hold (task, coroutine, timer entry, queues),
        // measured after a full collection while they are still alive; alloc_per_task also counts
        // garbage from growing the queues during the run.
        long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        long allocBefore = GC.GetAllocatedBytesForCurrentThread();
        long retained = 0;
        var sw = Stopwatch.StartNew();
        long resumes = CoreWorkloads.EngineTimers(1_000_000, 15, loop =>
        {
            sw.Stop();
            retained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
        report("timers.n1m.resumes", resumes);
        report("timers.n1m.resumes_per_s", resumes / sw.Elapsed.TotalSeconds);
        report("timers.n1m.bytes_per_task", retained / 1_000_000.0);
        report("timers.n1m.alloc_per_task", allocated / 1_000_000.0);

        report("spawn.per_s", Best(() => CoreWorkloads.EngineSpawn(1_000_000, 10_000)));
    }

    // Steady-state allocation of the engine's next-tick path: spawn, warm up, then measure ticks only.
    private static double BytesPerResume()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        for (int i = 0; i < 1000; i++)
        {
            loop.Spawn(CoreWorkloads.Ticker(1_010));
        }

        for (int i = 0; i < 5; i++)
        {
            loop.Tick(0);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
        {
            loop.Tick(0);
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 1_000_000.0;
    }

    private static double Best(Func<long> work)
    {
        work();
        double best = 0;
        for (int i = 0; i < 5; i++)
        {
            var sw = Stopwatch.StartNew();
            long n = work();
            sw.Stop();
            best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
        }

        return best;
    }
}
