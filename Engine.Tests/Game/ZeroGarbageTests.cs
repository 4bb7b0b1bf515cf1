using System;
using Engine.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// Zero garbage per frame after warm-up in a realistic scene (issue point 4): 10,000 scripts with Seconds waits of many
// lengths, Frames, Until (plain and with a timeout), child calls through pooled generated machines, every phase, and
// groups that are nested, scaled, rescaled and paused while the scene runs (Engine.Bench/GameScene.cs, compiled here too).
[TestClass]
[DoNotParallelize]
public sealed class ZeroGarbageTests
{
    [TestMethod]
    public void A_realistic_scene_of_10000_scripts_allocates_nothing_over_600_frames()
    {
        using var scene = new GameScene(10_000);
        scene.Run(600); // warm-up: queues, timer slabs, lanes and machine pools reach their high-water marks
        long before = GC.GetAllocatedBytesForCurrentThread();
        scene.Run(600);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.AreEqual(0L, allocated, "bytes allocated over 600 frames");
        Assert.IsGreaterThan(1_000_000L, scene.Steps, "the scene did real work: " + scene.Steps + " script steps");
        Assert.AreEqual(10_000, scene.Game.Loop.TaskCount, "every script is still alive");
    }
}
