using System;
using System.Globalization;
using Engine.Simulation;

namespace Engine.Bench;

// `profile <workload> <count> [until]`: runs one workload once, for instruction counts under valgrind's callgrind
// (which do not depend on the machine's load). mm1: count customers; timers, spread: count tasks or processes run to
// `until` (15 by default); spawn: count empty coroutines spawned and run to their end in batches of 10,000 (`quick core`'s
// spawn.per_s); frame: count frames of `quick frame`'s phased scene (100,000 scripts yielding NextTick in
// four groups, every phase active), after one warm-up frame; frame-machines: the same scene with the scripts as
// generated machines; frame-bare and frame-minimal: that many frames of `quick frame`'s bare List<IEnumerator> loop and
// of its minimal stepper over the phased scene's scripts. Run it twice with
// different sizes and divide the difference of the totals by the difference of the items done: start-up, JIT and
// warm-up cancel out. See README.md, "sim" and "frame".
public static class ProfileRun
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count))
        {
            Console.Error.WriteLine("usage: profile mm1|mm1-fast <customers> | profile spawn <tasks> | profile timers|spread <tasks> [until] | profile frame|frame-machines|frame-bare|frame-minimal <frames>");
            return 2;
        }

        // Tiered code with its profile (guarded devirtualization, inlining), as the quick figures run: `warm` first runs
        // a small instance a few times with pauses so the background compiler can replace the methods it instrumented.
        if (Array.IndexOf(args, "warm") > 0)
        {
            for (int i = 0; i < 4; i++)
            {
                Once(args[1], Math.Min(count, 20_000), args);
                System.Threading.Thread.Sleep(4000);
            }
        }

        long done = Once(args[1], count, args);
        if (done < 0)
        {
            Console.Error.WriteLine("Unknown workload '" + args[1] + "': mm1, mm1-fast, spawn, timers, spread, frame, frame-machines, frame-bare or frame-minimal.");
            return 2;
        }

        Console.WriteLine(done.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    private static long Once(string workload, int count, string[] args) => workload switch
    {
        "mm1" => SimWorkloads.Mm1(count, EventOrder.SimPy),
        "mm1-fast" => SimWorkloads.Mm1(count, EventOrder.Fast),
        "timers" => CoreWorkloads.EngineTimers(count, Until(args)),
        "spawn" => CoreWorkloads.EngineSpawn(count, 10_000),
        "spread" => SimWorkloads.TimeoutLoops(count, Until(args), EventOrder.SimPy, timeoutEvents: false, spread: true),
        "frame" => Quick.FrameQuick.PhasedFrames(count),
        "frame-machines" => Quick.FrameQuick.PhasedMachineFrames(count),
        "frame-bare" => Quick.FrameQuick.BareFrames(count),
        "frame-minimal" => Quick.FrameQuick.MinimalFrames(count),
        _ => -1,
    };

    private static double Until(string[] args) => args.Length > 3 && args[3] != "warm" ? double.Parse(args[3], CultureInfo.InvariantCulture) : 15;
}
