namespace Engine.Game;

/// <summary>What <see cref="GameLoop.RunSingleton"/> does when a script already runs under the same key (MEC Pro's
/// <c>RunCoroutineSingleton</c> behaviours).</summary>
public enum SingletonPolicy
{
    /// <summary>Kill the running script (its <c>finally</c> blocks run first) and start the new one.</summary>
    Replace = 0,

    /// <summary>Keep the running script and return it; the new coroutine is disposed without running.</summary>
    KeepRunning,

    /// <summary>Start the new script once the running one (and any queued before it) has finished.</summary>
    Queue,
}
