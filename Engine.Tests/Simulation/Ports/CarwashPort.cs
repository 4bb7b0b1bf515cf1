using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's carwash example: cars wait for one of two machines and for the washing process to finish.
internal static class CarwashPort
{
    public static string Run(Tape tape, EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Carwash");
        log.Print("Check out http://youtu.be/fXXmeP9TvBg while simulating ... ;-)");
        using var env = new SimEnvironment(order: order);
        env.Process(Setup(env, 2, 5, 7, tape, log));
        env.Run(until: 20);
        return log.ToString();
    }

    private static IEnumerator<Yield> Setup(SimEnvironment env, int machines, double washTime, int tInter, Tape tape, PyLog log)
    {
        var machine = new Resource(env, machines);
        int count = 0;
        for (int i = 0; i < 4; i++)
        {
            env.Process(Car(env, "Car " + count++, machine, washTime, tape, log));
        }

        while (true)
        {
            yield return Yield.Seconds(tape.NextInt());
            env.Process(Car(env, "Car " + count++, machine, washTime, tape, log));
        }
    }

    private static IEnumerator<Yield> Car(SimEnvironment env, string name, Resource machine, double washTime, Tape tape, PyLog log)
    {
        log.Print(PyLog.F("{0} arrives at the carwash at {1:F2}.", name, env.Now));
        using (Request request = machine.Request())
        {
            yield return request;
            log.Print(PyLog.F("{0} enters the carwash at {1:F2}.", name, env.Now));
            yield return env.Process(Wash(env, name, washTime, tape, log));
            log.Print(PyLog.F("{0} leaves the carwash at {1:F2}.", name, env.Now));
        }
    }

    private static IEnumerator<Yield> Wash(SimEnvironment env, string car, double washTime, Tape tape, PyLog log)
    {
        yield return env.Timeout(washTime);
        int pctDirt = tape.NextInt();
        log.Print(PyLog.F("Carwash removed {0}% of {1}'s dirt.", pctDirt, car));
    }
}
