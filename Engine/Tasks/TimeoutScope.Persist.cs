using Engine.Persist;

namespace Engine;

// Whole-loop saves (Engine/World): a scope a task runs in (its frame, TimeoutScope.RunMachine, refers to it) and its
// deadline timer, a callback to OnDeadline that the timer queue saves by name with this scope as its target. Created
// first from its constructor's values and filled afterwards, because it refers back to its task and its timer. The
// signal it interrupted the task with is saved by identity, so a restored body that unwinds still ends the scope that
// sent it. Cold path.
public sealed partial class TimeoutScope
{
    internal static TimeoutScope CreateRestored(FieldReader fields) =>
        new(fields.Get<double>("Delay"), double.NaN, fields.Get<bool>("Raise"));

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Delay", _delay);
        fields.Add("Raise", _raise);
        fields.Add("Deadline", _deadline);
        fields.Add("Task", _task);
        fields.Add("Timer", _timer);
        fields.Add("Signal", (System.Exception?)_signal);
        fields.Add("Entered", _entered);
        fields.Add("Exited", _exited);
        fields.Add("Expired", _expired);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _deadline = fields.Get<double>("Deadline");
        _task = fields.Get<CoTask>("Task");
        _timer = fields.Get<CallbackHandle>("Timer");
        _signal = (CancelledException?)fields.Get<System.Exception>("Signal");
        _entered = fields.Get<bool>("Entered");
        _exited = fields.Get<bool>("Exited");
        _expired = fields.Get<bool>("Expired");
    }
}
