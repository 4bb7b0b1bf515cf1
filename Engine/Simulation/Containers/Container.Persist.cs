using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a container saves its level, its waiting puts and gets in arrival order and its monitors.
public sealed partial class Container
{
    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Capacity", _capacity);
        fields.Add("Discrete", _discrete);
        fields.Add("Name", Name);
        fields.Add("Level", _level);
        fields.Add("Puts", ToList(_puts));
        fields.Add("Gets", ToList(_gets));
        fields.Add("LevelMonitor", LevelMonitor);
        fields.Add("GetWaitMonitor", GetWaitMonitor);
        fields.Add("PutWaitMonitor", PutWaitMonitor);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _level = fields.Get<double>("Level");
        foreach (ContainerPut put in fields.Get<List<ContainerPut>>("Puts") ?? new List<ContainerPut>())
        {
            _puts.Add(put);
        }

        foreach (ContainerGet get in fields.Get<List<ContainerGet>>("Gets") ?? new List<ContainerGet>())
        {
            _gets.Add(get);
        }

        LevelMonitor = fields.Get<TimeSeriesMonitor?>("LevelMonitor");
        GetWaitMonitor = fields.Get<SampleMonitor?>("GetWaitMonitor");
        PutWaitMonitor = fields.Get<SampleMonitor?>("PutWaitMonitor");
    }

    private static List<T>? ToList<T>(OperationList<T> operations)
        where T : QueueOperation
    {
        if (operations.Count == 0)
        {
            return null;
        }

        var list = new List<T>(operations.Count);
        for (int i = 0; i < operations.Count; i++)
        {
            list.Add(operations[i]);
        }

        return list;
    }
}
