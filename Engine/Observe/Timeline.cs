using System;
using System.Collections.Generic;
using System.Globalization;

namespace Engine.Observe;

/// <summary>
/// A recorded run laid out as a picture: one lane per task, slices for its steps, waits and turns on the ready queue,
/// arrows for who woke or spawned whom, marks for spawns, ends, clock jumps and deadlocks. Export it with
/// <see cref="ToChromeTraceJson"/> (Perfetto, <c>chrome://tracing</c>) or <see cref="ToHtml(string)"/> (a
/// self-contained page with an SVG). Build one with <see cref="TraceRecorder.ToTimeline(TimelineAxis)"/>.
/// </summary>
/// <remarks>
/// Positions (<see cref="TimelineSlice.Start"/>, <see cref="TimelineArrow.From"/>...) are on one scale in
/// microseconds: the axis value (loop time, or frames at 1,000 per frame) where time moved, and one more unit per
/// event where it stood still. So the steps that share one instant of virtual time lie side by side in the order the
/// loop ran them, and the picture is the same on every run of the same program on the virtual and frame clocks.
/// </remarks>
public sealed class Timeline
{
    private Timeline(TimelineAxis axis, List<TimelineLane> lanes, List<TimelineSlice> slices, List<TimelineArrow> arrows, List<TimelineMark> marks, List<(double Value, double Start, double End)> instants, double end)
    {
        Axis = axis;
        Lanes = lanes;
        Slices = slices;
        Arrows = arrows;
        Marks = marks;
        Instants = instants;
        End = end;
    }

    /// <summary>Loop time or frames.</summary>
    public TimelineAxis Axis { get; }

    /// <summary>One lane per task, in spawn order.</summary>
    public IReadOnlyList<TimelineLane> Lanes { get; }

    /// <summary>Steps, waits and ready-queue turns, in the order they began.</summary>
    public IReadOnlyList<TimelineSlice> Slices { get; }

    /// <summary>Wake-ups and spawns.</summary>
    public IReadOnlyList<TimelineArrow> Arrows { get; }

    /// <summary>Spawns, ends, cancel requests, clock jumps and deadlocks.</summary>
    public IReadOnlyList<TimelineMark> Marks { get; }

    /// <summary>The last position.</summary>
    public double End { get; }

    // The distinct axis values (times or frames) events happened at, with the span of positions each covers.
    internal IReadOnlyList<(double Value, double Start, double End)> Instants { get; }

    /// <summary>The timeline as a Chrome trace event JSON document (one track per task, slices for steps and waits,
    /// flow arrows for wake-ups, instant events for spawns and clock jumps).</summary>
    /// <returns>The JSON text.</returns>
    public string ToChromeTraceJson() => ChromeTraceWriter.Write(this);

    /// <summary>The timeline as a self-contained HTML page with an inline SVG: no script, no network.</summary>
    /// <param name="title">The page's title and heading.</param>
    /// <returns>The HTML text.</returns>
    public string ToHtml(string title) => HtmlTimelineWriter.Write(this, title ?? "Timeline");

    internal static Timeline Build(LoopEvent[] events, TimelineAxis axis)
    {
        var builder = new Builder(axis);
        foreach (LoopEvent e in events)
        {
            builder.Add(e);
        }

        return builder.Finish();
    }

    internal static string AxisLabel(TimelineAxis axis, double value) =>
        axis == TimelineAxis.Frames ? "frame " + value.ToString(CultureInfo.InvariantCulture) : "t=" + value.ToString("0.###", CultureInfo.InvariantCulture);

