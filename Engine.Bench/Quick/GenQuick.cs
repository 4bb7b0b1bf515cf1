using System;
using System.Collections.Generic;
using Engine.Machines;

namespace Engine.Bench;

/// <summary>
/// Quick-mode generator benchmarks (<c>-- quick gen</c>): step cost of a generated machine against the compiler's
/// iterator of the same method, and allocation per pooled restart.
/// </summary>
/// <remarks>
/// Design: each side is stepped the way a task's trampoline steps it: the compiler's iterator through
/// <see cref="IEnumerator{T}"/> (MoveNext, Current), the generated machine through its one-call fast path (Step);
/// the machine through IEnumerator is reported too. In these loops the JIT knows each coroutine's exact type and
/// inlines its step on both sides; GenQuick.Dispatched.cs measures the same step through a call site that cannot be
/// devirtualized. Alternating rounds after 300 warm-up rounds (enough for tiered compilation to reach its final code
/// on this machine: with 10, medians mixed on-stack-replaced and final code and swung by a quarter), medians, so JIT
/// tiering and noise hit all sides equally. The restart measurement uses
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> after a warm-up, so it counts only steady-state allocation.
/// The project that compiles this file must reference Engine.Generators as an analyzer.
/// </remarks>
public static partial class GenQuick
{
    private const int StepsPerRun = 1_000;
    private const int RunsPerRound = 500;
    private const int RoundCount = 101;
    private const int WarmupRounds = 300;
    private const int Restarts = 1_000_000;

    /// <summary>The coroutine both sides run: a loop with a little arithmetic and a yield per iteration.</summary>
    /// <param name="count">How many yields.</param>
    [Coroutine]
    public static IEnumerator<Yield> Ticker(int count)
    {
        int acc = 0;
        for (int i = 0; i < count; i++)
        {
            acc += i;
            yield return (acc & 1) == 0 ? Yield.NextTick : default;
        }
    }

    /// <summary>Runs the quick generator benchmarks and reports each figure as <c>name = value</c>.</summary>
    /// <param name="report">Receives each metric name and value.</param>
    public static void Run(Action<string, double> report)
    {
        var iterator = new double[RoundCount];
        var generated = new double[RoundCount];
        var enumerated = new double[RoundCount];
        var iteratorDispatched = new double[RoundCount];
        var generatedDispatched = new double[RoundCount];
        long sink = 0;
        for (int round = 0; round < WarmupRounds; round++)
        {
            TimeIterator(ref sink);
            TimeGenerated(ref sink);
            TimeGeneratedAsEnumerator(ref sink);
            TimeIteratorDispatched(ref sink);
            TimeGeneratedDispatched(ref sink);
        }

        for (int round = 0; round < RoundCount; round++)
        {
            iterator[round] = TimeIterator(ref sink);
            generated[round] = TimeGenerated(ref sink);
            enumerated[round] = TimeGeneratedAsEnumerator(ref sink);
            iteratorDispatched[round] = TimeIteratorDispatched(ref sink);
            generatedDispatched[round] = TimeGeneratedDispatched(ref sink);
        }

        report("gen.step.vs_iterator", Median(generated) / Median(iterator));
        report("gen.step.enumerator_vs_iterator", Median(enumerated) / Median(iterator));
        report("gen.step.dispatched.vs_iterator", Median(generatedDispatched) / Median(iteratorDispatched));

        for (int i = 0; i < 1_000; i++)
        {
            Restart(ref sink);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Restarts; i++)
        {
            Restart(ref sink);
        }

        long after = GC.GetAllocatedBytesForCurrentThread();
        report("gen.pooled_restart.bytes_per_start", (after - before) / (double)Restarts);
        GC.KeepAlive(sink);
    }

    private static void Restart(ref long sink)
    {
        TickerMachine machine = RentTicker(2);
        while (machine.MoveNext())
        {
            sink += (long)machine.Current.Kind;
        }

        machine.Dispose();
    }

    // Two copies of the same loop, so each interface call site sees one type (dynamic PGO would otherwise
    // devirtualize only the type it saw first and make the comparison unfair).
    private static double TimeIterator(ref long sink)
    {
        double start = Rounds.Now();
        for (int run = 0; run < RunsPerRound; run++)
        {
            IEnumerator<Yield> e = Ticker(StepsPerRun);
            while (e.MoveNext())
            {
                sink += (long)e.Current.Kind;
            }

            e.Dispose();
        }

        return (Rounds.Now() - start) * 1000.0;
    }

    private static double TimeGenerated(ref long sink)
    {
        double start = Rounds.Now();
        for (int run = 0; run < RunsPerRound; run++)
        {
            CoroutineMachine machine = new TickerMachine(StepsPerRun);
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
        }

        return (Rounds.Now() - start) * 1000.0;
    }

    private static double TimeGeneratedAsEnumerator(ref long sink)
    {
        double start = Rounds.Now();
        for (int run = 0; run < RunsPerRound; run++)
        {
            IEnumerator<Yield> e = new TickerMachine(StepsPerRun);
            while (e.MoveNext())
            {
                sink += (long)e.Current.Kind;
            }

            e.Dispose();
        }

        return (Rounds.Now() - start) * 1000.0;
    }

    private static double Median(double[] values)
    {
        double[] sorted = (double[])values.Clone();
        Array.Sort(sorted);
        return sorted[sorted.Length / 2];
    }
}
