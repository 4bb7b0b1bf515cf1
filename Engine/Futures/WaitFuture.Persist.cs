using System;
using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the futures waited for, those done so far in completion order, the mode, and the
// timeout timer (a callback to this future's Finish, which the snapshot saves by name in the timer queue), or the
// timeout not yet started when nothing waited for it yet. Cold path.
internal sealed partial class WaitFuture : IPersistedFuture
{
    // A restored wait, created empty: its futures, progress and timer are filled in, with no subscription of its own.
    private WaitFuture(EventLoop loop, WaitMode mode)
        : base(loop)
    {
        _futures = Array.Empty<Future>();
        _mode = mode;
        _done = new List<Future>();
        _timeout = double.PositiveInfinity;
    }

    internal static WaitFuture CreateRestored(EventLoop loop, WaitMode mode) => new(loop, mode);

    public void WriteForSave(FieldWriter fields)
    {
        fields.Add("Mode", _mode);
        fields.Add("Futures", _futures);
        fields.Add("Done", _done);
        fields.Add("Timer", _timer);
        fields.Add("Timeout", _timeout);
    }

    public void ReadForRestore(FieldReader fields)
    {
        _futures = fields.Get<Future[]>("Futures") ?? Array.Empty<Future>();
        _done.AddRange(fields.Get<List<Future>>("Done") ?? new List<Future>());
        _timer = fields.Get<CallbackHandle>("Timer");
        if (fields.Has("Timeout") && !double.IsPositiveInfinity(_timeout = fields.Get<double>("Timeout")))
        {
            StartWhenAwaited();
        }
    }
}
