using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a monitor saves its running sums (weight, mean, second moment, extremes, count) and, when it
// collects them, its values and weights, so a restored monitor reports exactly what the saved one would have.
public abstract partial class Statistic
{
    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Name", Name);
        fields.Add("Collect", _values is not null);
        fields.Add("WeightSum", _weightSum);
        fields.Add("Mean", _mean);
        fields.Add("M2", _m2);
        fields.Add("Min", _min);
        fields.Add("Max", _max);
        fields.Add("Count", _count);
        fields.Add("Values", _values);
        fields.Add("Weights", _weights);
        WriteKind(fields);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _weightSum = fields.Get<double>("WeightSum");
        _mean = fields.Get<double>("Mean");
        _m2 = fields.Get<double>("M2");
        _min = fields.Get<double>("Min");
        _max = fields.Get<double>("Max");
        _count = fields.Get<long>("Count");
        if (_values is not null)
        {
            _values.Clear();
            _values.AddRange(fields.Get<List<double>>("Values") ?? new List<double>());
            _weights!.Clear();
            _weights.AddRange(fields.Get<List<double>>("Weights") ?? new List<double>());
        }

        ReadKind(fields);
    }

    private protected virtual void WriteKind(FieldWriter fields)
    {
    }

    private protected virtual void ReadKind(FieldReader fields)
    {
    }
}
