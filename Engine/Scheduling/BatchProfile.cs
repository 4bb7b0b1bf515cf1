using System.Runtime.CompilerServices;

namespace Engine;

// Which copy of a ready batch's loop runs a batch (EventLoop.StepBatch, PhaseLane.RunBatch): the one for batches led by
// a generated machine, or the one for batches led by any other coroutine (a compiler iterator). Both copies step every
// item exactly the same way; the marker type parameter only makes them two methods to the runtime.
//
// Why: the batch loop inlines a task's resume, and tiered PGO decides which coroutine type that resume inlines (a
// guarded direct call to the type the profile saw most). With one loop for every kind, the profile is whatever ran
// while the loop was instrumented: in a program that runs iterators first and machines later (or the other way round),
// one kind got the inlined resume and the other a virtual or interface call, and which one depended on timing (the
// machines' switch benchmark measured 0.85 or 1.05 x the bare trampoline from run to run, issue 9). With a copy per
// kind, each copy is instrumented while its own kind runs, so each sees its own types. A batch of mixed kinds runs in
// the copy its first item chooses; its profile then holds both kinds, as the single loop's did.
internal static class BatchProfile
{
    // The copy for batches whose first item is a task with a generated machine on top.
    internal struct Machines
    {
    }

    // The copy for every other batch.
    internal struct Iterators
    {
    }

    // The classic stepping loop (CoTask.Resume): first steps, continuations, debug mode.
    internal struct Classic
    {
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool LedByMachine(object? item) => item is CoTask { IsTopMachine: true };
}
