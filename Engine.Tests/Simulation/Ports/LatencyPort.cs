using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's event latency example: a cable delays messages with a process per message that puts into a store.
internal static class LatencyPort
{
    public static string Run(EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Event Latency");
        using var env = new SimEnvironment(order: order);
        var store = new Store<string>(env);
        env.Process(Sender(env, store, 10));
        env.Process(Receiver(env, store, log));
        env.Run(until: 100);
        return log.ToString();
    }

    private static IEnumerator<Yield> Latency(SimEnvironment env, Store<string> store, double delay, string value)
    {
        yield return env.Timeout(delay);
        store.Put(value);
    }

    private static IEnumerator<Yield> Sender(SimEnvironment env, Store<string> store, double delay)
    {
        while (true)
        {
            yield return env.Timeout(5);
            env.Process(Latency(env, store, delay, "Sender sent this at " + PyLog.Num(env.Now)));
        }
    }

    private static IEnumerator<Yield> Receiver(SimEnvironment env, Store<string> store, PyLog log)
    {
        while (true)
        {
            yield return store.Get();
            log.Print("Received this at " + PyLog.Num(env.Now) + " while " + Co.Result<string>());
        }
    }
}
