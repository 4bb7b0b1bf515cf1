using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The code shown in docs/simulation.md. Each `#region Name` below is copied verbatim into the doc under
// `<!-- snippet: Name -->`; Doc_snippets_match_this_file fails when the two drift apart, and each snippet has a test
// that runs it, so the documentation cannot rot.
[TestClass]
public sealed class SimulationSnippets
{
    #region QuickStart
    private static IEnumerator<Yield> Customer(SimEnvironment env, string name, Resource counter, RandomStream service, List<string> log)
    {
        log.Add($"{env.Now:0.00} {name} arrives");
        using (Request request = counter.Request())        // with counter.request() as request:
        {
            yield return request;                           //     yield request
            log.Add($"{env.Now:0.00} {name} is served");
            yield return Yield.Seconds(service.Exponential(5.0));   // yield env.timeout(...)
        }

        log.Add($"{env.Now:0.00} {name} leaves");
    }

    private static IEnumerator<Yield> Arrivals(SimEnvironment env, Resource counter, RandomStream arrivals, RandomStream service, List<string> log)
    {
        for (int i = 0; i < 3; i++)
        {
            env.Process(Customer(env, "customer " + i, counter, service, log));
            yield return Yield.Seconds(arrivals.Exponential(4.0));
        }
    }

    private static List<string> QuickStart()
    {
        var log = new List<string>();
        using var env = new SimEnvironment(seed: 42);      // env = simpy.Environment()
        var counter = new Resource(env, capacity: 1);      // simpy.Resource(env, capacity=1)
        RandomStream arrivals = env.RandomStream("arrivals"), service = env.RandomStream("service");
        env.Process(Arrivals(env, counter, arrivals, service, log));   // env.process(arrivals(...))
        env.Run(until: 60);                                // env.run(until=60)
        return log;
    }
    #endregion

    #region Renege
    private static IEnumerator<Yield> Impatient(SimEnvironment env, Resource counter, List<string> log)
    {
        using (Request request = counter.Request())
        {
            yield return request | env.Timeout(2);          // results = yield request | env.timeout(2)
            if (Co.Result<ConditionValue>().Contains(request))
            {
                log.Add("served at " + env.Now);
                yield return Yield.Seconds(1);
            }
            else
            {
                log.Add("reneged at " + env.Now);           // the request has left the queue already
            }
        }
    }
    #endregion

    #region Interrupt
    private static IEnumerator<Yield> Worker(SimEnvironment env, List<string> log)
    {
        double left = 10;
        while (left > 0)
        {
            double start = env.Now;
            yield return Sim.Interruptible(Yield.Seconds(left));   // try: yield env.timeout(left)
            if (Sim.Interrupted(out InterruptException? interrupt))   // except simpy.Interrupt as interrupt:
            {
                left -= env.Now - start;
                log.Add($"interrupted at {env.Now} by {interrupt!.Cause}, {left} left");
            }
            else
            {
                left = 0;
            }
        }

        log.Add("done at " + env.Now);
    }

    private static IEnumerator<Yield> Boss(SimEnvironment env, SimProcess worker)
    {
        yield return Yield.Seconds(3);
        worker.Interrupt("a phone call");               // worker.interrupt('a phone call')
    }
    #endregion

    #region Preempt
    private static IEnumerator<Yield> Job(SimEnvironment env, PreemptiveResource machine, string name, int priority, List<string> log)
    {
        using (Request request = machine.Request(priority))
        {
            yield return request;
            yield return Sim.Interruptible(Yield.Seconds(5));
            if (Sim.Interrupted(out InterruptException? interrupt) && interrupt!.Cause is Preempted preempted)
            {
                log.Add($"{name} preempted at {env.Now} by {preempted.By?.Name}, in use since {preempted.UsageSince}");
            }
            else
            {
                log.Add($"{name} finished at {env.Now}");
            }
        }
    }
    #endregion

    #region StoresAndContainers
    private static IEnumerator<Yield> Producer(SimEnvironment env, Store<string> parts, Container tank)
    {
        for (int i = 0; i < 3; i++)
        {
            yield return Yield.Seconds(1);
            yield return parts.Put("part " + i);           // waits while the store is full
            tank.Put(10);                                   // no need to wait if it cannot overflow
        }
    }

