using System;
using System.IO;
using System.Text.Json;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using SimExample;
using MachineShop = SimExample.Shop;

namespace Engine.Tests.World;

// The models of examples/Sim saved between events: each snapshot goes through JSON, is restored into a fresh
// environment with a log that holds what was printed so far, and runs to the end; the whole log and report must equal
// the uninterrupted run's byte for byte (which SimExampleTests holds equal to SimPy's recorded logs).
[TestClass]
public sealed class SimModelSnapshotTests
{
    [TestMethod]
    public void Bank_restored_at_every_event_continues_identically() =>
        CheckEveryEvent<Bank>(BankModel.Run, Bank.Start, double.PositiveInfinity, (bank, output) => bank.Report(output), every: 1);

    [TestMethod]
    public void Gas_station_restored_at_every_event_continues_identically() =>
        CheckEveryEvent<Station>(GasStationModel.Run, Station.Start, GasStationModel.SimTime, (station, output) => station.Report(output), every: 1);

    // About 20,000 events over four weeks: every 401st (a prime, so the save points fall at varied places in the cycles).
    [TestMethod]
    public void Machine_shop_restored_every_401_events_continues_identically() =>
        CheckEveryEvent<MachineShop>(MachineShopModel.Run, MachineShop.Start, MachineShopModel.SimTime, (shop, output) => shop.Report(output), every: 401);

    // Saves the model after every `every`-th event, restores each snapshot and runs it to the end.
    internal static int CheckEveryEvent<TModel>(Action<TextWriter, ulong> run, Func<SimEnvironment, TextWriter, TModel> start, double until,
        Action<TModel, TextWriter> report, int every)
    {
        var reference = new StringWriter { NewLine = "\n" };
        run(reference, 42);
        string expected = reference.ToString();

        var log = new StringWriter { NewLine = "\n" };
        using var env = new SimEnvironment(seed: 42);
        TModel model = start(env, log);
        int events = 0, restores = 0;
        while (env.Peek() < until)
        {
            env.Step();
            if (++events % every != 0)
            {
                continue;
            }

            string json = JsonSerializer.Serialize(env.Save(model));
            var restoredLog = new StringWriter { NewLine = "\n" };
            restoredLog.Write(log.ToString());
            using SimEnvironment restored = SimEnvironment.Restore(JsonSerializer.Deserialize<SimSnapshot>(json)!, out TModel restoredModel, new object[] { restoredLog });
            Assert.AreEqual(env.Now, restored.Now);
            RunToEnd(restored, until);
            report(restoredModel, restoredLog);
            AssertSameText(expected, restoredLog.ToString(), "restored after event " + events + " (time " + env.Now + ")");
            restores++;
        }

        RunToEnd(env, until);
        report(model, log);
        AssertSameText(expected, log.ToString(), "the saved run itself");
        Assert.IsGreaterThan(10, restores);
        return restores;
    }

    private static void RunToEnd(SimEnvironment env, double until)
    {
        if (double.IsPositiveInfinity(until))
        {
            env.Run();
        }
        else if (env.Now < until)
        {
            env.Run(until);
        }
    }

    private static void AssertSameText(string expected, string actual, string what)
    {
        if (expected == actual)
        {
            return;
        }

        string[] e = expected.Split('\n'), a = actual.Split('\n');
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
        {
            if (e[i] != a[i])
            {
                Assert.Fail(what + ": line " + i + " differs\n expected: " + e[i] + "\n actual:   " + a[i]);
            }
        }

        Assert.Fail(what + ": " + e.Length + " lines expected, " + a.Length + " printed");
    }
}
