using System;
using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Save a game in one process and continue it in another: examples/Game plays to a time, saves between frames to a JSON
// file and exits; a second process restores the file and plays to the end. The two outputs together must equal the
// scene's uninterrupted log, byte for byte (the times cover the loading screen, the patrol, the pause menu, slow motion
// and the middle of the cutscene).
[TestClass]
public sealed class GameCrossProcessTests
{
    private const string RestoredSection = "\n\n-- the save made mid-cutscene";

    [TestMethod]
    [DataRow("0.5")]
    [DataRow("3.25")]
    [DataRow("8.4")]
    [DataRow("10")]
    public void Saved_in_one_process_continues_identically_in_another(string time)
    {
        string file = ExampleProcess.SaveFile("game");
        try
        {
            string run = ExampleProcess.Run("Game");
            int restored = run.IndexOf(RestoredSection, StringComparison.Ordinal);
            Assert.IsGreaterThan(0, restored, "the plain run prints the scene, then its own restored save");
            string whole = run.Substring(0, restored + 1);
            string before = ExampleProcess.Run("Game", "--save-at", time, file);
            Assert.IsTrue(File.Exists(file), "the first process saved " + file);
            string after = ExampleProcess.Run("Game", "--restore", file);
            Assert.IsGreaterThan(0, after.Length, "the restored process printed the rest of the scene");
            Assert.AreEqual(whole, before + after, "saved at " + time + " s in one process and continued in another");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
