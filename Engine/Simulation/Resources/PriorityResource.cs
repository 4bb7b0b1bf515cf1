using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// A <see cref="Resource"/> whose queue is ordered by priority (SimPy's <c>PriorityResource</c>): lower numbers first,
/// then earlier requests, first come first served among equals.
/// </summary>
/// <remarks>Design: the waiting requests sit in the engine's stable heap ordered by SimPy's key (priority, time, not
/// preempt); a withdrawn request is marked and skipped when it reaches the top, so withdrawing costs O(1). Past as many
/// withdrawn requests as waiting ones the heap drops them all in one O(n) pass, so a held resource whose customers
/// renege keeps memory in proportion to those still waiting; (key, arrival) is a total order, so the grant order is
/// unchanged.</remarks>
public partial class PriorityResource : Resource
{
    private readonly StableHeap<RequestEvent, KeyOrder> _heap = new(default);
    private int _waiting;

    /// <summary>Creates a priority resource.</summary>
    /// <param name="env">The environment.</param>
    /// <param name="capacity">The number of units; at least 1.</param>
    /// <param name="name">A name for messages and reports.</param>
    public PriorityResource(SimEnvironment env, int capacity = 1, string? name = null)
        : base(env, capacity, name)
    {
    }

    private protected override int QueueCount => _waiting;

    // The heap's entries, withdrawn requests not dropped yet included (tests: memory follows the waiting requests).
    internal int HeapEntries => _heap.Count;

    // SimPy's PriorityResource.request defaults to preempt=True, which also orders it among equal priorities.
    private protected override bool DefaultPreempt => true;

    /// <summary>Requests one unit with <paramref name="priority"/> (lower goes first); on a <see cref="PreemptiveResource"/> it may
    /// preempt, as SimPy's default.</summary>
    /// <param name="priority">The priority; lower numbers are served first.</param>
    /// <returns>The request.</returns>
    public Request Request(int priority) => Submit(priority, preempt: true);

    /// <summary>Requests one unit with <paramref name="priority"/>; on a <see cref="PreemptiveResource"/>,
    /// <paramref name="preempt"/> says whether it may take a unit from a less important user.</summary>
    /// <param name="priority">The priority; lower numbers are served first.</param>
    /// <param name="preempt">Whether the request may preempt (SimPy's default is true).</param>
    /// <returns>The request.</returns>
    public Request Request(int priority, bool preempt) => Submit(priority, preempt);

    private protected override void QueueAdd(RequestEvent request)
    {
        _heap.Push(request);
        _waiting++;
    }

    private protected override RequestEvent? QueuePeek()
    {
        while (_heap.Count > 0)
        {
            RequestEvent top = _heap.Peek();
            if (top.RequestState != RequestState.Cancelled)
            {
                return top;
            }

            _heap.Pop();
        }

        return null;
    }

    private protected override void QueueRemoveHead()
    {
        _heap.Pop();
        _waiting--;
    }

    // Withdrawn requests (now Cancelled) stay in the heap until they reach the top, so they are never reused.
    private protected override void QueueRemove(RequestEvent request)
    {
        request.Escaped = true;
        _waiting--;
        int dead = _heap.Count - _waiting;
        if (dead > 32 && dead > _waiting)
        {
            // The request itself is marked Cancelled by Withdraw once this returns.
            _heap.RemoveAll(e => e.RequestState == RequestState.Cancelled || ReferenceEquals(e, request));
        }
    }

    private readonly struct KeyOrder : IComparer<RequestEvent>
    {
        public int Compare(RequestEvent? x, RequestEvent? y) => x!.CompareKey(y!);
    }
}
