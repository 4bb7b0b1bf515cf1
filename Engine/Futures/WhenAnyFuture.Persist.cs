using System;

namespace Engine;

// Whole-loop saves (Engine/World): a WhenAny saves what every ChildrenFuture saves. Cold path.
internal sealed partial class WhenAnyFuture
{
    // A restored WhenAny, created empty: its children and progress are filled in, with no subscription of its own.
    private WhenAnyFuture(EventLoop loop)
        : base(loop, Array.Empty<Future>())
    {
    }

    internal static WhenAnyFuture CreateRestored(EventLoop loop) => new(loop);
}
