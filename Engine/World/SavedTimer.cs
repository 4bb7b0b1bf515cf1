namespace Engine.World;

/// <summary>One pending timer of a <see cref="WorldSnapshot"/>: the task it wakes (or the callback it runs) and when.</summary>
public sealed class SavedTimer
{
    /// <summary>The loop time (or, for frame waits, the frame number) at which the timer fires.</summary>
    public double Due { get; set; }

    /// <summary>The object id of the task it wakes, or of the <see cref="CallbackHandle"/> it runs; 0 for a stale entry.</summary>
    public int Task { get; set; }

    /// <summary><see langword="true"/> for an entry whose wait ended early (a cancelled sleep, a cancelled callback): it
    /// wakes nothing but still fires, so the restored loop's timer events are the saved loop's.</summary>
    public bool Stale { get; set; }
}
