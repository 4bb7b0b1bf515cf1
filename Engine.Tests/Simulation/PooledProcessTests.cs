using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// A process per arrival written as a [Coroutine] method and started from its pool (docs/simulation.md, "Performance"):
// the machine goes back to its pool when the process ends and the next arrival rents it again, so a customer costs its
// task only. These tests hold the pooled model equal to the same method run as a compiler iterator, check that
// machines are reused and that a customer allocates at most 100 bytes in steady state, and try the misuses: the same
// rented machine spawned twice, a customer that fails; a snapshot between events: World/PooledProcessSnapshotTests.cs.
[TestClass]
public sealed partial class PooledProcessTests
{
    [TestMethod]
    public void Pooled_customers_log_what_iterator_customers_log_and_reuse_their_machines()
    {
        foreach (EventOrder order in new[] { EventOrder.SimPy, EventOrder.Fast })
        {
            var pooledLog = new StringWriter { NewLine = "\n" };
            var iteratorLog = new StringWriter { NewLine = "\n" };
            PooledShop pooled = RunShop(pooledLog, order, pooled: true);
            PooledShop iterators = RunShop(iteratorLog, order, pooled: false);

            Assert.AreEqual(iteratorLog.ToString(), pooledLog.ToString(), order.ToString());
            Assert.AreEqual(PooledShop.Customers, pooled.Served);
            Assert.AreEqual(PooledShop.Customers, iterators.Served);
            Assert.AreEqual(PooledShop.Customers, iterators.DistinctCoroutines, "each iterator customer is a new object");
            // The queue of this M/M/1 rarely holds more than a dozen customers: a few machines serve all 300.
            Assert.IsLessThan(40, pooled.DistinctCoroutines, order + ": the customers' machines are rented again");
        }
    }

    [TestMethod]
    public void A_pooled_customer_costs_at_most_100_bytes_in_steady_state()
    {
        // The difference of two run lengths, so set-up and queue growth cancel: what remains is per customer.
        MeasureShop(20_000);
        long a = GC.GetAllocatedBytesForCurrentThread();
        MeasureShop(20_000);
        long b = GC.GetAllocatedBytesForCurrentThread();
        MeasureShop(120_000);
        long c = GC.GetAllocatedBytesForCurrentThread();
        double perCustomer = ((c - b) - (b - a)) / 100_000.0;
        Assert.IsLessThanOrEqualTo(100.0, perCustomer, "bytes per customer: " + perCustomer);
    }

    [TestMethod]
    public void A_rented_machine_spawned_twice_is_refused_while_its_first_task_has_not_started_or_runs()
    {
        using var env = new SimEnvironment();
        var server = new Resource(env, 1);
        IEnumerator<Yield> machine = RentHold(server, 5);
        env.Process(machine);
        var notStarted = Assert.ThrowsExactly<InvalidOperationException>(() => env.Process(machine));
        StringAssert.Contains(notStarted.Message, "already started");

        env.Run(1);
        var running = Assert.ThrowsExactly<InvalidOperationException>(() => env.Process(machine));
        StringAssert.Contains(running.Message, "already started");

        env.Run();
        Assert.AreEqual(5.0, env.Now);
    }

    [TestMethod]
    public void A_pooled_machine_that_finished_is_rented_again_by_the_next_process()
    {
        using var env = new SimEnvironment();
        var server = new Resource(env, 1);
        IEnumerator<Yield> first = RentHold(server, 1);
        SimProcess one = env.Process(first);
        env.Run();
        Assert.IsFalse(one.IsAlive);

        IEnumerator<Yield> second = RentHold(server, 1);
        Assert.AreSame(first, second, "the machine went back to its pool when its process ended");
        SimProcess two = env.Process(second);
        env.Run();
        Assert.IsFalse(two.IsAlive);
        Assert.AreEqual(2.0, env.Now);
    }

    [TestMethod]
    public void A_failing_pooled_customer_releases_its_request_fails_its_process_and_returns_its_machine()
    {
        using var env = new SimEnvironment();
        var server = new Resource(env, 1);
        IEnumerator<Yield> failing = RentFailAfter(server, 2);
        SimProcess failed = env.Process(failing);
        SimProcess next = env.Process(RentHold(server, 3));
        env.Run();

        Assert.IsInstanceOfType<InvalidOperationException>(failed.Task.Exception);
        Assert.AreEqual("customer gave up", failed.Task.Exception!.Message);
        Assert.IsFalse(next.IsAlive);
        Assert.AreEqual(5.0, env.Now, "the failed customer's request was released at 2, so the next one was served 2 to 5");
        Assert.AreEqual(0, server.Count);
        Assert.AreSame(failing, RentFailAfter(server, 1), "the failed machine went back to its pool");
    }

