using System;
using System.Diagnostics;

namespace Engine.Observe;

/// <summary>
/// One scheduler decision of an <see cref="EventLoop"/>, as data: what happened (<see cref="Kind"/>), to which task,
/// when (loop time, frame, sequence number), and the details <see cref="LoopEventKind"/> lists for each kind.
/// </summary>
/// <remarks>
/// Design: a readonly struct handed to sinks by reference, so an event costs nothing on the heap; a recorder copies it
/// into an array. It refers to live objects (tasks, futures, the values and exceptions they carry), so a recording
/// keeps them alive until it is cleared. <see cref="ToString"/> gives the line the text trace prints.
/// </remarks>
public readonly struct LoopEvent
{
    internal LoopEvent(
        LoopEventKind kind,
        long sequence,
        double time,
        long frame,
        CoTask? task,
        CoTask? other = null,
        object? subject = null,
        object? detail = null,
        Yield instruction = default,
        double number = double.NaN,
        int count = 0,
        WakeCause cause = default,
        StepOutcome outcome = default,
        long timestamp = 0)
    {
        Kind = kind;
        Sequence = sequence;
        Time = time;
        Frame = frame;
        Task = task;
        Other = other;
        Subject = subject;
        Detail = detail;
        Instruction = instruction;
        Number = number;
        Count = count;
        Cause = cause;
        Outcome = outcome;
        Timestamp = timestamp;
    }

    /// <summary>What happened.</summary>
    public LoopEventKind Kind { get; }

    /// <summary>The event's number: 1, 2, 3... in the order the loop emitted them since the first sink was attached.</summary>
    public long Sequence { get; }

    /// <summary>The loop time (<see cref="EventLoop.Time"/>).</summary>
    public double Time { get; }

    /// <summary>The loop iteration (<see cref="EventLoop.Frame"/>).</summary>
    public long Frame { get; }

    /// <summary>The task concerned, if any.</summary>
    public CoTask? Task { get; }

    /// <summary>A second task: who spawned, woke or cancelled <see cref="Task"/> (see <see cref="LoopEventKind"/>).</summary>
    public CoTask? Other { get; }

    /// <summary>What the event is about: a site name, a waiter, a result, an exception (see <see cref="LoopEventKind"/>).</summary>
    public object? Subject { get; }

    /// <summary>A further detail: a returned value, an exception, the callback running during a wake-up.</summary>
    public object? Detail { get; }

    /// <summary>The instruction yielded (<see cref="LoopEventKind.Yielded"/>) or waited with (<see cref="LoopEventKind.StepEnded"/>).</summary>
    public Yield Instruction { get; }

    /// <summary>A number whose meaning depends on the kind: a due time or frame, the time a jump started from; NaN when unused.</summary>
    public double Number { get; }

    /// <summary>A count (<see cref="LoopEventKind.TimersFired"/>: entries fired).</summary>
    public int Count { get; }

    /// <summary>What woke the task (<see cref="LoopEventKind.Woken"/>; Timer or Frames for <see cref="LoopEventKind.TimersFired"/>).</summary>
    public WakeCause Cause { get; }

    /// <summary>How the step ended (<see cref="LoopEventKind.StepEnded"/>).</summary>
    public StepOutcome Outcome { get; }

    /// <summary>A <see cref="Stopwatch.GetTimestamp"/> reading for step and idle events (0 for the others): wall time
    /// spent stepping, even on the virtual clock.</summary>
    public long Timestamp { get; }

    /// <summary>The group the task was spawned into (<see cref="LoopEventKind.Spawned"/>: its script group and phase, its
    /// TaskGroup), or <see langword="null"/> for a task of no group and for other kinds.</summary>
    public GroupView? Group => Kind == LoopEventKind.Spawned ? Detail as GroupView : null;

    /// <summary>The event as the text trace prints it, such as <c>1.000 Task-2 woken by timer</c>.</summary>
    public override string ToString() => LoopEventText.Format(this);

    internal static double Seconds(long fromTimestamp, long toTimestamp) => (toTimestamp - fromTimestamp) / (double)Stopwatch.Frequency;

    internal static string TypeName(object? value) => value is null ? "null" : value is ValueBox box ? box.BoxedValue?.GetType().Name ?? "null" : value.GetType().Name;

    internal static string ExceptionText(object? error) => error is Exception e ? e.GetType().Name + ": " + e.Message : error?.ToString() ?? "?";
}
