using BenchmarkDotNet.Attributes;

namespace Engine.Bench.Suites;

// Create, run and finish 100,000 empty coroutines (in batches of 10,000) and, for scale,
// 100,000 tasks on the virtual clock's timer queue.
[MemoryDiagnoser]
public class SpawnBenchmarks
{
    [Benchmark(Baseline = true)]
    public long Spawn() => CoreWorkloads.EngineSpawn(100_000, 10_000);

    [Benchmark]
    public long Timers100k() => CoreWorkloads.EngineTimers(100_000, 15);
}
