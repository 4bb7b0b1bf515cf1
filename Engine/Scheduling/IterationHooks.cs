namespace Engine;

// The game layer's hooks into the one iteration routine (EventLoop.RunIteration): a loop runs its frame phases,
// script-group clocks and lanes through these, and knows nothing else about the game (Engine/Game/GameLoop.Frame.cs).
// No hooks (the default), no cost beyond a null test per iteration.
//
// Order of an iteration with hooks: posts, the loop's timers and frame waits, IO, the loop's predicates, then
// BeforeReadyBatch (group clocks with their timers, frame waits and predicates; fixed-update steps), the loop's own
// ready batch (the first batch of the update phase), then AfterReadyBatch (the groups' update lanes and the later
// phases). Whoever runs a phase runs its same-frame wakes before the phase ends (EventLoop.RunWoken).
internal abstract class IterationHooks
{
    // True while an iteration would have work to do without time passing, so an idle clock keeps iterating.
    public abstract bool HasWork { get; }

    // True while predicates wait in an unpaused group (the real clock then polls about once a millisecond when idle).
    public abstract bool HasPolls { get; }

    public abstract void BeforeReadyBatch();

    public abstract void AfterReadyBatch();

    // The loop time at which the earliest timer the hooks keep (on a scaled group clock) or the next fixed or slow
    // step with work comes due; for the idle virtual and real clocks.
    public abstract bool TryPeekDue(out double loopDue);

    // A task yielded Yield.Phase(...): move it to that phase's lane and queue it there; or, for a phase this game does
    // not have, the exception the task receives at its yield.
    public abstract System.Exception? MoveToPhase(CoTask task, int phase);

    // A phase the host drives itself (GameLoop.FixedUpdate, LateUpdate, EndOfFrame), run inside EventLoop.RunHosted.
    public abstract void RunHostedPhase(int phase);
}
