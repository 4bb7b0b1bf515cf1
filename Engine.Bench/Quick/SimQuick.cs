using System;
using System.Diagnostics;
using Engine.Simulation;

namespace Engine.Bench.Quick;

// `quick sim`: the simulation toolkit's figures (issue 11). M/M/1 customers per second and bytes per customer in both
// event orders against a hand-written event list, and a million processes looping on a timeout. Each rate is the best
// of a few repetitions after a warm-up.
public sealed class SimQuick : IQuickGroup
{
    public string Name => "sim";

    public void Run(Action<string, double> report)
    {
        const int Customers = 1_000_000;
        report("sim.mm1.customers_per_s", Best(() => SimWorkloads.Mm1(Customers, EventOrder.SimPy)));
        report("sim.mm1.fast.customers_per_s", Best(() => SimWorkloads.Mm1(Customers, EventOrder.Fast)));
        report("sim.mm1.pooled.customers_per_s", Best(() => SimWorkloads.Mm1(Customers, EventOrder.SimPy, pooledCustomers: true)));
        report("sim.mm1.event_list.customers_per_s", Best(() => SimWorkloads.Mm1EventList(Customers)));
        report("sim.mm1.bytes_per_customer", BytesPerCustomer(EventOrder.SimPy, pooled: false));
        report("sim.mm1.fast.bytes_per_customer", BytesPerCustomer(EventOrder.Fast, pooled: false));
        report("sim.mm1.pooled.bytes_per_customer", BytesPerCustomer(EventOrder.SimPy, pooled: true));

        const int Processes = 1_000_000;
        report("sim.procs1m.events_per_s", Best(() => SimWorkloads.TimeoutLoops(Processes, 10, EventOrder.SimPy, timeoutEvents: false), 2));
        report("sim.procs1m.timeout_events.events_per_s", Best(() => SimWorkloads.TimeoutLoops(Processes, 10, EventOrder.SimPy, timeoutEvents: true), 2));
        report("sim.procs1m.spread.events_per_s", Best(() => SimWorkloads.TimeoutLoops(Processes, 10, EventOrder.SimPy, timeoutEvents: false, spread: true), 2));
    }

    // Allocation per customer in steady state: the difference between two run lengths, so set-up and queue growth cancel.
    private static double BytesPerCustomer(EventOrder order, bool pooled)
    {
        SimWorkloads.Mm1(200_000, order, pooled);
        long a = GC.GetAllocatedBytesForCurrentThread();
        SimWorkloads.Mm1(200_000, order, pooled);
        long b = GC.GetAllocatedBytesForCurrentThread();
        SimWorkloads.Mm1(1_200_000, order, pooled);
        long c = GC.GetAllocatedBytesForCurrentThread();
        return ((c - b) - (b - a)) / 1_000_000.0;
    }

    private static double Best(Func<long> work, int repetitions = 5)
    {
        work();
        double best = 0;
        for (int i = 0; i < repetitions; i++)
        {
            var sw = Stopwatch.StartNew();
            long n = work();
            sw.Stop();
            best = Math.Max(best, n / sw.Elapsed.TotalSeconds);
        }

        return best;
    }
}
