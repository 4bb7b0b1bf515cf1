namespace Engine;

// Engine-internal completion hook, called inline (on the loop thread) when a future completes.
// Used by combinators (gather, groups) so they need no delegate or extra loop iteration per child.
// User callbacks never take this path: they are scheduled on the loop, as asyncio does.
internal interface ICompletionListener
{
    void OnCompleted(Future future);
}
