using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine;
using Engine.Simulation;

namespace SimExample;

/// <summary>
/// A machine shop (SimPy's machine shop example, grown): ten machines make parts and break down now and then; one
/// repairman fixes them, and does less important jobs in between. A breakdown interrupts the machine's work; its repair
/// request preempts the repairman's other job, which learns by whom and since when, and carries on later. Every machine
/// draws from its own random streams.
/// </summary>
public static class MachineShopModel
{
    public const int Machines = 10;
    public const double PartMean = 10.0;
    public const double PartSigma = 2.0;
    public const double MeanTimeToFailure = 300.0;
    public const double RepairTime = 30.0;
    public const double JobDuration = 30.0;
    public const double SimTime = 4 * 7 * 24 * 60;
    public const double LogUntil = 24 * 60;

    public static void Run(TextWriter output, ulong seed = 42)
    {
        using var env = new SimEnvironment(seed: seed);
        Shop shop = Shop.Start(env, output);
        env.Run(until: SimTime);
        shop.Report(output);
    }
}

/// <summary>The machine shop's state and processes; a snapshot saves its fields (and its machines') except the log.</summary>
[SimModel]
public sealed partial class Shop
{
    private readonly SimEnvironment _env;
    private readonly PreemptiveResource _repairman;
    [NonSerialized]
    private readonly TextWriter _log;
    private readonly List<Machine> _machines = new();
    private readonly SampleMonitor _downtime = new("downtime per breakdown (min)", collect: true);
    private int _jobsDone;

    private Shop(SimEnvironment env, PreemptiveResource repairman, TextWriter log)
    {
        _env = env;
        _repairman = repairman;
        _log = log;
    }

    /// <summary>Creates the shop in <paramref name="env"/> and starts its machines and the repairman's other jobs.</summary>
    public static Shop Start(SimEnvironment env, TextWriter log)
    {
        var repairman = new PreemptiveResource(env, 1, "repairman")
        {
            UtilizationMonitor = new TimeSeriesMonitor(env, "repairman busy"),
            QueueLengthMonitor = new TimeSeriesMonitor(env, "machines waiting"),
        };
        var shop = new Shop(env, repairman, log);
        for (int i = 0; i < MachineShopModel.Machines; i++)
        {
            shop._machines.Add(new Machine(shop, "Machine " + i));
        }

        env.Process(new OtherJobsMachine(shop), "other jobs");
        return shop;
    }

    /// <summary>The random streams of every machine, for experiments that reseed them.</summary>
    public IReadOnlyList<RandomStream> Streams
    {
        get
        {
            var streams = new List<RandomStream>();
            foreach (Machine m in _machines)
            {
                streams.Add(m.PartsStream);
                streams.Add(m.FailuresStream);
            }

            return streams;
        }
    }

    /// <summary>One line: parts made, breakdowns and other jobs done so far.</summary>
    public string Summary()
    {
        int parts = 0, breakdowns = 0;
        foreach (Machine m in _machines)
        {
            parts += m.PartsMade;
            breakdowns += m.Breakdowns;
        }

        return "parts made " + parts + ", breakdowns " + breakdowns + ", other jobs done " + _jobsDone;
    }

    [Coroutine]
    private IEnumerator<Yield> OtherJobs()
    {
        while (true)
        {
            double doneIn = MachineShopModel.JobDuration;
            while (doneIn > 0)
            {
                using (Request req = _repairman.Request(priority: 2))
                {
                    yield return req;
                    double start = _env.Now;
                    yield return Sim.Interruptible(Yield.Seconds(doneIn));
                    if (Sim.Interrupted(out InterruptException? interrupt))
                    {
                        var preempted = (Preempted)interrupt!.Cause!;
                        doneIn -= _env.Now - start;
                        Log("other job preempted by " + preempted.By?.Name + " after " + Format(_env.Now - preempted.UsageSince) + " min");
                    }
                    else
                    {
                        doneIn = 0;
                    }
                }
            }

            _jobsDone++;
        }
    }

    public void Report(TextWriter output)
    {
        foreach (Machine m in _machines)
        {
            output.WriteLine(m.Name + " made " + m.PartsMade + " parts, broke " + m.Breakdowns + " times.");
        }

        output.WriteLine("other jobs done: " + _jobsDone);
        output.Write(new MonitorReport(_downtime, _repairman.UtilizationMonitor, _repairman.QueueLengthMonitor).ToText());
    }

    private void Log(string what)
    {
        if (_env.Now < MachineShopModel.LogUntil)
        {
            _log.WriteLine(Format(_env.Now).PadLeft(8) + " " + what);
        }
    }

    private static string Format(double minutes) => minutes.ToString("F2", CultureInfo.InvariantCulture);

    [SimModel]
    private sealed partial class Machine
    {
        private readonly Shop _shop;
        private readonly SimProcess _working;
        private readonly RandomStream _parts;
        private readonly RandomStream _failures;
        private bool _broken;

        public Machine(Shop shop, string name)
        {
            _shop = shop;
            Name = name;
            _parts = shop._env.RandomStream(name + "/parts");
            _failures = shop._env.RandomStream(name + "/failures");
            _working = shop._env.Process(new WorkingMachine(this), name);
            shop._env.Process(new BreakDownsMachine(this), name + " failures");
        }

        public string Name { get; }

        public RandomStream PartsStream => _parts;

        public RandomStream FailuresStream => _failures;

        public int PartsMade { get; private set; }

        public int Breakdowns { get; private set; }

        [Coroutine]
        private IEnumerator<Yield> Working()
        {
            SimEnvironment env = _shop._env;
            while (true)
            {
                double doneIn = TimePerPart();
                while (doneIn > 0)
                {
                    double start = env.Now;
                    yield return Sim.Interruptible(Yield.Seconds(doneIn));
                    if (!Sim.Interrupted(out _))
                    {
                        doneIn = 0;
                        continue;
                    }

                    _broken = true;
                    Breakdowns++;
                    double brokeAt = env.Now;
                    doneIn -= env.Now - start;
                    _shop.Log(Name + " breaks down");
                    using (Request req = _shop._repairman.Request(priority: 1))
                    {
                        yield return req;
                        _shop.Log(Name + " repair starts");
                        yield return Yield.Seconds(MachineShopModel.RepairTime);
                    }

                    _shop._downtime.Add(env.Now - brokeAt);
                    _shop.Log(Name + " repaired");
                    _broken = false;
                }

                PartsMade++;
            }
        }

        [Coroutine]
        private IEnumerator<Yield> BreakDowns()
        {
            while (true)
            {
                yield return Yield.Seconds(_failures.Exponential(MachineShopModel.MeanTimeToFailure));
                if (!_broken)
                {
                    _working.Interrupt();
                }
            }
        }

        private double TimePerPart()
        {
            double t = _parts.Normal(MachineShopModel.PartMean, MachineShopModel.PartSigma);
            while (t <= 0)
            {
                t = _parts.Normal(MachineShopModel.PartMean, MachineShopModel.PartSigma);
            }

            return t;
        }
    }
}
