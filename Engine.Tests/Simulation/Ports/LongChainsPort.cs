using System.Collections.Generic;
using System.Globalization;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// A port of long_chains.py (recorded with SimPy 4.1.2): processes that continue in place far more than the loop's
// continuation budget (1,000) allows a task in one step, interleaved with other processes due at the same time. SimPy
// resumes a process that yields an event already processed inline, in the same step, with no limit; so must the
// engine under SimPy's order (docs/simulation.md, "Continuing in place").
internal static class LongChainsPort
{
    public static string Run(bool doneFuture = false)
    {
        var log = new PyLog();
        log.Print("-- c1");
        C1(log);
        log.Print("-- c2");
        C2(log);
        log.Print("-- c3");
        C3(log);
        log.Print("-- c4");
        C4(log);
        log.Print("-- c5");
        C5(log);
        log.Print("-- c6");
        C6(log, doneFuture);
        return log.ToString();
    }

    private static void Log(PyLog log, SimEnvironment env, string who, string what) =>
        log.Print(env.Now.ToString("G6", CultureInfo.InvariantCulture) + " " + who + ": " + what);

    private static IEnumerator<Yield> Ticker(PyLog log, SimEnvironment env, string name, double at, int k)
    {
        if (at > 0)
        {
            yield return env.Timeout(at);
        }

        for (int i = 0; i < k; i++)
        {
            yield return env.Timeout(0);
            Log(log, env, name, "tick " + i);
        }
    }

