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
// finalizer posts a report to the loop unless the failure was retrieved meanwhile. The loop also keeps weak
// references to the tracked futures, to report those still alive and unretrieved when it closes. Both paths claim the
// sentinel once, so a failure is reported at most once. Only failures pay: the steady state allocates nothing.
internal sealed class UnretrievedFailures
{
    private static readonly ConditionalWeakTable<Future, Sentinel> s_sentinels = new();

    private readonly EventLoop _loop;
    private readonly List<WeakReference<Future>> _tracked = new();
    private int _pruneAt = 16;

    public UnretrievedFailures(EventLoop loop) => _loop = loop;

    public void Track(Future future)
    {
        if (s_sentinels.TryGetValue(future, out _))
        {
            return;
        }

        s_sentinels.Add(future, new Sentinel(_loop, future));
        _tracked.Add(new WeakReference<Future>(future));
        if (_tracked.Count >= _pruneAt)
        {
            _tracked.RemoveAll(static w => !w.TryGetTarget(out Future? f) || f.ExceptionObserved);
            _pruneAt = Math.Max(16, _tracked.Count * 2);
        }
    }

    // The loop closes: whatever is still unretrieved can no longer be retrieved through it.
    public void ReportAll()
    {
        foreach (WeakReference<Future> weak in _tracked)
        {
            if (weak.TryGetTarget(out Future? future) && !future.ExceptionObserved &&
                s_sentinels.TryGetValue(future, out Sentinel? sentinel) && sentinel.TryClaim())
            {
                _loop.ReportUnretrieved(future);
            }
        }

        _tracked.Clear();
    }

    // The failures still waiting to be reported, in the order they were tracked (whole-loop saves, Engine/World). Cold path.
    public void GetPending(List<Future> into)
    {
        foreach (WeakReference<Future> weak in _tracked)
        {
            if (weak.TryGetTarget(out Future? future) && !future.ExceptionObserved &&
                s_sentinels.TryGetValue(future, out Sentinel? sentinel) && !sentinel.IsClaimed)
            {
                into.Add(future);
            }
        }
    }

    private sealed class Sentinel
    {
        private readonly EventLoop _loop;
        private readonly Future _future;
        private int _claimed;

        public Sentinel(EventLoop loop, Future future)
        {
            _loop = loop;
            _future = future;
        }

        ~Sentinel()
        {
            if (!_future.ExceptionObserved && TryClaim())
            {
                _loop.PostUnretrieved(_future);
            }
        }

        public bool TryClaim() => Interlocked.Exchange(ref _claimed, 1) == 0;

        public bool IsClaimed => Volatile.Read(ref _claimed) != 0;
    }
}
