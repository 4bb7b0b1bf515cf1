using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Bench;

// The simulation workloads, shared by `quick sim` and the BenchmarkDotNet suite so both measure the same code.
public static partial class SimWorkloads
{
    public static long Ticks;

    // M/M/1 as docs/simulation.md tells a modeller to write it: Poisson arrivals (mean 1.0), one customer process per
    // arrival, which requests the server with `using`, holds it for an exponential service time (mean 0.8) and leaves.
    // The customer is a [Coroutine] method started from its pool (RentCustomer), so a customer costs its task only;
    // pooled: false starts the compiler's iterator of the same method instead. Returns customers served.
    public static long Mm1(int customers, EventOrder order, ulong seed = 42, bool pooled = true)
    {
        using var env = new SimEnvironment(order: order, seed: seed);
        var server = new Resource(env, 1);
        RandomStream arrivals = env.RandomStream("arrivals");
        RandomStream service = env.RandomStream("service");
        env.Process(pooled ? Source(env, server, arrivals, service, customers) : IteratorSource(env, server, arrivals, service, customers));
        env.Run();
        return customers;
    }

    public static IEnumerator<Yield> Source(SimEnvironment env, Resource server, RandomStream arrivals, RandomStream service, int customers)
    {
        for (int i = 0; i < customers; i++)
        {
            yield return Yield.Seconds(arrivals.Exponential(1.0));
            env.Process(RentCustomer(server, service));   // the pooled machine of Customer, back in its pool when it ends
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Customer(Resource server, RandomStream service)
    {
        using (Request request = server.Request())
        {
            yield return request;
            yield return Yield.Seconds(service.Exponential(0.8));
        }
    }

    // The same arrivals with the customer as the compiler's iterator (an 80-byte object per customer).
    public static IEnumerator<Yield> IteratorSource(SimEnvironment env, Resource server, RandomStream arrivals, RandomStream service, int customers)
    {
        for (int i = 0; i < customers; i++)
        {
            yield return Yield.Seconds(arrivals.Exponential(1.0));
            env.Process(Customer(server, service));
        }
    }

    // The floor: the same M/M/1 as a hand-written event list (no processes, no resource objects), drawing the same
    // numbers. Returns customers served.
    public static long Mm1EventList(int customers, ulong seed = 42)
    {
        RandomStream arrivals = RandomStream.Create(seed, "arrivals");
        RandomStream service = RandomStream.Create(seed, "service");
        var events = new PriorityQueue<bool, (double Time, long Seq)>();
        long seq = 0;
        double now = 0;
        int arrived = 0, queue = 0;
        bool busy = false;
        events.Enqueue(true, (arrivals.Exponential(1.0), seq++));
        while (events.TryDequeue(out bool arrival, out (double Time, long Seq) at))
        {
            now = at.Time;
            if (arrival)
            {
                if (++arrived < customers)
                {
                    events.Enqueue(true, (now + arrivals.Exponential(1.0), seq++));
                }

                if (busy)
                {
                    queue++;
                }
                else
                {
                    busy = true;
                    events.Enqueue(false, (now + service.Exponential(0.8), seq++));
                }
            }
            else if (queue > 0)
            {
                queue--;
                events.Enqueue(false, (now + service.Exponential(0.8), seq++));
            }
            else
            {
                busy = false;
            }
        }

        return customers;
    }

    // `processes` live processes, each looping on a timeout (of 1 simulated second, or with `spread` of
    // 1.00 + (i mod 100) * 0.01 seconds), run to `until`. Returns the number of timeouts processed.
    public static long TimeoutLoops(int processes, double until, EventOrder order, bool timeoutEvents, bool spread = false)
    {
        using var env = new SimEnvironment(order: order);
        Ticks = 0;
        for (int i = 0; i < processes; i++)
        {
            double delay = spread ? 1.00 + ((i % 100) * 0.01) : 1.0;
            env.Process(timeoutEvents ? TimeoutEventLoop(env, delay) : TimeoutLoop(delay));
        }

        env.Run(until);
        return Ticks;
    }

    public static IEnumerator<Yield> TimeoutLoop(double delay)
    {
        while (true)
        {
            yield return Yield.Seconds(delay);
            Ticks++;
        }
    }

    public static IEnumerator<Yield> TimeoutEventLoop(SimEnvironment env, double delay)
    {
        while (true)
        {
            yield return env.Timeout(delay);
            Ticks++;
        }
    }
}
