using System;
using Engine.Simulation;

namespace Engine.Bench.Quick;

// `quick sim`: the simulation toolkit's figures (issue 11). M/M/1 customers per second and bytes per customer in both
// event orders (and with the customer as a compiler iterator instead of a pooled machine), beside a hand-written event list of the same model, and a million processes looping on a timeout.
// Rates are medians of alternating rounds on the measuring thread's CPU time (Rounds.cs), so load from other processes
// does not count; ratios are medians of per-round ratios.
public sealed class SimQuick : IQuickGroup
{
    public string Name => "sim";

    public void Run(Action<string, double> report)
    {
        const int Customers = 1_000_000;
        Rounds mm1 = Rounds.Run(
            7,
            ("simpy", () => SimWorkloads.Mm1(Customers, EventOrder.SimPy)),
            ("fast", () => SimWorkloads.Mm1(Customers, EventOrder.Fast)),
            ("iterator", () => SimWorkloads.Mm1(Customers, EventOrder.SimPy, pooled: false)),
            ("event_list", () => SimWorkloads.Mm1EventList(Customers)));
        report("sim.mm1.customers_per_s", mm1.Rate("simpy"));
        report("sim.mm1.fast.customers_per_s", mm1.Rate("fast"));
        report("sim.mm1.iterator.customers_per_s", mm1.Rate("iterator"));
        report("sim.mm1.event_list.customers_per_s", mm1.Rate("event_list"));
        report("sim.mm1.vs_event_list", mm1.Ratio("simpy", "event_list"));
        report("sim.mm1.bytes_per_customer", BytesPerCustomer(EventOrder.SimPy));
        report("sim.mm1.fast.bytes_per_customer", BytesPerCustomer(EventOrder.Fast));
        report("sim.mm1.iterator.bytes_per_customer", BytesPerCustomer(EventOrder.SimPy, pooled: false));

        const int Processes = 1_000_000;
        Rounds procs = Rounds.Run(
            3,
            ("uniform", () => SimWorkloads.TimeoutLoops(Processes, 10, EventOrder.SimPy, timeoutEvents: false)),
            ("spread", () => SimWorkloads.TimeoutLoops(Processes, 10, EventOrder.SimPy, timeoutEvents: false, spread: true)),
            ("timeout_events", () => SimWorkloads.TimeoutLoops(Processes, 10, EventOrder.SimPy, timeoutEvents: true)));
        report("sim.procs1m.events_per_s", procs.Rate("uniform"));
        report("sim.procs1m.spread.events_per_s", procs.Rate("spread"));
        report("sim.procs1m.timeout_events.events_per_s", procs.Rate("timeout_events"));
    }

    // Allocation per customer in steady state: the difference between two run lengths, so set-up and queue growth cancel.
    private static double BytesPerCustomer(EventOrder order, bool pooled = true)
    {
        SimWorkloads.Mm1(200_000, order, pooled: pooled);
        long a = GC.GetAllocatedBytesForCurrentThread();
        SimWorkloads.Mm1(200_000, order, pooled: pooled);
        long b = GC.GetAllocatedBytesForCurrentThread();
        SimWorkloads.Mm1(1_200_000, order, pooled: pooled);
        long c = GC.GetAllocatedBytesForCurrentThread();
        return ((c - b) - (b - a)) / 1_000_000.0;
    }
}
