using System.Runtime.CompilerServices;

namespace Engine;

// Completion reaching the engine's listeners (gathers, WhenAll/WhenAny, Co.Wait, shields, AsCompleted, task groups,
// lifetimes): a future that finishes tells each listener inline, and a listener that finishes its own future in turn
// tells its listeners, so a chain of futures built one inside another (Co.Gather(Co.Gather(...)), Co.Shield of a shield)
// completes as a recursion as deep as the chain. Inline is the order the engine promises (a future's listeners and
// waiters in registration order, each listener's whole chain before the next waiter), and it costs nothing, so it
// stays up to a fixed nesting, ListenerDepthLimit (as cancellation's descent does, Tasks/CancelPropagation.cs): a
// notification nested deeper is queued instead, and the outermost notification on this loop runs the queue, in order,
// once its own listener returns. The limit is a count, not the room left on the stack, so the order of effects is the
// same on every stack size and host: a 100,000-deep chain completes alike on a 1 MB and an 8 MB stack, and every chain
// shallower than the limit keeps the inline order exactly. A notification that starts on a stack already nearly full
// (user code deep in its own recursion) is queued too, where running it would overflow and end the process.
public sealed partial class EventLoop
{
    // Deep enough that no ordinary program nests futures this far; shallow enough that the recursion fits in a 1 MB
    // stack (Windows' and Unity's main thread) with room to spare for what the listeners run.
    internal const int DefaultListenerDepthLimit = 256;

    private int _listenerDepth;
    private RingBuffer<(Future Future, ICompletionListener Listener)>? _deferredListeners;

    // The nesting past which notifications are queued. Tests lower it to run every shape through the queue.
    internal int ListenerDepthLimit { get; set; } = DefaultListenerDepthLimit;

    internal void NotifyListener(Future future, ICompletionListener listener)
    {
        if (_listenerDepth > 0 && (_listenerDepth >= ListenerDepthLimit || !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
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
