using System.Collections.Generic;
using Engine.Simulation;

namespace Engine.Tests.Simulation.Ports;

// SimPy's movie renege example: moviegoers leave the queue when their film sells out (a shared event in an any-of).
internal static class MovieRenegePort
{
    private const int Tickets = 50;
    private const int SelloutThreshold = 2;

    public static string Run(Tape tape, EventOrder order = EventOrder.SimPy)
    {
        var log = new PyLog();
        log.Print("Movie renege");
        using var env = new SimEnvironment(order: order);
        string[] movies = { "Python Unchained", "Kill Process", "Pulp Implementation" };
        var theater = new Theater(new Resource(env, 1), movies);
        foreach (string movie in movies)
        {
            theater.Available[movie] = Tickets;
            theater.SoldOut[movie] = env.Event();
            theater.WhenSoldOut[movie] = null;
            theater.NumRenegers[movie] = 0;
        }

        env.Process(CustomerArrivals(env, theater, tape));
        env.Run(until: 120);
        foreach (string movie in movies)
        {
            log.Print(PyLog.F("Movie \"{0}\" sold out {1:F1} minutes after ticket counter opening.", movie, theater.WhenSoldOut[movie]!.Value));
            log.Print(PyLog.F("  Number of people leaving queue when film sold out: {0}", theater.NumRenegers[movie]));
        }

        return log.ToString();
    }

    private static IEnumerator<Yield> Moviegoer(SimEnvironment env, string movie, int numTickets, Theater theater)
    {
        using (Request myTurn = theater.Counter.Request())
        {
            yield return myTurn | theater.SoldOut[movie];
            if (!Co.Result<ConditionValue>().Contains(myTurn))
            {
                theater.NumRenegers[movie]++;
                yield break;
            }

            if (theater.Available[movie] < numTickets)
            {
                yield return env.Timeout(0.5);
                yield break;
            }

            theater.Available[movie] -= numTickets;
            if (theater.Available[movie] < SelloutThreshold)
            {
                theater.SoldOut[movie].Succeed();
                theater.WhenSoldOut[movie] = env.Now;
                theater.Available[movie] = 0;
            }

            yield return env.Timeout(1);
        }
    }

    private static IEnumerator<Yield> CustomerArrivals(SimEnvironment env, Theater theater, Tape tape)
    {
        while (true)
        {
            yield return env.Timeout(tape.Next());
            string movie = theater.Movies[tape.NextInt()];
            int numTickets = tape.NextInt();
            if (theater.Available[movie] != 0)
            {
                env.Process(Moviegoer(env, movie, numTickets, theater));
            }
        }
    }

    private sealed class Theater
    {
        public Theater(Resource counter, string[] movies)
        {
            Counter = counter;
            Movies = movies;
        }

        public Resource Counter { get; }

        public string[] Movies { get; }

        public Dictionary<string, int> Available { get; } = new();

        public Dictionary<string, SimEvent> SoldOut { get; } = new();

        public Dictionary<string, double?> WhenSoldOut { get; } = new();

        public Dictionary<string, int> NumRenegers { get; } = new();
    }
}
