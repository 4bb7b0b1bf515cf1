using System;

namespace Engine.Simulation;

/// <summary>
/// A request for one object of a <see cref="ResourcePool{T}"/>: an event that happens when an object (matching the
/// filter, if any) is handed over; <see cref="Item"/> is that object, and so is <c>Co.Result&lt;T&gt;()</c> after the wait.
/// Dispose it (<c>using</c>) to give the object back, or to withdraw the request if it is still waiting.
/// </summary>
/// <typeparam name="T">The type of the pool's objects.</typeparam>
public sealed partial class PoolRequest<T> : QueueOperation
{
    private ResourcePool<T> _pool;
    private T _item = default!;

    internal PoolRequest(ResourcePool<T> pool, Func<T, bool>? filter)
        : base(pool.Environment, pool)
    {
        _pool = pool;
        Filter = filter;
        Owner = pool.Environment.Loop.CurrentTask;
    }

    /// <summary>The pool.</summary>
    public ResourcePool<T> Pool => _pool;

    /// <summary>Which objects the request accepts; <see langword="null"/> for any.</summary>
    public Func<T, bool>? Filter { get; private set; }

    /// <summary>Waiting, granted, released or cancelled.</summary>
    public RequestState RequestState { get; internal set; }

    /// <summary>The object handed over.</summary>
    /// <exception cref="InvalidOperationException">No object was handed over yet.</exception>
    public T Item
    {
        get
        {
            if (!IsTriggered)
            {
                ThrowHelper.ThrowInvalidOperation(this + " has no object yet.");
            }

            return _item;
        }
    }

    internal CoTask? Owner { get; private set; }

    internal void Grant(T item)
    {
        _item = item;
        RequestState = RequestState.Granted;
        Trigger(true, item);
    }

    /// <inheritdoc/>
    protected override string Describe() => "Request of " + (Owner?.Name ?? "no process") + " for an object of " + _pool.Name;

    private protected override bool ResumeWithValue(ParkedTask waiter) => waiter.Wake(_item, WakeCause.Source);

    private protected override void HandValue(CoTask task) => task.ReceiveValue(_item);

    private protected override void OnDispose() => _pool.Release(this);
}
