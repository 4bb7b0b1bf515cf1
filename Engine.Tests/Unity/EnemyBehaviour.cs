using System.Collections.Generic;
using Engine.Game;
using UnityEngine;

namespace Engine.Tests.Unity;

// The script docs/unity.md shows: a MonoBehaviour whose coroutine lives in the enemies group and ends (with its finally
// blocks) when its GameObject is destroyed. Compiled here against the UnityEngine stand-in and run by UnityHostTests.
public sealed class EnemyBehaviour : MonoBehaviour
{
    public static readonly List<string> Log = new();

    private void Start()
    {
        EngineHost host = EngineHost.Instance!;
        ScriptGroup enemies = host.Game.TryGetGroup("enemies", out ScriptGroup? group) ? group! : host.Game.CreateGroup("enemies");
        host.Run(Patrol(), gameObject, enemies);
    }

    private IEnumerator<Yield> Patrol()
    {
        try
        {
            while (true)
            {
                yield return Yield.Seconds(2);
                Log.Add(name + " turns around");
            }
        }
        finally
        {
            Log.Add(name + " stops patrolling");
        }
    }
}
