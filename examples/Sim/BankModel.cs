using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine;
using Engine.Simulation;

namespace SimExample;

/// <summary>
/// A bank with two counters (SimPy's bank renege example, grown): customers arrive about every 4 minutes, need about 12
/// minutes at a counter, wait for one at most 2 to 8 minutes, and leave unserved when their patience runs out. A request
/// is raced against a timeout in an any-of; the loser is withdrawn, so no stale request stays in the queue.
/// </summary>
public static class BankModel
{
    public const int Customers = 40;
    public const int Counters = 2;
    public const double Interval = 4.0;
    public const double TimeInBank = 12.0;
    public const double MinPatience = 2;
    public const double MaxPatience = 8;

    public static void Run(TextWriter output, ulong seed = 42)
    {
        using var env = new SimEnvironment(seed: seed);
        Bank bank = Bank.Start(env, output);
        env.Run();
        bank.Report(output);
    }
}

/// <summary>The bank's state and processes. A <see cref="SimModelAttribute"/> class: a snapshot saves its fields (its
/// streams, counters, monitor and tallies), except the log, which a restore gives back.</summary>
[SimModel]
public sealed partial class Bank
{
    private readonly SimEnvironment _env;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _patience;
    private readonly RandomStream _service;
    private readonly Resource _counter;
    [NonSerialized]
    private readonly TextWriter _log;
    private int _served;
    private int _reneged;

    private Bank(SimEnvironment env, TextWriter log)
    {
        _env = env;
        _log = log;
        _arrivals = env.RandomStream("arrivals");
        _patience = env.RandomStream("patience");
        _service = env.RandomStream("service");
        _counter = new Resource(env, BankModel.Counters, "counters")
        {
            // The built-in monitors: the waiting time of each granted request (a reneging customer's is never granted).
            WaitingTimeMonitor = new SampleMonitor("wait of served (min)", collect: true),
            QueueLengthMonitor = new TimeSeriesMonitor(env, "queue length"),
            UtilizationMonitor = new TimeSeriesMonitor(env, "counters busy"),
        };
    }

    /// <summary>Creates the bank in <paramref name="env"/> and starts its customer source.</summary>
    public static Bank Start(SimEnvironment env, TextWriter log)
    {
        var bank = new Bank(env, log);
        env.Process(new SourceMachine(bank), "source");
        return bank;
    }

    /// <summary>The random streams, for experiments that reseed them.</summary>
    public IReadOnlyList<RandomStream> Streams => new[] { _arrivals, _patience, _service };

    public void Report(TextWriter output)
    {
        output.WriteLine("served " + _served + ", reneged " + _reneged + ", mean wait of served " +
            _counter.WaitingTimeMonitor!.Mean.ToString("0.0000", CultureInfo.InvariantCulture));
        output.Write(new MonitorReport(_counter.WaitingTimeMonitor, _counter.QueueLengthMonitor, _counter.UtilizationMonitor).ToText());
    }

    [Coroutine]
    private IEnumerator<Yield> Source()
    {
        for (int i = 0; i < BankModel.Customers; i++)
        {
            _env.Process(new CustomerMachine(this, "Customer" + i.ToString("00", CultureInfo.InvariantCulture)));
            yield return Yield.Seconds(_arrivals.Exponential(BankModel.Interval));
        }
    }

    [Coroutine]
    private IEnumerator<Yield> Customer(string name)
    {
        double arrive = _env.Now;
        Log(name + ": Here I am");
        using (Request req = _counter.Request())
        {
            double patience = _patience.Uniform(BankModel.MinPatience, BankModel.MaxPatience);
            yield return req | _env.Timeout(patience);
            double wait = _env.Now - arrive;
            if (Co.Result<ConditionValue>().Contains(req))
            {
                _served++;
                Log(name + ": Waited " + wait.ToString("F3", CultureInfo.InvariantCulture).PadLeft(6));
                yield return Yield.Seconds(_service.Exponential(BankModel.TimeInBank));
                Log(name + ": Finished");
            }
            else
            {
                _reneged++;
                Log(name + ": RENEGED after " + wait.ToString("F3", CultureInfo.InvariantCulture).PadLeft(6));
            }
        }
    }

    private void Log(string what) => _log.WriteLine(_env.Now.ToString("F4", CultureInfo.InvariantCulture).PadLeft(7) + " " + what);
}
