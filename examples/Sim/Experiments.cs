using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine.Simulation;

namespace SimExample;

/// <summary>
/// Warm up once, branch many: the machine shop runs its first week once, is saved, and three experiments continue from
/// that one state with their own seeds for the remaining three weeks.
/// </summary>
public static class Experiments
{
    public const double WarmUp = 7 * 24 * 60;

    public static void Run(TextWriter output)
    {
        // Warm up once and save; the log of the warm-up is not wanted here.
        using var env = new SimEnvironment(seed: 42);
        Shop warm = Shop.Start(env, TextWriter.Null);
        env.Run(until: WarmUp);
        SimSnapshot warmedUp = env.Save(warm);

        // Branch: each experiment restores the same snapshot and reseeds the random streams for the rest of the run.
        foreach (ulong seed in new ulong[] { 1, 2, 3 })
        {
            using SimEnvironment experiment = SimEnvironment.Restore(warmedUp, out Shop shop, new object[] { TextWriter.Null });
            IReadOnlyList<RandomStream> streams = shop.Streams;
            for (int i = 0; i < streams.Count; i++)
            {
                (ulong s0, ulong s1, ulong s2, ulong s3) = RandomStream.Create(seed, "stream " + i).GetState();
                streams[i].SetState(s0, s1, s2, s3);
            }

            experiment.Run(until: MachineShopModel.SimTime);
            output.WriteLine("seed " + seed.ToString(CultureInfo.InvariantCulture) + ": " + shop.Summary());
        }
    }
}
