namespace Engine.Game;

/// <summary>
/// A phase of a <see cref="GameLoop"/> frame. Each frame runs them in this order: <see cref="FixedUpdate"/> (zero or
/// more fixed steps), <see cref="Update"/>, <see cref="SlowUpdate"/> (only in frames where it is due),
/// <see cref="LateUpdate"/>, <see cref="EndOfFrame"/>. A task runs in one phase at a time: the one it was spawned into
/// (<see cref="Update"/> by default), until it yields another with <see cref="Yield.Phase(GamePhase)"/> or one of its
/// shortcuts such as <see cref="Yield.LateUpdate"/>.
/// </summary>
public enum GamePhase
{
    /// <summary>Once per frame, after the fixed steps: where tasks run unless they moved (Unity's <c>Update</c>).</summary>
    Update = 0,

    /// <summary>Zero or more fixed steps per frame, before <see cref="Update"/>: <see cref="GameLoop.FixedStep"/> of host
    /// time each, at most <see cref="GameLoop.MaxFixedSteps"/> per frame (Unity's <c>FixedUpdate</c>).</summary>
    FixedUpdate = 1,

    /// <summary>After <see cref="Update"/> in the frames where it is due: every <see cref="GameLoop.SlowUpdateInterval"/>
    /// seconds of host time, or every <see cref="GameLoop.SlowUpdateEveryFrames"/> frames (MEC's <c>SlowUpdate</c>).</summary>
    SlowUpdate = 2,

    /// <summary>After <see cref="Update"/> and <see cref="SlowUpdate"/> (Unity's <c>LateUpdate</c>).</summary>
    LateUpdate = 3,

    /// <summary>Last in the frame (Unity's <c>WaitForEndOfFrame</c>).</summary>
    EndOfFrame = 4,
}
