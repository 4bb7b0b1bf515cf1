using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): capacity, the items (each store in its own order: FIFO, stack or heap with its tie
// sequences), the unfinished count and the FIFOs of blocked getters, putters (with the items they put) and joiners.
// A priority queue's comparer is saved only when it is not the default one, as an object of the graph (a converter
// must know its type). Cold path.
public partial class CoQueue<T> : IPersistedPrimitive
{
    string? IPersistedPrimitive.RoleOf(WaitSource source) =>
        ReferenceEquals(source, _get.Target) ? "Get" : ReferenceEquals(source, _put.Target) ? "Put" : ReferenceEquals(source, _join.Target) ? "Join" : null;

    WaitSource IPersistedPrimitive.SourceFor(string role) => (WaitSource)(role == "Put" ? _put.Target! : role == "Join" ? _join.Target! : _get.Target!);

    // A CoPriorityQueue<T>'s ordering, or null for the default comparer (and for the other queues).
    internal IComparer<T>? ComparerForSave =>
        _store is PriorityStore<T> heap && !ReferenceEquals(heap.Comparer, Comparer<T>.Default) ? heap.Comparer : null;

    void IPersistedPrimitive.WriteForSave(FieldWriter fields)
    {
        fields.Add("Capacity", _capacity);
        fields.Add("Comparer", ComparerForSave);
        _store.WriteForSave(fields);
        fields.Add("Unfinished", _unfinished);
        fields.Add("Getters", SavedWaiters.Tasks(_getters));
        var putItems = new List<T>();
        fields.Add("Putters", SavedWaiters.Tasks(_putters, putItems));
        if (putItems.Count > 0)
        {
            fields.Add("PutItems", putItems);
        }

        fields.Add("Joiners", SavedWaiters.Tasks(_joiners));
    }

    void IPersistedPrimitive.ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _store.ReadForRestore(fields);
        _unfinished = fields.Get<int>("Unfinished");
        IPersistedPrimitive self = this;
        SavedWaiters.Restore(fields, "Getters", _getters, self.SourceFor("Get"));
        SavedWaiters.Restore(fields, "Putters", _putters, self.SourceFor("Put"), fields.Get<List<T>>("PutItems"));
        SavedWaiters.Restore(fields, "Joiners", _joiners, self.SourceFor("Join"));
    }
}
