using System;
using System.Collections.Generic;

namespace Engine.Game;

// Singletons: one script at a time under a key (Engine/Game/Singletons).
public sealed partial class GameLoop
{
    /// <summary>Runs <paramref name="coroutine"/> as the one script under <paramref name="key"/> (MEC Pro's
    /// <c>RunCoroutineSingleton</c>): a camera shake started again replaces the running one (<see cref="SingletonPolicy.Replace"/>,
    /// whose <c>finally</c> blocks have run when this returns), or the running one is kept (<see cref="SingletonPolicy.KeepRunning"/>),
    /// or the new one starts after it (<see cref="SingletonPolicy.Queue"/>). Keys are compared with <see cref="object.Equals(object)"/>.</summary>
    /// <param name="key">The key, such as <c>"camera-shake"</c>; not null.</param>
    /// <param name="coroutine">The coroutine.</param>
    /// <param name="policy">What to do when a script runs under the key already.</param>
    /// <param name="group">The group to run it in; the root when omitted.</param>
    /// <param name="name">A task name; <c>singleton KEY</c> when omitted.</param>
    /// <returns>The task running the script (the running one for <see cref="SingletonPolicy.KeepRunning"/>).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="key"/> or <paramref name="coroutine"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="policy"/> is not a <see cref="SingletonPolicy"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="group"/> belongs to another GameLoop.</exception>
    public CoTask RunSingleton(object key, IEnumerator<Yield> coroutine, SingletonPolicy policy = SingletonPolicy.Replace, ScriptGroup? group = null, string? name = null)
    {
        if (key is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(key));
        }

        if (coroutine is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(coroutine));
        }

        if (policy is not (SingletonPolicy.Replace or SingletonPolicy.KeepRunning or SingletonPolicy.Queue))
        {
            ThrowHelper.ThrowArgumentOutOfRange(nameof(policy), policy, "Unknown singleton policy.");
        }

        if (group is not null && !ReferenceEquals(group.Game, this))
        {
            throw new ArgumentException("Group '" + group.DisplayPath + "' belongs to another GameLoop.", nameof(group));
        }

        ThrowIfDisposed();
        _loop.CheckOwnerThread(null, "run a singleton on");
        return (_singletons ??= new Singletons()).Run(key, coroutine, policy, group ?? _root, name);
    }

    /// <summary>The script running under <paramref name="key"/> (the last one started, for a queue), or <see langword="null"/>.</summary>
    /// <param name="key">The key; not null.</param>
    /// <returns>The task, or <see langword="null"/>.</returns>
    public CoTask? GetSingleton(object key)
    {
        if (key is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(key));
        }

        return _singletons?.Running(key);
    }
}
