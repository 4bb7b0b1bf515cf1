using BenchmarkDotNet.Attributes;
using Engine.Simulation;

namespace Engine.Bench.Suites;

// M/M/1 with a Resource, 100,000 customers (one process per arrival, request with using): the toolkit in SimPy's order
// and in the fast order, against a hand-written event list (the baseline: the same model and random numbers with no
// processes at all).
[MemoryDiagnoser]
public class Mm1Benchmarks
{
    [Params(100_000)]
    public int Customers { get; set; }

    [Benchmark(Baseline = true)]
    public long EventList() => SimWorkloads.Mm1EventList(Customers);

    [Benchmark]
    public long SimPyOrder() => SimWorkloads.Mm1(Customers, EventOrder.SimPy);

    [Benchmark]
    public long FastOrder() => SimWorkloads.Mm1(Customers, EventOrder.Fast);

}
