using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// The small README snippets that are not whole examples, compiled and run here.
[TestClass]
public sealed class ReadmeSnippets
{
    [TestMethod]
    public void Clocks_snippet()
    {
        using var sim = new EventLoop(ClockKind.Virtual);   // simulations and tests: time jumps to the next timer
        using var game = new EventLoop(ClockKind.Frame);    // games: the host calls game.Tick(dt) once per frame
        using var server = new EventLoop(ClockKind.Real);   // tools and servers: Run blocks until the next timer or post
        Assert.AreEqual(ClockKind.Virtual, sim.Clock);
        Assert.AreEqual(ClockKind.Frame, game.Clock);
        Assert.AreEqual(ClockKind.Real, server.Clock);
    }
}
