using System.Collections.Generic;
using Engine.IO;

namespace Engine.Tests.World;

// Coroutines of a world that holds one of each thing a snapshot cannot save (OffenderWorldTests).
internal static partial class OffenderWorldCoroutines
{
    // Holds an open listening socket in a field and waits for a connection on it.
    [Coroutine]
    public static IEnumerator<Yield> AcceptOne(CoSocket listener)
    {
        yield return listener.Accept();
        listener.Accepted!.Dispose();
    }

    // Waits for a future of a user subclass, which it holds in a field.
    [Coroutine]
    public static IEnumerator<Yield> AwaitTicket(Ticket ticket)
    {
        yield return Yield.Await(ticket);
        yield return Yield.Return(ticket.Result);
    }

    [Coroutine]
    public static IEnumerator<Yield> AwaitFuture(Future<int> future)
    {
        yield return Yield.Await(future);
    }

    [Coroutine]
    public static IEnumerator<Yield> Nap(double seconds)
    {
        yield return Yield.Seconds(seconds);
    }

    // A compiler iterator: no generated machine, so its position cannot be saved.
    public static IEnumerator<Yield> PlainNap(double seconds)
    {
        yield return Yield.Seconds(seconds);
    }
}

/// <summary>A user subclass of <see cref="Future{T}"/> (a snapshot saves only the engine's own futures).</summary>
internal sealed class Ticket : Future<int>
{
    public Ticket(EventLoop loop, string counter)
        : base(loop)
    {
        Counter = counter;
    }

    public string Counter { get; }
}
