using Engine.Persist;

namespace Engine.Simulation;

// Simulation snapshots: what SimConverter calls on a store of any item type (Store<T> and its three kinds), so the
// converter needs no reflection to reach its state.
internal interface ISavedStore
{
    void WriteForSave(FieldWriter fields);

    void ReadForRestore(FieldReader fields);
}

// A priority store's comparer to save (null for the default one), read back before the store is made again.
internal interface IPriorityStoreComparer
{
    object? ComparerForSave { get; }
}
