using System.Collections.Generic;

namespace Engine;

/// <summary>When <see cref="Co.Wait(IEnumerable{Future}, WaitMode, double)"/> returns (asyncio's <c>return_when</c>).</summary>
public enum WaitMode
{
    /// <summary>When every future is done (asyncio's <c>ALL_COMPLETED</c>).</summary>
    AllCompleted = 0,

    /// <summary>When any future is done (asyncio's <c>FIRST_COMPLETED</c>).</summary>
    FirstCompleted,

    /// <summary>When any future fails, or when all are done if none fails (asyncio's <c>FIRST_EXCEPTION</c>).</summary>
    FirstException,
}
