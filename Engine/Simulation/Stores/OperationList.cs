namespace Engine.Simulation;

// The waiting puts or gets of a store, container or pool, in arrival order, on the engine's ring buffer. Serve walks it
// as SimPy's _trigger_put/_trigger_get do: try each operation from the head; a done one leaves the list; stop when the
// owner says not to go on.
//
// A cancelled operation (QueueOperation.IsCancelled) leaves lazily: taken off at once when it is the head, otherwise
// left in place and counted as dead, skipped and dropped by the next walk that reaches it, so cancelling from the
// middle of a long queue (100,000 customers reneging in any order) costs O(1) instead of a shift of the queue each.
// Dead entries never outnumber live ones by much: past that the list is compacted in one pass, so memory stays
// proportional to the operations still waiting. Cancelled operations are skipped exactly where SimPy's list would no
// longer have them, so the order of service is unchanged.
internal sealed class OperationList<T>
    where T : QueueOperation
{
    private readonly RingBuffer<T> _items = new(8);
    private int _dead;

    // The operations still waiting.
    public int Count => _items.Count - _dead;

    // The index-th waiting operation (snapshots): the dead are dropped first.
    public T this[int index]
    {
        get
        {
            Compact();
            return _items[index];
        }
    }

    public void Add(T operation) => _items.Enqueue(operation);

    // Withdraws a cancelled operation (IsCancelled is already set).
    public void Remove(T operation)
    {
        if (_items.Count > 0 && ReferenceEquals(_items[0], operation))
        {
            _items.Dequeue();
            DropDeadHead();
            return;
        }

        _dead++;
        if (_dead > 32 && _dead > _items.Count - _dead)
        {
            Compact();
        }
    }

    // tryServe returns whether to go on to the next operation (SimPy's "proceed"). Events triggered meanwhile are
    // processed once the walk is over (SimEnvironment.Hold), so the list never changes under it.
    public void Serve<TOwner>(SimEnvironment env, TOwner owner, System.Func<TOwner, T, bool> tryServe)
    {
        if (env.SimPyOrder)
        {
            // Events triggered here only queue for their turn: nothing runs inside this walk.
            Walk(owner, tryServe);
            return;
        }

        env.Hold();
        try
        {
            Walk(owner, tryServe);
        }
        finally
        {
            env.Unhold();
        }
    }

    private void Walk<TOwner>(TOwner owner, System.Func<TOwner, T, bool> tryServe)
    {
        int i = 0;
        while (i < _items.Count)
        {
            T op = _items[i];
            if (op.IsCancelled)
            {
                RemoveAt(i);
                _dead--;
                continue;
            }

            bool proceed = tryServe(owner, op);
            if (op.IsTriggered)
            {
                RemoveAt(i);
            }
            else
            {
                i++;
            }

            if (!proceed)
            {
                return;
            }
        }
    }

    private void RemoveAt(int index)
    {
        if (index == 0)
        {
            _items.Dequeue();
            DropDeadHead();
        }
        else
        {
            _items.RemoveAt(index);
        }
    }

    // Dead operations that reached the head leave at once, so the head is always a waiting operation.
    private void DropDeadHead()
    {
        while (_dead > 0 && _items.Count > 0 && _items[0].IsCancelled)
        {
            _items.Dequeue();
            _dead--;
        }
    }

    // Drops every dead operation in one pass, keeping the order of the others.
    private void Compact()
    {
        if (_dead == 0)
        {
            return;
        }

        int count = _items.Count;
        for (int i = 0; i < count; i++)
        {
            T op = _items.Dequeue();
            if (!op.IsCancelled)
            {
                _items.Enqueue(op);
            }
        }

        _dead = 0;
    }
}
