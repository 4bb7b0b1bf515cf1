using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

[TestClass]
public sealed class SmokeTests
{
    private static IEnumerator<Yield> Add(int a, int b)
    {
        yield return Yield.Seconds(1);
        yield return Yield.Return(a + b);
    }

    private static IEnumerator<Yield> MainCo()
    {
        yield return Yield.From(Add(2, 3));
        int sum = Co.Result<int>();
        yield return Yield.Return(sum * 10);
    }

    [TestMethod]
    public void Nested_call_returns_value_on_virtual_clock()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        object? result = loop.Run(MainCo());
        Assert.AreEqual(50, result);
        Assert.AreEqual(1.0, loop.Time);
    }
}
