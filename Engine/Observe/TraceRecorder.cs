using System;
using System.Collections.Generic;
using System.IO;

namespace Engine.Observe;

/// <summary>
/// A sink that records every event of a run, to look at afterwards: as a <see cref="Timeline"/> exported to a Chrome
/// trace / Perfetto file (<see cref="WriteChromeTrace(string, TimelineAxis)"/>) or a self-contained HTML page with an
/// SVG picture (<see cref="WriteHtml(string, string, TimelineAxis)"/>), or event by event.
/// </summary>
/// <remarks>
/// Performance: an event is a struct copied into a growing array, so recording allocates only when the array doubles.
/// The events refer to the loop's tasks and the values they carried, which stay alive until <see cref="Clear"/>.
/// </remarks>
/// <example>
/// <code>
/// var recorder = new TraceRecorder();
/// loop.AddSink(recorder);
/// loop.Run(Main());
/// recorder.WriteHtml("timeline.html", "My program");
/// </code>
/// </example>
public sealed class TraceRecorder : ILoopSink
{
    private LoopEvent[] _events = new LoopEvent[256];
    private int _count;

    /// <summary>The number of events recorded.</summary>
    public int Count => _count;

    /// <summary>The <paramref name="index"/>-th event recorded (0 is the first).</summary>
    /// <param name="index">From 0 to <see cref="Count"/> - 1.</param>
    /// <returns>The event.</returns>
    public LoopEvent this[int index]
    {
        get
        {
            if ((uint)index >= (uint)_count)
            {
                ThrowHelper.ThrowArgumentOutOfRange(nameof(index), index, "The index must be from 0 to Count - 1.");
            }

            return _events[index];
        }
    }

    /// <inheritdoc/>
    public void OnEvent(in LoopEvent e)
    {
        if (_count == _events.Length)
        {
            Array.Resize(ref _events, _count * 2);
        }

        _events[_count++] = e;
    }

    /// <summary>The events recorded so far, in order (a copy).</summary>
    /// <returns>The events.</returns>
    public LoopEvent[] ToArray()
    {
        var copy = new LoopEvent[_count];
        Array.Copy(_events, copy, _count);
        return copy;
    }

    /// <summary>Forgets every event recorded (and the objects they refer to).</summary>
    public void Clear()
    {
        Array.Clear(_events, 0, _count);
        _count = 0;
    }

    /// <summary>The recorded run as a timeline: one lane per task with its steps, waits and wake-ups.</summary>
    /// <param name="axis">Loop time (the default) or frames along the horizontal axis.</param>
    /// <returns>The timeline.</returns>
    public Timeline ToTimeline(TimelineAxis axis = TimelineAxis.Time) => Timeline.Build(ToArray(), axis);

    /// <summary>Writes the recorded run as a Chrome trace event file, which Perfetto (ui.perfetto.dev) and
    /// <c>chrome://tracing</c> open: one track per task, slices for steps and waits, flow arrows for wake-ups.</summary>
    /// <param name="path">The file to write (conventionally <c>.json</c>).</param>
    /// <param name="axis">Loop time or frames.</param>
    public void WriteChromeTrace(string path, TimelineAxis axis = TimelineAxis.Time) => File.WriteAllText(path, ToTimeline(axis).ToChromeTraceJson());

    /// <summary>Writes the recorded run as a self-contained HTML page with an SVG timeline that any browser opens
    /// without a network.</summary>
    /// <param name="path">The file to write (conventionally <c>.html</c>).</param>
    /// <param name="title">The page's title.</param>
    /// <param name="axis">Loop time or frames.</param>
    public void WriteHtml(string path, string title, TimelineAxis axis = TimelineAxis.Time) => File.WriteAllText(path, ToTimeline(axis).ToHtml(title));

    internal IReadOnlyList<LoopEvent> Events => new ArraySegment<LoopEvent>(_events, 0, _count);
}
