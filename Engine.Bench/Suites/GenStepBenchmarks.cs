using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Engine.Machines;

namespace Engine.Bench.Suites;

// One run of GenQuick.Ticker (1,000 yields, a little arithmetic per step): the compiler's iterator stepped through
// IEnumerator (baseline) against its generated machine stepped through the one-call fast path a task's trampoline
// uses, the machine through IEnumerator, and a pooled machine (RentTicker, returned by Dispose). Each benchmark
// creates its own enumerator, so the allocation column shows the per-run cost of each kind.
[MemoryDiagnoser]
public class GenStepBenchmarks
{
    [Params(1000)]
    public int Steps { get; set; }

    [Benchmark(Baseline = true)]
    public long Iterator()
    {
        long sink = 0;
        IEnumerator<Yield> e = GenQuick.Ticker(Steps);
        while (e.MoveNext())
        {
            sink += (long)e.Current.Kind;
        }

        e.Dispose();
        return sink;
    }

    [Benchmark]
    public long Machine()
    {
        long sink = 0;
        CoroutineMachine machine = new GenQuick.TickerMachine(Steps);
        while (true)
        {
            Yield y = machine.Advance();
            if (y.Kind == CoroutineMachine.EndKind)
            {
                break;
            }

            sink += (long)y.Kind;
        }

        machine.Dispose();
        return sink;
    }

    [Benchmark]
    public long MachineAsEnumerator()
    {
        long sink = 0;
        IEnumerator<Yield> e = new GenQuick.TickerMachine(Steps);
        while (e.MoveNext())
        {
            sink += (long)e.Current.Kind;
        }

        e.Dispose();
        return sink;
    }

    [Benchmark]
    public long PooledMachine()
    {
        long sink = 0;
        CoroutineMachine machine = GenQuick.RentTicker(Steps);
        while (true)
        {
            Yield y = machine.Advance();
            if (y.Kind == CoroutineMachine.EndKind)
            {
                break;
            }

            sink += (long)y.Kind;
        }

        machine.Dispose();
        return sink;
    }
}