    private static IEnumerator<Yield> Consumer(SimEnvironment env, Store<string> parts, Container tank, List<string> log)
    {
        while (true)
        {
            yield return parts.Get();                       // item = yield store.get()
            string part = Co.Result<string>();
            yield return tank.Get(10);                      // yield tank.get(10)
            log.Add($"{env.Now}: used {part} and 10 L, {tank.Level} L left");
        }
    }
    #endregion

    #region Conditions
    private static IEnumerator<Yield> Conditions(SimEnvironment env, List<string> log)
    {
        SimTimeout quick = env.Timeout(1, "quick");
        SimTimeout slow = env.Timeout(3, "slow");
        yield return env.AnyOf(quick, slow);                // or quick | slow
        ConditionValue first = Co.Result<ConditionValue>();
        log.Add($"any-of at {env.Now}: {first.Count} fired, quick = {first[quick]}");
        yield return quick & slow;                          // or env.AllOf(quick, slow)
        log.Add($"all-of at {env.Now}: {Co.Result<ConditionValue>().Count} fired");
    }
    #endregion

    #region Random
    private static List<double> Draws()
    {
        using var env = new SimEnvironment(seed: 2024);
        RandomStream arrivals = env.RandomStream("arrivals");   // one stream per component, created before Run
        RandomStream repairs = env.RandomStream("repairs");
        var draws = new List<double>
        {
            arrivals.Exponential(mean: 4.0),
            arrivals.Uniform(1, 3),
            repairs.Normal(30, 5),
            repairs.Triangular(10, 50, 20),
            repairs.Weibull(shape: 1.5, scale: 40),
            repairs.Erlang(k: 3, mean: 30),
        };
        var sizes = new DiscreteDistribution<string>(new[] { "S", "M", "L" }, new[] { 0.5, 0.3, 0.2 });
        var observed = new EmpiricalDistribution(new[] { 12.0, 15, 11, 20, 14 });
        draws.Add(sizes.Sample(repairs) == "S" ? 1 : 0);
        draws.Add(observed.Sample(repairs));
        return draws;
    }
    #endregion

    #region Monitors
    internal static IEnumerator<Yield> ServerCustomer(Resource server, RandomStream service)
    {
        using (Request r = server.Request())
        {
            yield return r;
            yield return Yield.Seconds(service.Exponential(0.8));
        }
    }

    internal static IEnumerator<Yield> ServerSource(SimEnvironment env, Resource server, RandomStream arrivals, RandomStream service, int customers)
    {
        for (int i = 0; i < customers; i++)
        {
            yield return Yield.Seconds(arrivals.Exponential(1.0));
            env.Process(ServerCustomer(server, service));
        }
    }

    private static string MonitoredServer(int customers)
    {
        using var env = new SimEnvironment(seed: 7);
        var server = new Resource(env, 1)
        {
            UtilizationMonitor = new TimeSeriesMonitor(env, "utilization"),
            QueueLengthMonitor = new TimeSeriesMonitor(env, "queue length", collect: true),
            WaitingTimeMonitor = new SampleMonitor("waiting time", collect: true),
        };
        env.Process(ServerSource(env, server, env.RandomStream("arrivals"), env.RandomStream("service"), customers));
        env.Run();
        var report = new MonitorReport(server.UtilizationMonitor, server.QueueLengthMonitor, server.WaitingTimeMonitor);
        return report.ToText() + report.ToCsv() + server.WaitingTimeMonitor.Histogram(bins: 5);
    }
    #endregion

    #region ContainerWaits
    private static (SampleMonitor FuelWait, SampleMonitor RefillWait) TankWaits()
    {
        using var env = new SimEnvironment();
        var tank = new Container(env, capacity: 100, name: "tank")
        {
            GetWaitMonitor = new SampleMonitor("fuel wait"),       // from each Get until its amount was taken
            PutWaitMonitor = new SampleMonitor("refill wait"),     // from each Put until its amount fitted
        };
        IEnumerator<Yield> Car(double arrive, double litres)
        {
            yield return Yield.Seconds(arrive);
            yield return tank.Get(litres);
        }

        IEnumerator<Yield> Truck(double arrive, double litres)
        {
            yield return Yield.Seconds(arrive);
            yield return tank.Put(litres);
        }

        env.Process(Car(0, 30));
        env.Process(Car(1, 30));
        env.Process(Truck(4, 100));    // fills the empty tank: the two cars get their fuel at 4
        env.Process(Truck(5, 80));     // room for 60 only: waits
        env.Process(Car(7, 30));       // served at once, and makes room: the second truck unloads at 7
        env.Run();
        return (tank.GetWaitMonitor, tank.PutWaitMonitor);
    }
    #endregion

