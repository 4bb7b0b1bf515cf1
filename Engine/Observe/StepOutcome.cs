namespace Engine.Observe;

/// <summary>How a step ended (<see cref="LoopEventKind.StepEnded"/>).</summary>
public enum StepOutcome : byte
{
    /// <summary>The task is parked on a waiter until something wakes it.</summary>
    Parked,

    /// <summary>The task is back on the ready queue (it yielded <see cref="Yield.NextTick"/>, or used up its continuation budget).</summary>
    Ready,

    /// <summary>The task finished: completed, failed or cancelled.</summary>
    Finished,
}
