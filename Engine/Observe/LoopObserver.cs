using System;
using System.Collections.Generic;
using System.Diagnostics;
using Engine.Machines;

namespace Engine.Observe;

// The scheduler's side of observation: the core calls one method here per decision, and this turns it into a
// LoopEvent for every sink.
//
// Design: the loop holds one of these only while a sink is attached (EventLoop.Observer is null otherwise), so every
// hook in the core is one field test on the null path and costs nothing else: no allocation, no call. Everything that
// costs (reading the clock, naming sites, keeping since-times) happens here, behind that test. Site names are cached
// per iterator type (and per suspension point for generated machines), so a recording allocates nothing per event
// after warm-up beyond the recorder's own array. Since-times (when each task's current wait began) are kept here for
// the live view, which tells them only for a loop observed while the wait began.
internal sealed class LoopObserver
{
    private readonly EventLoop _loop;
    private readonly Dictionary<Type, string> _iteratorNames = new();
    private readonly Dictionary<(Type Type, int State), string> _machineNames = new();
    private readonly Dictionary<CoTask, WaitStart> _waitStarts = new();
    private ILoopSink[] _sinks = Array.Empty<ILoopSink>();
    private object? _callback;
    private long _sequence;

    public LoopObserver(EventLoop loop) => _loop = loop;

    public bool IsEmpty => _sinks.Length == 0;

    public void Add(ILoopSink sink)
    {
        var sinks = new ILoopSink[_sinks.Length + 1];
        Array.Copy(_sinks, sinks, _sinks.Length);
        sinks[_sinks.Length] = sink;
        _sinks = sinks;
    }

    public bool Remove(ILoopSink sink)
    {
        int i = Array.IndexOf(_sinks, sink);
        if (i < 0)
        {
            return false;
        }

        var sinks = new ILoopSink[_sinks.Length - 1];
        Array.Copy(_sinks, 0, sinks, 0, i);
        Array.Copy(_sinks, i + 1, sinks, i, _sinks.Length - i - 1);
        _sinks = sinks;
        return true;
    }

    public bool Contains(ILoopSink sink) => Array.IndexOf(_sinks, sink) >= 0;

    // When task's current wait began, if it began while observed.
    public bool TryGetWaitStart(CoTask task, out double time, out long frame)
    {
        if (_waitStarts.TryGetValue(task, out WaitStart start))
        {
            time = start.Time;
            frame = start.Frame;
            return true;
        }

        time = double.NaN;
        frame = -1;
        return false;
    }

    // --- Hooks called by the core ----------------------------------------------------------------------------------

    public void Spawned(CoTask task, IEnumerator<Yield> coroutine, TaskGroup? taskGroup)
    {
        SetWaitStart(task);
        Emit(new LoopEvent(LoopEventKind.Spawned, ++_sequence, _loop.Now, _loop.Frame, task, other: _loop.CurrentTask, subject: SiteName(coroutine), detail: GroupView.Of(task._lane, taskGroup)));
    }

    public void StepBegan(CoTask task)
    {
        if (task.IsDone)
        {
            return; // a stale ready-queue entry of a task killed meanwhile: nothing runs
        }

        _waitStarts.Remove(task);
        Emit(new LoopEvent(LoopEventKind.StepBegan, ++_sequence, _loop.Now, _loop.Frame, task, subject: SiteName(task.TopFrame), timestamp: Stopwatch.GetTimestamp()));
    }

    public void Yielded(CoTask task, Yield y) =>
        Emit(new LoopEvent(LoopEventKind.Yielded, ++_sequence, _loop.Now, _loop.Frame, task, instruction: y, number: DueOf(y)));

    public void StepEnded(CoTask task)
    {
        long timestamp = Stopwatch.GetTimestamp();
        if (task.IsDone)
        {
            Emit(new LoopEvent(LoopEventKind.StepEnded, ++_sequence, _loop.Now, _loop.Frame, task, outcome: StepOutcome.Finished, timestamp: timestamp));
            return;
        }

        SetWaitStart(task);
        Yield waitingWith = task.TopFrame?.Current ?? default;
        StepOutcome outcome = task.IsScheduled ? StepOutcome.Ready : StepOutcome.Parked;
        Emit(new LoopEvent(
            LoopEventKind.StepEnded,
            ++_sequence,
            _loop.Now,
            _loop.Frame,
            task,
            subject: outcome == StepOutcome.Parked ? task.ParkedOn : null,
            instruction: waitingWith,
            number: outcome == StepOutcome.Parked ? DueOf(waitingWith) : double.NaN,
            outcome: outcome,
            timestamp: timestamp));
    }

    public void FrameReturned(CoTask task, IEnumerator<Yield> frame, object? value) =>
        Emit(new LoopEvent(LoopEventKind.FrameReturned, ++_sequence, _loop.Now, _loop.Frame, task, subject: SiteName(frame), detail: value));

    public void FrameFailed(CoTask task, IEnumerator<Yield> frame, Exception? error) =>
        Emit(new LoopEvent(LoopEventKind.FrameFailed, ++_sequence, _loop.Now, _loop.Frame, task, subject: SiteName(frame), detail: error));

    public void Woken(CoTask task, WakeCause cause)
    {
        CoTask? waker = _loop.CurrentTask;
        if (ReferenceEquals(waker, task))
        {
            waker = null;
        }

        SetWaitStart(task);
        Emit(new LoopEvent(LoopEventKind.Woken, ++_sequence, _loop.Now, _loop.Frame, task, other: waker, subject: task.ParkedOn, detail: _callback, cause: cause));
    }

