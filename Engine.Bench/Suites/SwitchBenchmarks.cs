using BenchmarkDotNet.Attributes;

namespace Engine.Bench.Suites;

// 1,000 tasks x 1,000 next-tick yields: the engine against a bare Queue<IEnumerator> trampoline
// (baseline) and async/await with Task.Yield on a single-threaded SynchronizationContext.
[MemoryDiagnoser]
public class SwitchBenchmarks
{
    [Params(1000)]
    public int Tasks { get; set; }

    [Params(1000)]
    public int Yields { get; set; }

    [Benchmark(Baseline = true)]
    public long Bare() => CoreWorkloads.BareSwitch(Tasks, Yields);

    [Benchmark]
    public long Engine() => CoreWorkloads.EngineSwitch(Tasks, Yields);

    [Benchmark]
    public long AsyncAwait() => CoreWorkloads.AsyncSwitch(Tasks, Yields);
}
