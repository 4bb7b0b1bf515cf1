using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace Engine.Bench.Quick;

// Quick figures for the asyncio-parity toolbox (issue 3): queue ping-pong throughput and allocation, TaskGroup
// spawn rate, and a contended CoLock. Each runs once to warm up, then is measured Repeats times and the best
// run is reported (the machine is shared; the best run is the least disturbed one).
public sealed class SyncQuick : IQuickGroup
{
    private const int PingPongItems = 1_000_000;
    private const int GroupChildren = 1_000_000;
    private const int GroupSize = 10_000;
    private const int LockTasks = 1_000;
    private const int LockRounds = 1_000;
    private const int Repeats = 3;

    public string Name => "sync";

    public void Run(Action<string, double> report)
    {
        PingPong(10_000, out _, out _);
        double seconds = double.MaxValue;
        long bytes = long.MaxValue;
        for (int r = 0; r < Repeats; r++)
        {
            PingPong(PingPongItems, out double s, out long b);
            seconds = Math.Min(seconds, s);
            bytes = Math.Min(bytes, b);
        }

        report("queue.pingpong.items_per_s", PingPongItems / seconds);
        report("queue.pingpong.bytes_per_item", bytes / (double)PingPongItems);

        GroupSpawn(100_000);
        double groupSeconds = double.MaxValue;
        for (int r = 0; r < Repeats; r++)
        {
            groupSeconds = Math.Min(groupSeconds, GroupSpawn(GroupChildren));
        }

        report("taskgroup.spawn.per_s", GroupChildren / groupSeconds);

        ContendedLock(50, 100);
        double lockSeconds = double.MaxValue;
        for (int r = 0; r < Repeats; r++)
        {
            lockSeconds = Math.Min(lockSeconds, ContendedLock(LockTasks, LockRounds));
        }

        report("lock.contended.per_s", LockTasks * (double)LockRounds / lockSeconds);
    }

    // Two tasks pass items through a pair of one-slot queues (ping, then pong back). Allocation is measured on
    // the loop thread between the end of a warm-up phase and the end of the run.
    private static void PingPong(int items, out double seconds, out long bytes)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var ping = new CoQueue<int>(1);
        var pong = new CoQueue<int>(1);
        int warm = Math.Min(1000, items / 10);
        long startBytes = 0;
        long startTicks = 0;
        long endBytes = 0;
        long endTicks = 0;

        IEnumerator<Yield> Echo()
        {
            for (int i = 0; i < items; i++)
            {
                yield return ping.Get();
                yield return pong.Put(Co.Result<int>());
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask echo = Co.Spawn(Echo());
            for (int i = 0; i < items; i++)
            {
                if (i == warm)
                {
                    startBytes = GC.GetAllocatedBytesForCurrentThread();
                    startTicks = Stopwatch.GetTimestamp();
                }

                yield return ping.Put(i);
                yield return pong.Get();
            }

            endTicks = Stopwatch.GetTimestamp();
            endBytes = GC.GetAllocatedBytesForCurrentThread();
            yield return echo;
        }

        loop.Run(Main());
        int measured = items - warm;
        seconds = (endTicks - startTicks) / (double)Stopwatch.Frequency * items / measured;
        bytes = (endBytes - startBytes) * items / measured;
    }

    private static IEnumerator<Yield> Empty()
    {
        yield break;
    }

    private static double GroupSpawn(int children)
    {
        using var loop = new EventLoop(ClockKind.Virtual);

        IEnumerator<Yield> Body(TaskGroup group)
        {
            for (int i = 0; i < GroupSize; i++)
            {
                group.Spawn(Empty());
            }

            yield break;
        }

        IEnumerator<Yield> Main()
        {
            for (int done = 0; done < children; done += GroupSize)
            {
                var group = new TaskGroup();
                yield return group.Run(Body(group));
            }
        }

        long start = Stopwatch.GetTimestamp();
        loop.Run(Main());
        return (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
    }

    private static double ContendedLock(int tasks, int rounds)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var l = new CoLock();

        IEnumerator<Yield> Worker()
        {
            for (int i = 0; i < rounds; i++)
            {
                yield return l.Acquire();
                l.Release();
            }
        }

        IEnumerator<Yield> Main()
        {
            var all = new Future[tasks];
            for (int i = 0; i < tasks; i++)
            {
                all[i] = Co.Spawn(Worker());
            }

            yield return Co.Gather(all);
        }

        long start = Stopwatch.GetTimestamp();
        loop.Run(Main());
        return (Stopwatch.GetTimestamp() - start) / (double)Stopwatch.Frequency;
    }
}
