using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// A pool of distinct objects that processes request, use and give back (SimSharp's <c>ResourcePool</c>): named machines,
/// rooms of different sizes, vehicles. A request can ask for any object or for one matching a filter:
/// <code>using (PoolRequest&lt;Room&gt; req = rooms.Request(r =&gt; r.Beds &gt;= 2)) { yield return req; Room room = req.Item; ... }</code>
/// </summary>
/// <typeparam name="T">The type of the objects.</typeparam>
/// <remarks>
/// Semantics follow SimPy's filter store: every waiting request is tried, in arrival order, whenever an object comes
/// back, and takes the first available object (in the order they came back) that its filter accepts; so a later request
/// may be served before an earlier one that wants something else. A give-back is processed at its turn in the event
/// queue, like a resource's release. Monitors cost nothing until set.
/// </remarks>
public sealed partial class ResourcePool<T> : IOperationQueue, IQueuedEvent
{
    private readonly SimEnvironment _env;
    private readonly RingBuffer<T> _available = new(8);
    private readonly OperationList<PoolRequest<T>> _requests = new();
    private readonly int _capacity;

    /// <summary>Creates a pool of <paramref name="items"/>.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="items">The objects; at least one.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <exception cref="ArgumentException"><paramref name="items"/> is empty.</exception>
    public ResourcePool(SimEnvironment env, IEnumerable<T> items, string? name = null)
    {
        if (env is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(env));
        }

        if (items is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(items));
        }

        _env = env;
        foreach (T item in items)
        {
            _available.Enqueue(item);
        }

        if (_available.Count == 0)
        {
            throw new ArgumentException("A resource pool needs at least one object.", nameof(items));
        }

        _capacity = _available.Count;
        Name = name ?? "ResourcePool";
    }

    /// <summary>The environment.</summary>
    public SimEnvironment Environment => _env;

    /// <summary>The name used in messages and reports.</summary>
    public string Name { get; }

    /// <summary>The number of objects in the pool, in use or not.</summary>
    public int Capacity => _capacity;

    /// <summary>The number of objects available now.</summary>
    public int Count => _available.Count;

    /// <summary>The number of objects in use.</summary>
    public int InUse => _capacity - _available.Count;

    /// <summary>The number of requests waiting.</summary>
    public int QueueLength => _requests.Count;

    /// <summary>The objects available now, in the order requests take them (a snapshot).</summary>
    public IReadOnlyList<T> Available
    {
        get
        {
            var list = new List<T>(_available.Count);
            for (int i = 0; i < _available.Count; i++)
            {
                list.Add(_available[i]);
            }

            return list;
        }
    }

    /// <summary>When set, follows the fraction of objects in use over time.</summary>
    public TimeSeriesMonitor? UtilizationMonitor { get; set; }

    /// <summary>When set, follows the number of waiting requests over time.</summary>
    public TimeSeriesMonitor? QueueLengthMonitor { get; set; }

    /// <summary>When set, receives each request's waiting time.</summary>
    public SampleMonitor? WaitingTimeMonitor { get; set; }

    /// <summary>Requests an object, any one or one that <paramref name="filter"/> accepts.</summary>
    /// <param name="filter">Which objects will do; <see langword="null"/> for any. It must not change the pool.</param>
    /// <returns>The request; yield it to wait, dispose it to give the object back.</returns>
    public PoolRequest<T> Request(Func<T, bool>? filter = null)
    {
        _env.Loop.CheckOwnerThread(null, "request from a resource pool on");
        var request = new PoolRequest<T>(this, filter);
        _requests.Add(request);
        Serve();
        return request;
    }

    /// <summary>Gives the request's object back (or withdraws the request if it is still waiting); nothing more once done.
    /// The waiting requests are tried when the give-back's turn comes.</summary>
    /// <param name="request">A request made to this pool by the calling process.</param>
    /// <returns>An instruction that waits for the give-back to be processed (it does not wait under <see cref="EventOrder.Fast"/>).</returns>
    /// <exception cref="ArgumentException">The request belongs to another pool.</exception>
    /// <exception cref="InvalidOperationException">Another process made the request.</exception>
    public Yield Release(PoolRequest<T> request)
    {
        if (request is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(request));
        }

        if (!ReferenceEquals(request.Pool, this))
        {
            throw new ArgumentException(request + " was made to " + request.Pool.Name + ", not to " + Name + ".", nameof(request));
        }

        ReleaseRules.CheckOwner(_env, request.Owner, request, "give back");

        switch (request.RequestState)
        {
            case RequestState.Waiting:
                request.Cancel();
                request.RequestState = RequestState.Cancelled;
                return CompletedWaitSource.Yield;
            case RequestState.Granted:
                request.RequestState = RequestState.Released;
                _available.Enqueue(request.Item);
                UtilizationMonitor?.UpdateTo(InUse / (double)_capacity);
                break;
            default:
                return CompletedWaitSource.Yield;
        }

        return ReleaseRules.QueueRelease(_env, this);
    }

    /// <inheritdoc/>
    public override string ToString() => Name + " [" + InUse.ToString(CultureInfo.InvariantCulture) + "/" + _capacity.ToString(CultureInfo.InvariantCulture) +
        " in use, " + _requests.Count.ToString(CultureInfo.InvariantCulture) + " waiting]";

    void IQueuedEvent.Process() => Serve();

    void IOperationQueue.Withdraw(QueueOperation operation)
    {
        _requests.Remove((PoolRequest<T>)operation);
        QueueLengthMonitor?.UpdateTo(_requests.Count);
    }

    void IOperationQueue.OnProcessed(QueueOperation operation)
    {
    }

    private void Serve()
    {
        ServeRequests();
        QueueLengthMonitor?.UpdateTo(_requests.Count);
    }

    private void ServeRequests() => _requests.Serve(_env, this, static (pool, request) =>
    {
        RingBuffer<T> available = pool._available;
        Func<T, bool>? filter = request.Filter;
        for (int i = 0; i < available.Count; i++)
        {
            bool accepted;
            try
            {
                accepted = filter is null || filter(available[i]);
            }
            catch (Exception error)
            {
                request.FailServing(error); // the filter threw: this request fails alone (QueueOperation.FailServing)
                break;
            }

            if (accepted)
            {
                T item = i == 0 ? available.Dequeue() : available.RemoveAt(i);
                pool.WaitingTimeMonitor?.Add(pool._env.Now - request.Time);
                pool.UtilizationMonitor?.UpdateTo(pool.InUse / (double)pool._capacity);
                request.Grant(item);
                break;
            }
        }

        return true;
    });
}
