namespace Engine;

/// <summary>
/// Implemented by coroutine objects that can name themselves in traces, stack views and error
/// reports (generated state machines do). Compiler iterators are named from their method.
/// </summary>
public interface ICoroutineName
{
    /// <summary>A readable name such as <c>Player.Patrol</c>, optionally with the current suspension site.</summary>
    string CoroutineName { get; }
}
