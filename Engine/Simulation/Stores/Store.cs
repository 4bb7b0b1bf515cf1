using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// A store of items that processes put and get (SimPy's <c>Store</c>): first in, first out, with an optional
/// <see cref="Capacity"/>. <c>yield return store.Put(item);</c> waits while it is full; <c>yield return store.Get();</c>
/// waits while it is empty and then <c>Co.Result&lt;T&gt;()</c> is the item. Waiting putters and getters are served in
/// the order they came. <see cref="FilterStore{T}"/>, <see cref="PriorityStore{T}"/> and <see cref="LifoStore{T}"/>
/// change which item a get takes.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
/// <remarks>Semantics are SimPy's: an operation that can be done when made is done then (and processed at its turn);
/// when a put is processed the waiting gets are served, and when a get is processed the waiting puts are. Monitors cost
/// nothing until set. State is plain data: the items, the two queues, the monitors.</remarks>
public partial class Store<T> : IOperationQueue
{
    private readonly SimEnvironment _env;
    private readonly int _capacity;
    private readonly OperationList<StorePut<T>> _puts = new();
    private readonly OperationList<StoreGet<T>> _gets = new();
    private readonly RingBuffer<T> _items = new(8);

    /// <summary>Creates a store.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The most items it holds; <see cref="int.MaxValue"/> (the default) for no limit.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is zero or negative.</exception>
    public Store(SimEnvironment env, int capacity = int.MaxValue, string? name = null)
    {
        if (env is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(env));
        }

        if (capacity <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), capacity, "A store needs a capacity of at least 1 item.");
        }

        _env = env;
        _capacity = capacity;
        Name = name ?? GetType().Name.Replace("`1", string.Empty);
    }

    /// <summary>The environment.</summary>
    public SimEnvironment Environment => _env;

    /// <summary>The name used in messages and reports.</summary>
    public string Name { get; }

    /// <summary>The most items the store holds.</summary>
    public int Capacity => _capacity;

    /// <summary>The number of items in the store.</summary>
    public int Count => ItemCount;

    /// <summary>The items (a snapshot): in the order gets take them for plain, filter and LIFO stores; in heap order for a
    /// priority store.</summary>
    public IReadOnlyList<T> Items => SnapshotItems();

    /// <summary>The number of puts waiting for room.</summary>
    public int WaitingPutters => _puts.Count;

    /// <summary>The number of gets waiting for an item.</summary>
    public int WaitingGetters => _gets.Count;

    /// <summary>When set, follows the number of items over time.</summary>
    public TimeSeriesMonitor? CountMonitor { get; set; }

    /// <summary>When set, receives each get's waiting time (from the get to the item); a get that was cancelled or
    /// withdrawn adds nothing.</summary>
    public SampleMonitor? GetWaitMonitor { get; set; }

    /// <summary>When set, receives each put's waiting time (from the put to the moment its item went in); a put that was
    /// cancelled or withdrawn adds nothing.</summary>
    public SampleMonitor? PutWaitMonitor { get; set; }

    private protected virtual int ItemCount => _items.Count;

    /// <summary>Puts <paramref name="item"/> into the store (SimPy's <c>put</c>): done at once if there is room, otherwise
    /// when a get makes room.</summary>
    /// <param name="item">The item.</param>
    /// <returns>The put; yield it to wait until the item is in.</returns>
    public StorePut<T> Put(T item)
    {
        _env.Loop.CheckOwnerThread(null, "put into a store on");
        var put = new StorePut<T>(this, item);
        _puts.Add(put);
        TriggerPut();
        return put;
    }

    /// <summary>Takes the next item (SimPy's <c>get</c>): done at once if there is one, otherwise when a put brings one.</summary>
    /// <returns>The get; yield it, then <c>Co.Result&lt;T&gt;()</c> is the item.</returns>
    public StoreGet<T> Get() => AddGet(new StoreGet<T>(this, null));

    /// <inheritdoc/>
    public override string ToString() => Name + " [" + ItemCount.ToString(CultureInfo.InvariantCulture) +
        (_capacity == int.MaxValue ? string.Empty : "/" + _capacity.ToString(CultureInfo.InvariantCulture)) + " items, " +
        _puts.Count.ToString(CultureInfo.InvariantCulture) + " putters, " + _gets.Count.ToString(CultureInfo.InvariantCulture) + " getters waiting]";

    void IOperationQueue.Withdraw(QueueOperation operation)
    {
        if (operation is StorePut<T> put)
        {
            _puts.Remove(put);
        }
        else
        {
            _gets.Remove((StoreGet<T>)operation);
        }
    }

    void IOperationQueue.OnProcessed(QueueOperation operation)
    {
        if (operation is StorePut<T>)
        {
            TriggerGet();
        }
        else
        {
            TriggerPut();
        }
    }

    private protected StoreGet<T> AddGet(StoreGet<T> get)
    {
        _env.Loop.CheckOwnerThread(null, "get from a store on");
        _gets.Add(get);
        TriggerGet();
        return get;
    }

    private protected virtual void AddItem(T item) => _items.Enqueue(item);

    // Takes the item a get should have, if any.
    private protected virtual bool TryTakeItem(StoreGet<T> get, out T item)
    {
        if (_items.Count == 0)
        {
            item = default!;
            return false;
        }

        item = _items.Dequeue();
        return true;
    }

    private protected virtual IReadOnlyList<T> SnapshotItems()
    {
        var list = new List<T>(_items.Count);
        for (int i = 0; i < _items.Count; i++)
        {
            list.Add(_items[i]);
        }

        return list;
    }

    // Whether serving gets goes on past the first waiting get (a filter store serves every get that matches).
    private protected virtual bool ServesEveryGet => false;

    private protected RingBuffer<T> FifoItems => _items;

    // A put or get whose user code throws (a priority store's comparer, a filter) fails alone (QueueOperation.FailServing):
    // the store is as it was before that operation, and the walk goes on to the next operation while there is room (puts)
    // or an item (gets).
    private void TriggerPut() => _puts.Serve(_env, this, static (store, put) =>
    {
        if (store.ItemCount < store._capacity)
        {
            try
            {
                store.AddItem(put.Item);
            }
            catch (Exception error)
            {
                put.FailServing(error);
                return true;
            }

            store.CountMonitor?.UpdateTo(store.ItemCount);
            store.PutWaitMonitor?.Add(store._env.Now - put.Time);
            put.Done();
        }

        return false;
    });

    // With no item in the store no get can be served and no filter is called (every TryTakeItem looks at items only), so
    // under SimPy's order, where a walk only visits, the walk is skipped, and any walk stops once the store is empty: a
    // filter store's walk goes past every waiting get, and would otherwise cost the number of waiting gets for each new
    // get and each put (n gets: quadratic). The engine's own order keeps the walk on a new get, since it also processes
    // the events held during it.
    private void TriggerGet()
    {
        if (ItemCount == 0 && _env.SimPyOrder)
        {
            return;
        }

        ServeGets();
    }

    private void ServeGets() => _gets.Serve(_env, this, static (store, get) =>
    {
        bool taken;
        T item;
        try
        {
            taken = store.TryTakeItem(get, out item);
        }
        catch (Exception error)
        {
            get.FailServing(error);
            return store.ItemCount > 0;
        }

        if (taken)
        {
            store.CountMonitor?.UpdateTo(store.ItemCount);
            store.GetWaitMonitor?.Add(store._env.Now - get.Time);
            get.Done(item);
        }

        return store.ServesEveryGet && store.ItemCount > 0; // an empty store serves no later get and calls no filter
    });
}
