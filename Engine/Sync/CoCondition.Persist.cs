using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the lock, the FIFO of tasks waiting for a notification, and the tasks excused from
// their next Release (cancelled before they got the lock back). A notified waiter re-acquiring the lock is not here: it
// waits in the lock's own FIFO, which saves it with this condition beside it. The lock is set in the fill step, not at
// creation, because the lock's waiters can refer back to this condition (a cycle). Cold path.
public sealed partial class CoCondition : IPersistedPrimitive
{
    // A restored condition, created empty: its saved lock replaces the new one when it is filled.
    internal static CoCondition CreateRestored() => new();

    string? IPersistedPrimitive.RoleOf(WaitSource source) => ReferenceEquals(source, _wait.Target) ? "Wait" : null;

    WaitSource IPersistedPrimitive.SourceFor(string role) => (WaitSource)_wait.Target!;

    void IPersistedPrimitive.WriteForSave(FieldWriter fields)
    {
        fields.Add("Lock", _lock);
        fields.Add("Waiters", SavedWaiters.Tasks(_waiters));
        fields.Add("Excused", _excused.Count == 0 ? null : new List<CoTask>(_excused));
    }

    void IPersistedPrimitive.ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _lock = fields.Get<CoLock>("Lock") ?? throw new System.ArgumentException("A saved CoCondition has no lock.");
        _excused.AddRange(fields.Get<List<CoTask>>("Excused") ?? new List<CoTask>());
        SavedWaiters.Restore(fields, "Waiters", _waiters, (WaitSource)_wait.Target!);
    }
}
