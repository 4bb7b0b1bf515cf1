using System;

namespace Engine.Bench.Quick;

// `quick core`: the figures of the core engine, measured side by side with their baselines in one run.
// Figures are medians of alternating rounds after a warm-up (Rounds.cs): CPU time of the measuring thread, so load
// from other processes does not count, and ratios are medians of per-round ratios.
public sealed class CoreQuick : IQuickGroup
{
    public string Name => "core";

    public void Run(Action<string, double> report)
    {
        const int Tasks = 1000;
        const int Yields = 1000;

        // The machines' figures (issue 9) beside the engine's: the same workload as generated machines, and three
        // reference loops over machines that split the engine's per-resume cost (CoreWorkloads.cs).
        Rounds switches = Rounds.Run(
            9,
            ("engine", () => CoreWorkloads.EngineSwitch(Tasks, Yields)),
            ("machines", () => CoreWorkloads.EngineSwitchMachines(Tasks, Yields)),
            ("bare", () => CoreWorkloads.BareSwitch(Tasks, Yields)),
            ("bare_machines", () => CoreWorkloads.BareMachineSwitch(Tasks, Yields)),
            ("minimal_tasks", () => CoreWorkloads.MinimalTaskSwitch(Tasks, Yields)),
            ("fused_machines", () => CoreWorkloads.FusedMachineSwitch(Tasks, Yields)),
            ("async", () => CoreWorkloads.AsyncSwitch(Tasks, Yields)));
        report("switch.resumes_per_s", switches.Rate("engine"));
        report("switch.machines.resumes_per_s", switches.Rate("machines"));
        report("switch.bare.resumes_per_s", switches.Rate("bare"));
        report("switch.bare_machines.resumes_per_s", switches.Rate("bare_machines"));
        report("switch.minimal_tasks.resumes_per_s", switches.Rate("minimal_tasks"));
        report("switch.fused_machines.resumes_per_s", switches.Rate("fused_machines"));
        report("switch.async.resumes_per_s", switches.Rate("async"));
        report("switch.vs_bare", switches.Ratio("engine", "bare"));
        report("switch.machines.vs_bare", switches.Ratio("machines", "bare"));
        report("switch.bare_machines.vs_bare", switches.Ratio("bare_machines", "bare"));
        report("switch.minimal_tasks.vs_bare", switches.Ratio("minimal_tasks", "bare"));
        report("switch.fused_machines.vs_bare", switches.Ratio("fused_machines", "bare"));
        report("switch.vs_async", switches.Ratio("engine", "async"));
        report("switch.bytes_per_resume", BytesPerResume());

        // timers.n1m: a million tasks looping on timers of 100 distinct lengths for 15 virtual seconds. Like every
        // figure here, the rate is the median of rounds after a warm-up round (three rounds, each preceded by a full
        // collection); the warm-up round's own rate, which also pays for tier-0 code and for growing the heap to a
        // million tasks, is reported as cold_resumes_per_s. bytes_per_task: the heap the million live tasks hold
        // (task, coroutine, timer entry, queues), measured after a full collection while they are still alive;
        // alloc_per_task also counts garbage from growing the queues during the run. Both come from the warm-up round.
        var rates = new double[3];
        long resumes = 0;
        double coldRate = 0;
        long retained = 0;
        long allocated = 0;
        for (int round = -1; round < rates.Length; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            long heapBefore = GC.GetTotalMemory(forceFullCollection: true);
            long allocBefore = GC.GetAllocatedBytesForCurrentThread();
            double start = Rounds.Now();
            double seconds = 0;
            long roundRetained = 0;
            resumes = CoreWorkloads.EngineTimers(1_000_000, 15, loop =>
            {
                seconds = Rounds.Now() - start;
                roundRetained = GC.GetTotalMemory(forceFullCollection: true) - heapBefore;
            });
            if (round < 0)
            {
                coldRate = resumes / seconds;
                retained = roundRetained;
                allocated = GC.GetAllocatedBytesForCurrentThread() - allocBefore;
            }
            else
            {
                rates[round] = resumes / seconds;
            }
        }

        Array.Sort(rates);
        report("timers.n1m.resumes", resumes);
        report("timers.n1m.resumes_per_s", rates[rates.Length / 2]);
        report("timers.n1m.cold_resumes_per_s", coldRate);
        report("timers.n1m.bytes_per_task", retained / 1_000_000.0);
        report("timers.n1m.alloc_per_task", allocated / 1_000_000.0);

        report("spawn.per_s", Rounds.Run(5, ("spawn", () => CoreWorkloads.EngineSpawn(1_000_000, 10_000))).Rate("spawn"));
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
}
