using System.Collections.Generic;
using System.Globalization;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// A port of order_rules.py (recorded with SimPy 4.1.1): SimPy's same-time ordering rules one scenario at a time.
// Scenarios alternate Yield.Seconds and env.Timeout, which must order the same way.
internal static class OrderRulesPort
{
    public static string Run()
    {
        var log = new PyLog();
        log.Print("-- s1");
        S1(log);
        log.Print("-- s2");
        S2(log);
        log.Print("-- s3");
        S3(log);
        log.Print("-- s4");
        S4(log);
        log.Print("-- s5");
        S5(log);
        log.Print("-- s6");
        S6(log);
        log.Print("-- s7");
        S7(log);
        log.Print("-- s8");
        S8(log);
        return log.ToString();
    }

    private static void Log(PyLog log, SimEnvironment env, string who, string what) =>
        log.Print(env.Now.ToString("G6", CultureInfo.InvariantCulture) + " " + who + ": " + what);

    private static string Py(bool value) => value ? "True" : "False";

    private static void S1(PyLog log)
    {
        using var env = new SimEnvironment();
        IEnumerator<Yield> Child(string name)
        {
            Log(log, env, name, "start");
            yield return Yield.Seconds(0);
            Log(log, env, name, "after timeout(0)");
        }

        IEnumerator<Yield> Parent(string name, bool spawn)
        {
            yield return env.Timeout(1);
            Log(log, env, name, "wakes");
            if (spawn)
            {
                env.Process(Child(name + ".child"));
                Log(log, env, name, "spawned");
            }

            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        env.Process(Parent("A", true));
        env.Process(Parent("B", false));
        env.Process(Parent("C", true));
        env.Run();
    }

    private static void S2(PyLog log)
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        SimEvent ev = env.Event();
        IEnumerator<Yield> User(string name, double delay)
        {
            yield return Yield.Seconds(delay);
            Log(log, env, name, "requests");
            using (Request req = res.Request())
            {
                yield return req;
                Log(log, env, name, "granted");
                yield return Yield.Seconds(1);
            }

            Log(log, env, name, "released");
        }

        IEnumerator<Yield> Other(string name)
        {
            yield return env.Timeout(1);
            Log(log, env, name, "runs");
            ev.Succeed("v");
            Log(log, env, name, "succeeded ev");
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        IEnumerator<Yield> Waiter(string name, double delay)
        {
            yield return env.Timeout(delay);
            Log(log, env, name, "waits for ev (triggered=" + Py(ev.IsTriggered) + ")");
            yield return ev;
            Log(log, env, name, "got " + Co.Result<string>());
        }

        env.Process(User("U1", 1));
        env.Process(Other("O"));
        env.Process(Waiter("W1", 1));
        env.Process(User("U2", 1));
        env.Process(Waiter("W2", 2));
        env.Run();
    }

    private static void S3(PyLog log)
    {
        using var env = new SimEnvironment();
        var victims = new Dictionary<string, SimProcess>();
        IEnumerator<Yield> Victim(string name, double delay, bool shared)
        {
            while (true)
            {
                Log(log, env, name, "waits " + delay.ToString(CultureInfo.InvariantCulture));
                yield return Sim.Interruptible(shared ? env.Timeout(delay) : Yield.Seconds(delay));
                if (Sim.Interrupted(out InterruptException? i))
                {
                    Log(log, env, name, "interrupted by " + i!.Cause);
                }
                else
                {
                    Log(log, env, name, "timeout done");
                }
            }
        }

        IEnumerator<Yield> Bystander(string name)
        {
            yield return Yield.Seconds(2);
            Log(log, env, name, "runs at 2");
        }

        IEnumerator<Yield> Interrupter(string name, string target, double at, string cause)
        {
            yield return env.Timeout(at);
            Log(log, env, name, "interrupts " + target + " with " + cause);
            victims[target].Interrupt(cause);
            Log(log, env, name, "after interrupt");
            yield return Yield.Seconds(0);
            Log(log, env, name, "after timeout(0)");
        }

        env.Process(Bystander("B0"));
        env.Process(Interrupter("I", "V", 2, "first"));
        victims["V"] = env.Process(Victim("V", 2, false));
        env.Process(Interrupter("K", "X", 2, "third"));
        victims["X"] = env.Process(Victim("X", 2, true));
        env.Process(Bystander("B1"));
        env.Process(Interrupter("J", "V", 2, "second"));
        env.Run(until: 5);
        Log(log, env, "main", "V alive " + Py(victims["V"].IsAlive));
    }

    private static void S4(PyLog log)
    {
        using var env = new SimEnvironment();
        IEnumerator<Yield> Worker(string name)
        {
            Log(log, env, name, "starts");
            yield return Sim.Interruptible(env.Timeout(5));
            if (Sim.Interrupted(out InterruptException? i))
            {
                Log(log, env, name, "interrupted: " + i!.Cause);
            }
            else
            {
                Log(log, env, name, "done");
            }

            yield return Yield.Seconds(1);
            Log(log, env, name, "ends");
            yield return Yield.Return(42);
        }

        IEnumerator<Yield> Boss()
        {
            SimProcess w = env.Process(Worker("W"));
            w.Interrupt("early");
            Log(log, env, "boss", "interrupted W before it started");
            yield return w;
            Log(log, env, "boss", "W returned " + Co.Result<int>());
        }

        env.Process(Boss());
        env.Run();
    }

    private static void S5(PyLog log)
    {
        using var env = new SimEnvironment();
        IEnumerator<Yield> Quick(string name, double d)
        {
            yield return env.Timeout(d);
            Log(log, env, name, "finishes");
            yield return Yield.Return(name);
        }

        IEnumerator<Yield> Other(string name, int zeros)
        {
            for (int z = 0; z < zeros; z++)
            {
                yield return Yield.Seconds(0);
            }

            yield return Yield.Seconds(1);
            Log(log, env, name, "runs");
        }

        IEnumerator<Yield> Waiter()
        {
            SimProcess p1 = env.Process(Quick("P1", 2));
            SimProcess p2 = env.Process(Quick("P2", 0));
            SimProcess p3 = env.Process(Quick("P3", 1));
            yield return env.Timeout(0);
            yield return env.Timeout(1);
            Log(log, env, "W", "waits P2 (finished earlier)");
            yield return p2;
            Log(log, env, "W", "got " + Co.Result<string>());
            Log(log, env, "W", "waits P3 (alive=" + Py(p3.IsAlive) + ", triggered=" + Py(p3.IsTriggered) + ")");
            yield return p3;
            Log(log, env, "W", "got " + Co.Result<string>());
            Log(log, env, "W", "waits P1 (alive=" + Py(p1.IsAlive) + ")");
            yield return p1;
            Log(log, env, "W", "got " + Co.Result<string>());
        }

        env.Process(Waiter());
        env.Process(Other("O1", 0));
        env.Process(Other("O2", 2));
        env.Run();
    }

    private static string Values(ConditionValue r)
    {
        var values = new List<string>();
        foreach (SimEvent e in r)
        {
            values.Add("'" + e.Value + "'");
        }

        values.Sort(System.StringComparer.Ordinal);
        return "[" + string.Join(", ", values) + "]";
    }

    private static void S6(PyLog log)
    {
        using var env = new SimEnvironment();
        IEnumerator<Yield> Proc()
        {
            SimEvent e1 = env.Event(), e2 = env.Event(), e3 = env.Event();
            e1.Succeed(1);
            SimTimeout t = env.Timeout(2, "two");
            Log(log, env, "P", "waits any(e1, t)");
            yield return e1 | t;
            Log(log, env, "P", "got " + Values(Co.Result<ConditionValue>()));
            yield return Yield.Seconds(0);
            e2.Succeed(2);
            Condition c = (e2 & e3) | env.Timeout(1, "one");
            Log(log, env, "P", "waits (e2 & e3) | timeout(1)");
            yield return c;
            Log(log, env, "P", "got " + Values(Co.Result<ConditionValue>()) + " at " + env.Now.ToString("G6", CultureInfo.InvariantCulture));
            e3.Succeed(3);
            yield return env.AllOf(new[] { e1, e2, e3 });
            Log(log, env, "P", "all got " + Values(Co.Result<ConditionValue>()));
            yield return env.AnyOf();
            Log(log, env, "P", "empty any got " + Co.Result<ConditionValue>().Count);
        }

        IEnumerator<Yield> Other()
        {
            yield return env.Timeout(0);
            Log(log, env, "O", "runs at 0");
            yield return env.Timeout(1);
            Log(log, env, "O", "runs at 1");
        }

        env.Process(Proc());
        env.Process(Other());
        env.Run();
    }

    private static void S7(PyLog log)
    {
        using var env = new SimEnvironment(initialTime: 10);
        IEnumerator<Yield> Ticker(string name, double d)
        {
            while (true)
            {
                yield return Yield.Seconds(d);
                Log(log, env, name, "tick");
            }
        }

        string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);
        env.Process(Ticker("T1", 1));
        env.Process(Ticker("T2", 2));
        env.Run(until: 12);
        Log(log, env, "main", "stopped, peek " + G(env.Peek()));
        env.Run(until: 13.5);
        Log(log, env, "main", "stopped, peek " + G(env.Peek()));
        for (int i = 0; i < 3; i++)
        {
            env.Step();
            Log(log, env, "main", "stepped, peek " + G(env.Peek()));
        }

        SimTimeout e = env.Timeout(2, "done");
        object? v = env.Run(until: e);
        Log(log, env, "main", "run until event -> " + v);
    }

    private static void S8(PyLog log)
    {
        using var env = new SimEnvironment();
        SimEvent ev = env.Event();
        IEnumerator<Yield> Child(string name)
        {
            Log(log, env, name, "start");
            yield return Yield.Seconds(0);
        }

        IEnumerator<Yield> Waiter(string name)
        {
            Log(log, env, name, "waits");
            yield return ev;
            Log(log, env, name, "resumed with " + Co.Result<string>());
            env.Process(Child(name + ".child"));
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        IEnumerator<Yield> Trigger()
        {
            yield return Yield.Seconds(1);
            ev.AddCallback(e => Log(log, env, "cb", "callback sees " + e.Value));
            ev.Succeed("x");
            Log(log, env, "T", "triggered");
        }

        env.Process(Waiter("W1"));
        env.Process(Trigger());
        env.Process(Waiter("W2"));
        env.Run();
    }
}
