using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): capacity, the items in get order, the unfinished count and the FIFOs of blocked
// getters, putters (with the items they put) and joiners. Only the FIFO queue is saved so far: a LIFO or priority
// queue's store would need its own order. Cold path.
public partial class CoQueue<T> : IPersistedQueue
{
    string? IPersistedQueue.RoleOf(WaitSource source) =>
        ReferenceEquals(source, _get.Target) ? "Get" : ReferenceEquals(source, _put.Target) ? "Put" : ReferenceEquals(source, _join.Target) ? "Join" : null;

    WaitSource IPersistedQueue.SourceFor(string role) => (WaitSource)(role == "Put" ? _put.Target! : role == "Join" ? _join.Target! : _get.Target!);

    bool IPersistedQueue.IsFifo => _store is FifoStore<T>;

    void IPersistedQueue.WriteForSave(FieldWriter fields)
    {
        if (_store is not FifoStore<T> store)
        {
            fields.Writer.AddProblem("is a " + GetType().Name + ": a snapshot saves only the FIFO CoQueue<T> yet");
            return;
        }

        fields.Add("Capacity", _capacity);
        fields.Add("Items", store.ToList());
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

    void IPersistedQueue.ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        foreach (T item in fields.Get<List<T>>("Items") ?? new List<T>())
        {
            _store.Push(item);
        }

        _unfinished = fields.Get<int>("Unfinished");
        IPersistedQueue self = this;
        SavedWaiters.Restore(fields, "Getters", _getters, self.SourceFor("Get"));
        SavedWaiters.Restore(fields, "Putters", _putters, self.SourceFor("Put"), fields.Get<List<T>>("PutItems"));
        SavedWaiters.Restore(fields, "Joiners", _joiners, self.SourceFor("Join"));
    }
}
