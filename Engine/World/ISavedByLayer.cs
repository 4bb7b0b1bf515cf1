namespace Engine.World;

// A waiter on a task that a layer's converter saves and restores itself (a simulation environment's listener for the
// end of each process), so the engine's converter leaves it out of the task's waiters instead of reporting it.
internal interface ISavedByLayer
{
}
