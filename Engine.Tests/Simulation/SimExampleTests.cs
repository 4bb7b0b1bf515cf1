using System;
using System.IO;
using Engine.Tests.Docs;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SimExample;

namespace Engine.Tests.Simulation;

// examples/Sim: each model's event log and summary line must equal the output of the same model run by SimPy 4.1.1
// (recorded once, the random streams ported to Python from their documented algorithm), and its statistics report must
// equal the recorded one (Expected/example_*.report, rewritten when ENGINE_UPDATE_EXPECTED=1), so the examples cannot
// drift from SimPy or from run to run.
[TestClass]
public sealed class SimExampleTests
{
    [TestMethod]
    public void Bank_example_matches_SimPy() => Check("bank", BankModel.Run);

    [TestMethod]
    public void Machine_shop_example_matches_SimPy() => Check("shop", MachineShopModel.Run);

    [TestMethod]
    public void Gas_station_example_matches_SimPy() => Check("gas", GasStationModel.Run);

    private static void Check(string name, Action<TextWriter, ulong> run)
    {
        var output = new StringWriter { NewLine = "\n" };
        run(output, 42);
        string text = output.ToString();
        int table = text.IndexOf("\nname ", StringComparison.Ordinal) + 1;
        Assert.IsGreaterThan(0, table, "the example prints a statistics report");
        SimPyExampleTests.AssertSame("example_" + name, text.Substring(0, table));

        string reportPath = Path.Combine(DocSnippetTests.RepoRoot(), "Engine.Tests", "Simulation", "Expected", "example_" + name + ".report");
        string report = text.Substring(table);
        if (Environment.GetEnvironmentVariable("ENGINE_UPDATE_EXPECTED") == "1")
        {
            File.WriteAllText(reportPath, report);
        }

        Assert.AreEqual(File.ReadAllText(reportPath).Replace("\r", string.Empty), report, name + ": the statistics report changed");
    }
}
