using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): what the mirror is (a shield) and the future it mirrors, whose waiter list holds this
// mirror as a listener. Cold path.
internal sealed partial class MirrorFuture : IPersistedFuture
{
    public void WriteForSave(FieldWriter fields)
    {
        fields.Add("What", _what);
        fields.Add("Source", _source);
    }

    public void ReadForRestore(FieldReader fields) => _source = fields.Get<Future>("Source");
}
