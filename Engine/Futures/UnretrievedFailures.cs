using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Engine;

// Failures of tasks and futures that nobody has retrieved yet. asyncio reports such a failure only once it can never
// be retrieved any more, so that a task which fails first and is awaited later is not reported; so does this loop.
// "Never" is: the task or future was garbage collected while still unretrieved, or its loop was closed.
//
// Design: a failure that completes with no waiter gets a small finalizable sentinel, attached to the future through a
// ConditionalWeakTable (so futures carry no field for it, and the sentinel dies with the future). The sentinel's
// finalizer claims the failure unless it was retrieved meanwhile and queues it; the loop's next iteration reports it on
// the loop's thread (no post, no wake-up: a collection never adds an iteration, so runs stay deterministic). The loop also keeps long weak references to the tracked futures (they stay valid
// until a future's memory is reclaimed, which is after its sentinel's finalizer ran), so closing the loop reports every
// tracked failure that is still unretrieved and unclaimed, including one already collected whose finalizer has not run
// yet, and then drains what finalizers queued. Claims, the queue and closing share one lock, so a failure is reported
// exactly once and none falls between a finalizer and the close. Only failures pay: the steady state allocates nothing.
internal sealed class UnretrievedFailures
{
    private static readonly ConditionalWeakTable<Future, Sentinel> s_sentinels = new();

    private readonly EventLoop _loop;
    private readonly List<WeakReference<Future>> _tracked = new();
    private readonly object _gate = new();
    private readonly Queue<Future> _collected = new(); // claimed by finalizers, not reported yet; guarded by _gate
    private bool _closed;                              // guarded by _gate
    private int _pruneAt = 16;

    public UnretrievedFailures(EventLoop loop) => _loop = loop;

    public void Track(Future future)
    {
        if (s_sentinels.TryGetValue(future, out _))
        {
            return;
        }

        s_sentinels.Add(future, new Sentinel(this, future));
        var weak = new WeakReference<Future>(future, trackResurrection: true);
        lock (_gate)
        {
            _tracked.Add(weak);
            if (_tracked.Count >= _pruneAt)
            {
                _tracked.RemoveAll(static w => !w.TryGetTarget(out Future? f) || f.ExceptionObserved);
                _pruneAt = Math.Max(16, _tracked.Count * 2);
            }
        }
    }

    // The loop closes: whatever is still unretrieved can no longer be retrieved through it.
    public void ReportAll()
    {
        var report = new List<Future>();
        lock (_gate)
        {
            _closed = true;
            foreach (WeakReference<Future> weak in _tracked)
            {
                if (weak.TryGetTarget(out Future? future) && !future.ExceptionObserved &&
                    s_sentinels.TryGetValue(future, out Sentinel? sentinel) && sentinel.TryClaim())
                {
                    report.Add(future);
                }
            }

            _tracked.Clear();
            report.AddRange(_collected);
            _collected.Clear();
        }

        foreach (Future future in report)
        {
            _loop.ReportUnretrieved(future);
        }
    }

    // The failures still waiting to be reported, in the order they were tracked, then those collected and queued
    // (whole-loop saves, Engine/World). Cold path.
    public void GetPending(List<Future> into)
    {
        lock (_gate)
        {
            foreach (WeakReference<Future> weak in _tracked)
            {
                if (weak.TryGetTarget(out Future? future) && !future.ExceptionObserved &&
                    s_sentinels.TryGetValue(future, out Sentinel? sentinel) && !sentinel.IsClaimed)
                {
                    into.Add(future);
                }
            }

            into.AddRange(_collected);
        }
    }

    // On the loop's thread, at the start of an iteration: reports what finalizers queued.
    public void DrainCollected()
    {
        while (true)
        {
            Future future;
            lock (_gate)
            {
                if (_collected.Count == 0)
                {
                    return;
                }

                future = _collected.Dequeue();
            }

            _loop.ReportUnretrieved(future);
        }
    }

    // On the finalizer thread: the future was collected while its failure was tracked.
    private void OnCollected(Future future, Sentinel sentinel)
    {
        lock (_gate)
        {
            // Once closed, ReportAll has claimed every failure a finalizer could still claim: its long weak reference
            // still reached the future then.
            if (_closed || future.ExceptionObserved || !sentinel.TryClaim())
            {
                return;
            }

            _collected.Enqueue(future);
        }

        _loop.NoteCollectedFailures();
    }

    private sealed class Sentinel
    {
        private readonly UnretrievedFailures _owner;
        private readonly Future _future;
        private int _claimed;

        public Sentinel(UnretrievedFailures owner, Future future)
        {
            _owner = owner;
            _future = future;
        }

        ~Sentinel()
        {
            try
            {
                _owner.OnCollected(_future, this);
            }
            catch (Exception)
            {
                // An exception on the finalizer thread would end the process; the loop reports what is still
                // unclaimed when it closes.
            }
        }

        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public bool IsClaimed => Volatile.Read(ref _claimed) != 0;
    }
}
