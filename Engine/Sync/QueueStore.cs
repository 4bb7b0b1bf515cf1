using System;
using System.Collections.Generic;

namespace Engine;

// The item storage behind CoQueue (FIFO), CoLifoQueue (stack) and CoPriorityQueue (heap). Arrays grow by
// doubling and never shrink: no allocation in steady state. PushFront returns an item to the head of the
// get order (a cancelled getter giving back what it was handed). PushTicketed pushes an item and returns a ticket
// naming that very entry, and RemoveTicketed takes exactly that entry back out if it is still there (a cancelled
// putter whose item went in when room appeared): by ticket, never by value, so among equal items (or value-equal
// instances of a reference type) the putter's own entry is the one removed. The FIFO and the stack keep tickets in
// a parallel array made at the first ticketed push (0 = no ticket); the heap's insertion sequence is the ticket.
// PushFront, PushTicketed and RemoveTicketed are cold paths.
internal abstract partial class QueueStore<T>
{
    public abstract int Count { get; }

    public abstract void Push(T item);

    public abstract T Pop();

    public abstract void PushFront(T item);

    public abstract long PushTicketed(T item);

    public abstract bool RemoveTicketed(long ticket);
}

internal sealed partial class FifoStore<T> : QueueStore<T>
{
    private T[] _items = new T[8];
    private long[]? _tickets;
    private long _nextTicket = 1;
    private int _head;
    private int _count;

    public override int Count => _count;

    public override void Push(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        int tail = _head + _count;
        if (tail >= _items.Length)
        {
            tail -= _items.Length;
        }

        _items[tail] = item;
        if (_tickets is not null)
        {
            _tickets[tail] = 0;
        }

        _count++;
    }

    public override T Pop()
    {
        T item = _items[_head];
        _items[_head] = default!;
        if (++_head == _items.Length)
        {
            _head = 0;
        }

        _count--;
        return item;
    }

    public override void PushFront(T item)
    {
        if (_count == _items.Length)
        {
            Grow();
        }

        _head = _head == 0 ? _items.Length - 1 : _head - 1;
        _items[_head] = item;
        if (_tickets is not null)
        {
            _tickets[_head] = 0;
        }

        _count++;
    }

    public override long PushTicketed(T item)
    {
        long ticket = _nextTicket++;
        PushWithTicket(item, ticket);
        return ticket;
    }

    private void PushWithTicket(T item, long ticket)
    {
        _tickets ??= new long[_items.Length];
        Push(item);
        _tickets[(_head + _count - 1) % _items.Length] = ticket;
    }

    public override bool RemoveTicketed(long ticket)
    {
        if (_tickets is null)
        {
            return false;
        }

        for (int k = _count - 1; k >= 0; k--)
        {
            if (_tickets[(_head + k) % _items.Length] == ticket)
            {
                for (int j = k; j < _count - 1; j++)
                {
                    int to = (_head + j) % _items.Length;
                    int from = (_head + j + 1) % _items.Length;
                    _items[to] = _items[from];
                    _tickets[to] = _tickets[from];
                }

                int last = (_head + _count - 1) % _items.Length;
                _items[last] = default!;
                _tickets[last] = 0;
                _count--;
                return true;
            }
        }

        return false;
    }

    private void Grow()
    {
        var bigger = new T[_items.Length * 2];
        long[]? biggerTickets = _tickets is null ? null : new long[bigger.Length];
        for (int k = 0; k < _count; k++)
        {
            int from = (_head + k) % _items.Length;
            bigger[k] = _items[from];
            if (biggerTickets is not null)
            {
                biggerTickets[k] = _tickets![from];
            }
        }

        _items = bigger;
        _tickets = biggerTickets;
        _head = 0;
    }
}

internal sealed partial class LifoStore<T> : QueueStore<T>
{
    private T[] _items = new T[8];
    private long[]? _tickets;
    private long _nextTicket = 1;
    private int _count;

    public override int Count => _count;

    public override void Push(T item)
    {
        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _count * 2);
            if (_tickets is not null)
            {
                Array.Resize(ref _tickets, _items.Length);
            }
        }

        if (_tickets is not null)
        {
            _tickets[_count] = 0;
        }

        _items[_count++] = item;
    }

    public override T Pop()
    {
        T item = _items[--_count];
        _items[_count] = default!;
        return item;
    }

    public override void PushFront(T item) => Push(item);

    public override long PushTicketed(T item)
    {
        long ticket = _nextTicket++;
        PushWithTicket(item, ticket);
        return ticket;
    }

    private void PushWithTicket(T item, long ticket)
    {
        _tickets ??= new long[_items.Length];
        Push(item);
        _tickets[_count - 1] = ticket;
    }

    public override bool RemoveTicketed(long ticket)
    {
        if (_tickets is null)
        {
            return false;
        }

        for (int k = _count - 1; k >= 0; k--)
        {
            if (_tickets[k] == ticket)
            {
                Array.Copy(_items, k + 1, _items, k, _count - k - 1);
                Array.Copy(_tickets, k + 1, _tickets, k, _count - k - 1);
                _count--;
                _items[_count] = default!;
                _tickets[_count] = 0;
                return true;
            }
        }

        return false;
    }
}

// The engine's stable heap (Scheduling/StableHeap.cs) ordered by (comparer, insertion sequence): equal priorities come
// out FIFO, so the order is deterministic; PushFront goes first among equals. A comparer that throws fails the put or
// get that called it and leaves the heap as it was.
internal sealed partial class PriorityStore<T> : QueueStore<T>
{
    private readonly IComparer<T> _comparer;
    private StableHeap<T, ComparerAdapter<T>> _heap;

    public PriorityStore(IComparer<T> comparer)
    {
        _comparer = comparer;
        _heap = new StableHeap<T, ComparerAdapter<T>>(new ComparerAdapter<T>(comparer));
    }

    public override int Count => _heap.Count;

    public override void Push(T item) => _heap.Push(item);

    public override void PushFront(T item) => _heap.PushFront(item);

    public override T Pop() => _heap.Pop();

    // The entry's insertion sequence is its ticket: unique (pushes count up from 0, PushFront down from -1).
    public override long PushTicketed(T item)
    {
        long ticket = _heap.Sequences.Next;
        _heap.Push(item);
        return ticket;
    }

    public override bool RemoveTicketed(long ticket) => _heap.RemoveSequence(ticket);
}
