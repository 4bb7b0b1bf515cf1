using System.Collections.Generic;
using System.Globalization;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// A port of resource_rules.py (recorded with SimPy 4.1.1): resources, priorities, preemption, stores, filter and
// priority stores, containers and reneging at same-time boundaries.
internal static class ResourceRulesPort
{
    public static string Run()
    {
        var log = new PyLog();
        log.Print("-- r1");
        R1(log);
        log.Print("-- r2");
        R2(log);
        log.Print("-- r3");
        R3(log);
        log.Print("-- r4");
        R4(log);
        log.Print("-- r5");
        R5(log);
        log.Print("-- r6");
        R6(log);
        log.Print("-- r7");
        R7(log);
        return log.ToString();
    }

    private static void Log(PyLog log, SimEnvironment env, string who, string what) =>
        log.Print(G(env.Now) + " " + who + ": " + what);

    private static string G(double v) => v.ToString("G6", CultureInfo.InvariantCulture);

    private static void R1(PyLog log)
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 2);
        string Counts() => "(count " + res.Count + ", queue " + res.QueueLength + ")";
        IEnumerator<Yield> User(string name, double arrive, double hold)
        {
            yield return Yield.Seconds(arrive);
            Log(log, env, name, "requests " + Counts());
            using (Request req = res.Request())
            {
                yield return req;
                Log(log, env, name, "granted " + Counts());
                yield return env.Timeout(hold);
                Log(log, env, name, "releases");
            }

            Log(log, env, name, "released " + Counts());
        }

        double[,] users = { { 0, 3 }, { 0, 3 }, { 0, 1 }, { 1, 2 }, { 1, 1 }, { 3, 1 }, { 3, 2 } };
        for (int i = 0; i < users.GetLength(0); i++)
        {
            env.Process(User("U" + i, users[i, 0], users[i, 1]));
        }

        env.Run();
    }

    private static void R2(PyLog log)
    {
        using var env = new SimEnvironment();
        var res = new PriorityResource(env, 1);
        IEnumerator<Yield> User(string name, double arrive, int prio, bool preempt, double hold)
        {
            yield return Yield.Seconds(arrive);
            using (Request req = res.Request(prio, preempt))
            {
                Log(log, env, name, "requests prio " + prio + " preempt " + (preempt ? "True" : "False"));
                yield return req;
                Log(log, env, name, "granted");
                yield return Yield.Seconds(hold);
            }
        }

        env.Process(User("A", 0, 5, true, 2));
        (int P, bool Pre)[] queue = { (3, false), (3, true), (1, true), (3, true), (1, false), (2, true) };
        for (int i = 0; i < queue.Length; i++)
        {
            env.Process(User("Q" + i, 1, queue[i].P, queue[i].Pre, 1));
        }

        env.Run();
    }

    private static void R3(PyLog log)
    {
        using var env = new SimEnvironment();
        var res = new PreemptiveResource(env, 2);
        var procs = new Dictionary<string, SimProcess>();
        IEnumerator<Yield> Use(string name, Request req, double hold)
        {
            yield return req;
            Log(log, env, name, "granted");
            yield return env.Timeout(hold);
            Log(log, env, name, "done");
        }

        IEnumerator<Yield> User(string name, double arrive, int prio, bool preempt, double hold)
        {
            yield return Yield.Seconds(arrive);
            using (Request req = res.Request(prio, preempt))
            {
                Log(log, env, name, "requests prio " + prio);
                yield return Sim.Interruptible(Yield.From(Use(name, req, hold)));
                if (Sim.Interrupted(out InterruptException? i))
                {
                    if (i!.Cause is Preempted p)
                    {
                        Log(log, env, name, "preempted by " + (p.By?.Name ?? "None") + ", used since " + G(p.UsageSince));
                    }
                    else
                    {
                        Log(log, env, name, "interrupted: " + i.Cause);
                    }
                }
            }

            Log(log, env, name, "leaves (count " + res.Count + ", queue " + res.QueueLength + ")");
        }

        void Start(string name, double arrive, int prio, bool preempt, double hold) =>
            procs[name] = env.Process(User(name, arrive, prio, preempt, hold), name);

        Start("L1", 0, 5, true, 10);
        Start("L2", 0, 5, true, 10);
        Start("M", 1, 3, false, 5);
        Start("H", 2, 1, true, 3);
        Start("W", 2, 4, true, 4);
        Start("H2", 3, 1, true, 2);
        IEnumerator<Yield> Poker()
        {
            yield return Yield.Seconds(4);
            Log(log, env, "poker", "interrupts W");
            procs["W"].Interrupt("poke");
        }

        env.Process(Poker());
        env.Run();
    }

    private static void R4(PyLog log)
    {
        using var env = new SimEnvironment();
        var store = new Store<string>(env, capacity: 2);
        IEnumerator<Yield> Getter(string name, double arrive, double? patience = null)
        {
            yield return Yield.Seconds(arrive);
            Log(log, env, name, "gets (items " + store.Count + ")");
            if (patience is null)
            {
                yield return store.Get();
                Log(log, env, name, "got " + Co.Result<string>());
            }
            else
            {
                using (StoreGet<string> g = store.Get())
                {
                    yield return g | env.Timeout(patience.Value);
                    ConditionValue r = Co.Result<ConditionValue>();
                    Log(log, env, name, r.Contains(g) ? "got " + r[g] : "gave up");
                }
            }
        }

        IEnumerator<Yield> Putter(string name, double arrive, string[] items)
        {
            yield return Yield.Seconds(arrive);
            foreach (string it in items)
            {
                Log(log, env, name, "puts " + it + " (items " + store.Count + ")");
                yield return store.Put(it);
                Log(log, env, name, "put " + it + " done");
            }
        }

        env.Process(Getter("G1", 0));
        env.Process(Getter("G2", 0, 1));
        env.Process(Getter("G3", 0));
        env.Process(Putter("P1", 2, new[] { "a", "b", "c", "d", "e" }));
        env.Process(Getter("G4", 2));
        env.Process(Getter("G5", 3));
        env.Process(Getter("G6", 3));
        env.Process(Putter("P2", 3, new[] { "f" }));
        env.Run();
        var left = new List<string>();
        foreach (string s in store.Items)
        {
            left.Add("'" + s + "'");
        }

        Log(log, env, "main", "left [" + string.Join(", ", left) + "]");
    }

    private static void R5(PyLog log)
    {
        using var env = new SimEnvironment();
        var fs = new FilterStore<string>(env);
        var ps = new Engine.Simulation.PriorityStore<(int Priority, string Item)>(env, Comparer<(int Priority, string Item)>.Create((a, b) => a.Priority.CompareTo(b.Priority)));
        IEnumerator<Yield> FGetter(string name, double arrive, string want)
        {
            yield return Yield.Seconds(arrive);
            Log(log, env, name, "wants " + want);
            yield return fs.Get(x => x.StartsWith(want, System.StringComparison.Ordinal));
            Log(log, env, name, "got " + Co.Result<string>());
        }

        IEnumerator<Yield> FPutter(double arrive, string[] items)
        {
            yield return Yield.Seconds(arrive);
            foreach (string it in items)
            {
                fs.Put(it);
                Log(log, env, "FP", "put " + it);
                yield return Yield.Seconds(1);
            }
        }

        env.Process(FGetter("F1", 0, "b"));
        env.Process(FGetter("F2", 0, "a"));
        env.Process(FGetter("F3", 0, "a"));
        env.Process(FPutter(1, new[] { "a1", "c1", "b1", "a2" }));
        IEnumerator<Yield> PPutter()
        {
            foreach ((int, string) item in new[] { (5, "five"), (1, "one"), (3, "three"), (2, "two") })
            {
                yield return ps.Put(item);
            }

            yield return Yield.Seconds(1);
            foreach ((int, string) item in new[] { (0, "zero"), (4, "four") })
            {
                yield return ps.Put(item);
            }
        }

        IEnumerator<Yield> PGetter()
        {
            yield return Yield.Seconds(1);
            for (int i = 0; i < 6; i++)
            {
                yield return ps.Get();
                Log(log, env, "PG", "got " + Co.Result<(int Priority, string Item)>().Item);
            }
        }

        env.Process(PPutter());
        env.Process(PGetter());
        env.Run();
    }

    private static void R6(PyLog log)
    {
        using var env = new SimEnvironment();
        var tank = new Container(env, capacity: 100, initial: 30);
        IEnumerator<Yield> Getter(string name, double arrive, double amount)
        {
            yield return Yield.Seconds(arrive);
            Log(log, env, name, "gets " + G(amount) + " (level " + G(tank.Level) + ")");
            yield return tank.Get(amount);
            Log(log, env, name, "got " + G(amount) + " (level " + G(tank.Level) + ")");
        }

        IEnumerator<Yield> Putter(string name, double arrive, double amount)
        {
            yield return Yield.Seconds(arrive);
            Log(log, env, name, "puts " + G(amount) + " (level " + G(tank.Level) + ")");
            yield return tank.Put(amount);
            Log(log, env, name, "put " + G(amount) + " (level " + G(tank.Level) + ")");
        }

        env.Process(Getter("G1", 0, 50));
        env.Process(Getter("G2", 0, 10));
        env.Process(Putter("P1", 1, 15));
        env.Process(Putter("P2", 1, 80));
        env.Process(Getter("G3", 2, 40));
        env.Process(Putter("P3", 2, 60));
        env.Process(Getter("G4", 3, 5));
        env.Run();
        Log(log, env, "main", "level " + G(tank.Level));
    }

    private static void R7(PyLog log)
    {
        using var env = new SimEnvironment();
        var res = new Resource(env, 1);
        IEnumerator<Yield> Holder()
        {
            using (Request req = res.Request())
            {
                yield return req;
                Log(log, env, "H", "holds");
                yield return Yield.Seconds(2);
                Log(log, env, "H", "releases");
            }
        }

        IEnumerator<Yield> Customer(string name, double patience)
        {
            using (Request req = res.Request())
            {
                yield return req | env.Timeout(patience);
                if (Co.Result<ConditionValue>().Contains(req))
                {
                    Log(log, env, name, "served");
                    yield return Yield.Seconds(1);
                    Log(log, env, name, "done");
                }
                else
                {
                    Log(log, env, name, "reneged (req triggered " + (req.IsTriggered ? "True" : "False") + ")");
                }
            }
        }

        IEnumerator<Yield> Late(string name)
        {
            yield return Yield.Seconds(2);
            using (Request req = res.Request())
            {
                Log(log, env, name, "requests");
                yield return req;
                Log(log, env, name, "served");
            }
        }

        env.Process(Holder());
        env.Process(Customer("C1", 2));
        env.Process(Customer("C2", 5));
        env.Process(Late("L"));
        env.Run();
    }
}
