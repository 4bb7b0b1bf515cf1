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
        var model = new Bank(env, output);
        env.Process(model.Source(), "source");
        env.Run();
        model.Report(output);
    }

    private sealed class Bank
    {
        private readonly SimEnvironment _env;
        private readonly TextWriter _log;
        private readonly RandomStream _arrivals;
        private readonly RandomStream _patience;
        private readonly RandomStream _service;
        private readonly Resource _counter;
        private readonly SampleMonitor _waits = new("wait of served (min)", collect: true);
        private int _served;
        private int _reneged;

        public Bank(SimEnvironment env, TextWriter log)
        {
            _env = env;
            _log = log;
            _arrivals = env.RandomStream("arrivals");
            _patience = env.RandomStream("patience");
            _service = env.RandomStream("service");
            _counter = new Resource(env, Counters, "counters")
            {
                QueueLengthMonitor = new TimeSeriesMonitor(env, "queue length"),
                UtilizationMonitor = new TimeSeriesMonitor(env, "counters busy"),
            };
        }

        public IEnumerator<Yield> Source()
        {
            for (int i = 0; i < Customers; i++)
            {
                _env.Process(Customer("Customer" + i.ToString("00", CultureInfo.InvariantCulture)));
                yield return Yield.Seconds(_arrivals.Exponential(Interval));
            }
        }

        public void Report(TextWriter output)
        {
            output.WriteLine("served " + _served + ", reneged " + _reneged + ", mean wait of served " +
                _waits.Mean.ToString("0.0000", CultureInfo.InvariantCulture));
            output.Write(new MonitorReport(_waits, _counter.QueueLengthMonitor, _counter.UtilizationMonitor).ToText());
        }

        private IEnumerator<Yield> Customer(string name)
        {
            double arrive = _env.Now;
            Log(name + ": Here I am");
            using (Request req = _counter.Request())
            {
                double patience = _patience.Uniform(MinPatience, MaxPatience);
                yield return req | _env.Timeout(patience);
                double wait = _env.Now - arrive;
                if (Co.Result<ConditionValue>().Contains(req))
                {
                    _waits.Add(wait);
                    _served++;
                    Log(name + ": Waited " + wait.ToString("F3", CultureInfo.InvariantCulture).PadLeft(6));
                    yield return Yield.Seconds(_service.Exponential(TimeInBank));
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
}