    internal static PooledShop RunShop(TextWriter log, EventOrder order, bool pooled, ulong seed = 42)
    {
        using var env = new SimEnvironment(order: order, seed: seed);
        PooledShop shop = PooledShop.Start(env, log, pooled);
        env.Run();
        shop.Report(log);
        return shop;
    }

    private static void MeasureShop(int customers)
    {
        using var env = new SimEnvironment(seed: 7);
        var server = new Resource(env, 1);
        env.Process(Arrivals(env, server, env.RandomStream("arrivals"), env.RandomStream("service"), customers));
        env.Run();
    }

    private static IEnumerator<Yield> Arrivals(SimEnvironment env, Resource server, RandomStream arrivals, RandomStream service, int customers)
    {
        for (int i = 0; i < customers; i++)
        {
            yield return Yield.Seconds(arrivals.Exponential(1.0));
            env.Process(RentHold(server, service.Exponential(0.8)));
        }
    }

    [Coroutine]
    private static IEnumerator<Yield> Hold(Resource server, double seconds)
    {
        using (Request request = server.Request())
        {
            yield return request;
            yield return Yield.Seconds(seconds);
        }
    }

    [Coroutine]
    private static IEnumerator<Yield> FailAfter(Resource server, double seconds)
    {
        using (Request request = server.Request())
        {
            yield return request;
            yield return Yield.Seconds(seconds);
            throw new InvalidOperationException("customer gave up");
        }
    }
}

/// <summary>An M/M/1 shop whose customers are pooled machines (or, for comparison, compiler iterators of the same
/// method), saveable as a <see cref="SimModelAttribute"/> class.</summary>
[SimModel]
public sealed partial class PooledShop
{
    public const int Customers = 300;

    private readonly SimEnvironment _env;
    private readonly Resource _server;
    private readonly RandomStream _arrivals;
    private readonly RandomStream _service;
    private readonly bool _pooled;
    [NonSerialized]
    private readonly TextWriter _log;
    [NonSerialized]
    private readonly HashSet<object>? _coroutines; // null in a restored shop
    private int _served;

    private PooledShop(SimEnvironment env, TextWriter log, bool pooled)
    {
        _env = env;
        _log = log;
        _pooled = pooled;
        _server = new Resource(env, 1, "server");
        _arrivals = env.RandomStream("arrivals");
        _service = env.RandomStream("service");
        _coroutines = new HashSet<object>(ReferenceEqualityComparer.Instance);
    }

    public int Served => _served;

    // Distinct coroutine objects the source started (not saved: counts this run's objects only).
    public int DistinctCoroutines => _coroutines?.Count ?? 0;

    public static PooledShop Start(SimEnvironment env, TextWriter log, bool pooled)
    {
        var shop = new PooledShop(env, log, pooled);
        env.Process(new SourceMachine(shop), "source");
        return shop;
    }

    public void Report(TextWriter output) => output.WriteLine("served " + _served);

    [Coroutine]
    private IEnumerator<Yield> Source()
    {
        for (int i = 0; i < Customers; i++)
        {
            yield return Yield.Seconds(_arrivals.Exponential(1.0));
            // this.: the generator cannot see the Rent method it generates itself, so an unqualified call would not bind.
            IEnumerator<Yield> customer = _pooled ? this.RentCustomer(i) : this.Customer(i);
            _coroutines?.Add(customer);
            _env.Process(customer);
        }
    }

    [Coroutine]
    private IEnumerator<Yield> Customer(int number)
    {
        using (Request request = _server.Request())
        {
            yield return request;
            Log("customer " + number.ToString(CultureInfo.InvariantCulture) + " served");
            yield return Yield.Seconds(_service.Exponential(0.8));
        }

        _served++;
        Log("customer " + number.ToString(CultureInfo.InvariantCulture) + " leaves");
    }

    private void Log(string what) => _log.WriteLine(_env.Now.ToString("F4", CultureInfo.InvariantCulture) + " " + what);
}
