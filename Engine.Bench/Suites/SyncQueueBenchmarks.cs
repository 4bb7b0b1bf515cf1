using System.Collections.Generic;
using BenchmarkDotNet.Attributes;

namespace Engine.Bench.Suites;

// Passing items between two tasks: through a CoQueue (allocation-free waits on the queue itself) against the
// baseline of handing each item over in a fresh Future<int> (one allocation per item, the naive design).
// Run: dotnet run -c Release --project Engine.Bench -- --filter *SyncQueue*
[MemoryDiagnoser]
public class SyncQueueBenchmarks
{
    private const int Items = 10_000;

    [Benchmark(Baseline = true)]
    public int FuturePerItem()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var slot = new Future<int>[1];
        var ready = new Future<bool>(loop);
        int sum = 0;

        IEnumerator<Yield> Consumer()
        {
            for (int i = 0; i < Items; i++)
            {
                slot[0] = new Future<int>(loop);
                ready.TrySetResult(true);
                yield return slot[0];
                sum += Co.Result<int>();
            }
        }

        IEnumerator<Yield> Producer()
        {
            for (int i = 0; i < Items; i++)
            {
                if (!ready.IsDone)
                {
                    yield return ready;
                }

                ready = new Future<bool>(loop);
                slot[0].SetResult(i);
                yield return Yield.NextTick;
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask c = Co.Spawn(Consumer());
            yield return Co.Spawn(Producer());
            yield return c;
        }

        loop.Run(Main());
        return sum;
    }

    [Benchmark]
    public int CoQueuePingPong()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var queue = new CoQueue<int>(1);
        int sum = 0;

        IEnumerator<Yield> Consumer()
        {
            for (int i = 0; i < Items; i++)
            {
                yield return queue.Get();
                sum += Co.Result<int>();
            }
        }

        IEnumerator<Yield> Producer()
        {
            for (int i = 0; i < Items; i++)
            {
                yield return queue.Put(i);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask c = Co.Spawn(Consumer());
            yield return Co.Spawn(Producer());
            yield return c;
        }

        loop.Run(Main());
        return sum;
    }
}
