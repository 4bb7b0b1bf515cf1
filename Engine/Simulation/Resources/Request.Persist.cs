namespace Engine.Simulation;

// Simulation snapshots: a handle is its request and the version it was made for.
public readonly partial struct Request
{
    internal Request(RequestEvent requestEvent, int version)
    {
        _event = requestEvent;
        _version = version;
    }

    internal RequestEvent? SavedEvent => _event;

    internal int SavedVersion => _version;
}
