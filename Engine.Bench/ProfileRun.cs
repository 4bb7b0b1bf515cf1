using System;
using System.Globalization;
using Engine.Simulation;

namespace Engine.Bench;

// `profile <workload> <count>`: runs one workload once with count items (timers: count tasks to `until`, 15 by default), for instruction counts under valgrind's
// callgrind (which do not depend on the machine's load). Run it with two counts and divide the difference of the
// totals by the difference of the counts: start-up, JIT and warm-up cancel out. See README.md, "sim".
public static class ProfileRun
{
    public static int Run(string[] args)
    {
        if (args.Length < 3 || !int.TryParse(args[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out int count))
        {
            Console.Error.WriteLine("usage: profile mm1|mm1-fast <customers> | profile timers <tasks> [until]");
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
            Console.Error.WriteLine("Unknown workload '" + args[1] + "': mm1, mm1-fast or timers.");
            return 2;
        }

        Console.WriteLine(done.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    private static long Once(string workload, int count, string[] args) => workload switch
    {
        "mm1" => SimWorkloads.Mm1(count, EventOrder.SimPy),
        "mm1-fast" => SimWorkloads.Mm1(count, EventOrder.Fast),
        "timers" => CoreWorkloads.EngineTimers(count, args.Length > 3 && args[3] != "warm" ? double.Parse(args[3], CultureInfo.InvariantCulture) : 15),
        _ => -1,
    };
}
