using System;
using Engine.Persist;

namespace Engine.World;

// Saves the state objects of the engine's helper coroutines inside a whole-loop snapshot (the helpers themselves are
// hand-written machines, saved as frames): a timeout scope with its task, deadline timer and signal. Two-phase, because
// the scope and its task refer to each other through the task's frames.
internal sealed class HelperConverter : ITwoPhaseConverter
{
    public bool CanConvert(Type type) => type == typeof(TimeoutScope);

    public void Write(object value, FieldWriter fields)
    {
        switch (value)
        {
            case TimeoutScope scope:
                fields.Writer.PushPath("TimeoutScope");
                scope.WriteForSave(fields);
                fields.Writer.PopPath();
                break;
        }
    }

    public object Read(Type type, FieldReader fields)
    {
        object value = Create(type, fields);
        Fill(value, fields);
        return value;
    }

    public object Create(Type type, FieldReader fields)
    {
        if (type == typeof(TimeoutScope))
        {
            return TimeoutScope.CreateRestored(fields);
        }

        throw new ArgumentException("A snapshot names " + type.FullName + ", which is not a helper state a snapshot restores.");
    }

    public void Fill(object value, FieldReader fields)
    {
        switch (value)
        {
            case TimeoutScope scope:
                scope.ReadForRestore(fields);
                break;
        }
    }
}
