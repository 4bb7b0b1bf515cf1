using System.IO;
using GameExample;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Docs;

// examples/Game prints the same log on every run, the one committed as examples/Game/expected.log.
[TestClass]
public sealed class GameExampleTests
{
    [TestMethod]
    public void The_game_example_prints_its_expected_log()
    {
        string expected = File.ReadAllText(Path.Combine(DocSnippetTests.RepoRoot(), "examples", "Game", "expected.log")).Replace("\r", string.Empty);
        Assert.AreEqual(expected, Run());
        Assert.AreEqual(expected, Run(), "a second run prints the same");
    }

    private static string Run()
    {
        var log = new StringWriter { NewLine = "\n" };
        GameDemo.Run(log);
        return log.ToString();
    }
}
