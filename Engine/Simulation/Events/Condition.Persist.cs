using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a condition saves its events and how many of them it has seen; it is created empty (its
// events may refer back to it through their callbacks) and filled afterwards.
public sealed partial class Condition
{
    private Condition(SimEnvironment env)
        : base(env)
    {
        _events = System.Array.Empty<SimEvent>();
    }

    internal static Condition CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields)
    {
        fields.Add("All", _all);
        fields.Add("Events", _events);
        fields.Add("Seen", _count);
    }

    private protected override void ReadKind(FieldReader fields)
    {
        _all = fields.Get<bool>("All");
        _events = fields.Get<SimEvent[]>("Events") ?? System.Array.Empty<SimEvent>();
        _count = fields.Get<int>("Seen");
    }
}
