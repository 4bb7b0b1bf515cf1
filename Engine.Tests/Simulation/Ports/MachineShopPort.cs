using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's machine shop example: machines break (interrupts) and preempt the repairman's other job.
internal static class MachineShopPort
{
    private const double RepairTime = 30.0;
    private const double JobDuration = 30.0;
    private const int NumMachines = 10;
    private const int Weeks = 4;
    private const double SimTime = Weeks * 7 * 24 * 60;

    public static string Run(Tape tape, EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Machine shop");
        using var env = new SimEnvironment(order: order);
        var repairman = new PreemptiveResource(env, capacity: 1);
        var machines = new List<Machine>();
        for (int i = 0; i < NumMachines; i++)
        {
            machines.Add(new Machine(env, "Machine " + i, repairman, tape));
        }

        env.Process(OtherJobs(env, repairman));
        env.Run(until: SimTime);
        log.Print(PyLog.F("Machine shop results after {0} weeks", Weeks));
        foreach (Machine m in machines)
        {
            log.Print(PyLog.F("{0} made {1} parts.", m.Name, m.PartsMade));
        }

        return log.ToString();
    }

    private static double TimePerPart(Tape tape)
    {
        double t = tape.Next();
        while (t <= 0)
        {
            t = tape.Next();
        }

        return t;
    }

    private static IEnumerator<Yield> OtherJobs(SimEnvironment env, PreemptiveResource repairman)
    {
        while (true)
        {
            double doneIn = JobDuration;
            while (doneIn != 0)
            {
                using (Request req = repairman.Request(priority: 2))
                {
                    yield return req;
                    double start = env.Now;
                    yield return Sim.Interruptible(env.Timeout(doneIn));
                    if (Sim.Interrupted(out _))
                    {
                        doneIn -= env.Now - start;
                    }
                    else
                    {
                        doneIn = 0;
                    }
                }
            }
        }
    }

    private sealed class Machine
    {
        private readonly SimEnvironment _env;
        private readonly SimProcess _process;
        private readonly Tape _tape;
        private bool _broken;

        public Machine(SimEnvironment env, string name, PreemptiveResource repairman, Tape tape)
        {
            _env = env;
            _tape = tape;
            Name = name;
            _process = env.Process(Working(repairman));
            env.Process(BreakMachine());
        }

        public string Name { get; }

        public int PartsMade { get; private set; }

        private IEnumerator<Yield> Working(PreemptiveResource repairman)
        {
            while (true)
            {
                double doneIn = TimePerPart(_tape);
                while (doneIn != 0)
                {
                    double start = _env.Now;
                    yield return Sim.Interruptible(_env.Timeout(doneIn));
                    if (!Sim.Interrupted(out _))
                    {
                        doneIn = 0;
                        continue;
                    }

                    _broken = true;
                    doneIn -= _env.Now - start;
                    using (Request req = repairman.Request(priority: 1))
                    {
                        yield return req;
                        yield return _env.Timeout(RepairTime);
                    }

                    _broken = false;
                }

                PartsMade++;
            }
        }

        private IEnumerator<Yield> BreakMachine()
        {
            while (true)
            {
                yield return _env.Timeout(_tape.Next());
                if (!_broken)
                {
                    _process.Interrupt();
                }
            }
        }
    }
}