    private sealed class Builder
    {
        private readonly TimelineAxis _axis;
        private readonly double _unit;
        private readonly Dictionary<CoTask, int> _lanes = new();
        private readonly List<(CoTask Task, string Coroutine)> _laneTasks = new();
        private readonly Dictionary<CoTask, string> _laneGroups = new();
        private readonly Dictionary<CoTask, OpenStep> _steps = new();
        private readonly Dictionary<CoTask, OpenWait> _waits = new();
        private readonly Dictionary<CoTask, List<PendingArrow>> _pending = new();
        private readonly List<TimelineSlice> _slices = new();
        private readonly List<TimelineArrow> _arrows = new();
        private readonly List<TimelineMark> _marks = new();
        private readonly List<(double Value, double Start, double End)> _instants = new();
        private double _cursor;

        public Builder(TimelineAxis axis)
        {
            _axis = axis;
            _unit = axis == TimelineAxis.Frames ? 1000 : 1e6;
        }

        public void Add(in LoopEvent e)
        {
            if (e.Kind is LoopEventKind.IterationBegan or LoopEventKind.CallbackEnded or LoopEventKind.IdleEnded or LoopEventKind.CallbackScheduled)
            {
                return;
            }

            double value = _axis == TimelineAxis.Frames ? e.Frame : e.Time;
            double at = Place(value);
            CoTask? task = e.Task;
            switch (e.Kind)
            {
                case LoopEventKind.Spawned:
                    int lane = Lane(task!, (string?)e.Subject ?? "?");
                    if (e.Group is { } group)
                    {
                        _laneGroups[task!] = group.ToString();
                    }

                    _marks.Add(new TimelineMark(TimelineMarkKind.Spawned, lane, at, e.Time, "spawn " + e.Subject + (e.Other is null ? string.Empty : " by " + e.Other.Name)));
                    if (e.Other is not null)
                    {
                        Pend(task!, new PendingArrow(TimelineArrowKind.Spawn, Lane(e.Other, "?"), at, "spawn"));
                    }

                    break;
                case LoopEventKind.StepBegan:
                    CloseWait(task!, at, string.Empty);
                    _steps[task!] = new OpenStep(at, e.Time, e.Frame, (string?)e.Subject ?? "?", e.Timestamp);
                    if (_pending.TryGetValue(task!, out List<PendingArrow>? arrows))
                    {
                        foreach (PendingArrow p in arrows)
                        {
                            _arrows.Add(new TimelineArrow(p.Kind, p.FromLane, p.From, Lane(task!, "?"), at, p.Label));
                        }

                        _pending.Remove(task!);
                    }

                    break;
                case LoopEventKind.Yielded:
                    if (_steps.TryGetValue(task!, out OpenStep? yielding))
                    {
                        yielding.LastYield = e.Instruction.ToString();
                    }

                    break;
                case LoopEventKind.StepEnded:
                    if (_steps.TryGetValue(task!, out OpenStep? step))
                    {
                        _steps.Remove(task!);
                        double wallMicros = LoopEvent.Seconds(step.Timestamp, e.Timestamp) * 1e6;
                        _slices.Add(new TimelineSlice(
                            Lane(task!, "?"),
                            TimelineSliceKind.Step,
                            step.Start,
                            at,
                            step.Time,
                            step.Frame,
                            step.Site,
                            (step.LastYield is null ? "ran" : "yielded " + step.LastYield) + "; " + wallMicros.ToString("0.#", CultureInfo.InvariantCulture) + " µs"));
                    }

                    if (e.Outcome != StepOutcome.Finished)
                    {
                        string label = e.Outcome == StepOutcome.Ready ? "next tick" : LoopEventText.WaitTarget(e.Subject, e.Instruction) + Due(e);
                        _waits[task!] = new OpenWait(at, e.Time, e.Frame, label, e.Outcome == StepOutcome.Ready);
                    }

                    break;
                case LoopEventKind.Woken:
                    string cause = e.Cause switch
                    {
                        WakeCause.Timer => "timer",
                        WakeCause.Frames => "frames",
                        WakeCause.Poll => "predicate",
                        WakeCause.Socket => "socket",
                        WakeCause.Timeout => "socket timeout",
                        _ => LoopEventText.WaitTarget(e.Subject, default),
                    };
                    if (_waits.TryGetValue(task!, out OpenWait wait) && !wait.Ready)
                    {
                        _waits[task!] = wait.Woken(at, cause + (e.Other is null ? string.Empty : " (" + e.Other.Name + ")"));
                    }

                    Pend(task!, new PendingArrow(TimelineArrowKind.Wake, e.Other is null ? -1 : Lane(e.Other, "?"), at, cause));
                    break;
                case LoopEventKind.CancelRequested:
                    _marks.Add(new TimelineMark(TimelineMarkKind.CancelRequested, Lane(task!, "?"), at, e.Time, "cancel requested" + (e.Other is null ? string.Empty : " by " + e.Other.Name)));
                    break;
                case LoopEventKind.Completed:
                case LoopEventKind.Failed:
                case LoopEventKind.Cancelled:
                    CloseWait(task!, at, e.Kind.ToString().ToLowerInvariant());
                    TimelineMarkKind kind = e.Kind == LoopEventKind.Completed ? TimelineMarkKind.Completed : e.Kind == LoopEventKind.Failed ? TimelineMarkKind.Failed : TimelineMarkKind.Cancelled;
                    string what = e.Kind == LoopEventKind.Failed ? "failed: " + LoopEvent.ExceptionText(e.Subject) : e.Kind.ToString().ToLowerInvariant();
                    _marks.Add(new TimelineMark(kind, Lane(task!, "?"), at, e.Time, what));
                    _pending.Remove(task!);
                    break;
                case LoopEventKind.ClockJumped:
                    _marks.Add(new TimelineMark(TimelineMarkKind.ClockJump, -1, at, e.Time, "clock jumps from " + LoopEventText.Time(e.Number) + " to " + LoopEventText.Time(e.Time)));
                    break;
                case LoopEventKind.DeadlockFound:
                    _marks.Add(new TimelineMark(TimelineMarkKind.Deadlock, -1, at, e.Time, "deadlock: " + (e.Subject as DeadlockReport)?.Kind));
                    break;
            }
        }

