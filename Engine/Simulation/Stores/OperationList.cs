namespace Engine.Simulation;

// The waiting puts or gets of a store, container or pool, in arrival order, on the engine's ring buffer. Serve walks it
// as SimPy's _trigger_put/_trigger_get do: try each operation from the head; a done one leaves the list; stop when the
// owner says not to go on.
internal sealed class OperationList<T>
    where T : QueueOperation
{
    private readonly RingBuffer<T> _items = new(8);

    public int Count => _items.Count;

    public T this[int index] => _items[index];

    public void Add(T operation) => _items.Enqueue(operation);

    public void Remove(T operation)
    {
        for (int i = 0; i < _items.Count; i++)
        {
            if (ReferenceEquals(_items[i], operation))
            {
                RemoveAt(i);
                return;
            }
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
        }
        else
        {
            _items.RemoveAt(index);
        }
    }
}
