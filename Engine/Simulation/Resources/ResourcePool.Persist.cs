using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a pool saves its capacity and name (made again by SimConverter, empty), the objects available
// in the order requests take them, the waiting requests in arrival order and its monitors. Objects in use are saved by
// the requests that hold them. A pending give-back is the pool itself in the event queue, saved there. Cold path.
public sealed partial class ResourcePool<T> : ISavedStore
{
    private ResourcePool(SimEnvironment env, int capacity, string name)
    {
        _env = env;
        _capacity = capacity;
        Name = name;
    }

    internal static ResourcePool<T> CreateRestored(SimEnvironment env, int capacity, string name) => new(env, capacity, name);

    void ISavedStore.WriteForSave(FieldWriter fields)
    {
        fields.Add("Capacity", _capacity);
        fields.Add("Name", Name);
        fields.Add("Available", new List<T>(Available));
        var requests = new List<PoolRequest<T>>(_requests.Count);
        for (int i = 0; i < _requests.Count; i++)
        {
            requests.Add(_requests[i]);
        }

        fields.Add("Requests", requests.Count == 0 ? null : requests);
        fields.Add("UtilizationMonitor", UtilizationMonitor);
        fields.Add("QueueLengthMonitor", QueueLengthMonitor);
        fields.Add("WaitingTimeMonitor", WaitingTimeMonitor);
    }

    void ISavedStore.ReadForRestore(FieldReader fields)
    {
        foreach (T item in fields.Get<List<T>>("Available") ?? new List<T>())
        {
            _available.Enqueue(item);
        }

        foreach (PoolRequest<T> request in fields.Get<List<PoolRequest<T>>>("Requests") ?? new List<PoolRequest<T>>())
        {
            _requests.Add(request);
        }

        UtilizationMonitor = fields.Get<TimeSeriesMonitor?>("UtilizationMonitor");
        QueueLengthMonitor = fields.Get<TimeSeriesMonitor?>("QueueLengthMonitor");
        WaitingTimeMonitor = fields.Get<SampleMonitor?>("WaitingTimeMonitor");
    }
}
