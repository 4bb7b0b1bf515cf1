using System;
using System.Globalization;

namespace Engine.Game;

/// <summary>
/// Progress of a long script (loading a level): the script calls <see cref="Report"/> as it goes, and other scripts read
/// <see cref="Value"/> every frame (a progress bar) or wait for it: <c>yield return progress.WaitFor(0.5);</c> or
/// <c>yield return progress.WaitForChange();</c>. A waiter resumes with the value in <c>Co.Result&lt;double&gt;()</c>.
/// </summary>
/// <remarks>Design: a wait source like the loop's queues and events, so waiting allocates nothing and a cancelled waiter
/// leaves nothing behind. It binds to the loop of its first use.</remarks>
public sealed partial class CoProgress
{
    private readonly WaitList<double> _waiters = new();
    private readonly Yield _wait;
    private EventLoop? _loop;
    private double _value;
    private double _staged;
    private string? _stage;
    private long _reports;

    /// <summary>Creates a progress at 0.</summary>
    public CoProgress()
    {
        _wait = Yield.Create(YieldKind.Wait, 0, new ProgressSource(this));
    }

    /// <summary>The last reported value, from 0 to 1.</summary>
    public double Value => _value;

    /// <summary>The stage name given with the last report (such as <c>"textures"</c>), or <see langword="null"/>.</summary>
    public string? Stage => _stage;

    /// <summary><see langword="true"/> once 1 was reported.</summary>
    public bool IsComplete => _value >= 1;

    /// <summary>How many times <see cref="Report"/> was called.</summary>
    public long ReportCount => _reports;

    /// <summary>The number of tasks waiting.</summary>
    public int WaiterCount => _waiters.Count;

    /// <summary>Reports progress: sets <see cref="Value"/> (it may go down, for a new stage) and wakes the tasks waiting for
    /// a change and those waiting for at least this value, in the order they started waiting.</summary>
    /// <param name="value">From 0 to 1.</param>
    /// <param name="stage">An optional stage name.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is NaN or outside 0 to 1.</exception>
    public void Report(double value, string? stage = null)
    {
        CheckFraction(value, nameof(value));
        SyncHelper.CheckLoop(ref _loop, "CoProgress.Report(value)");
        _value = value;
        _stage = stage;
        _reports++;
        for (int n = _waiters.Count; n > 0; n--)
        {
            WaitList<double>.Entry entry = _waiters.Dequeue();
            if (double.IsNaN(entry.Value) || value >= entry.Value)
            {
                entry.Waiter.Wake(value, WakeCause.Future); // an awaited result: same-frame rule (EventLoop.Game.cs)
            }
            else
            {
                _waiters.Enqueue(entry.Waiter, entry.Value);
            }
        }
    }

    /// <summary>Waits until <see cref="Value"/> is at least <paramref name="atLeast"/> (passes at once if it is):
    /// <c>yield return progress.WaitFor(1);</c>.</summary>
    /// <param name="atLeast">From 0 to 1.</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="atLeast"/> is NaN or outside 0 to 1.</exception>
    public Yield WaitFor(double atLeast)
    {
        CheckFraction(atLeast, nameof(atLeast));
        SyncHelper.RequireTask(ref _loop, "CoProgress.WaitFor(atLeast)");
        if (_value >= atLeast)
        {
            return CompletedWaitSource.Yield;
        }

        _staged = atLeast;
        return _wait;
    }

    /// <summary>Waits for the next <see cref="Report"/>: <c>yield return progress.WaitForChange();</c>.</summary>
    /// <returns>The instruction to yield.</returns>
    public Yield WaitForChange()
    {
        SyncHelper.RequireTask(ref _loop, "CoProgress.WaitForChange()");
        _staged = double.NaN;
        return _wait;
    }

    /// <inheritdoc/>
    public override string ToString() =>
        "CoProgress [" + _value.ToString("0.###", CultureInfo.InvariantCulture) + (_stage is null ? string.Empty : " " + _stage) + ", " + _waiters.Count + " waiting]";

    private static void CheckFraction(double value, string paramName)
    {
        if (!(value >= 0 && value <= 1))
        {
            ThrowHelper.ThrowArgumentOutOfRange(paramName, value, "Progress is a fraction from 0 to 1.");
        }
    }

    internal sealed class ProgressSource : WaitSource
    {
        private readonly CoProgress _progress;

        public ProgressSource(CoProgress progress) => _progress = progress;

        public CoProgress Progress => _progress;

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            double threshold = _progress._staged;
            if (!double.IsNaN(threshold) && _progress._value >= threshold)
            {
                return true;
            }

            _progress._waiters.Enqueue(waiter, threshold);
            return false;
        }

        internal override void Remove(CoTask task) => _progress._waiters.Remove(task);

        public override string ToString() => "CoProgress.Wait";
    }
}