    // Yielding an event already processed: SimPy continues in place, with no limit.
    private static void C1(PyLog log)
    {
        using var env = new SimEnvironment();
        SimEvent done = env.Event().Succeed("d");

        IEnumerator<Yield> Child(string name)
        {
            Log(log, env, name, "starts");
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        IEnumerator<Yield> Spinner(string name, int n, int spawnAt)
        {
            Log(log, env, name, "starts");
            yield return done;
            Log(log, env, name, "first wait gave " + Co.Result<string>());
            for (int i = 0; i < n; i++)
            {
                yield return done;
                if (i == spawnAt)
                {
                    env.Process(Child(name + ".child"));
                    Log(log, env, name, "spawned at " + i);
                }

                if ((i + 1) % 1000 == 0)
                {
                    Log(log, env, name, "spun " + (i + 1));
                }
            }

            Log(log, env, name, "ends");
        }

        IEnumerator<Yield> Late(string name, double at, int n)
        {
            yield return env.Timeout(at);
            Log(log, env, name, "wakes");
            for (int i = 0; i < n; i++)
            {
                yield return done;
            }

            Log(log, env, name, "spun " + n);
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        env.Process(Spinner("A", 5000, 1500));
        env.Process(Ticker(log, env, "B", 0, 5));
        env.Process(Spinner("C", 2500, -1));
        env.Process(Late("D", 1, 3000));
        env.Process(Late("E", 1, 10));
        env.Process(Ticker(log, env, "F", 0, 3));
        env.Run();
        Log(log, env, "env", "done");
    }

    // A store that already holds the items: each get is triggered at once and processed at its turn.
    private static void C2(PyLog log)
    {
        using var env = new SimEnvironment();
        var store = new Store<int>(env);

        IEnumerator<Yield> Producer(int n)
        {
            for (int i = 0; i < n; i++)
            {
                yield return store.Put(i);
            }

            Log(log, env, "producer", "put " + n);
        }

        IEnumerator<Yield> Consumer(string name, double at, int n)
        {
            yield return env.Timeout(at);
            Log(log, env, name, "wakes");
            long total = 0;
            for (int i = 0; i < n; i++)
            {
                yield return store.Get();
                int item = Co.Result<int>();
                total += item;
                if ((i + 1) % 1000 == 0)
                {
                    Log(log, env, name, "got " + (i + 1) + ", last " + item);
                }
            }

            Log(log, env, name, "got " + n + " items, sum " + total);
        }

        env.Process(Producer(9000));
        env.Process(Consumer("X", 1, 5000));
        env.Process(Ticker(log, env, "T", 1, 4));
        env.Process(Consumer("Y", 1, 3));
        env.Process(Consumer("Z", 2, 1000));
        env.Run();
        Log(log, env, "env", "done");
    }

    // A free resource requested in a loop, with and without a hold.
    private static void C3(PyLog log)
    {
        using var env = new SimEnvironment();
        var r1 = new Resource(env, 1);
        var r2 = new Resource(env, 2);

        IEnumerator<Yield> User(string name, Resource res, double at, int n, bool hold)
        {
            yield return env.Timeout(at);
            Log(log, env, name, "wakes");
            for (int i = 0; i < n; i++)
            {
                using (Request req = res.Request())
                {
                    yield return req;
                    if (hold)
                    {
                        yield return env.Timeout(0);
                    }
                }

                if ((i + 1) % 1000 == 0)
                {
                    Log(log, env, name, "used " + (i + 1));
                }
            }

            Log(log, env, name, "done");
        }

        env.Process(User("U", r1, 0, 3000, false));
        env.Process(User("V", r2, 0, 2000, false));
        env.Process(Ticker(log, env, "T", 0, 3));
        env.Process(User("W", r1, 1, 1500, true));
        env.Process(Ticker(log, env, "S", 1, 3));
        env.Run();
        Log(log, env, "env", "done");
    }

    // Finished processes yielded again and again, and sub-generators that return at once.
    private static void C4(PyLog log)
    {
        using var env = new SimEnvironment();

        static IEnumerator<Yield> Quick(int i)
        {
            yield return Yield.Return(i);
        }

        static IEnumerator<Yield> Nothing(int i)
        {
            yield return Yield.Return(i * 2);
        }

        IEnumerator<Yield> Joiner(string name, List<SimProcess> procs)
        {
            yield return env.Timeout(1);
            Log(log, env, name, "wakes");
            long total = 0;
            foreach (SimProcess p in procs)
            {
                yield return p;
                total += Co.Result<int>();
            }

            Log(log, env, name, "joined " + procs.Count + ", sum " + total);
            for (int i = 0; i < 3000; i++)
            {
                yield return Yield.From(Nothing(i));
                total += Co.Result<int>();
            }

            Log(log, env, name, "called 3000, sum " + total);
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        var procs = new List<SimProcess>();
        for (int i = 0; i < 2500; i++)
        {
            procs.Add(env.Process(Quick(i)));
        }

        env.Process(Joiner("J", procs));
        env.Process(Ticker(log, env, "T", 1, 4));
        env.Process(Joiner("K", procs.GetRange(0, 1200)));
        env.Run();
        Log(log, env, "env", "done");
    }

    // One step processes a whole chain (env.step), and peek sees the next event after it.
    private static void C5(PyLog log)
    {
        using var env = new SimEnvironment();
        SimEvent done = env.Event().Succeed(1);

        IEnumerator<Yield> Spinner(string name, int n)
        {
            yield return env.Timeout(1);
            for (int i = 0; i < n; i++)
            {
                yield return done;
            }

            Log(log, env, name, "spun " + n);
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        env.Process(Spinner("A", 4000));
        env.Process(Ticker(log, env, "B", 1, 2));
        int steps = 0;
        while (env.Peek() < double.PositiveInfinity)
        {
            env.Step();
            steps++;
        }

        Log(log, env, "env", steps + " steps");
    }

    // The same at a later time, where the event was processed long before; or a future done long before.
    private static void C6(PyLog log, bool doneFuture)
    {
        using var env = new SimEnvironment();
        SimEvent done = env.Event().Succeed("d");
        var future = new Future<string>(env.Loop);
        future.SetResult("d");

        IEnumerator<Yield> Late(string name, int n)
        {
            yield return env.Timeout(1);
            Log(log, env, name, "wakes");
            string v = "";
            for (int i = 0; i < n; i++)
            {
                yield return doneFuture ? (Yield)future : done;
                v = Co.Result<string>();
            }

            Log(log, env, name, "spun " + n + ", last " + v);
            yield return env.Timeout(0);
            Log(log, env, name, "after timeout(0)");
        }

        env.Process(Ticker(log, env, "T", 1, 3));
        env.Process(Late("D", 4500));
        env.Process(Ticker(log, env, "U", 1, 2));
        env.Process(Late("E", 1001));
        env.Run();
        Log(log, env, "env", "done");
    }
}
