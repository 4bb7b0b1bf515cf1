using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: a store's put saves its store and item; created empty and filled (SimConverter).
public sealed partial class StorePut<T>
{
    private StorePut(SimEnvironment env)
        : base(env)
    {
        Store = null!;
        Item = default!;
    }

    internal static StorePut<T> CreateRestored(SimEnvironment env) => new(env);

    private protected override void WriteKind(FieldWriter fields)
    {
        WriteOperation(fields);
        fields.Add("Store", Store);
        fields.Add("Item", Item);
    }

    private protected override void ReadKind(FieldReader fields)
    {
        Store = fields.Get<Store<T>>("Store");
        ReadOperation(fields, Store);
        Item = fields.Get<T>("Item");
    }
}
