using System;

namespace Engine;

/// <summary>
/// A callback scheduled on an <see cref="EventLoop"/> with <see cref="EventLoop.CallSoon(Action)"/>,
/// <see cref="EventLoop.CallLater(double, Action)"/> or <see cref="EventLoop.CallAt(double, Action)"/>
/// (asyncio's <c>Handle</c> and <c>TimerHandle</c>). Cancel it to stop it from running.
/// </summary>
public sealed partial class CallbackHandle
{
    private Action<object?>? _callback; // set once, or by a restore (Engine/World)
    private Action? _action;
    private object? _state;
    private bool _cancelled;
    private bool _ran;

    internal CallbackHandle(Action? action, Action<object?>? callback, object? state, double when)
    {
        _action = action;
        _callback = callback;
        _state = state;
        When = when;
    }

    /// <summary>The loop time the callback is due at; <see cref="double.NaN"/> for <see cref="EventLoop.CallSoon(Action)"/>.</summary>
    public double When { get; }

    /// <summary><see langword="true"/> once <see cref="Cancel"/> was called before the callback ran.</summary>
    public bool IsCancelled => _cancelled;

    /// <summary><see langword="true"/> once the callback has run.</summary>
    public bool HasRun => _ran;

    /// <summary>Stops the callback from running. Does nothing if it already ran.</summary>
    public void Cancel()
    {
        if (!_ran)
        {
            _cancelled = true;
        }
    }

    internal void Invoke()
    {
        if (_cancelled)
        {
            return;
        }

        _ran = true;
        if (_action is not null)
        {
            _action();
        }
        else
        {
            _callback!(_state);
        }
    }

    internal string Describe() => (_action as Delegate ?? _callback)?.Method.Name ?? _restoredName ?? "callback";
}
