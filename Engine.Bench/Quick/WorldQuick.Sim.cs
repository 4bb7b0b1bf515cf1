using System;
using System.Collections.Generic;
using System.Text.Json;
using Engine.Simulation;

namespace Engine.Bench.Quick;

// `quick world`, simulation part: a simulation of 2,000 processes (customers cycling through two resources and a
// container, drawing from random streams, monitored) in SimPy's event order, saved with env.Save through
// System.Text.Json and restored, as medians of 7 rounds (after 4 warm-up rounds) of the measuring thread's CPU time, and the JSON size per process.
public static partial class WorldQuick
{
    private static void ReportSimulation(Action<string, double> report)
    {
        const int Processes = 2_000;
        using var env = new SimEnvironment(seed: 1);
        var model = new SimBenchModel(env);
        for (int i = 0; i < Processes; i++)
        {
            env.Process(new SimBenchModel.CustomerMachine(model, i % 3), "c" + i);
        }

        env.Run(50);
        var save = new List<double>();
        var restore = new List<double>();
        string json = "";
        for (int round = 0; round < WarmUpRounds + MeasuredRounds; round++)
        {
            Settle();
            double start = Rounds.Now();
            json = JsonSerializer.Serialize(env.Save(model));
            double saved = Rounds.Now();
            Settle();
            double restoreStart = Rounds.Now();
            using SimEnvironment restored = SimEnvironment.Restore(JsonSerializer.Deserialize<SimSnapshot>(json)!);
            double end = Rounds.Now();
            if (round >= WarmUpRounds)
            {
                save.Add((saved - start) * 1000);
                restore.Add((end - restoreStart) * 1000);
            }
        }

        save.Sort();
        restore.Sort();
        report("sim.save.2k_processes.ms", save[save.Count / 2]);
        report("sim.restore.2k_processes.ms", restore[restore.Count / 2]);
        report("sim.save.bytes_per_process", json.Length / (double)Processes);
    }
}

[SimModel]
internal sealed partial class SimBenchModel
{
    private readonly SimEnvironment _env;
    private readonly RandomStream _service;
    private readonly Resource _desks;
    private readonly PriorityResource _crane;
    private readonly Container _parts;
    private readonly SampleMonitor _waits = new("waits");

    public SimBenchModel(SimEnvironment env)
    {
        _env = env;
        _service = env.RandomStream("service");
        _desks = new Resource(env, 40, "desks") { QueueLengthMonitor = new TimeSeriesMonitor(env, "desk queue") };
        _crane = new PriorityResource(env, 5, "crane");
        _parts = new Container(env, 1000, initial: 500, name: "parts");
    }

    [Coroutine]
    internal IEnumerator<Yield> Customer(int priority)
    {
        while (true)
        {
            double arrived = _env.Now;
            using (Request desk = _desks.Request())
            {
                yield return desk;
                _waits.Add(_env.Now - arrived);
                yield return Yield.Seconds(_service.Exponential(2));
            }

            yield return _parts.Get(1);
            using (Request crane = _crane.Request(priority))
            {
                yield return crane;
                yield return Yield.Seconds(_service.Exponential(0.2));
            }

            yield return _parts.Put(1);
        }
    }
}
