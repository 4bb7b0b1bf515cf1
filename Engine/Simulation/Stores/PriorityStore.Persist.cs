using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: the heap array as it is, each slot with its insertion sequence, and the two sequence counters,
// so equal priorities come out in the saved order and Items lists the same heap order after a restore. The comparer is
// saved only when it is not the default one, as an object of the graph (it needs a converter), and read when the store
// is made again.
public sealed partial class PriorityStore<T> : IPriorityStoreComparer
{
    object? IPriorityStoreComparer.ComparerForSave => ReferenceEquals(_comparer, Comparer<T>.Default) ? null : _comparer;

    private protected override void WriteItems(FieldWriter fields)
    {
        var items = new List<T>(_heap.Count);
        var sequences = new List<long>(_heap.Count);
        for (int i = 0; i < _heap.Count; i++)
        {
            items.Add(_heap.ItemAt(i));
            sequences.Add(_heap.SequenceAt(i));
        }

        (long next, long front) = _heap.Sequences;
        fields.Add("Items", items);
        fields.Add("Sequences", sequences);
        fields.Add("NextSequence", next);
        fields.Add("FrontSequence", front);
    }

    private protected override void ReadItems(FieldReader fields)
    {
        List<T> items = fields.Get<List<T>>("Items") ?? new List<T>();
        List<long> sequences = fields.Get<List<long>>("Sequences") ?? new List<long>();
        if (items.Count != sequences.Count)
        {
            throw new System.ArgumentException("A saved priority store has " + items.Count + " items but " + sequences.Count + " sequence numbers.");
        }

        for (int i = 0; i < items.Count; i++)
        {
            _heap.RestoreSlot(items[i], sequences[i]);
        }

        _heap.RestoreSequences(fields.Get<long>("NextSequence"), fields.Get<long>("FrontSequence"));
    }
}