        public Timeline Finish()
        {
            double end = Place(double.NegativeInfinity);
            foreach (KeyValuePair<CoTask, OpenWait> open in _waits)
            {
                AddWait(Lane(open.Key, "?"), open.Value, end, "still waiting");
            }

            // Lanes in spawn order (task ids); tasks first seen without a spawn event keep their order of appearance.
            var order = new List<(CoTask Task, string Coroutine)>(_laneTasks);
            order.Sort((a, b) => a.Task.Id.CompareTo(b.Task.Id));
            var renumber = new int[order.Count];
            var lanes = new List<TimelineLane>(order.Count);
            for (int i = 0; i < order.Count; i++)
            {
                renumber[_lanes[order[i].Task]] = i;
                lanes.Add(new TimelineLane(i, order[i].Task.Id, order[i].Task.Name, order[i].Coroutine, _laneGroups.TryGetValue(order[i].Task, out string? group) ? group : string.Empty));
            }

            var slices = _slices.ConvertAll(s => new TimelineSlice(renumber[s.Lane], s.Kind, s.Start, s.End, s.Time, s.Frame, s.Label, s.Detail));
            slices.Sort((a, b) => a.Start.CompareTo(b.Start));
            var arrows = _arrows.ConvertAll(a => new TimelineArrow(a.Kind, a.FromLane < 0 ? -1 : renumber[a.FromLane], a.From, renumber[a.ToLane], a.To, a.Label));
            var marks = _marks.ConvertAll(m => new TimelineMark(m.Kind, m.Lane < 0 ? -1 : renumber[m.Lane], m.At, m.Time, m.Label));
            return new Timeline(_axis, lanes, slices, arrows, marks, _instants, end);
        }

