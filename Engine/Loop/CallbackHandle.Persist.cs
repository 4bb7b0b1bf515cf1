using System;
using Engine.Persist;

namespace Engine;

// Whole-loop saves (Engine/World): a callback in the ready or timer queue. Its delegate is saved by name when it can be
// named faithfully (SavedDelegates: a static method, or an instance method of a saved object); a cancelled callback
// keeps only its name, which traces print when the loop skips it. Created first and filled afterwards, because its
// target may refer back to it (a Co.Wait's timeout timer). Cold path.
public sealed partial class CallbackHandle
{
    private string? _restoredName;

    internal static CallbackHandle CreateRestored(double when) => new(null, null, null, when);

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("When", When);
        fields.Add("Cancelled", _cancelled);
        fields.Add("Ran", _ran);
        fields.Add("Name", Describe());
        if (_cancelled || _ran)
        {
            return; // never runs again: only its name is used
        }

        if (_action is not null)
        {
            fields.Add("Action", (Delegate)_action);
        }
        else
        {
            fields.Add("Callback", (Delegate?)_callback);
            fields.Add("State", _state);
        }
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _cancelled = fields.Get<bool>("Cancelled");
        _ran = fields.Get<bool>("Ran");
        _restoredName = fields.Get<string>("Name");
        _action = fields.Get<Action>("Action");
        _callback = fields.Get<Action<object?>>("Callback");
        _state = fields.Get<object>("State");
        if (!_cancelled && !_ran && _action is null && _callback is null)
        {
            throw new ArgumentException("A saved callback '" + _restoredName + "' has no delegate to run.");
        }
    }
}
