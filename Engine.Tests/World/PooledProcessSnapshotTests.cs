using Engine.Simulation;
using Engine.Tests.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Pooled customer processes (Simulation/PooledProcessTests.cs) in snapshots: the shop saved after every 7th event,
// each snapshot restored through JSON and run to the end, prints the uninterrupted run's log byte for byte.
[TestClass]
public sealed class PooledProcessSnapshotTests
{
    [TestMethod]
    public void Pooled_customers_restored_at_every_7th_event_continue_identically()
    {
        int restores = SimModelSnapshotTests.CheckEveryEvent<PooledShop>(
            (output, seed) => PooledProcessTests.RunShop(output, EventOrder.SimPy, pooled: true, seed),
            (env, output) => PooledShop.Start(env, output, pooled: true),
            double.PositiveInfinity,
            (shop, output) => shop.Report(output),
            every: 7);
        Assert.IsGreaterThan(50, restores);
    }
}
