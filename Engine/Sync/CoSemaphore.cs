namespace Engine;

/// <summary>
/// A counting semaphore (asyncio's <c>Semaphore</c>): <c>yield return sem.Acquire();</c> takes one of its permits,
/// waiting while none is left; <see cref="Release"/> gives one back. Waiters get permits in the order they asked
/// (FIFO-fair): a release hands its permit straight to the first waiter.
/// </summary>
/// <remarks>Design: waiting allocates nothing; a cancelled waiter is removed at once, and a waiter handed a permit
/// but cancelled before it ran gives the permit back.</remarks>
public partial class CoSemaphore
{
    private readonly WaitList<bool> _waiters = new();
    private readonly Yield _acquire;
    private readonly int _bound;
    private EventLoop? _loop;
    private int _value;

    /// <summary>Creates a semaphore with <paramref name="initialCount"/> permits.</summary>
    /// <param name="initialCount">The number of permits; zero or more.</param>
    /// <exception cref="System.ArgumentOutOfRangeException"><paramref name="initialCount"/> is negative.</exception>
    public CoSemaphore(int initialCount = 1)
        : this(initialCount, bounded: false)
    {
    }

    private protected CoSemaphore(int initialCount, bool bounded)
    {
        if (initialCount < 0)
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(initialCount), initialCount, "A semaphore needs an initial count of zero or more.");
        }

        _value = initialCount;
        _bound = bounded ? initialCount : -1;
        _acquire = Yield.Create(YieldKind.Wait, 0, new AcquireSource(this));
    }

    /// <summary>The permits available now.</summary>
    public int CurrentCount => _value;

    /// <summary><see langword="true"/> when no permit is available.</summary>
    public bool IsLocked => _value == 0;

    /// <summary>The number of tasks waiting for a permit.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>Takes a permit, waiting for one if none is available: <c>yield return sem.Acquire();</c>.</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield Acquire()
    {
        SyncHelper.RequireTask(ref _loop, GetType().Name + ".Acquire()");
        return _acquire;
    }

    /// <summary>Takes a permit if one is available and nobody waits, without suspending.</summary>
    /// <returns><see langword="true"/> if a permit was taken.</returns>
    public bool TryAcquire()
    {
        SyncHelper.CheckLoop(ref _loop, GetType().Name + ".TryAcquire()");
        if (_value > 0 && _waiters.Count == 0)
        {
            _value--;
            return true;
        }

        return false;
    }

    /// <summary>Gives a permit back, handing it to the longest waiting task if there is one.</summary>
    /// <exception cref="System.InvalidOperationException">A <see cref="CoBoundedSemaphore"/> would go above its initial count.</exception>
    public void Release()
    {
        SyncHelper.CheckLoop(ref _loop, GetType().Name + ".Release()");
        if (_bound >= 0 && _value >= _bound)
        {
            ThrowHelper.ThrowInvalidOperation("CoBoundedSemaphore released too many times: it already has all " + _bound +
                " of its permits. Each Release must match one Acquire.");
        }

        ReleaseCore();
    }

    /// <inheritdoc/>
    public override string ToString() => GetType().Name + " [" + _value + " free, " + _waiters.Count + " waiting]";

    private void ReleaseCore()
    {
        while (_waiters.Count > 0)
        {
            WaitList<bool>.Entry e = _waiters.Dequeue();
            if (e.Waiter.Wake(WakeCause.Source))
            {
                return;
            }
        }

        _value++;
    }

    private sealed class AcquireSource : WaitSource
    {
        private readonly CoSemaphore _sem;

        public AcquireSource(CoSemaphore sem) => _sem = sem;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (_sem._value > 0 && _sem._waiters.Count == 0)
            {
                _sem._value--;
                return true;
            }

            _sem._waiters.Enqueue(waiter, false);
            return false;
        }

        internal override void Remove(CoTask task) => _sem._waiters.Remove(task);

        internal override void Abandon(CoTask task) => _sem.ReleaseCore();

        internal override void Describe(Observe.WaitDescription description) => description.Set(Observe.WaitKind.Semaphore, _sem, _sem.ToString());

        internal override object PersistOwner => _sem;

        public override string ToString() => _sem.GetType().Name + ".Acquire";
    }
}
