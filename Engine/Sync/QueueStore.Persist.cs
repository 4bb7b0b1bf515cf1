using System.Collections.Generic;
using Engine.Persist;

namespace Engine;

// Whole-loop saves (Engine/World): each store writes its items in the form that rebuilds its exact get order. A FIFO
// writes them in get order and a stack bottom to top, both pushed back in that order; a heap writes its array as it
// is, with each entry's insertion sequence and the two sequence counters, so ties among equal priorities (and items a
// cancelled getter gave back to the front) come out in the saved order. A FIFO or stack that ever gave out a ticket
// (an admitted putter, QueueStore.PushTicketed) also writes each entry's ticket and the next ticket, so a putter
// woken before the save and cancelled after the restore still takes back its own entry. Cold path.
internal abstract partial class QueueStore<T>
{
    public abstract void WriteForSave(FieldWriter fields);

    public abstract void ReadForRestore(FieldReader fields);

    private protected static void WriteTickets(FieldWriter fields, long[]? tickets, int first, int count, long nextTicket)
    {
        if (tickets is null)
        {
            return;
        }

        var list = new List<long>(count);
        for (int k = 0; k < count; k++)
        {
            list.Add(tickets[(first + k) % tickets.Length]);
        }

        fields.Add("Tickets", list);
        fields.Add("NextTicket", nextTicket);
    }

    // Pushes the saved items back in their saved order, each with its saved ticket (pushWithTicket, the store's own
    // ticketed push) when the save had tickets; returns the next ticket to give out (nextTicket when the save had none).
    private protected long RestoreItems(FieldReader fields, long nextTicket, System.Action<T, long> pushWithTicket)
    {
        List<T> items = fields.Get<List<T>>("Items") ?? new List<T>();
        List<long>? tickets = ReadTickets(fields, items.Count);
        for (int k = 0; k < items.Count; k++)
        {
            if (tickets is null)
            {
                Push(items[k]);
            }
            else
            {
                pushWithTicket(items[k], tickets[k]);
            }
        }

        return tickets is null ? nextTicket : fields.Get<long>("NextTicket");
    }

    // The saved tickets, checked against the item count; null when the save had none.
    private protected static List<long>? ReadTickets(FieldReader fields, int itemCount)
    {
        if (!fields.Has("Tickets"))
        {
            return null;
        }

        List<long> tickets = fields.Get<List<long>>("Tickets") ?? new List<long>();
        if (tickets.Count != itemCount)
        {
            throw new System.ArgumentException("A saved queue has " + itemCount + " items but " + tickets.Count + " tickets.");
        }

        return tickets;
    }
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
        WriteTickets(fields, _tickets, _head, _count, _nextTicket);
    }

    public override void ReadForRestore(FieldReader fields) => _nextTicket = RestoreItems(fields, _nextTicket, PushWithTicket);
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
        WriteTickets(fields, _tickets, 0, _count, _nextTicket);
    }

    public override void ReadForRestore(FieldReader fields) => _nextTicket = RestoreItems(fields, _nextTicket, PushWithTicket);
}

internal sealed partial class PriorityStore<T>
{
    public IComparer<T> Comparer => _comparer;

    public override void WriteForSave(FieldWriter fields)
    {
        int count = _heap.Count;
        var items = new List<T>(count);
        var sequences = new List<long>(count);
        for (int k = 0; k < count; k++)
        {
            items.Add(_heap.ItemAt(k));
            sequences.Add(_heap.SequenceAt(k));
        }

        (long next, long front) = _heap.Sequences;
        fields.Add("Items", items);
        fields.Add("Sequences", sequences);
        fields.Add("NextSequence", next);
        fields.Add("FrontSequence", front);
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
        _heap = new StableHeap<T, ComparerAdapter<T>>(new ComparerAdapter<T>(_comparer));
        for (int k = 0; k < items.Count; k++)
        {
            _heap.RestoreSlot(items[k], sequences[k]);
        }

        _heap.RestoreSequences(fields.Get<long>("NextSequence"), fields.Get<long>("FrontSequence"));
    }
}
