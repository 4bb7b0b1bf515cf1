using System;

namespace Engine.Observe;

// The text trace (EventLoop.Trace) as a sink: one line per event, and a "frame N" line before the first event of each
// iteration that does something. Iteration starts and callback ends print nothing (they would bury the decisions), and
// wall-clock readings are left out, so the same program prints the same lines on every run on the virtual and frame
// clocks.
internal sealed class TextTrace : ILoopSink
{
    private readonly Action<string> _write;
    private long _frame = -1;

    public TextTrace(Action<string> write) => _write = write;

    public void OnEvent(in LoopEvent e)
    {
        if (e.Kind is LoopEventKind.IterationBegan or LoopEventKind.CallbackEnded or LoopEventKind.IdleEnded)
        {
            return;
        }

        if (e.Frame != _frame)
        {
            if (_frame >= 0)
            {
                _write("frame " + e.Frame);
            }

            _frame = e.Frame;
        }

        _write(LoopEventText.Format(e));
    }
}
