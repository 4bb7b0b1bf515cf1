using Engine.Persist;

namespace Engine.World;

// The non-generic face of CoQueue<T> for whole-loop saves: the converter handles every element type through it.
internal interface IPersistedQueue
{
    bool IsFifo { get; }

    string? RoleOf(WaitSource source);

    WaitSource SourceFor(string role);

    void WriteForSave(FieldWriter fields);

    void ReadForRestore(FieldReader fields, EventLoop loop);
}