    public void CancelRequested(CoTask task, string? message)
    {
        CoTask? by = _loop.CurrentTask;
        Emit(new LoopEvent(LoopEventKind.CancelRequested, ++_sequence, _loop.Now, _loop.Frame, task, other: ReferenceEquals(by, task) ? null : by, subject: message, detail: _callback));
    }

    public void Interrupted(CoTask task, Exception error) =>
        Emit(new LoopEvent(LoopEventKind.Interrupted, ++_sequence, _loop.Now, _loop.Frame, task, subject: error));

    public void Finished(CoTask task)
    {
        _waitStarts.Remove(task);
        LoopEventKind kind = task.State switch
        {
            FutureState.Succeeded => LoopEventKind.Completed,
            FutureState.Failed => LoopEventKind.Failed,
            _ => LoopEventKind.Cancelled,
        };
        object? subject = kind switch
        {
            LoopEventKind.Completed => task.GetResultObjectUnchecked(),
            LoopEventKind.Failed => task.ExceptionUnobserved,
            _ => task.CancelMessage,
        };
        Emit(new LoopEvent(kind, ++_sequence, _loop.Now, _loop.Frame, task, subject: subject));
    }

    public void IterationBegan() => Emit(new LoopEvent(LoopEventKind.IterationBegan, ++_sequence, _loop.Now, _loop.Frame, null));

    public void ClockJumped(double from, double to) =>
        Emit(new LoopEvent(LoopEventKind.ClockJumped, ++_sequence, to, _loop.Frame, null, number: from));

    public void TimersFired(double due, int count, WakeCause cause) =>
        Emit(new LoopEvent(LoopEventKind.TimersFired, ++_sequence, _loop.Now, _loop.Frame, null, number: due, count: count, cause: cause));

    public void CallbackScheduled(CallbackHandle handle, double when) =>
        Emit(new LoopEvent(LoopEventKind.CallbackScheduled, ++_sequence, _loop.Now, _loop.Frame, _loop.CurrentTask, subject: handle, number: when));

    public void CallbackBegan(object callback)
    {
        _callback = callback;
        Emit(new LoopEvent(LoopEventKind.CallbackBegan, ++_sequence, _loop.Now, _loop.Frame, null, subject: callback));
    }

    public void CallbackEnded(object callback)
    {
        _callback = null;
        Emit(new LoopEvent(LoopEventKind.CallbackEnded, ++_sequence, _loop.Now, _loop.Frame, null, subject: callback));
    }

    public void IdleBegan(double timeoutSeconds) =>
        Emit(new LoopEvent(LoopEventKind.IdleBegan, ++_sequence, _loop.Now, _loop.Frame, null, number: timeoutSeconds, timestamp: Stopwatch.GetTimestamp()));

    public void IdleEnded() =>
        Emit(new LoopEvent(LoopEventKind.IdleEnded, ++_sequence, _loop.Now, _loop.Frame, null, timestamp: Stopwatch.GetTimestamp()));

    public void DeadlockFound(DeadlockReport report) =>
        Emit(new LoopEvent(LoopEventKind.DeadlockFound, ++_sequence, _loop.Now, _loop.Frame, null, subject: report));

    // --- Helpers ---------------------------------------------------------------------------------------------------

    // A frame's readable name: the site a generated machine is suspended at, or the iterator's method; cached.
    public string SiteName(IEnumerator<Yield>? frame)
    {
        switch (frame)
        {
            case null:
                return "(none)";
            case ICoroutineMachine machine: // before ICoroutineName, which machines implement too: the site says more
                (Type, int) key = (frame.GetType(), machine.State);
                if (!_machineNames.TryGetValue(key, out string? siteName))
                {
                    _machineNames.Add(key, siteName = CoroutineNames.Of(frame));
                }

                return siteName;
            case ICoroutineName named:
                return named.CoroutineName;
            default:
                Type type = frame.GetType();
                if (!_iteratorNames.TryGetValue(type, out string? name))
                {
                    _iteratorNames.Add(type, name = CoroutineNames.Of(frame));
                }

                return name;
        }
    }

    // When a timed wait is due: loop time for Seconds, a frame number for Frames; NaN for anything else.
    private double DueOf(Yield y) => y.Kind switch
    {
        YieldKind.Seconds when y.Number > 0 => _loop.Now + y.Number,
        YieldKind.Frames when y.Number > 1 => _loop.Frame + y.Number,
        _ => double.NaN,
    };

    private void SetWaitStart(CoTask task) => _waitStarts[task] = new WaitStart(_loop.Now, _loop.Frame);

    private void Emit(in LoopEvent e)
    {
        ILoopSink[] sinks = _sinks;
        for (int i = 0; i < sinks.Length; i++)
        {
            try
            {
                sinks[i].OnEvent(e);
            }
            catch (Exception error)
            {
                // A broken sink must not break the task being stepped: it is removed and reported, never lost.
                _loop.RemoveBrokenSink(sinks[i], error);
            }
        }
    }

    private readonly struct WaitStart
    {
        public readonly double Time;
        public readonly long Frame;

        public WaitStart(double time, long frame)
        {
            Time = time;
            Frame = frame;
        }
    }
}