    #region RunControl
    private static List<string> RunControl()
    {
        var log = new List<string>();
        using var env = new SimEnvironment(initialTime: 100);   // SimPy's initial_time
        IEnumerator<Yield> Clock()
        {
            while (true)
            {
                yield return Yield.Seconds(1);
                log.Add("tick " + env.Now);
            }
        }

        env.Process(Clock());
        env.Run(until: 102);                   // ticks at 101; the one due at exactly 102 waits
        log.Add("peek " + env.Peek());         // 102
        env.Step();                            // one event: the tick at 102
        SimTimeout done = env.Timeout(5, "done");
        log.Add("until event: " + env.Run(done) + " at " + env.Now);
        return log;
    }
    #endregion

    #region Replications
    internal static IReadOnlyDictionary<string, double> Replication(ulong seed)   // the model ServerSource runs
    {
        using var env = new SimEnvironment(seed: seed);
        var server = new Resource(env, 1) { WaitingTimeMonitor = new SampleMonitor("wait") };
        env.Process(ServerSource(env, server, env.RandomStream("arrivals"), env.RandomStream("service"), customers: 1000));
        env.Run();
        return new Dictionary<string, double> { ["mean_wait"] = server.WaitingTimeMonitor.Mean };
    }

    private static string Study()
    {
        ReplicationSet results = Replications.Run(new SeedRange(1, 20), Replication);   // on all cores
        Estimate wait = results.Estimate("mean_wait", level: 0.95);
        return $"mean wait {wait.Mean:0.00} ± {wait.HalfWidth:0.00}";
    }

    // One batch job of a larger study: run a slice of the seeds and write a CSV that merges with the others.
    private static void BatchJob(string seeds, string outputFile) =>
        File.WriteAllText(outputFile, Replications.Run(SeedRange.Parse(seeds), Replication).ToCsv());

    private static ReplicationSet Gather(params string[] files) =>
        ReplicationSet.Merge(Array.ConvertAll(files, f => ReplicationSet.ParseCsv(File.ReadAllText(f))));
    #endregion

    #region Order
    private static string Order(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var res = new Resource(env, 1);
        var log = new List<string>();
        IEnumerator<Yield> A()
        {
            yield return Yield.Seconds(1);
            using (Request r = res.Request())
            {
                yield return r;                    // free: SimPy resumes A at the request's turn
                log.Add("A granted");
            }
        }

        IEnumerator<Yield> B()
        {
            yield return Yield.Seconds(1);
            log.Add("B runs");
        }

        env.Process(A());
        env.Process(B());
        env.Run();
        return string.Join(", ", log);             // SimPy: "B runs, A granted"; Fast: "A granted, B runs"
    }
    #endregion

    [TestMethod]
    public void QuickStart_snippet()
    {
        List<string> log = QuickStart();
        Assert.AreEqual("0.00 customer 0 arrives", log[0]);
        Assert.AreEqual("0.00 customer 0 is served", log[1]);
        Assert.AreEqual(9, log.Count);
    }

    [TestMethod]
    public void Renege_snippet()
    {
        using var env = new SimEnvironment();
        var counter = new Resource(env, 1);
        var log = new List<string>();
        env.Process(Engine.Tests.Simulation.SimBadInputTests.Hold(counter, 5));
        env.Process(Impatient(env, counter, log));
        env.Run();
        CollectionAssert.AreEqual(new[] { "reneged at 2" }, log);
        Assert.AreEqual(0, counter.QueueLength);
    }

