namespace Engine.Observe;

/// <summary>What a <see cref="Timeline"/>'s horizontal axis counts.</summary>
public enum TimelineAxis
{
    /// <summary>Loop time in seconds: simulated on the virtual clock, monotonic on the real one, summed frame times on the frame clock.</summary>
    Time,

    /// <summary>Loop iterations (frames under <see cref="EventLoop.Tick(double)"/>).</summary>
    Frames,
}
