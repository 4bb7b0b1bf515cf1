namespace Engine.IO;

/// <summary>One readiness report from <see cref="Selector.Select(double, SelectorEvent[])"/>: which registration and what it is ready for.</summary>
public readonly struct SelectorEvent
{
    /// <summary>Creates a report.</summary>
    /// <param name="data">The object given at registration.</param>
    /// <param name="events">What the socket is ready for. Errors and hang-ups are reported as both read and write
    /// readiness, so whoever waits finds out by trying the operation.</param>
    public SelectorEvent(object data, IoEvents events)
    {
        Data = data;
        Events = events;
    }

    /// <summary>The object given to <see cref="Selector.Register(System.Net.Sockets.Socket, IoEvents, object)"/>.</summary>
    public object Data { get; }

    /// <summary>What the socket is ready for.</summary>
    public IoEvents Events { get; }
}
