using System;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Simulation snapshots of events made from engine futures (FromFuture: a plain future, a task that returns, a task
// that fails; alone and in a condition) and of failed simulation events (awaited, caught in an any-of, failed early and
// defused): the Relay model is saved after every event under both event orders, restored through JSON and run to the
// end, and its log equals the uninterrupted run's.
[TestClass]
public sealed class RelaySnapshotTests
{
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void FutureEventsAndFailedEventsContinueAfterRestore(EventOrder order)
    {
        var whole = new StringWriter { NewLine = "\n" };
        using (var first = new SimEnvironment(order: order, seed: 1))
        {
            Relay.Start(first, whole);
            first.Run(Relay.End);
        }

        string expected = whole.ToString();
        foreach (string happens in new[] { "listener got 42", "listener saw the crash: crashed at 4", "both: 2", "both caught TimeoutException alarm at 4.5",
            "alarmed: TimeoutException alarm at 4.5", "late: ArgumentException early failure" })
        {
            StringAssert.Contains(expected, happens, "the model does this within its run");
        }

        var log = new StringWriter { NewLine = "\n" };
        using var env = new SimEnvironment(order: order, seed: 1);
        Relay model = Relay.Start(env, log);
        int restores = 0, pendingInterrupts = 0;
        while (env.Peek() < Relay.End)
        {
            SimSnapshot snapshot;
            try
            {
                snapshot = env.Save(model);
            }
            catch (NotSupportedException e) when (order == EventOrder.Fast && e.Message.Contains("holds an exception to raise", StringComparison.Ordinal))
            {
                pendingInterrupts++; // under the fast order a failure waits in the task until its next step (see SimSnapshotTests)
                env.Step();
                continue;
            }

            string json = JsonSerializer.Serialize(snapshot);
            var restoredLog = new StringWriter { NewLine = "\n" };
            restoredLog.Write(log.ToString());
            using (SimEnvironment restored = SimEnvironment.Restore(JsonSerializer.Deserialize<SimSnapshot>(json)!, out Relay _, new object[] { restoredLog }))
            {
                restored.Run(Relay.End);
            }

            Assert.AreEqual(expected, restoredLog.ToString(), order + " order, restored at " + env.Now.ToString("R", CultureInfo.InvariantCulture));
            restores++;
            env.Step();
        }

        Assert.IsGreaterThan(8, restores, "saves: " + restores + ", skipped " + pendingInterrupts);
    }
}
