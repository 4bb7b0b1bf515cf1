using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a request saves its resource, owner, times, priority, state and version (the version a
// Request handle checks), so a restored handle sees the same request.
internal sealed partial class RequestEvent
{
    private RequestEvent(SimEnvironment env)
        : base(env)
    {
        _resource = null!;
    }

    internal static RequestEvent CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields)
    {
        fields.Add("Resource", _resource);
        fields.Add("Owner", Owner);
        fields.Add("Time", Time);
        fields.Add("UsageSince", UsageSince);
        fields.Add("Priority", Priority);
        fields.Add("Preempt", Preempt);
        fields.Add("RequestState", RequestState);
        fields.Add("Version", Version);
        fields.Add("Escaped", Escaped);
        fields.Add("Released", Released);
    }

    private protected override void ReadKind(FieldReader fields)
    {
        // Numbers first: the resource, read last, may be reached for the first time here, and its priority queue then
        // orders this request by its key while restoring.
        Time = fields.Get<double>("Time");
        UsageSince = fields.Get<double>("UsageSince");
        Priority = fields.Get<int>("Priority");
        Preempt = fields.Get<bool>("Preempt");
        RequestState = fields.Get<RequestState>("RequestState");
        Version = fields.Get<int>("Version");
        Escaped = fields.Get<bool>("Escaped");
        Released = fields.Get<bool>("Released");
        Owner = fields.Get<CoTask?>("Owner");
        _resource = fields.Get<Resource>("Resource");
    }
}
