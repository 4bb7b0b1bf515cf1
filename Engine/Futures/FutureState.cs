namespace Engine;

/// <summary>The state of a <see cref="Future"/> or <see cref="CoTask"/>.</summary>
public enum FutureState : byte
{
    /// <summary>Not done yet.</summary>
    Pending = 0,

    /// <summary>Done with a result.</summary>
    Succeeded,

    /// <summary>Done with an exception.</summary>
    Failed,

    /// <summary>Done by cancellation.</summary>
    Cancelled,
}
