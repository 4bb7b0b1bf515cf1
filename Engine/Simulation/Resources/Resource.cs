using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Simulation;

/// <summary>
/// A resource with <see cref="Capacity"/> identical units that processes request, use and release (SimPy's
/// <c>Resource</c>): a counter, a machine, a pump. Requests are served first come, first served.
/// <code>using (Request req = counter.Request()) { yield return req; yield return Yield.Seconds(service); }</code>
/// </summary>
/// <remarks>
/// <para>
/// Semantics follow SimPy's resources exactly, so ported models keep their order: a request is granted when made if a
/// unit is free and nobody waits; a release (or a withdrawn request) queues a release event, and when that event's turn
/// comes the head of the queue is served (one request per release). <see cref="PriorityResource"/> and
/// <see cref="PreemptiveResource"/> change only the queue order and the preemption rule.
/// </para>
/// <para>
/// Monitors cost nothing until set: <see cref="QueueLengthMonitor"/> (time-weighted queue length),
/// <see cref="UtilizationMonitor"/> (time-weighted fraction of units in use) and <see cref="WaitingTimeMonitor"/> (time from
/// request to grant). State is plain data (users, queue, monitors), with no hidden closures.
/// </para>
/// </remarks>
public partial class Resource : IQueuedEvent
{
    private readonly SimEnvironment _env;
    private readonly int _capacity;
    private readonly List<RequestEvent> _users = new();
    private readonly RingBuffer<RequestEvent> _fifo = new(8);
    private int _deadInFifo; // withdrawn requests still in _fifo (QueueRemove)
    private RequestEvent[] _pool = new RequestEvent[4]; // spent requests to reuse (RequestEvent is sealed: no covariant store check)
    private int _pooled;

    /// <summary>Creates a resource.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The number of units; at least 1.</param>
    /// <param name="name">A name for messages and reports.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is zero or negative.</exception>
    public Resource(SimEnvironment env, int capacity = 1, string? name = null)
    {
        if (env is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(env));
        }

