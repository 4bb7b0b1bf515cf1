namespace Engine.World;

/// <summary>One pending timer of a <see cref="WorldSnapshot"/>: the task it wakes and when.</summary>
public sealed class SavedTimer
{
    /// <summary>The loop time (or, for frame waits, the frame number) at which the timer fires.</summary>
    public double Due { get; set; }

    /// <summary>The object id of the task it wakes.</summary>
    public int Task { get; set; }
}
