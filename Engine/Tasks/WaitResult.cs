using System.Collections.Generic;

namespace Engine;

/// <summary>What <see cref="Co.Wait(IEnumerable{Future}, WaitMode, double)"/> returns: the futures that are done and those
/// still pending (asyncio's <c>(done, pending)</c> pair).</summary>
public sealed class WaitResult
{
    internal WaitResult(Future[] done, Future[] pending)
    {
        Done = done;
        Pending = pending;
    }

    /// <summary>The futures that are done, in the order they finished (those already done at the call first, in argument order).</summary>
    public IReadOnlyList<Future> Done { get; }

    /// <summary>The futures still pending, in argument order. Wait cancels none of them.</summary>
    public IReadOnlyList<Future> Pending { get; }
}
