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

        // Alternating rounds, medians: every side sees the same JIT tiering, GC and machine noise.
        const int Rounds = 7;
        var engine = new double[Rounds];
        var machines = new double[Rounds];
        var bare = new double[Rounds];
        var fused = new double[Rounds];
        var bareMachines = new double[Rounds];
        var minimalTasks = new double[Rounds];
        var async = new double[Rounds];
        Rate(() => CoreWorkloads.EngineSwitch(Tasks, Yields));
        Rate(() => CoreWorkloads.EngineSwitchMachines(Tasks, Yields));
        Rate(() => CoreWorkloads.BareSwitch(Tasks, Yields));
        Rate(() => CoreWorkloads.FusedMachineSwitch(Tasks, Yields));
        for (int round = 0; round < Rounds; round++)
        {
            engine[round] = Rate(() => CoreWorkloads.EngineSwitch(Tasks, Yields));
            machines[round] = Rate(() => CoreWorkloads.EngineSwitchMachines(Tasks, Yields));
            bare[round] = Rate(() => CoreWorkloads.BareSwitch(Tasks, Yields));
            fused[round] = Rate(() => CoreWorkloads.FusedMachineSwitch(Tasks, Yields));
            bareMachines[round] = Rate(() => CoreWorkloads.BareMachineSwitch(Tasks, Yields));
            minimalTasks[round] = Rate(() => CoreWorkloads.MinimalTaskSwitch(Tasks, Yields));
            async[round] = Rate(() => CoreWorkloads.AsyncSwitch(Tasks, Yields));
        }

        report("switch.resumes_per_s", Median(engine));
        report("switch.machines.resumes_per_s", Median(machines));
        report("switch.bare.resumes_per_s", Median(bare));
        report("switch.fused_machines.resumes_per_s", Median(fused));
        report("switch.bare_machines.resumes_per_s", Median(bareMachines));
        report("switch.minimal_tasks.resumes_per_s", Median(minimalTasks));
        report("switch.async.resumes_per_s", Median(async));
        report("switch.vs_bare", Median(engine) / Median(bare));
        report("switch.machines.vs_bare", Median(machines) / Median(bare));
        report("switch.fused_machines.vs_bare", Median(fused) / Median(bare));
        report("switch.bare_machines.vs_bare", Median(bareMachines) / Median(bare));
        report("switch.minimal_tasks.vs_bare", Median(minimalTasks) / Median(bare));
        report("switch.vs_async", Median(engine) / Median(async));
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

    // Rate in thread CPU time (ThreadClock), so rounds stay comparable while other processes load the machine.
    private static double Rate(Func<long> work)
    {
        double start = ThreadClock.NowMilliseconds();
        long n = work();
        return n / ((ThreadClock.NowMilliseconds() - start) / 1000.0);
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
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
