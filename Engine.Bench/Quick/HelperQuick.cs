using System;
using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Bench.Quick;

// Quick figures for the engine's helper coroutines (issue 13 made them hand-written machines a snapshot saves): one
// task entering each helper many times on the virtual clock, as operations per second of thread CPU time in
// alternating rounds (Rounds.cs): a timeout scope around a one-sleep body, Co.WaitFor of new one-sleep work, a task
// group with one child, CoCondition.WaitUntil whose predicate holds, Co.Catch of a sleep, Sim.Interruptible of a
// sleep, and Co.AsCompleted over two finished futures. Compare builds side by side with the same file.
public sealed class HelperQuick : IQuickGroup
{
    private const int Calls = 100_000;
    private const int RoundCount = 7;

    public string Name => "helpers";

    public void Run(Action<string, double> report)
    {
        Rounds rounds = Rounds.Run(
            RoundCount,
            ("timeout", () => Drive(Timeouts)),
            ("waitfor", () => Drive(WaitFors)),
            ("taskgroup", () => Drive(Groups)),
            ("waituntil", () => Drive(WaitUntils)),
            ("catch_single", () => Drive(Catches)),
            ("interruptible", () => Drive(Interruptibles)),
            ("ascompleted", () => Drive(AsCompleteds)));
        foreach (string name in new[] { "timeout", "waitfor", "taskgroup", "waituntil", "catch_single", "interruptible", "ascompleted" })
        {
            report("helpers." + name + ".per_s", rounds.Rate(name));
        }
    }

    private static long Drive(Func<IEnumerator<Yield>> main)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Run(main());
        return Calls;
    }

    private static IEnumerator<Yield> OneSleep()
    {
        yield return Yield.Seconds(0.001);
    }

    private static IEnumerator<Yield> Nothing()
    {
        yield break;
    }

    private static IEnumerator<Yield> Timeouts()
    {
        for (int i = 0; i < Calls; i++)
        {
            yield return Co.Timeout(10, OneSleep());
        }
    }

    private static IEnumerator<Yield> WaitFors()
    {
        for (int i = 0; i < Calls; i++)
        {
            yield return Co.WaitFor(OneSleep(), 10);
        }
    }

    private static IEnumerator<Yield> GroupBody(TaskGroup group)
    {
        group.Spawn(Nothing());
        yield break;
    }

    private static IEnumerator<Yield> Groups()
    {
        for (int i = 0; i < Calls; i++)
        {
            var group = new TaskGroup();
            yield return group.Run(GroupBody(group));
        }
    }

    private static bool Always() => true;

    private static IEnumerator<Yield> WaitUntils()
    {
        var condition = new CoCondition();
        Func<bool> predicate = Always;
        for (int i = 0; i < Calls; i++)
        {
            yield return condition.Acquire();
            yield return Yield.From(condition.WaitUntil(predicate));
            condition.Release();
        }
    }

    private static IEnumerator<Yield> Catches()
    {
        for (int i = 0; i < Calls; i++)
        {
            yield return Co.Catch(Yield.Seconds(0.001));
        }
    }

    private static IEnumerator<Yield> Interruptibles()
    {
        for (int i = 0; i < Calls; i++)
        {
            yield return Sim.Interruptible(Yield.Seconds(0.001));
        }
    }

    private static IEnumerator<Yield> AsCompleteds()
    {
        var done = new Future<int>(Co.Loop);
        done.SetResult(1);
        for (int i = 0; i < Calls; i++)
        {
            AsCompleted results = Co.AsCompleted(new Future[] { done, done });
            yield return results.Next();
            yield return results.Next();
        }
    }
}