    [TestMethod]
    public void Interrupt_snippet()
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        SimProcess worker = env.Process(Worker(env, log), "worker");
        env.Process(Boss(env, worker));
        env.Run();
        CollectionAssert.AreEqual(new[] { "interrupted at 3 by a phone call, 7 left", "done at 10" }, log);
    }

    [TestMethod]
    public void Preempt_snippet()
    {
        using var env = new SimEnvironment();
        var machine = new PreemptiveResource(env, 1);
        var log = new List<string>();
        IEnumerator<Yield> Later()
        {
            yield return Yield.Seconds(2);
            yield return env.Process(Job(env, machine, "urgent", 0, log), "urgent");
        }

        env.Process(Job(env, machine, "routine", 5, log), "routine");
        env.Process(Later());
        env.Run();
        CollectionAssert.AreEqual(new[] { "routine preempted at 2 by urgent, in use since 0", "urgent finished at 7" }, log);
    }

    [TestMethod]
    public void StoresAndContainers_snippet()
    {
        using var env = new SimEnvironment();
        var parts = new Store<string>(env, capacity: 2);
        var tank = new Container(env, capacity: 100);
        var log = new List<string>();
        env.Process(Producer(env, parts, tank));
        env.Process(Consumer(env, parts, tank, log));
        env.Run();
        CollectionAssert.AreEqual(new[] { "1: used part 0 and 10 L, 0 L left", "2: used part 1 and 10 L, 0 L left", "3: used part 2 and 10 L, 0 L left" }, log);
    }

    [TestMethod]
    public void Conditions_snippet()
    {
        using var env = new SimEnvironment();
        var log = new List<string>();
        env.Process(Conditions(env, log));
        env.Run();
        CollectionAssert.AreEqual(new[] { "any-of at 1: 1 fired, quick = quick", "all-of at 3: 2 fired" }, log);
    }

    [TestMethod]
    public void Random_snippet()
    {
        List<double> first = Draws();
        CollectionAssert.AreEqual(first, Draws(), "same seed, same numbers");
        Assert.AreEqual(8, first.Count);
    }

    [TestMethod]
    public void Monitors_snippet()
    {
        string text = MonitoredServer(5_000);
        StringAssert.Contains(text, "utilization");
        StringAssert.Contains(text, "name,kind,count,mean,std,min,max,p50,p90,p99");
        Assert.AreEqual(text, MonitoredServer(5_000));
    }

    [TestMethod]
    public void ContainerWaits_snippet()
    {
        (SampleMonitor fuel, SampleMonitor refill) = TankWaits();
        Assert.AreEqual(3, fuel.Count);
        Assert.AreEqual(7.0 / 3, fuel.Mean, 1e-12, "the cars waited 4, 3 and 0");
        Assert.AreEqual(0, fuel.Min);
        Assert.AreEqual(4, fuel.Max);
        Assert.AreEqual(2, refill.Count);
        Assert.AreEqual(1, refill.Mean, 1e-12, "the trucks waited 0 and 2");
        Assert.AreEqual(2, refill.Max);
    }

    [TestMethod]
    public void RunControl_snippet() => Assert.AreEqual(
        "tick 101 | peek 102 | tick 102 | tick 103 | tick 104 | tick 105 | tick 106 | until event: done at 107", string.Join(" | ", RunControl()));

    [TestMethod]
    public void Replications_snippet()
    {
        StringAssert.StartsWith(Study(), "mean wait ");
        string dir = Path.Combine(Path.GetTempPath(), "engine-sim-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            BatchJob("1..12", Path.Combine(dir, "a.csv"));
            BatchJob("13..20", Path.Combine(dir, "b.csv"));
            ReplicationSet all = Gather(Path.Combine(dir, "a.csv"), Path.Combine(dir, "b.csv"));
            Assert.AreEqual(Replications.Run(new SeedRange(1, 20), Replication).ToCsv(), all.ToCsv());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [TestMethod]
    public void Order_snippet()
    {
        Assert.AreEqual("B runs, A granted", Order(EventOrder.SimPy));
        Assert.AreEqual("A granted, B runs", Order(EventOrder.Fast));
    }

    [TestMethod]
    public void Doc_snippets_match_this_file()
    {
        string root = DocSnippetTests.RepoRoot();
        string source = File.ReadAllText(Path.Combine(root, "Engine.Tests", "Docs", "SimulationSnippets.cs")).Replace("\r\n", "\n");
        string doc = File.ReadAllText(Path.Combine(root, "docs", "simulation.md")).Replace("\r\n", "\n");
        MatchCollection regions = Regex.Matches(source, @"    #region (\w+)\n(.*?)\n    #endregion", RegexOptions.Singleline);
        Assert.IsGreaterThanOrEqualTo(11, regions.Count);
        foreach (Match region in regions)
        {
            string name = region.Groups[1].Value;
            string code = Regex.Replace(region.Groups[2].Value, "^    ", string.Empty, RegexOptions.Multiline);
            string expected = "<!-- snippet: " + name + " -->\n```csharp\n" + code + "\n```";
            Assert.IsTrue(doc.Contains(expected, StringComparison.Ordinal), "docs/simulation.md is missing or has an outdated copy of snippet '" + name + "'.");
        }
    }
}
