using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a store saves its capacity and name (made again by SimConverter), its items in the form that
// rebuilds its exact get order (a FIFO, filter or LIFO store its buffer in storage order; a priority store its heap as
// it is, with each slot's insertion sequence and the counters), its waiting puts and gets in arrival order and its
// monitors. A filter get's filter is saved by name as every delegate is (a lambda is reported). Cold path.
public partial class Store<T> : ISavedStore
{
    void ISavedStore.WriteForSave(FieldWriter fields)
    {
        fields.Add("Capacity", _capacity);
        fields.Add("Name", Name);
        WriteItems(fields);
        fields.Add("Puts", ToList(_puts));
        fields.Add("Gets", ToList(_gets));
        fields.Add("CountMonitor", CountMonitor);
        fields.Add("GetWaitMonitor", GetWaitMonitor);
        fields.Add("PutWaitMonitor", PutWaitMonitor);
    }

    void ISavedStore.ReadForRestore(FieldReader fields)
    {
        ReadItems(fields);
        foreach (StorePut<T> put in fields.Get<List<StorePut<T>>>("Puts") ?? new List<StorePut<T>>())
        {
            _puts.Add(put);
        }

        foreach (StoreGet<T> get in fields.Get<List<StoreGet<T>>>("Gets") ?? new List<StoreGet<T>>())
        {
            _gets.Add(get);
        }

        CountMonitor = fields.Get<TimeSeriesMonitor?>("CountMonitor");
        GetWaitMonitor = fields.Get<SampleMonitor?>("GetWaitMonitor");
        PutWaitMonitor = fields.Get<SampleMonitor?>("PutWaitMonitor");
    }

    private protected virtual void WriteItems(FieldWriter fields)
    {
        var items = new List<T>(_items.Count);
        for (int i = 0; i < _items.Count; i++)
        {
            items.Add(_items[i]);
        }

        fields.Add("Items", items);
    }

    private protected virtual void ReadItems(FieldReader fields)
    {
        foreach (T item in fields.Get<List<T>>("Items") ?? new List<T>())
        {
            _items.Enqueue(item);
        }
    }

    private static List<TOperation>? ToList<TOperation>(OperationList<TOperation> operations)
        where TOperation : QueueOperation
    {
        if (operations.Count == 0)
        {
            return null;
        }

        var list = new List<TOperation>(operations.Count);
        for (int i = 0; i < operations.Count; i++)
        {
            list.Add(operations[i]);
        }

        return list;
    }
}
