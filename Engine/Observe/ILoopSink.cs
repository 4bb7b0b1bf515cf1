namespace Engine.Observe;

/// <summary>
/// Receives the structured events of an <see cref="EventLoop"/>: every scheduler decision, in order, on the loop's
/// thread. Attach one with <see cref="EventLoop.AddSink(ILoopSink)"/>. The text trace (<see cref="EventLoop.Trace"/>),
/// <see cref="TraceRecorder"/> and <see cref="LoopProfiler"/> are sinks.
/// </summary>
/// <remarks>
/// A sink runs inside the scheduler (in the middle of a task's step, or while a lock hands itself over), so it must
/// only record or print: it must not spawn, cancel, complete futures or run the loop. A sink that throws is removed and
/// its exception reported to <see cref="EventLoop.ExceptionHandler"/>; the loop keeps running.
/// </remarks>
public interface ILoopSink
{
    /// <summary>Called once per event, in the order the loop makes its decisions.</summary>
    /// <param name="e">The event; valid only during the call (copy it to keep it).</param>
    void OnEvent(in LoopEvent e);
}
