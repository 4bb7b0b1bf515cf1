using System;
using System.Collections.Generic;
using System.Text.Json;
using Engine.World;

namespace Engine.Bench.Quick;

// `quick world`: whole-loop snapshots (issue 13). A world of 10,000 tasks (sleepers on many due times, and producers
// and consumers on 100 bounded queues, half of them blocked) saved through System.Text.Json and restored: medians of
// 7 rounds of the measuring thread's CPU time after 4 warm-up rounds, so the save and restore code runs tiered up, as
// in a game that saves more than once (save: the graph and its JSON; graph_only: the graph alone; json_only: the
// restore's JSON parse alone), the JSON size per task, the bytes each part allocates per task (last measured round),
// and the collections of each generation during the timed save and restore over the measured rounds.
public static partial class WorldQuick
{
    private const int WarmUpRounds = 4;
    private const int MeasuredRounds = 7;

    [Coroutine]
    public static IEnumerator<Yield> Sleeper(int steps, double seconds)
    {
        int total = 0;
        for (int i = 0; i < steps; i++)
        {
            total += i;
            yield return Yield.Seconds(seconds);
        }

        yield return Yield.Return(total);
    }

    [Coroutine]
    public static IEnumerator<Yield> Producer(CoQueue<int> queue, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return queue.Put(i);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Consumer(CoQueue<int> queue, double pause)
    {
        int sum = 0;
        while (true)
        {
            yield return Yield.Seconds(pause);
            yield return queue.Get();
            sum += Co.Result<int>();
        }
    }

    // Each timed part starts from a collected heap (as BenchmarkDotNet does between iterations), so one round's garbage
    // is not charged to the next part; the GC work a part's own allocations cause is still in its time.
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    // The collections so far per generation (a gen-2 collection counts in all three).
    private static int[] Collections() => new[] { GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2) };

    // Adds the collections since before to total (when the round is measured), each generation counted on its own.
    private static void AddCollections(int[] total, int[] before, bool measured)
    {
        int gen2 = GC.CollectionCount(2) - before[2];
        int gen1 = GC.CollectionCount(1) - before[1] - gen2;
        int gen0 = GC.CollectionCount(0) - before[0] - gen1 - gen2;
        if (measured)
        {
            total[0] += gen0;
            total[1] += gen1;
            total[2] += gen2;
        }
    }

    private static EventLoop Build(int tasks)
    {
        var loop = new EventLoop(ClockKind.Virtual);
        var queues = new CoQueue<int>[100];
        for (int q = 0; q < queues.Length; q++)
        {
            queues[q] = new CoQueue<int>(4);
        }

        for (int i = 0; i < tasks; i++)
        {
            int kind = i % 4;
            if (kind < 2)
            {
                loop.Spawn(new SleeperMachine(1000, 0.5 + (i % 37) * 0.1));
            }
            else if (kind == 2)
            {
                loop.Spawn(new ProducerMachine(queues[i % queues.Length], 1000));
            }
            else
            {
                loop.Spawn(new ConsumerMachine(queues[i % queues.Length], 1 + (i % 13) * 0.25));
            }
        }

        loop.RunUntil(10);
        return loop;
    }

    public sealed class Group : IQuickGroup
    {
        public string Name => "world";

        public void Run(Action<string, double> report)
        {
            const int Tasks = 10_000;
            using EventLoop loop = Build(Tasks);
            var save = new List<double>();
            var restore = new List<double>();
            var graphOnly = new List<double>();
            var parseOnly = new List<double>();
            long saveBytes = 0, restoreBytes = 0, graphBytes = 0, parseBytes = 0;
            var saveCollections = new int[3];
            var restoreCollections = new int[3];
            string json = "";
            for (int round = 0; round < WarmUpRounds + MeasuredRounds; round++)
            {
                bool measured = round >= WarmUpRounds;
                Settle();
                long graphAllocated = GC.GetAllocatedBytesForCurrentThread();
                double graphStart = Rounds.Now();
                loop.Save();
                double graphEnd = Rounds.Now();
                graphAllocated = GC.GetAllocatedBytesForCurrentThread() - graphAllocated;
                Settle();
                int[] before = Collections();
                long saveAllocated = GC.GetAllocatedBytesForCurrentThread();
                double start = Rounds.Now();
                json = JsonSerializer.Serialize(loop.Save());
                double saved = Rounds.Now();
                saveAllocated = GC.GetAllocatedBytesForCurrentThread() - saveAllocated;
                AddCollections(saveCollections, before, measured);
                Settle();
                long parseAllocated = GC.GetAllocatedBytesForCurrentThread();
                double parseStart = Rounds.Now();
                JsonSerializer.Deserialize<WorldSnapshot>(json);
                double parseEnd = Rounds.Now();
                parseAllocated = GC.GetAllocatedBytesForCurrentThread() - parseAllocated;
                Settle();
                before = Collections();
                long restoreAllocated = GC.GetAllocatedBytesForCurrentThread();
                double restoreStart = Rounds.Now();
                using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(json)!);
                double end = Rounds.Now();
                restoreAllocated = GC.GetAllocatedBytesForCurrentThread() - restoreAllocated;
                AddCollections(restoreCollections, before, measured);
                if (measured)
                {
                    graphOnly.Add((graphEnd - graphStart) * 1000);
                    save.Add((saved - start) * 1000);
                    parseOnly.Add((parseEnd - parseStart) * 1000);
                    restore.Add((end - restoreStart) * 1000);
                    graphBytes = graphAllocated;
                    saveBytes = saveAllocated;
                    parseBytes = parseAllocated;
                    restoreBytes = restoreAllocated;
                }
            }

            save.Sort();
            graphOnly.Sort();
            restore.Sort();
            parseOnly.Sort();
            report("save.10k_tasks.ms", save[save.Count / 2]);
            report("save.10k_tasks.graph_only.ms", graphOnly[graphOnly.Count / 2]);
            report("restore.10k_tasks.ms", restore[restore.Count / 2]);
            report("restore.10k_tasks.json_only.ms", parseOnly[parseOnly.Count / 2]);
            report("save.bytes_per_task", json.Length / (double)Tasks);
            report("save.alloc_bytes_per_task", saveBytes / (double)Tasks);
            report("save.graph_only.alloc_bytes_per_task", graphBytes / (double)Tasks);
            report("restore.alloc_bytes_per_task", restoreBytes / (double)Tasks);
            report("restore.json_only.alloc_bytes_per_task", parseBytes / (double)Tasks);
            for (int gen = 0; gen < 3; gen++)
            {
                // Collections of each generation during the timed parts, over all measured rounds.
                report("save.gen" + gen + "_collections", saveCollections[gen]);
                report("restore.gen" + gen + "_collections", restoreCollections[gen]);
            }
            ReportSimulation(report); // WorldQuick.Sim.cs
        }
    }
}
