namespace Engine.World;

/// <summary>One predicate wait of a <see cref="WorldSnapshot"/> (<see cref="Yield.Until(System.Func{bool})"/>,
/// <see cref="Yield.While(System.Func{bool})"/>): the task, and its predicate, saved by name.</summary>
public sealed class SavedPoll
{
    /// <summary>The object id of the waiting task.</summary>
    public int Task { get; set; }

    /// <summary>The object id of the predicate (a delegate to a static method or to a method of a saved object).</summary>
    public int Condition { get; set; }

    /// <summary><see langword="true"/> for a <c>While</c> wait (the task resumes when the predicate turns false).</summary>
    public bool While { get; set; }
}
