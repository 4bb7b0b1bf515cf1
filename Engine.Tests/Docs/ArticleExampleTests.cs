using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The seed article's two examples (examples/Tour) print the same output with the same timing.
// Run on the virtual clock so the timing is exact and the test takes no real time.
[TestClass]
[DoNotParallelize]
public sealed class ArticleExampleTests
{
    private static (string Output, double Time) RunVirtual(System.Collections.Generic.IEnumerator<Yield> main)
    {
        TextWriter old = Console.Out;
        var capture = new StringWriter();
        Console.SetOut(capture);
        try
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            loop.Run(main);
            return (capture.ToString().Replace("\r", string.Empty), loop.Time);
        }
        finally
        {
            Console.SetOut(old);
        }
    }

    [TestMethod]
    public void Example_4_1_prints_Hello_then_World_one_second_later()
    {
        (string output, double time) = RunVirtual(Article.Main41());
        Assert.AreEqual("Hello\nWorld\n", output);
        Assert.AreEqual(1.0, time);
    }

    [TestMethod]
    public void Example_4_2_runs_both_coroutines_under_gather_in_one_second_not_two()
    {
        (string output, double time) = RunVirtual(Article.Main42());
        Assert.AreEqual("Hello, Alice\nWorld, Bob\n", output);
        Assert.AreEqual(1.0, time);
    }
}
