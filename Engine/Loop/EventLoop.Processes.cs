using System;
using System.Collections.Generic;

namespace Engine;

// Simulation processes (Engine/Simulation): tasks whose end their environment hears first. One hook for the whole loop
// instead of a completion listener registered on every process (a waiter entry added at the spawn and a notification
// dispatched by type at the end): the task carries a mark, and CoTask.Complete calls the hook before it wakes the
// task's waiters, exactly where the listener, always the first waiter, was told.
public sealed partial class EventLoop
{
    private Action<CoTask>? _processFinished;

    // The environment's hook for the end of every process of this loop; set once, by the environment that owns the loop.
    internal void SetProcessFinishedHook(Action<CoTask> hook) => _processFinished = hook;

    // Starts a simulation process: Spawn, with the process mark. Under SimPy's order a loop has no game lanes
    // (AttachHooks refuses it), so the current task's lane is not looked up.
    internal CoTask SpawnProcess(IEnumerator<Yield> coroutine, string? name)
    {
        CoTask task = Spawn(coroutine, name, _urgent is not null ? null : CurrentTask?._lane);
        task.MarkProcess();
        return task;
    }

    // A process finished (CoTask.Complete): its outcome is set, its waiters are not woken yet.
    internal void OnProcessFinished(CoTask task) => _processFinished!(task);
}
