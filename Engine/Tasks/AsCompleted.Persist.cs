using System.Collections.Generic;
using Engine.Persist;

namespace Engine;

// Whole-loop saves (Engine/World, HelperConverter): how many futures and how many results were asked for, the futures
// that finished before anyone asked (in completion order), and the askers waiting for the next completion (in asking
// order; each a mirror future a task awaits), the futures, and the timeout (not started, its timer, or passed). The object itself is a waiter in each unfinished future's list, which
// saves and restores it in its place. Created from its count, then filled. Cold path.
public sealed partial class AsCompleted
{
    private AsCompleted(EventLoop loop, int count)
    {
        _loop = loop;
        _count = count;
        _futures = System.Array.Empty<Future>();
        _timeout = double.PositiveInfinity;
    }

    internal static AsCompleted CreateRestored(EventLoop loop, FieldReader fields) => new(loop, fields.Get<int>("Count"));

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Count", _count);
        fields.Add("Asked", _asked);
        fields.Add("Finished", _finished.Count == 0 ? null : new List<Future>(_finished));
        fields.Add("Askers", _askers.Count == 0 ? null : new List<Future>(_askers));
        fields.Add("Futures", _futures);
        fields.Add("Completed", _completed);
        fields.Add("Timeout", _timeout);
        fields.Add("Timer", _timer);
        fields.Add("TimedOut", _timedOut);
        fields.Add("Arrived", _arrived is { Count: > 0 } ? _arrived : null);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _asked = fields.Get<int>("Asked");
        foreach (Future future in fields.Get<List<Future>>("Finished") ?? new List<Future>())
        {
            _finished.Enqueue(future);
        }

        foreach (Future asker in fields.Get<List<Future>>("Askers") ?? new List<Future>())
        {
            _askers.Enqueue((MirrorFuture)asker);
        }

        if (fields.Has("Futures"))
        {
            _futures = fields.Get<Future[]>("Futures") ?? System.Array.Empty<Future>();
            _completed = fields.Get<int>("Completed");
            _timeout = fields.Get<double>("Timeout");
            _timer = fields.Get<CallbackHandle>("Timer");
            _timedOut = fields.Get<bool>("TimedOut");
            _arrived = fields.Get<List<Future>>("Arrived");
        }
    }
}
