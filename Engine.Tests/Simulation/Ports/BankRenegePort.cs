using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's bank renege example, line by line: a counter, customers who leave when their patience runs out.
internal static class BankRenegePort
{
    public static string Run(Tape tape, EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Bank renege");
        using var env = new SimEnvironment(order: order);
        var counter = new Resource(env, capacity: 1);
        env.Process(Source(env, 5, 10.0, counter, tape, log));
        env.Run();
        return log.ToString();
    }

    private static IEnumerator<Yield> Source(SimEnvironment env, int number, double interval, Resource counter, Tape tape, PyLog log)
    {
        for (int i = 0; i < number; i++)
        {
            env.Process(Customer(env, PyLog.F("Customer{0:00}", i), counter, 12.0, tape, log));
            double t = tape.Next();
            yield return env.Timeout(t);
        }
    }

    private static IEnumerator<Yield> Customer(SimEnvironment env, string name, Resource counter, double timeInBank, Tape tape, PyLog log)
    {
        double arrive = env.Now;
        log.Print(PyLog.F("{0,7:F4} {1}: Here I am", arrive, name));
        using (Request req = counter.Request())
        {
            double patience = tape.Next();
            Condition waitOrRenege = req | env.Timeout(patience);
            yield return waitOrRenege;
            double wait = env.Now - arrive;
            if (Co.Result<ConditionValue>().Contains(req))
            {
                log.Print(PyLog.F("{0,7:F4} {1}: Waited {2,6:F3}", env.Now, name, wait));
                double tib = tape.Next();
                yield return env.Timeout(tib);
                log.Print(PyLog.F("{0,7:F4} {1}: Finished", env.Now, name));
            }
            else
            {
                log.Print(PyLog.F("{0,7:F4} {1}: RENEGED after {2,6:F3}", env.Now, name, wait));
            }
        }
    }
}
