using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's process communication example: a store as a one-to-one pipe, and a broadcast pipe of stores (an all-of of puts).
internal static class ProcessCommunicationPort
{
    public static string Run(Tape tape, EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Process communication");
        using (var env = new SimEnvironment(order: order))
        {
            var pipe = new Store<(double Time, string Text)>(env);
            env.Process(MessageGenerator("Generator A", env, msg => pipe.Put(msg), tape));
            env.Process(MessageConsumer("Consumer A", env, pipe, tape, log));
            log.Print("\nOne-to-one pipe communication\n");
            env.Run(until: 100);
        }

        using (var env = new SimEnvironment(order: order))
        {
            var pipes = new List<Store<(double Time, string Text)>>();
            Store<(double, string)> NewOutput()
            {
                var store = new Store<(double Time, string Text)>(env);
                pipes.Add(store);
                return store;
            }

            SimEvent Broadcast((double Time, string Text) msg)
            {
                var events = new List<SimEvent>();
                foreach (Store<(double Time, string Text)> store in pipes)
                {
                    events.Add(store.Put(msg));
                }

                return env.AllOf(events);
            }

            env.Process(MessageGenerator("Generator A", env, Broadcast, tape));
            env.Process(MessageConsumer("Consumer A", env, NewOutput(), tape, log));
            env.Process(MessageConsumer("Consumer B", env, NewOutput(), tape, log));
            log.Print("\nOne-to-many pipe communication\n");
            env.Run(until: 100);
        }

        return log.ToString();
    }

    private static IEnumerator<Yield> MessageGenerator(string name, SimEnvironment env, System.Func<(double, string), SimEvent> put, Tape tape)
    {
        while (true)
        {
            yield return env.Timeout(tape.NextInt());
            put((env.Now, name + " says hello at " + PyLog.Num(env.Now)));
        }
    }

    private static IEnumerator<Yield> MessageConsumer(string name, SimEnvironment env, Store<(double Time, string Text)> inPipe, Tape tape, PyLog log)
    {
        while (true)
        {
            yield return inPipe.Get();
            (double time, string text) = Co.Result<(double Time, string Text)>();
            if (time < env.Now)
            {
                log.Print("LATE Getting Message: at time " + PyLog.Num(env.Now) + ": " + name + " received message: " + text);
            }
            else
            {
                log.Print("at time " + PyLog.Num(env.Now) + ": " + name + " received message: " + text + ".");
            }

            yield return env.Timeout(tape.NextInt());
        }
    }
}
