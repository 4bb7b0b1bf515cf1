using Engine.Tests.Simulation.Ports;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// SimPy 4.1's seven textbook examples, ported line by line, must print SimPy's own output (recorded once with SimPy
// 4.1.1; the random draws replayed from a tape of Python's numbers), so the order of same-time events is compared.
[TestClass]
public sealed class SimPyExampleTests
{
    [TestMethod]
    public void Bank_renege_prints_SimPys_log() => AssertSame("bank_renege", BankRenegePort.Run(Tape.Load("bank_renege")));

    [TestMethod]
    public void Carwash_prints_SimPys_log() => AssertSame("carwash", CarwashPort.Run(Tape.Load("carwash")));

    [TestMethod]
    public void Machine_shop_prints_SimPys_log() => AssertSame("machine_shop", MachineShopPort.Run(Tape.Load("machine_shop")));

    [TestMethod]
    public void Gas_station_prints_SimPys_log() => AssertSame("gas_station_refuel", GasStationPort.Run(Tape.Load("gas_station_refuel")));

    [TestMethod]
    public void Movie_renege_prints_SimPys_log() => AssertSame("movie_renege", MovieRenegePort.Run(Tape.Load("movie_renege")));

    [TestMethod]
    public void Process_communication_prints_SimPys_log() =>
        AssertSame("process_communication", ProcessCommunicationPort.Run(Tape.Load("process_communication")));

    [TestMethod]
    public void Latency_prints_SimPys_log() => AssertSame("latency", LatencyPort.Run());

    [TestMethod]
    public void Same_time_ordering_rules_match_SimPy() => AssertSame("order_rules", OrderRulesPort.Run());

    [TestMethod]
    public void Resources_stores_and_containers_match_SimPy() => AssertSame("resource_rules", ResourceRulesPort.Run());

    [TestMethod]
    public void Long_inline_chains_continue_in_place_as_in_SimPy() => AssertSame("long_chains", LongChainsPort.Run());

    [TestMethod]
    public void Long_inline_chains_on_a_done_future_continue_in_place_as_in_SimPy() =>
        AssertSame("long_chains", LongChainsPort.Run(doneFuture: true));

    internal static void AssertSame(string name, string actual)
    {
        string expected = Tape.Expected(name);
        string[] e = expected.Split('\n');
        string[] a = actual.Split('\n');
        for (int i = 0; i < e.Length && i < a.Length; i++)
        {
            Assert.AreEqual(e[i], a[i], name + ": line " + (i + 1) + " differs from SimPy's log; around it, SimPy:\n" + Around(e, i) + "\nEngine:\n" + Around(a, i));
        }

        Assert.AreEqual(e.Length, a.Length, name + ": a different number of lines than SimPy's log.");
    }

    // A few lines before and after line i, numbered (test messages are cut when long).
    private static string Around(string[] lines, int i)
    {
        var text = new System.Text.StringBuilder();
        for (int k = System.Math.Max(0, i - 6); k < System.Math.Min(lines.Length, i + 4); k++)
        {
            text.Append(k + 1).Append(k == i ? " > " : "   ").Append(lines[k]).Append('\n');
        }

        return text.ToString();
    }
}
