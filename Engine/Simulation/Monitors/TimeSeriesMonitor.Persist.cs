using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a time series also saves its current value and since when it holds it.
public sealed partial class TimeSeriesMonitor
{
    private protected override void WriteKind(FieldWriter fields)
    {
        fields.Add("Current", _current);
        fields.Add("Since", _since);
    }

    private protected override void ReadKind(FieldReader fields)
    {
        _current = fields.Get<double>("Current");
        _since = fields.Get<double>("Since");
    }
}
