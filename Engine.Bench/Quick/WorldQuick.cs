using System;
using System.Collections.Generic;
using System.Text.Json;
using Engine.World;

namespace Engine.Bench.Quick;

// `quick world`: whole-loop snapshots (issue 13). A world of 10,000 tasks (sleepers on many due times, and producers
// and consumers on 100 bounded queues, half of them blocked) saved through System.Text.Json and restored: medians of
// 7 rounds of the measuring thread's CPU time after 4 warm-up rounds, so the save and restore code runs tiered up, as
// in a game that saves more than once (save: the graph and its JSON; graph_only: the graph alone), and the JSON size
// per task.
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
            string json = "";
            for (int round = 0; round < WarmUpRounds + MeasuredRounds; round++)
            {
                Settle();
                double graphStart = Rounds.Now();
                loop.Save();
                double graphEnd = Rounds.Now();
                Settle();
                double start = Rounds.Now();
                json = JsonSerializer.Serialize(loop.Save());
                double saved = Rounds.Now();
                Settle();
                double restoreStart = Rounds.Now();
                using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(json)!);
                double end = Rounds.Now();
                if (round >= WarmUpRounds)
                {
                    graphOnly.Add((graphEnd - graphStart) * 1000);
                    save.Add((saved - start) * 1000);
                    restore.Add((end - restoreStart) * 1000);
                }
            }

            save.Sort();
            graphOnly.Sort();
            restore.Sort();
            report("save.10k_tasks.ms", save[save.Count / 2]);
            report("save.10k_tasks.graph_only.ms", graphOnly[graphOnly.Count / 2]);
            report("restore.10k_tasks.ms", restore[restore.Count / 2]);
            report("save.bytes_per_task", json.Length / (double)Tasks);
            ReportSimulation(report); // WorldQuick.Sim.cs
        }
    }
}
