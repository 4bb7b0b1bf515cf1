using System;
using Engine.Persist;

namespace Engine;

// Whole-loop saves (Engine/World): a gather also saves whether it returns exceptions as results. Cold path.
internal sealed partial class GatherFuture
{
    // A restored gather, created empty: its children and progress are filled in, with no subscription of its own.
    private GatherFuture(EventLoop loop, bool returnExceptions, bool restoring)
        : base(loop, Array.Empty<Future>())
    {
        _ = restoring;
        _returnExceptions = returnExceptions;
    }

    internal static GatherFuture CreateRestored(EventLoop loop, bool returnExceptions) => new(loop, returnExceptions, restoring: true);

    public override void WriteForSave(FieldWriter fields)
    {
        fields.Add("ReturnExceptions", _returnExceptions);
        base.WriteForSave(fields);
    }
}
