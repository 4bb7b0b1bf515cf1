using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the parties, whether the barrier is broken, and the tasks that arrived in the current
// round in arrival order (their order is their arrival index when the round completes). Cold path.
public sealed partial class CoBarrier : IPersistedPrimitive
{
    string? IPersistedPrimitive.RoleOf(WaitSource source) => ReferenceEquals(source, _wait.Target) ? "Wait" : null;

    WaitSource IPersistedPrimitive.SourceFor(string role) => (WaitSource)_wait.Target!;

    void IPersistedPrimitive.WriteForSave(FieldWriter fields)
    {
        fields.Add("Parties", _parties);
        fields.Add("Broken", _broken);
        fields.Add("Waiters", SavedWaiters.Tasks(_waiters));
    }

    void IPersistedPrimitive.ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _broken = fields.Get<bool>("Broken");
        SavedWaiters.Restore(fields, "Waiters", _waiters, (WaitSource)_wait.Target!);
    }
}