        if (capacity <= 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(capacity), capacity, "A resource needs a capacity of at least 1 unit.");
        }

        _env = env;
        _capacity = capacity;
        Name = name ?? GetType().Name;
    }

    /// <summary>The environment.</summary>
    public SimEnvironment Environment => _env;

    /// <summary>The name used in messages and reports.</summary>
    public string Name { get; }

    /// <summary>The number of units.</summary>
    public int Capacity => _capacity;

    /// <summary>The number of units in use (SimPy's <c>count</c>).</summary>
    public int Count => _users.Count;

    /// <summary>The granted requests, in the order they were granted (SimPy's <c>users</c>; a snapshot).</summary>
    public IReadOnlyList<Request> Users
    {
        get
        {
            var users = new Request[_users.Count];
            for (int i = 0; i < users.Length; i++)
            {
                users[i] = new Request(_users[i]);
            }

            return users;
        }
    }

    /// <summary>The number of requests waiting (SimPy's <c>len(queue)</c>).</summary>
    public int QueueLength => QueueCount;

    /// <summary>When set, follows the queue length over time.</summary>
    public TimeSeriesMonitor? QueueLengthMonitor { get; set; }

    /// <summary>When set, follows the fraction of units in use over time (its mean is the utilisation).</summary>
    public TimeSeriesMonitor? UtilizationMonitor { get; set; }

    /// <summary>When set, receives each granted request's waiting time.</summary>
    public SampleMonitor? WaitingTimeMonitor { get; set; }

    private protected virtual int QueueCount => _fifo.Count - _deadInFifo;

    private protected virtual bool DefaultPreempt => false;

    /// <summary>Requests one unit (SimPy's <c>request()</c>): granted at once (at its turn in the event queue) if a unit is
    /// free and nobody waits, otherwise queued.</summary>
    /// <returns>The request; yield it to wait, dispose it to release.</returns>
    public Request Request() => Submit(0, DefaultPreempt);

    /// <summary>Releases <paramref name="request"/> (SimPy's <c>release()</c>): its unit goes back, or, if it was still
    /// waiting, it is withdrawn. The next waiting request is served when the release's turn comes. Releasing twice does
    /// nothing more. <c>yield return resource.Release(req);</c> waits for that turn; calling it without yielding is fine.</summary>
    /// <param name="request">A request made to this resource by the calling process.</param>
    /// <returns>An instruction that waits for the release to be processed (it does not wait under <see cref="EventOrder.Fast"/>).</returns>
    /// <exception cref="ArgumentException">The request belongs to another resource.</exception>
    /// <exception cref="InvalidOperationException">Another process made the request.</exception>
    public Yield Release(Request request)
    {
        if (request.IsSpent)
        {
            return CompletedWaitSource.Yield;
        }

        RequestEvent e = request.Event;
        if (!ReferenceEquals(e.Resource, this))
        {
            throw new ArgumentException(e + " was made to " + e.Resource.Name + ", not to " + Name + "; release it there.", nameof(request));
        }

        return ReleaseLive(e);
    }

    // Release of a request known to be live and made to this resource (Request.Dispose has just checked both).
    internal Yield ReleaseLive(RequestEvent e)
    {
        ReleaseRules.CheckOwner(_env, e.Owner, e, "release");

        switch (e.RequestState)
        {
            case RequestState.Waiting:
                Withdraw(e);
                break;
            case RequestState.Granted:
                RemoveUserEvent(e);
                e.RequestState = RequestState.Released;
                OnUsersChanged();
                break;
        }

        e.Released = true;
        TryRecycle(e);

        return ReleaseRules.QueueRelease(_env, this);
    }

    /// <inheritdoc/>
    public override string ToString() => Name + " [" + _users.Count.ToString(CultureInfo.InvariantCulture) + "/" +
        _capacity.ToString(CultureInfo.InvariantCulture) + " in use, " + QueueCount.ToString(CultureInfo.InvariantCulture) + " waiting]";

    // The release's turn: the head of the queue is served, and a request granted by it takes its own turn at once if
    // it would be next anyway (EventLoop.ProcessIfNextTurn): the usual case of a waiting customer served by a release.
    void IQueuedEvent.Process()
    {
        if (TriggerPut() is { } granted && _env.SimPyOrder)
        {
            _env.Loop.ProcessIfNextTurn(granted);
        }
    }

    // A request back to the pool once nothing can see it (RequestEvent.CanRecycle).
    internal void TryRecycle(RequestEvent e)
    {
        if (e.CanRecycle)
        {
            e.Recycle();
            if (_pooled == _pool.Length)
            {
                Array.Resize(ref _pool, _pooled * 2);
            }

            _pool[_pooled++] = e;
        }
    }

    // A new request joins the queue, and the queue's head is tried (SimPy's Put.__init__).
    private protected Request Submit(int priority, bool preempt)
    {
        EventLoop loop = _env.Loop;
        loop.CheckOwnerThread(null, "request a resource on");
        RequestEvent e;
        if (_pooled > 0)
        {
            e = _pool[--_pooled];
            _pool[_pooled] = null!;
        }
        else
        {
            e = new RequestEvent(this);
        }

        e.Init(loop.CurrentTask, loop.Time, priority, preempt);
        var request = new Request(e);
        QueueAdd(e);
        OnQueueChanged();
        TriggerPut();
        return request;
    }

    private protected virtual void QueueAdd(RequestEvent request) => _fifo.Enqueue(request);

    private protected virtual RequestEvent? QueuePeek() => _fifo.Count > 0 ? _fifo[0] : null;

    private protected virtual void QueueRemoveHead()
    {
        _fifo.Dequeue();
        DropDeadHead();
    }

    // A withdrawn request leaves the queue lazily: at once if it is the head, otherwise it stays in place, marked
    // Cancelled by Withdraw and never reused (Escaped), and leaves when it reaches the head. So 100,000 customers
    // reneging from the middle of the queue cost O(1) each instead of a shift of the queue each; past as many dead
    // entries as live ones the queue is compacted in one pass, so memory follows the requests still waiting. The head
    // is always a waiting request, and the others keep their order: service is unchanged.
    private protected virtual void QueueRemove(RequestEvent request)
    {
        if (ReferenceEquals(_fifo[0], request))
        {
            _fifo.Dequeue();
            DropDeadHead();
            return;
        }

        request.Escaped = true;
        _deadInFifo++;
        if (_deadInFifo > 32 && _deadInFifo > _fifo.Count - _deadInFifo)
        {
            int count = _fifo.Count;
            for (int i = 0; i < count; i++)
            {
                RequestEvent e = _fifo.Dequeue();
                if (e.RequestState != RequestState.Cancelled && !ReferenceEquals(e, request))
                {
                    _fifo.Enqueue(e);
                }
            }

            _deadInFifo = 0;
        }
    }

    private void DropDeadHead()
    {
        while (_deadInFifo > 0 && _fifo.Count > 0 && _fifo[0].RequestState == RequestState.Cancelled)
        {
            _fifo.Dequeue();
            _deadInFifo--;
        }
    }

    // SimPy's _do_put: grant if a unit is free. The preemptive resource first frees one when it should.
    private protected virtual void DoPut(RequestEvent request)
    {
        if (_users.Count < _capacity)
        {
            _users.Add(request);
            request.Grant(_env.Now);
            WaitingTimeMonitor?.Add(_env.Now - request.Time);
            OnUsersChanged();
        }
    }

    private protected IReadOnlyList<RequestEvent> UserEvents => _users;

    private protected void RemoveUser(RequestEvent request)
    {
        RemoveUserEvent(request);
        OnUsersChanged();
    }

    // A user leaves: found by reference from the most recent grant (List.Remove would go through the equality comparer).
    private void RemoveUserEvent(RequestEvent request)
    {
        List<RequestEvent> users = _users;
        for (int i = users.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(users[i], request))
            {
                users.RemoveAt(i);
                return;
            }
        }
    }

    // A waiting request leaves the queue without being granted.
    internal void Withdraw(RequestEvent request)
    {
        QueueRemove(request);
        request.RequestState = RequestState.Cancelled;
        OnQueueChanged();
    }

    // SimPy's _trigger_put for resources: the head of the queue is tried once (its _do_put never asks to go on). Events
    // triggered meanwhile are processed once it is over (SimEnvironment.Hold).
    // Returns the request granted, if any.
    private RequestEvent? TriggerPut()
    {
        RequestEvent? head = QueuePeek();
        if (head is null)
        {
            return null;
        }

        if (_env.SimPyOrder)
        {
            // Events triggered here only queue for their turn: nothing runs inside this walk.
            return ServeHead(head);
        }

        _env.Hold();
        try
        {
            return ServeHead(head);
        }
        finally
        {
            _env.Unhold();
        }
    }

    private RequestEvent? ServeHead(RequestEvent head)
    {
        DoPut(head);
        if (head.IsTriggered)
        {
            QueueRemoveHead();
            OnQueueChanged();
            return head;
        }

        return null;
    }

    private void OnQueueChanged() => QueueLengthMonitor?.UpdateTo(QueueCount);

    private void OnUsersChanged() => UtilizationMonitor?.UpdateTo(_users.Count / (double)_capacity);
}
