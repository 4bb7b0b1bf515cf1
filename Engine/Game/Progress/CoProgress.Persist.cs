using Engine.Persist;
using Engine.World;

namespace Engine.Game;

// Whole-loop saves (GameConverter): the value, stage and report count, and the waiting tasks in wake order with the
// threshold each waits for (NaN: the next change). A script's pending instruction refers to the wait source, which is
// saved as its CoProgress. Cold path.
public sealed partial class CoProgress
{
    internal ProgressSource Source => (ProgressSource)_wait.Target!;

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Value", _value);
        fields.Add("Stage", _stage);
        fields.Add("Reports", _reports);
        var thresholds = new System.Collections.Generic.List<double>();
        fields.Add("Waiters", SavedWaiters.Tasks(_waiters, thresholds));
        fields.Add("Thresholds", thresholds.Count == 0 ? null : thresholds);
    }

    internal void ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _value = fields.Get<double>("Value");
        _stage = fields.Get<string>("Stage");
        _reports = fields.Get<long>("Reports");
        SavedWaiters.Restore(fields, "Waiters", _waiters, Source, fields.Get<System.Collections.Generic.List<double>>("Thresholds"));
    }
}
