using System.IO;
using GameExample;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// examples/Game prints the same log on every run, the one committed as examples/Game/expected.log; its scene restored
// from a save made after any frame prints the rest of that log byte for byte.
[TestClass]
public sealed class GameExampleTests
{
    [TestMethod]
    public void The_game_example_prints_its_expected_log()
    {
        string expected = File.ReadAllText(Path.Combine(DocSnippetTests.RepoRoot(), "examples", "Game", "expected.log")).Replace("\r", string.Empty);
        Assert.AreEqual(expected, Run());
        Assert.AreEqual(expected, Run(), "a second run prints the same");
        StringAssert.Contains(expected, "-- the restored game printed the same lines as the original from the save on --");
    }

    [TestMethod]
    public void The_game_scene_restored_after_every_frame_prints_the_same_log()
    {
        (string log, var restored) = GameDemo.PlaySavingEvery(1);
        string expected = File.ReadAllText(Path.Combine(DocSnippetTests.RepoRoot(), "examples", "Game", "expected.log")).Replace("\r", string.Empty);
        Assert.IsTrue(expected.StartsWith(log, System.StringComparison.Ordinal), "the scene's log is the first part of expected.log");
        Assert.AreEqual(661, restored.Count, "one save after every frame but the last");
        foreach ((long frame, string restoredLog) in restored)
        {
            Assert.AreEqual(log, restoredLog, "the scene restored from the save after frame " + frame);
        }
    }

    private static string Run()
    {
        var log = new StringWriter { NewLine = "\n" };
        GameDemo.Run(log);
        return log.ToString();
    }
}
