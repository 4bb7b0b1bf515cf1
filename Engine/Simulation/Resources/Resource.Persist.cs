using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a resource saves its users in grant order, its waiting requests in queue order and its
// monitors; its pool of spent requests is not saved (a restored run allocates new ones, which behave the same).
public partial class Resource
{
    internal void WriteForSave(FieldWriter fields)
    {
        if (GetType() != typeof(Resource))
        {
            fields.Writer.AddProblem("is a " + GetType().Name + ": a snapshot saves plain resources only yet (priority and preemptive queues are not saved)");
            return;
        }

        fields.Add("Capacity", _capacity);
        fields.Add("Name", Name);
        fields.Add("Users", _users.Count == 0 ? null : new List<RequestEvent>(_users));
        var queue = new List<RequestEvent>(_fifo.Count);
        for (int i = 0; i < _fifo.Count; i++)
        {
            queue.Add(_fifo[i]);
        }

        fields.Add("Queue", queue.Count == 0 ? null : queue);
        fields.Add("QueueLengthMonitor", QueueLengthMonitor);
        fields.Add("UtilizationMonitor", UtilizationMonitor);
        fields.Add("WaitingTimeMonitor", WaitingTimeMonitor);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _users.AddRange(fields.Get<List<RequestEvent>>("Users") ?? new List<RequestEvent>());
        foreach (RequestEvent e in fields.Get<List<RequestEvent>>("Queue") ?? new List<RequestEvent>())
        {
            _fifo.Enqueue(e);
        }

        QueueLengthMonitor = fields.Get<TimeSeriesMonitor?>("QueueLengthMonitor");
        UtilizationMonitor = fields.Get<TimeSeriesMonitor?>("UtilizationMonitor");
        WaitingTimeMonitor = fields.Get<SampleMonitor?>("WaitingTimeMonitor");
    }
}
