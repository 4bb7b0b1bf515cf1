using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a store's get saves its store, its filter (a delegate, saved by name: a lambda is reported)
// and, once done, the item it took; created empty and filled (SimConverter).
public partial class StoreGet<T>
{
    private StoreGet(SimEnvironment env)
        : base(env)
    {
        Store = null!;
    }

    internal static StoreGet<T> CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields)
    {
        WriteOperation(fields);
        fields.Add("Store", Store);
        fields.Add("Filter", Filter);
        if (IsTriggered)
        {
            fields.Add("Item", _item);
        }
    }

    private protected override void ReadKind(FieldReader fields)
    {
        Store = fields.Get<Store<T>>("Store");
        ReadOperation(fields, Store);
        Filter = fields.Get<System.Func<T, bool>?>("Filter");
        if (fields.Has("Item"))
        {
            _item = fields.Get<T>("Item");
        }
    }
}
