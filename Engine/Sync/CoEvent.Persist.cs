using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): whether the event is set, and the FIFO of waiting tasks. Cold path.
public sealed partial class CoEvent
{
    internal string? RoleOf(WaitSource source) => ReferenceEquals(source, _wait.Target) ? "Wait" : null;

    internal WaitSource SourceFor(string role) => (WaitSource)_wait.Target!;

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("IsSet", _isSet);
        fields.Add("Waiters", SavedWaiters.Tasks(_waiters));
    }

    internal void ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _isSet = fields.Get<bool>("IsSet");
        SavedWaiters.Restore(fields, "Waiters", _waiters, SourceFor("Wait"));
    }
}
