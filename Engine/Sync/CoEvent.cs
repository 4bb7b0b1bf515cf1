namespace Engine;

/// <summary>
/// An event flag (asyncio's <c>Event</c>): tasks wait with <c>yield return ev.Wait();</c> until some code calls
/// <see cref="Set"/>; then every waiter resumes, in the order it started waiting, and later waits pass at once until
/// <see cref="Clear"/>.
/// </summary>
/// <remarks>Design: waiting allocates nothing (a reusable FIFO); a cancelled waiter is removed at once.</remarks>
public sealed partial class CoEvent
{
    private readonly WaitList<bool> _waiters = new();
    private readonly Yield _wait;
    private EventLoop? _loop;
    private bool _isSet;

    /// <summary>Creates an event, initially not set.</summary>
    public CoEvent()
    {
        _wait = Yield.Create(YieldKind.Wait, 0, new WaitSourceImpl(this));
    }

    /// <summary><see langword="true"/> after <see cref="Set"/> and until <see cref="Clear"/>.</summary>
    public bool IsSet => _isSet;

    /// <summary>The number of tasks waiting.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>Sets the flag and wakes every waiting task.</summary>
    public void Set()
    {
        SyncHelper.CheckLoop(ref _loop, "CoEvent.Set()");
        if (_isSet)
        {
            return;
        }

        _isSet = true;
        while (_waiters.Count > 0)
        {
            WaitList<bool>.Entry e = _waiters.Dequeue();
            e.Waiter.Wake(WakeCause.Source);
        }
    }

    /// <summary>Clears the flag: later waits suspend until the next <see cref="Set"/>.</summary>
    public void Clear() => _isSet = false;

    /// <summary>Waits until the flag is set (passes at once if it is): <c>yield return ev.Wait();</c>.</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield Wait()
    {
        SyncHelper.RequireTask(ref _loop, "CoEvent.Wait()");
        return _wait;
    }

    /// <inheritdoc/>
    public override string ToString() => "CoEvent [" + (_isSet ? "set" : "clear") + ", " + _waiters.Count + " waiting]";

    private sealed class WaitSourceImpl : WaitSource
    {
        private readonly CoEvent _event;

        public WaitSourceImpl(CoEvent ev) => _event = ev;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (_event._isSet)
            {
                return true;
            }

            _event._waiters.Enqueue(waiter, false);
            return false;
        }

        internal override void Remove(CoTask task) => _event._waiters.Remove(task);

        internal override void Describe(Observe.WaitDescription description) => description.Set(Observe.WaitKind.Event, _event, _event.ToString());

        internal override object PersistOwner => _event;

        public override string ToString() => "CoEvent.Wait";
    }
}
