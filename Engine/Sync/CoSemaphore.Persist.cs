using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the free permits, the bound of a CoBoundedSemaphore, and the FIFO of waiting tasks.
// Cold path.
public partial class CoSemaphore : IPersistedPrimitive
{
    string? IPersistedPrimitive.RoleOf(WaitSource source) => ReferenceEquals(source, _acquire.Target) ? "Acquire" : null;

    WaitSource IPersistedPrimitive.SourceFor(string role) => (WaitSource)_acquire.Target!;

    void IPersistedPrimitive.WriteForSave(FieldWriter fields)
    {
        fields.Add("Bound", _bound + 1); // 0: not bounded (written as nothing)
        fields.Add("Value", _value);
        fields.Add("Waiters", SavedWaiters.Tasks(_waiters));
    }

    void IPersistedPrimitive.ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _value = fields.Get<int>("Value");
        SavedWaiters.Restore(fields, "Waiters", _waiters, (WaitSource)_acquire.Target!);
    }
}
