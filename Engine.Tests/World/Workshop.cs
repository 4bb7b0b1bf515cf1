using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine.Simulation;

namespace Engine.Tests.World;

// A small model for SimSnapshotTests that touches every kind of state a simulation snapshot saves. Jobs arrive, wait
// at a desk (a plain resource) with a patience (any-of against a timeout), take parts from a tank (a container) that a
// supplier refills, and use a crane (a priority resource) and a saw (a preemptive resource) whose urgent jobs preempt
// others (interrupts); a signal (a plain event) is triggered by one process and awaited by others together with the
// end of a process (all-of). Monitors and random streams record and drive it all.
[SimModel]
internal sealed partial class Workshop
{
    public const double End = 40;

    [NonSerialized]
    private readonly TextWriter _log;
    private readonly List<SimProcess> _jobs = new();
    private int _done;
    private int _gaveUp;

    private Workshop(SimEnvironment env, TextWriter log)
    {
        Env = env;
        _log = log;
        Jobs = env.RandomStream("jobs");
        Desk = new Resource(env, 1, "desk") { QueueLengthMonitor = new TimeSeriesMonitor(env, "desk queue") };
        Crane = new PriorityResource(env, 1, "crane");
        Saw = new PreemptiveResource(env, 1, "saw");
        Tank = new Container(env, 20, initial: 6, name: "tank") { LevelMonitor = new TimeSeriesMonitor(env, "tank level", initial: 6, collect: true) };
        Waits = new SampleMonitor("waits", collect: true);
        Busy = new TimeSeriesMonitor(env, "saw busy", collect: true);
        Signal = env.Event();
    }

    public SimEnvironment Env { get; }

    public RandomStream Jobs { get; }

    public Resource Desk { get; }

    public PriorityResource Crane { get; }

    public PreemptiveResource Saw { get; }

    public Container Tank { get; }

    public SampleMonitor Waits { get; }

    public TimeSeriesMonitor Busy { get; }

    public SimEvent Signal { get; private set; }

    public static Workshop Start(SimEnvironment env, TextWriter log)
    {
        var model = new Workshop(env, log);
        env.Process(new ArrivalsMachine(model), "arrivals");
        env.Process(new SupplierMachine(model), "supplier");
        env.Process(new SignallerMachine(model), "signaller");
        return model;
    }

    public void Report(TextWriter output)
    {
        output.WriteLine("done " + _done + ", gave up " + _gaveUp + ", tank " + Tank.Level.ToString("R", CultureInfo.InvariantCulture) +
            ", waits " + Waits.Count + " mean " + Waits.Mean.ToString("R", CultureInfo.InvariantCulture) +
            ", saw busy " + Busy.Mean.ToString("R", CultureInfo.InvariantCulture) + ", jobs " + _jobs.Count);
        output.Write(new MonitorReport(Waits, Busy, Desk.QueueLengthMonitor, Tank.LevelMonitor).ToText());
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Arrivals()
    {
        for (int i = 0; ; i++)
        {
            yield return Yield.Seconds(Jobs.Exponential(1.5));
            _jobs.Add(Env.Process(new JobMachine(this, "job" + i, (int)Jobs.Integer(0, 3)), "job" + i));
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Job(string name, int urgency)
    {
        double arrived = Env.Now;
        using (Request desk = Desk.Request())
        {
            yield return desk | Env.Timeout(Jobs.Uniform(1, 4));
            if (!Co.Result<ConditionValue>().Contains(desk))
            {
                _gaveUp++;
                Log(name + " gave up");
                yield break;
            }

            Waits.Add(Env.Now - arrived);
            yield return Yield.Seconds(0.5);
        }

        yield return Tank.Get(Jobs.Integer(1, 4));
        using (Request crane = Crane.Request(priority: urgency))
        {
            yield return crane;
            yield return Yield.Seconds(Jobs.Uniform(0.2, 1));
        }

        double left = 2;
        while (left > 0)
        {
            using (Request saw = Saw.Request(priority: urgency))
            {
                yield return saw;
                Busy.UpdateTo(1);
                double start = Env.Now;
                yield return Sim.Interruptible(Yield.Seconds(left));
                Busy.UpdateTo(0);
                left -= Env.Now - start;
                if (Sim.Interrupted(out InterruptException? interrupt))
                {
                    Log(name + " preempted by " + ((Preempted)interrupt!.Cause!).By?.Name);
                }
                else
                {
                    left = 0;
                }
            }
        }

        _done++;
        Log(name + " done");
        yield return Yield.Return(name.Length);
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Supplier()
    {
        while (true)
        {
            yield return Yield.Seconds(4);
            yield return Tank.Put(Jobs.Integer(3, 8));
            Log("supplied, tank " + Tank.Level.ToString("R", CultureInfo.InvariantCulture));
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Signaller()
    {
        while (true)
        {
            SimProcess waiter = Env.Process(new AwaitSignalMachine(this, Signal), "awaiter");
            yield return Env.Timeout(Jobs.Uniform(2, 6), "tick");
            SimEvent fired = Signal;
            Signal = Env.Event();
            fired.Succeed(Env.Now);
            yield return waiter;
            Log("awaiter returned " + Co.ResultObject);
        }
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> AwaitSignal(SimEvent signal)
    {
        SimProcess helper = Env.Process(new HelperMachine(this), "helper");
        yield return signal & helper;
        Log("signal at " + ((double)signal.Value!).ToString("R", CultureInfo.InvariantCulture) + " and helper " + helper.Value);
        yield return Yield.Return(Co.Result<ConditionValue>().Count);
    }

    [Engine.Coroutine]
    private IEnumerator<Yield> Helper()
    {
        yield return Yield.Seconds(1);
        yield return Yield.Return(7);
    }

    private void Log(string what) => _log.WriteLine(Env.Now.ToString("F3", CultureInfo.InvariantCulture) + " " + what);
}
