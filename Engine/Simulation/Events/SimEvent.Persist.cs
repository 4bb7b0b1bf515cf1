using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots (SimEnvironment.Save): an event saves its state, outcome (a value, or the exception it failed
// with) and callbacks in the order they run.
// A waiting process is saved only while its registration is live; a condition listening to the event is saved as a
// reference; a delegate callback (AddCallback with a lambda) cannot be saved and is reported. Each kind of event adds
// its own members (WriteKind/ReadKind). Restoring re-registers every callback in saved order. Cold path.
public partial class SimEvent
{
    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("State", _state);
        fields.Add("Ok", _ok);
        fields.Add("Defused", _defused);
        fields.Add("Value", _value); // a failed event's exception too (saved as exceptions are, see docs/save-restore.md)

        var targets = new List<object>();
        if (_callbacks is RingBuffer<Callback> list)
        {
            for (int i = 0; i < list.Count; i++)
            {
                AddSavedCallback(fields.Writer, targets, list[i].Target, list[i].Version);
            }
        }
        else if (_callbacks is not null)
        {
            AddSavedCallback(fields.Writer, targets, _callbacks, _singleVersion);
        }

        fields.Add("Callbacks", targets.Count == 0 ? null : targets);
        WriteKind(fields);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _state = fields.Get<EventState>("State");
        _ok = fields.Get<bool>("Ok");
        _defused = fields.Get<bool>("Defused");
        ReadKind(fields);
        _value = fields.Get<object>("Value");
        foreach (object target in fields.Get<List<object>>("Callbacks") ?? new List<object>())
        {
            AddCallbackEntry(target, target is CoTask task ? task.ParkForRestore(this) : 0);
        }
    }

    // The members of this kind of event; the event's constructor-time members are written by the converter.
    private protected virtual void WriteKind(FieldWriter fields)
    {
    }

    private protected virtual void ReadKind(FieldReader fields)
    {
    }

    private static void AddSavedCallback(GraphWriter writer, List<object> targets, object target, int version)
    {
        if (target is CoTask task)
        {
            if (task.IsParkedWith(version))
            {
                targets.Add(task);
            }
        }
        else if (target is IEventCallback)
        {
            targets.Add(target);
        }
        else
        {
            writer.AddProblem("has a callback " + ((System.Delegate)target).Method.Name + " (a delegate, such as a lambda passed to AddCallback): a snapshot cannot save delegates");
        }
    }
}
