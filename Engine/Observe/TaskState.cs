namespace Engine.Observe;

/// <summary>Where a live task is in its life (<see cref="TaskView.State"/>).</summary>
public enum TaskState
{
    /// <summary>On the ready queue: it runs in this or the next iteration.</summary>
    Ready,

    /// <summary>Being stepped right now (the view was taken from inside it).</summary>
    Running,

    /// <summary>Parked on a waiter until something wakes it.</summary>
    Waiting,
}
