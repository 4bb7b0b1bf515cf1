using System.IO;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Save in one process, restore in another: the built examples/Sim (referenced by this project, so Sim.dll sits beside
// the tests) runs a model to a simulated time and saves it to a JSON file, exits, and a second process restores the
// file and runs to the end. The two outputs together must equal one uninterrupted run's output, byte for byte. Each
// child process has a deadline and is killed past it.
[TestClass]
public sealed class SimCrossProcessTests
{
    [TestMethod]
    [DataRow("bank", "37.5")]
    [DataRow("shop", "500")]
    [DataRow("gas", "1234.5")]
    public void Saved_in_one_process_continues_identically_in_another(string model, string time)
    {
        string file = ExampleProcess.SaveFile("sim-" + model);
        try
        {
            string whole = RunSim(model);
            string before = RunSim(model, "--save-at", time, file);
            Assert.IsTrue(File.Exists(file), "the first process saved " + file);
            string after = RunSim(model, "--restore", file);
            Assert.IsGreaterThan(0, after.Length, "the restored process printed the rest of the run");
            Assert.AreEqual(whole, before + after, model + ": saved at " + time + " in one process and continued in another");
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static string RunSim(params string[] args) => ExampleProcess.Run("Sim", args);
}
