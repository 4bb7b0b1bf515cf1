using Engine.Persist;

namespace Engine.World;

// An engine combinator future that saves what it listens to and its own progress, beside its outcome and waiters.
internal interface IPersistedFuture
{
    void WriteForSave(FieldWriter fields);

    void ReadForRestore(FieldReader fields);
}
