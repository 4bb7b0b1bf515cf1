using System;
using System.Collections;
using System.Collections.Generic;
using System.Reflection;

namespace UnityEngine;

// A minimal stand-in of the UnityEngine types the Unity host (unity/Runtime) uses, so that the host compiles and runs in
// the test suite. Behaviour follows Unity's where the host relies on it: AddComponent calls Awake and Start, Destroy calls
// OnDestroy, and StandInPlayer runs a frame in Unity's order (FixedUpdate steps, Update, LateUpdate, then coroutines
// waiting for the end of the frame). One file for the whole stand-in: it is one fake engine, not library code.
public class Object
{
    public string name { get; set; } = string.Empty;

    public static void Destroy(Object target)
    {
        if (target is GameObject go)
        {
            go.DestroyNow();
        }
    }

    public static bool operator ==(Object? a, Object? b) => ReferenceEquals(a, b) || (a is null ? b!.IsDestroyed : b is null && a.IsDestroyed);

    public static bool operator !=(Object? a, Object? b) => !(a == b);

    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    public override int GetHashCode() => base.GetHashCode();

    internal virtual bool IsDestroyed => false;
}

public class Component : Object
{
    public GameObject gameObject { get; internal set; } = null!;

    internal override bool IsDestroyed => gameObject.IsDestroyed;
}

public class YieldInstruction
{
}

public sealed class WaitForEndOfFrame : YieldInstruction
{
}

public sealed class Coroutine : YieldInstruction
{
    internal Coroutine(IEnumerator routine) => Routine = routine;

    internal IEnumerator Routine { get; }
}

public class Behaviour : Component
{
}

public class MonoBehaviour : Behaviour
{
    public Coroutine StartCoroutine(IEnumerator routine)
    {
        var coroutine = new Coroutine(routine);
        StandInPlayer.Start(coroutine);
        return coroutine;
    }
}

public sealed class GameObject : Object
{
    private readonly List<Component> _components = new();
    private bool _destroyed;

    public GameObject(string name)
    {
        this.name = name;
        StandInPlayer.Objects.Add(this);
    }

    internal override bool IsDestroyed => _destroyed;

    internal IReadOnlyList<Component> Components => _components;

    public T? GetComponent<T>()
        where T : Component
    {
        foreach (Component c in _components)
        {
            if (c is T typed)
            {
                return typed;
            }
        }

        return null;
    }

    public T AddComponent<T>()
        where T : Component, new()
    {
        var component = new T { gameObject = this, name = name };
        _components.Add(component);
        StandInPlayer.Call(component, "Awake");
        StandInPlayer.Call(component, "Start"); // Unity calls Start before the next Update; soon enough here
        return component;
    }

    internal void DestroyNow()
    {
        if (_destroyed)
        {
            return;
        }

        _destroyed = true;
        foreach (Component c in _components)
        {
            StandInPlayer.Call(c, "OnDestroy");
        }

        StandInPlayer.Objects.Remove(this);
    }
}

public static class Time
{
    public static float timeScale { get; set; } = 1;

    public static float unscaledDeltaTime { get; set; }

    public static float fixedDeltaTime { get; set; } = 0.02f;
}

public static class Debug
{
    public static List<Exception> Exceptions { get; } = new();

    public static List<string> Warnings { get; } = new();

    public static void LogException(Exception exception) => Exceptions.Add(exception);

    public static void LogWarning(object message) => Warnings.Add(message?.ToString() ?? string.Empty);
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class DefaultExecutionOrderAttribute : Attribute
{
    public DefaultExecutionOrderAttribute(int order) => Order = order;

    public int Order { get; }
}

[AttributeUsage(AttributeTargets.Class)]
public sealed class DisallowMultipleComponentAttribute : Attribute
{
}

// The player loop of the stand-in: what Unity does each frame, in its order.
public static class StandInPlayer
{
    private static readonly List<IEnumerator> s_endOfFrame = new();

    internal static List<GameObject> Objects { get; } = new();

    public static void Reset()
    {
        Objects.Clear();
        s_endOfFrame.Clear();
        Debug.Exceptions.Clear();
        Debug.Warnings.Clear();
        Time.timeScale = 1;
    }

    // One frame: fixedSteps FixedUpdate calls, Update, LateUpdate, then the coroutines waiting for the end of the frame.
    public static void Frame(float unscaledDeltaTime, int fixedSteps)
    {
        Time.unscaledDeltaTime = unscaledDeltaTime;
        for (int i = 0; i < fixedSteps; i++)
        {
            CallAll("FixedUpdate");
        }

        CallAll("Update");
        CallAll("LateUpdate");
        IEnumerator[] waiting = s_endOfFrame.ToArray();
        s_endOfFrame.Clear();
        foreach (IEnumerator routine in waiting)
        {
            Advance(routine);
        }
    }

    internal static void Start(Coroutine coroutine) => Advance(coroutine.Routine);

    internal static void Call(Component component, string method) =>
        component.GetType().GetMethod(method, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)?.Invoke(component, null);

    private static void CallAll(string method)
    {
        foreach (GameObject go in Objects.ToArray())
        {
            foreach (Component c in go.Components)
            {
                Call(c, method);
            }
        }
    }

    private static void Advance(IEnumerator routine)
    {
        if (!routine.MoveNext())
        {
            return;
        }

        if (routine.Current is WaitForEndOfFrame)
        {
            s_endOfFrame.Add(routine);
            return;
        }

        throw new NotSupportedException("The stand-in player only supports WaitForEndOfFrame, not " + routine.Current + ".");
    }
}
