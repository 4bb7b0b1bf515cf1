using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a pool request saves its pool, its filter (a delegate, saved by name: a lambda is reported),
// the process that made it, its state and, once granted, the object it holds; created empty and filled (SimConverter).
public sealed partial class PoolRequest<T>
{
    private PoolRequest(SimEnvironment env)
        : base(env)
    {
        _pool = null!;
    }

    internal static PoolRequest<T> CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields)
    {
        WriteOperation(fields);
        fields.Add("Pool", _pool);
        fields.Add("Filter", Filter);
        fields.Add("Owner", Owner);
        fields.Add("RequestState", RequestState);
        if (IsTriggered)
        {
            fields.Add("Item", _item);
        }
    }

    private protected override void ReadKind(FieldReader fields)
    {
        _pool = fields.Get<ResourcePool<T>>("Pool");
        ReadOperation(fields, _pool);
        Filter = fields.Get<System.Func<T, bool>?>("Filter");
        Owner = fields.Get<CoTask?>("Owner");
        RequestState = fields.Get<RequestState>("RequestState");
        if (fields.Has("Item"))
        {
            _item = fields.Get<T>("Item");
        }
    }
}