        // The position of the next event: the axis value where it moved on, one unit past the last event otherwise.
        private double Place(double value)
        {
            double scaled = value * _unit;
            if (scaled > _cursor || _instants.Count == 0)
            {
                _cursor = Math.Max(_cursor, scaled);
                if (!double.IsNegativeInfinity(value))
                {
                    _instants.Add((value, _cursor, _cursor));
                }
            }

            double at = _cursor;
            _cursor += 1;
            if (_instants.Count > 0)
            {
                (double v, double s, _) = _instants[_instants.Count - 1];
                _instants[_instants.Count - 1] = (v, s, at);
            }

            return at;
        }

        private int Lane(CoTask task, string coroutine)
        {
            if (!_lanes.TryGetValue(task, out int lane))
            {
                lane = _laneTasks.Count;
                _lanes.Add(task, lane);
                _laneTasks.Add((task, coroutine));
            }

            return lane;
        }

        private void Pend(CoTask task, PendingArrow arrow)
        {
            if (!_pending.TryGetValue(task, out List<PendingArrow>? list))
            {
                _pending.Add(task, list = new List<PendingArrow>());
            }

            list.Add(arrow);
        }

        private void CloseWait(CoTask task, double at, string how)
        {
            if (_waits.TryGetValue(task, out OpenWait wait))
            {
                _waits.Remove(task);
                AddWait(Lane(task, "?"), wait, at, how);
            }
        }

        private void AddWait(int lane, OpenWait wait, double end, string how)
        {
            if (wait.Ready)
            {
                _slices.Add(new TimelineSlice(lane, TimelineSliceKind.Ready, wait.Start, end, wait.Time, wait.Frame, wait.Label, "on the ready queue"));
                return;
            }

            double wokenAt = double.IsNaN(wait.WokenAt) ? end : wait.WokenAt;
            _slices.Add(new TimelineSlice(lane, TimelineSliceKind.Waiting, wait.Start, wokenAt, wait.Time, wait.Frame, wait.Label,
                wait.WokenBy is null ? how : "woken by " + wait.WokenBy));
            if (!double.IsNaN(wait.WokenAt) && end > wait.WokenAt)
            {
                _slices.Add(new TimelineSlice(lane, TimelineSliceKind.Ready, wait.WokenAt, end, wait.Time, wait.Frame, "ready", "woken by " + wait.WokenBy));
            }
        }

        private static string Due(in LoopEvent e) =>
            double.IsNaN(e.Number) ? string.Empty :
            e.Instruction.Kind == YieldKind.Frames ? " until frame " + e.Number.ToString(CultureInfo.InvariantCulture) : " until " + LoopEventText.Time(e.Number);

        private sealed class OpenStep
        {
            public OpenStep(double start, double time, long frame, string site, long timestamp)
            {
                Start = start;
                Time = time;
                Frame = frame;
                Site = site;
                Timestamp = timestamp;
            }

            public double Start { get; }

            public double Time { get; }

            public long Frame { get; }

            public string Site { get; }

            public long Timestamp { get; }

            public string? LastYield { get; set; }
        }

        private readonly struct OpenWait
        {
            public OpenWait(double start, double time, long frame, string label, bool ready, double wokenAt = double.NaN, string? wokenBy = null)
            {
                Start = start;
                Time = time;
                Frame = frame;
                Label = label;
                Ready = ready;
                WokenAt = wokenAt;
                WokenBy = wokenBy;
            }

            public double Start { get; }

            public double Time { get; }

            public long Frame { get; }

            public string Label { get; }

            public bool Ready { get; }

            public double WokenAt { get; }

            public string? WokenBy { get; }

            public OpenWait Woken(double at, string by) => new(Start, Time, Frame, Label, Ready, at, by);
        }

        private readonly struct PendingArrow
        {
            public PendingArrow(TimelineArrowKind kind, int fromLane, double from, string label)
            {
                Kind = kind;
                FromLane = fromLane;
                From = from;
                Label = label;
            }

            public TimelineArrowKind Kind { get; }

            public int FromLane { get; }

            public double From { get; }

            public string Label { get; }
        }
    }
}
