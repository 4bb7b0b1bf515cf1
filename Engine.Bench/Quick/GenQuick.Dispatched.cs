using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Engine.Machines;

namespace Engine.Bench;

// gen.step.dispatched: the step the way a task's trampoline makes it. The figures in GenQuick.cs create the coroutine
// in the timing loop, so the JIT knows its exact type and inlines MoveNext or Step into the loop on both sides: they
// compare two inlined loops, which no trampoline runs. Here each side steps four coroutines with the same body (four
// types) through one call site, made by a factory the JIT does not inline, so neither side can be devirtualized by
// type or by profile: the compiler's iterator pays its two interface calls (MoveNext, Current) per step, the machine
// its one virtual call (Step), as in the engine's batch.
public static partial class GenQuick
{
    private const int DispatchedKinds = 4;

    /// <summary>The first of the four identical coroutines of the dispatched figure.</summary>
    /// <param name="count">How many yields.</param>
    [Coroutine]
    public static IEnumerator<Yield> TickerA(int count)
    {
        int acc = 0;
        for (int i = 0; i < count; i++)
        {
            acc += i;
            yield return (acc & 1) == 0 ? Yield.NextTick : default;
        }
    }

    /// <summary>The second of the four identical coroutines of the dispatched figure.</summary>
    /// <param name="count">How many yields.</param>
    [Coroutine]
    public static IEnumerator<Yield> TickerB(int count)
    {
        int acc = 0;
        for (int i = 0; i < count; i++)
        {
            acc += i;
            yield return (acc & 1) == 0 ? Yield.NextTick : default;
        }
    }

    /// <summary>The third of the four identical coroutines of the dispatched figure.</summary>
    /// <param name="count">How many yields.</param>
    [Coroutine]
    public static IEnumerator<Yield> TickerC(int count)
    {
        int acc = 0;
        for (int i = 0; i < count; i++)
        {
            acc += i;
            yield return (acc & 1) == 0 ? Yield.NextTick : default;
        }
    }

    /// <summary>The fourth of the four identical coroutines of the dispatched figure.</summary>
    /// <param name="count">How many yields.</param>
    [Coroutine]
    public static IEnumerator<Yield> TickerD(int count)
    {
        int acc = 0;
        for (int i = 0; i < count; i++)
        {
            acc += i;
            yield return (acc & 1) == 0 ? Yield.NextTick : default;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static IEnumerator<Yield> NewIterator(int kind, int count) => kind switch
    {
        0 => TickerA(count),
        1 => TickerB(count),
        2 => TickerC(count),
        _ => TickerD(count),
    };

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CoroutineMachine NewMachine(int kind, int count) => kind switch
    {
        0 => new TickerAMachine(count),
        1 => new TickerBMachine(count),
        2 => new TickerCMachine(count),
        _ => new TickerDMachine(count),
    };

    private static double TimeIteratorDispatched(ref long sink)
    {
        long local = 0;
        double start = Rounds.Now();
        for (int run = 0; run < RunsPerRound; run++)
        {
            IEnumerator<Yield> e = NewIterator(run % DispatchedKinds, StepsPerRun);
            while (e.MoveNext())
            {
                local += (long)e.Current.Kind;
            }

            e.Dispose();
        }

        double elapsed = Rounds.Now() - start;
        sink += local;
        return elapsed * 1000.0;
    }

    private static double TimeGeneratedDispatched(ref long sink)
    {
        long local = 0;
        double start = Rounds.Now();
        for (int run = 0; run < RunsPerRound; run++)
        {
            CoroutineMachine machine = NewMachine(run % DispatchedKinds, StepsPerRun);
            while (true)
            {
                Yield y = machine.Advance();
                if (y.Kind == CoroutineMachine.EndKind)
                {
                    break;
                }

                local += (long)y.Kind;
            }

            machine.Dispose();
        }

        double elapsed = Rounds.Now() - start;
        sink += local;
        return elapsed * 1000.0;
    }
}
