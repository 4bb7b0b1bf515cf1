// The Unity host of the Engine package: one per scene, on a GameObject of its own. It drives a GameLoop from Unity's
// player loop (FixedUpdate, Update, LateUpdate and end of frame) and routes the loop's errors to Unity's console.
// Unity compiles this file (C# 9), and Engine.Tests compiles it against a minimal stand-in of the UnityEngine types it
// uses (Engine.Tests/Unity), so it cannot rot.
#nullable enable
using System.Collections;
using System.Collections.Generic;
using Engine;
using Engine.Game;
using UnityEngine;

/// <summary>Drives a <see cref="GameLoop"/> from Unity's player loop. Add it to one GameObject; scripts reach it through
/// <see cref="Instance"/>.</summary>
[DefaultExecutionOrder(-1000)]
[DisallowMultipleComponent]
public sealed class EngineHost : MonoBehaviour
{
    private readonly WaitForEndOfFrame _endOfFrame = new WaitForEndOfFrame();
    private GameLoop? _game;

    /// <summary>The host of the running scene.</summary>
    public static EngineHost? Instance { get; private set; }

    /// <summary>The game: its root group, groups, phases and singletons.</summary>
    public GameLoop Game => _game ??= CreateGame();

    /// <summary>Starts <paramref name="routine"/> in <paramref name="group"/> (the root by default), ended (its finally
    /// blocks run) when <paramref name="owner"/> is destroyed.</summary>
    public CoTask Run(IEnumerator<Yield> routine, GameObject owner, ScriptGroup? group = null)
    {
        CoTask task = (group ?? Game.Root).Spawn(routine);
        EngineLifetime.For(owner, Game.Loop).Attach(task);
        return task;
    }

    private void Awake()
    {
        Instance = this;
        _game ??= CreateGame();
        StartCoroutine(EndOfFrameLoop());
    }

    private static GameLoop CreateGame()
    {
        var game = new GameLoop();
        game.FixedStep = Time.fixedDeltaTime;
        game.Loop.ExceptionHandler = HostLog.To(Debug.LogException, Debug.LogWarning);
        return game;
    }

    private void FixedUpdate() => Game.FixedUpdate();

    private void Update()
    {
        // Unity's time scale is the root group's: Unscaled groups (menus) ignore it, and pausing with
        // Time.timeScale = 0 freezes every other group's Seconds waits.
        Game.Root.TimeScale = Time.timeScale;
        Game.Update(Time.unscaledDeltaTime);
    }

    private void LateUpdate() => Game.LateUpdate();

    private IEnumerator EndOfFrameLoop()
    {
        while (true)
        {
            yield return _endOfFrame;
            Game.EndOfFrame();
        }
    }

    private void OnDestroy()
    {
        _game?.Dispose();
        if (Instance == this)
        {
            Instance = null;
        }
    }
}
