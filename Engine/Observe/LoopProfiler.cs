using System;
using System.Collections.Generic;

namespace Engine.Observe;

/// <summary>
/// A sink that profiles a run: wall time spent stepping each task and at each suspension site, the slowest steps with
/// their sites, wake-ups counted by cause, and time idle against time stepping. Read it with <see cref="GetReport"/>
/// (data, and a readable table through its <see cref="ProfileReport.ToString"/>).
/// </summary>
/// <remarks>
/// Times are wall time on the loop's thread, read with <see cref="System.Diagnostics.Stopwatch"/> around every step:
/// on a thread the OS does not preempt that is its CPU time. A step is charged to the site it resumed at (where the code
/// that ran starts): a generated machine's <c>file:line</c>, or a compiler iterator's method.
/// </remarks>
public sealed class LoopProfiler : ILoopSink
{
    private const int SlowestKept = 10;
    private readonly Dictionary<long, ProfileEntry> _tasks = new();
    private readonly Dictionary<string, ProfileEntry> _sites = new(StringComparer.Ordinal);
    private readonly List<SlowStep> _slowest = new();
    private readonly long[] _wakes = new long[8];
    private readonly Dictionary<CoTask, (string Site, long Timestamp)> _running = new();
    private long _idleSince;
    private long _idleTicks;
    private long _stepTicks;
    private long _steps;
    private long _first;
    private long _last;

    /// <inheritdoc/>
    public void OnEvent(in LoopEvent e)
    {
        if (e.Timestamp != 0)
        {
            _first = _first == 0 ? e.Timestamp : _first;
            _last = e.Timestamp;
        }

        switch (e.Kind)
        {
            case LoopEventKind.StepBegan:
                _running[e.Task!] = ((string?)e.Subject ?? "?", e.Timestamp);
                break;
            case LoopEventKind.StepEnded when _running.TryGetValue(e.Task!, out (string Site, long Timestamp) step):
                _running.Remove(e.Task!);
                long ticks = e.Timestamp - step.Timestamp;
                _steps++;
                _stepTicks += ticks;
                Charge(_tasks, e.Task!.Id, e.Task.Name, ticks);
                Charge(_sites, step.Site, step.Site, ticks);
                KeepIfSlow(new SlowStep(e.Task.Id, e.Task.Name, step.Site, e.Outcome == StepOutcome.Finished ? "(finished)" : e.Instruction.ToString(),
                    LoopEvent.Seconds(0, ticks), e.Time, e.Frame));
                break;
            case LoopEventKind.Woken:
                _wakes[(int)e.Cause]++;
                break;
            case LoopEventKind.IdleBegan:
                _idleSince = e.Timestamp;
                break;
            case LoopEventKind.IdleEnded when _idleSince != 0:
                _idleTicks += e.Timestamp - _idleSince;
                _idleSince = 0;
                break;
        }
    }

    /// <summary>The profile so far.</summary>
    /// <returns>A snapshot: tasks and sites by time spent, most first.</returns>
    public ProfileReport GetReport()
    {
        var wakes = new Dictionary<WakeCause, long>();
        foreach (WakeCause cause in (WakeCause[])Enum.GetValues(typeof(WakeCause)))
        {
            if (_wakes[(int)cause] > 0)
            {
                wakes[cause] = _wakes[(int)cause];
            }
        }

        return new ProfileReport(
            Sorted(_tasks.Values),
            Sorted(_sites.Values),
            _slowest.ToArray(),
            wakes,
            _steps,
            LoopEvent.Seconds(0, _stepTicks),
            LoopEvent.Seconds(0, _idleTicks),
            LoopEvent.Seconds(_first, _last));
    }

    /// <summary>Forgets everything measured so far.</summary>
    public void Reset()
    {
        _tasks.Clear();
        _sites.Clear();
        _slowest.Clear();
        _running.Clear();
        Array.Clear(_wakes, 0, _wakes.Length);
        _idleSince = _idleTicks = _stepTicks = _steps = _first = _last = 0;
    }

    private static void Charge<TKey>(Dictionary<TKey, ProfileEntry> entries, TKey key, string name, long ticks)
        where TKey : notnull
    {
        if (!entries.TryGetValue(key, out ProfileEntry? entry))
        {
            entries.Add(key, entry = new ProfileEntry(name));
        }

        entry.Add(ticks);
    }

    private static ProfileLine[] Sorted(IEnumerable<ProfileEntry> entries)
    {
        var lines = new List<ProfileLine>();
        foreach (ProfileEntry entry in entries)
        {
            lines.Add(new ProfileLine(entry.Name, entry.Steps, LoopEvent.Seconds(0, entry.Ticks), LoopEvent.Seconds(0, entry.MaxTicks)));
        }

        lines.Sort((a, b) => b.Seconds != a.Seconds ? b.Seconds.CompareTo(a.Seconds) : string.CompareOrdinal(a.Name, b.Name));
        return lines.ToArray();
    }

    private void KeepIfSlow(SlowStep step)
    {
        if (_slowest.Count == SlowestKept && _slowest[SlowestKept - 1].Seconds >= step.Seconds)
        {
            return;
        }

        int i = _slowest.Count;
        while (i > 0 && _slowest[i - 1].Seconds < step.Seconds)
        {
            i--;
        }

        _slowest.Insert(i, step);
        if (_slowest.Count > SlowestKept)
        {
            _slowest.RemoveAt(SlowestKept);
        }
    }

    private sealed class ProfileEntry
    {
        public ProfileEntry(string name) => Name = name;

        public string Name { get; }

        public long Steps { get; private set; }

        public long Ticks { get; private set; }

        public long MaxTicks { get; private set; }

        public void Add(long ticks)
        {
            Steps++;
            Ticks += ticks;
            MaxTicks = Math.Max(MaxTicks, ticks);
        }
    }
}
