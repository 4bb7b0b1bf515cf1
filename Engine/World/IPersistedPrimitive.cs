using Engine.Persist;

namespace Engine.World;

// A synchronization primitive a whole-loop save writes itself (queues, semaphores, conditions, barriers): its state,
// the FIFOs of parked tasks, and the names (roles) of its wait sources, so a machine's pending instruction can name the
// source it waits on as (primitive, role). Created empty by PersistedPrimitives.Create, then filled by ReadForRestore,
// which re-registers the parked tasks in their saved order.
internal interface IPersistedPrimitive
{
    string? RoleOf(WaitSource source);

    WaitSource SourceFor(string role);

    void WriteForSave(FieldWriter fields);

    void ReadForRestore(FieldReader fields, EventLoop loop);
}
