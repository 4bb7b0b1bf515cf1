using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a resource saves its users in grant order, its waiting requests in queue order and its
// monitors (a priority resource: its heap in serving order, withdrawn entries included); its pool of spent requests is not saved (a restored run allocates new ones, which behave the same).
public partial class Resource
{
    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Capacity", _capacity);
        fields.Add("Name", Name);
        fields.Add("Users", _users.Count == 0 ? null : new List<RequestEvent>(_users));
        fields.Add("Queue", QueueForSave());
        fields.Add("QueueLengthMonitor", QueueLengthMonitor);
        fields.Add("UtilizationMonitor", UtilizationMonitor);
        fields.Add("WaitingTimeMonitor", WaitingTimeMonitor);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _users.AddRange(fields.Get<List<RequestEvent>>("Users") ?? new List<RequestEvent>());
        RestoreQueue(fields.Get<List<RequestEvent>>("Queue") ?? new List<RequestEvent>());

        QueueLengthMonitor = fields.Get<TimeSeriesMonitor?>("QueueLengthMonitor");
        UtilizationMonitor = fields.Get<TimeSeriesMonitor?>("UtilizationMonitor");
        WaitingTimeMonitor = fields.Get<SampleMonitor?>("WaitingTimeMonitor");
    }

    // The waiting requests in the order they will be served.
    private protected virtual List<RequestEvent>? QueueForSave()
    {
        if (QueueCount == 0)
        {
            return null;
        }

        var queue = new List<RequestEvent>(QueueCount);
        for (int i = 0; i < _fifo.Count; i++)
        {
            if (_fifo[i].RequestState != RequestState.Cancelled)
            {
                queue.Add(_fifo[i]);
            }
        }

        return queue;
    }

    private protected virtual void RestoreQueue(List<RequestEvent> queue)
    {
        foreach (RequestEvent e in queue)
        {
            _fifo.Enqueue(e);
        }
    }
}
