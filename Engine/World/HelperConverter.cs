using System;
using Engine.Persist;

namespace Engine.World;

// Saves the state objects of the engine's helper coroutines inside a whole-loop snapshot (the helpers themselves are
// hand-written machines, saved as frames): a timeout scope with its task, deadline timer and signal; Co.AsCompleted's
// queues of finished futures and waiting askers. Two-phase, because these objects and their tasks refer to each other
// (through the task's frames, through the futures' waiter lists). Task groups are saved as primitives (EngineConverter),
// since the group's listener is a wait source.
internal sealed class HelperConverter : ITwoPhaseConverter
{
    private readonly EventLoop? _loop;

    public HelperConverter(EventLoop? loop) => _loop = loop;

    public bool CanConvert(Type type) => type == typeof(TimeoutScope) || type == typeof(AsCompleted);

    public void Write(object value, FieldWriter fields)
    {
        fields.Writer.PushPath(value.GetType().Name);
        switch (value)
        {
            case TimeoutScope scope:
                scope.WriteForSave(fields);
                break;
            case AsCompleted asCompleted:
                asCompleted.WriteForSave(fields);
                break;
        }

        fields.Writer.PopPath();
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

        if (type == typeof(AsCompleted))
        {
            return AsCompleted.CreateRestored(_loop ?? throw new InvalidOperationException("Co.AsCompleted is restored only into a loop."), fields);
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
            case AsCompleted asCompleted:
                asCompleted.ReadForRestore(fields);
                break;
        }
    }
}
