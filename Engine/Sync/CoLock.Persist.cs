using System.Collections.Generic;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the holder and the FIFO of waiting tasks. A CoCondition's notified waiter waits here
// to get the lock back: the condition is saved beside it (and beside the holder that came through one), so a cancel
// after restore still excuses that task's next Release. Cold path.
public sealed partial class CoLock
{
    internal string? RoleOf(WaitSource source) => ReferenceEquals(source, _source) ? "Acquire" : null;

    internal WaitSource SourceFor(string role) => _source;

    internal void WriteForSave(FieldWriter fields)
    {
        fields.Add("Owner", _owner);
        fields.Add("OwnerCondition", _ownerCondition);
        var conditions = new List<CoCondition?>();
        fields.Add("Waiters", SavedWaiters.Tasks(_waiters, conditions));
        if (conditions.Exists(c => c is not null))
        {
            fields.Add("WaiterConditions", conditions);
        }
    }

    internal void ReadForRestore(FieldReader fields, EventLoop loop)
    {
        _loop = loop;
        _owner = fields.Get<CoTask>("Owner");
        _ownerCondition = fields.Get<CoCondition>("OwnerCondition");
        SavedWaiters.Restore(fields, "Waiters", _waiters, _source, fields.Get<List<CoCondition?>>("WaiterConditions"));
    }
}
