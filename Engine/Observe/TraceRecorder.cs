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
/// Performance: an event is a struct copied into fixed-size chunks, so recording allocates one chunk per 512 events
/// and never copies the events it holds; after <see cref="Clear"/> the chunks are reused.
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
    // Events live in fixed-size chunks, small enough to stay off the large object heap: recording never copies what it
    // already holds (a doubling array copies every event again at each growth and, once large, makes the collector
    // scan it whole), and a recorder that is cleared and reused keeps its chunks.
    private const int ChunkShift = 9;
    private const int ChunkSize = 1 << ChunkShift;
    private readonly List<LoopEvent[]> _chunks = new();
    private LoopEvent[]? _current;
    private int _currentCount = ChunkSize;
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

            return _chunks[index >> ChunkShift][index & (ChunkSize - 1)];
        }
    }

    /// <inheritdoc/>
    public void OnEvent(in LoopEvent e)
    {
        if (_currentCount == ChunkSize)
        {
            NextChunk();
        }

        _current![_currentCount++] = e;
        _count++;
    }

    /// <summary>The events recorded so far, in order (a copy).</summary>
    /// <returns>The events.</returns>
    public LoopEvent[] ToArray()
    {
        var copy = new LoopEvent[_count];
        for (int i = 0, at = 0; at < _count; i++, at += ChunkSize)
        {
            Array.Copy(_chunks[i], 0, copy, at, Math.Min(ChunkSize, _count - at));
        }

        return copy;
    }

    /// <summary>Forgets every event recorded (and the objects they refer to).</summary>
    public void Clear()
    {
        for (int i = 0, at = 0; at < _count; i++, at += ChunkSize)
        {
            Array.Clear(_chunks[i], 0, Math.Min(ChunkSize, _count - at));
        }

        _count = 0;
        _current = null;
        _currentCount = ChunkSize;
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

    // The chunk after the current one: reused after Clear, or new.
    private void NextChunk()
    {
        int index = _count >> ChunkShift;
        if (index == _chunks.Count)
        {
            _chunks.Add(new LoopEvent[ChunkSize]);
        }

        _current = _chunks[index];
        _currentCount = 0;
    }
}
