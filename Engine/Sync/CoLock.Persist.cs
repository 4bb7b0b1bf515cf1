using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the holder and the FIFO of waiting tasks. Cold path.
public sealed partial class CoLock
{
    internal string? RoleOf(WaitSource source) => ReferenceEquals(source, _source) ? "Acquire" : null;

    internal WaitSource SourceFor(string role) => _source;

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Owner", _owner);
        if (_ownerCondition is not null)
        {
            fields.Writer.AddProblem("is held through a CoCondition: a snapshot does not save conditions yet");
        }

        for (int i = 0; i < _waiters.Count; i++)
        {
            if (_waiters[i].Value is not null)
            {
                fields.Writer.AddProblem("has a waiter coming from a CoCondition: a snapshot does not save conditions yet");
            }
        }

        fields.Add("Waiters", SavedWaiters.Tasks(_waiters));
    }

    internal void ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _owner = fields.Get<CoTask>("Owner");
        SavedWaiters.Restore(fields, "Waiters", _waiters, _source);
    }
}
