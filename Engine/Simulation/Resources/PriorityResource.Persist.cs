using System.Collections.Generic;

namespace Engine.Simulation;

// Simulation snapshots: the heap is saved in the order it serves (priority, time, preempt, then arrival), withdrawn
// requests still in it included, and pushed back in that order, so ties come out as they would have.
public partial class PriorityResource
{
    private protected override List<RequestEvent>? QueueForSave()
    {
        if (_heap.Count == 0)
        {
            return null;
        }

        var entries = new List<(RequestEvent Request, long Sequence)>(_heap.Count);
        for (int i = 0; i < _heap.Count; i++)
        {
            entries.Add((_heap.ItemAt(i), _heap.SequenceAt(i)));
        }

        entries.Sort(static (a, b) =>
        {
            int c = a.Request.CompareKey(b.Request);
            return c != 0 ? c : a.Sequence.CompareTo(b.Sequence);
        });
        var queue = new List<RequestEvent>(entries.Count);
        foreach ((RequestEvent request, long _) in entries)
        {
            queue.Add(request);
        }

        return queue;
    }

    private protected override void RestoreQueue(List<RequestEvent> queue)
    {
        foreach (RequestEvent e in queue)
        {
            _heap.Push(e);
            if (e.RequestState != RequestState.Cancelled)
            {
                _waiting++;
            }
        }
    }
}
