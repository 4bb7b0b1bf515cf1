using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a monitor saves its running sums (weight, mean, second moment, extremes, count) and, when it
// collects them, its values (a sample monitor's sorted, so the snapshot does not depend on which reports were made;
// every weight is 1 and none is saved) and a time series' durations in the order they came, so a restored monitor
// reports exactly what the saved one would have.
public abstract partial class Statistic
{
    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Name", Name);
        fields.Add("Collect", _collect);
        fields.Add("WeightSum", _weightSum);
        fields.Add("Mean", _mean);
        fields.Add("M2", _m2);
        fields.Add("Min", _min);
        fields.Add("Max", _max);
        fields.Add("Count", _count);
        fields.Add("Values", _collect ? SavedValues() : null);
        fields.Add("Weights", _addedWeights is null ? null : ToList(_addedWeights));
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
        if (_collect)
        {
            _added!.Clear();
            _addedWeights?.Clear();
            _sorted = System.Array.Empty<double>();
            _sortedWeights = null;
            foreach (double value in fields.Get<List<double>>("Values") ?? new List<double>())
            {
                _added.Add(value);
            }

            if (_addedWeights is not null)
            {
                foreach (double weight in fields.Get<List<double>>("Weights") ?? new List<double>())
                {
                    _addedWeights.Add(weight);
                }
            }
        }

        ReadKind(fields);
    }

    private List<double> SavedValues() => _addedWeights is null ? new List<double>(SortedSamples()) : ToList(_added!);

    private static List<double> ToList(ChunkedLog log)
    {
        var list = new List<double>(log.Count);
        for (int i = 0; i < log.Count; i++)
        {
            list.Add(log[i]);
        }

        return list;
    }

    private protected virtual void WriteKind(FieldWriter fields)
    {
    }

    private protected virtual void ReadKind(FieldReader fields)
    {
    }
}
