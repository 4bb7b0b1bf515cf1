namespace Engine.Simulation;

// What releasing means for resources and pools alike: only the process that made a request may release it (code
// outside any process may release any), and a release is SimPy's release event, which serves the waiting requests at its
// turn in the queue (SimPy's order) or at once (fast order).
internal static class ReleaseRules
{
    public static void CheckOwner(SimEnvironment env, CoTask? owner, object request, string verb)
    {
        CoTask? current = env.Loop.CurrentTask;
        if (owner is not null && current is not null && !ReferenceEquals(owner, current))
        {
            ThrowHelper.ThrowInvalidOperation("Task '" + current.Name + "' tried to " + verb + " " + request + ", which task '" + owner.Name +
                "' made. Only the process that made a request may release it.");
        }
    }

    // The release event: the owner (a resource or pool) serves its queue when processed. Returns what waits for it.
    public static Yield QueueRelease(SimEnvironment env, IQueuedEvent owner)
    {
        if (env.SimPyOrder)
        {
            env.Loop.EnqueueEvent(owner);
            return Yield.NextTick;
        }

        owner.Process();
        return CompletedWaitSource.Yield;
    }
}
