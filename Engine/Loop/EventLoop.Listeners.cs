using System.Runtime.CompilerServices;

namespace Engine;

// Completion reaching the engine's listeners (gathers, WhenAll/WhenAny, Co.Wait, shields, AsCompleted, task groups,
// lifetimes): a future that finishes tells each listener inline, and a listener that finishes its own future in turn
// tells its listeners, so a chain of futures built one inside another (Co.Gather(Co.Gather(...)), Co.Shield of a shield)
// completes as a recursion as deep as the chain. Inline is the order the engine promises (a future's listeners and
// waiters in registration order, each listener's whole chain before the next waiter), and it costs nothing, so it
// stays while the thread's stack has room: a notification that would run on a nearly full stack is queued instead,
// and the outermost notification on this loop runs the queue, in order, once its own listener returns. The order
// changes only where the recursion would have overflowed the stack and killed the process: a 100,000-deep chain
// completes on a 1 MB stack, and every depth that fits keeps the inline order exactly.
public sealed partial class EventLoop
{
    private int _listenerDepth;
    private RingBuffer<(Future Future, ICompletionListener Listener)>? _deferredListeners;

    internal void NotifyListener(Future future, ICompletionListener listener)
    {
        if (_listenerDepth > 0 && !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            (_deferredListeners ??= new RingBuffer<(Future, ICompletionListener)>(4)).Enqueue((future, listener));
            return;
        }

        _listenerDepth++;
        try
        {
            listener.OnCompleted(future);
        }
        finally
        {
            _listenerDepth--;
        }

        if (_listenerDepth == 0 && _deferredListeners is { Count: > 0 } deferred)
        {
            RunDeferredListeners(deferred);
        }
    }

    private void RunDeferredListeners(RingBuffer<(Future Future, ICompletionListener Listener)> deferred)
    {
        while (deferred.Count > 0)
        {
            (Future future, ICompletionListener listener) = deferred.Dequeue();
            _listenerDepth++;
            try
            {
                listener.OnCompleted(future);
            }
            finally
            {
                _listenerDepth--;
            }
        }
    }
}
