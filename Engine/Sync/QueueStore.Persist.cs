using System.Collections.Generic;
using Engine.Persist;

namespace Engine;

// Whole-loop saves (Engine/World): each store writes its items in the form that rebuilds its exact get order. A FIFO
// writes them in get order and a stack bottom to top, both pushed back in that order; a heap writes its array as it
// is, with each entry's insertion sequence and the two sequence counters, so ties among equal priorities (and items a
// cancelled getter gave back to the front) come out in the saved order. Cold path.
internal abstract partial class QueueStore<T>
{
    public abstract void WriteForSave(FieldWriter fields);

    public abstract void ReadForRestore(FieldReader fields);
}

internal sealed partial class FifoStore<T>
{
    public override void WriteForSave(FieldWriter fields)
    {
        var list = new List<T>(_count);
        for (int k = 0; k < _count; k++)
        {
            list.Add(_items[(_head + k) % _items.Length]);
        }

        fields.Add("Items", list);
    }

    public override void ReadForRestore(FieldReader fields)
    {
        foreach (T item in fields.Get<List<T>>("Items") ?? new List<T>())
        {
            Push(item);
        }
    }
}

internal sealed partial class LifoStore<T>
{
    public override void WriteForSave(FieldWriter fields)
    {
        var list = new List<T>(_count);
        for (int k = 0; k < _count; k++)
        {
            list.Add(_items[k]);
        }

        fields.Add("Items", list);
    }

    public override void ReadForRestore(FieldReader fields)
    {
        foreach (T item in fields.Get<List<T>>("Items") ?? new List<T>())
        {
            Push(item);
        }
    }
}

internal sealed partial class PriorityStore<T>
{
    public IComparer<T> Comparer => _comparer;

    public override void WriteForSave(FieldWriter fields)
    {
        var items = new List<T>(_count);
        var sequences = new List<long>(_count);
        for (int k = 0; k < _count; k++)
        {
            items.Add(_heap[k].Item);
            sequences.Add(_heap[k].Seq);
        }

        fields.Add("Items", items);
        fields.Add("Sequences", sequences);
        fields.Add("NextSequence", _seq);
        fields.Add("FrontSequence", _frontSeq);
    }

    public override void ReadForRestore(FieldReader fields)
    {
        List<T> items = fields.Get<List<T>>("Items") ?? new List<T>();
        List<long> sequences = fields.Get<List<long>>("Sequences") ?? new List<long>();
        if (items.Count != sequences.Count)
        {
            throw new System.ArgumentException("A saved priority queue has " + items.Count + " items but " + sequences.Count + " sequence numbers.");
        }

        // The heap array as saved: already a valid heap under the same comparer, so no sifting (which could reorder ties).
        _heap = new (T, long)[System.Math.Max(8, items.Count)];
        for (int k = 0; k < items.Count; k++)
        {
            _heap[k] = (items[k], sequences[k]);
        }

        _count = items.Count;
        _seq = fields.Get<long>("NextSequence");
        _frontSeq = fields.Get<long>("FrontSequence");
    }
}
