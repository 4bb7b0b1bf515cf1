// Cancel-with-GameObject for the Engine package: the Lifetime of a GameObject ends when Unity destroys it, so the
// scripts bound to it end (their finally blocks run) in OnDestroy, with no polling.
#nullable enable
using Engine;
using Engine.Game;
using UnityEngine;

/// <summary>The <see cref="Lifetime"/> of the GameObject it is on: it ends in <c>OnDestroy</c>.</summary>
[DisallowMultipleComponent]
public sealed class EngineLifetime : MonoBehaviour
{
    private Lifetime? _lifetime;

    /// <summary>The lifetime of <paramref name="owner"/>, adding this component to it on first use.</summary>
    public static Lifetime For(GameObject owner, EventLoop loop)
    {
        EngineLifetime? component = owner.GetComponent<EngineLifetime>();
        if (component == null)
        {
            component = owner.AddComponent<EngineLifetime>();
        }

        return component._lifetime ??= new Lifetime(loop);
    }

    private void OnDestroy() => _lifetime?.End("GameObject '" + name + "' was destroyed.");
}
