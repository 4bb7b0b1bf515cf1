using System;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop saves (Engine/World): the children in argument order, how many are still running, and the progress of a
// cancellation (its message and the first real error a child raised while being cancelled). The children's waiter
// lists hold this future as a listener; they restore that registration themselves. Cold path.
internal abstract partial class ChildrenFuture<T> : IPersistedFuture
{
    public virtual void WriteForSave(FieldWriter fields)
    {
        fields.Add("Children", _children);
        fields.Add("Remaining", Remaining);
        fields.Add("Cancelling", _cancelling);
        fields.Add("CancellingMessage", _cancelMessage);
        fields.Add("CleanupError", _cleanupError);
    }

    public virtual void ReadForRestore(FieldReader fields)
    {
        _children = fields.Get<Future[]>("Children") ?? Array.Empty<Future>();
        Remaining = fields.Get<int>("Remaining");
        _cancelling = fields.Get<bool>("Cancelling");
        _cancelMessage = fields.Get<string>("CancellingMessage");
        _cleanupError = fields.Get<Exception>("CleanupError");
    }
}
