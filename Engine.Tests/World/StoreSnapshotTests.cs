using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using Engine.Simulation;
using OrderStore = Engine.Simulation.PriorityStore<Engine.Tests.World.Depot.Order>;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// Simulation snapshots of the four store kinds (the Depot model): saved after every event under both event orders,
// through JSON, restored and run to the end; the log, the stores' contents (a priority store's heap order included) and
// the monitors equal the uninterrupted run's. Then a round trip keeps each store's state and identity, and a filter
// that is a lambda gets its clear error.
[TestClass]
public sealed class StoreSnapshotTests
{
    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void Stores_restored_after_every_event_continue_identically(EventOrder order)
    {
        string expected = RunWhole(order);
        foreach (string happens in new[] { "gave up", "stacked", "shipper filed", "dispatching", "small fitter fits", "large fitter fits" })
        {
            StringAssert.Contains(expected, happens, "the model exercises this within its run");
        }

        var log = new StringWriter { NewLine = "\n" };
        using var env = new SimEnvironment(order: order, seed: 11);
        Depot model = Depot.Start(env, log);
        int restores = 0, events = 0, waitingPuts = 0, waitingFilterGets = 0, tiedOrders = 0, waitingBays = 0;
        while (env.Peek() < Depot.End)
        {
            env.Step();
            events++;
            waitingPuts += model.Belt.WaitingPutters > 0 ? 1 : 0;
            waitingFilterGets += model.Parts.WaitingGetters > 0 && model.Parts.Count > 0 ? 1 : 0;
            tiedOrders += HasTie(model.Orders.Items) ? 1 : 0;
            waitingBays += model.Bays.QueueLength > 0 ? 1 : 0;

            string json = JsonSerializer.Serialize(env.Save(model));
            var restoredLog = new StringWriter { NewLine = "\n" };
            restoredLog.Write(log.ToString());
            using SimEnvironment restored = SimEnvironment.Restore(JsonSerializer.Deserialize<SimSnapshot>(json)!, out Depot copy, new object[] { restoredLog });
            Assert.AreEqual(model.Describe(), copy.Describe(), order + " order, stores right after restoring at event " + events);
            restored.Run(Depot.End);
            copy.Report(restoredLog);
            Assert.AreEqual(expected, restoredLog.ToString(), order + " order, restored at " + env.Now.ToString("R", CultureInfo.InvariantCulture));
            restores++;
        }

        Assert.IsGreaterThan(100, restores);
        Assert.IsGreaterThan(0, waitingPuts, "saved with puts waiting on a full belt");
        Assert.IsGreaterThan(0, waitingFilterGets, "saved with a filter get waiting while parts it does not want are in");
        Assert.IsGreaterThan(0, tiedOrders, "saved with equal priorities in the heap");
        Assert.IsGreaterThan(0, waitingBays, "saved with a pool request waiting for the bay its filter wants");
    }

    [TestMethod]
    public void Each_store_keeps_its_state_and_identity_through_a_round_trip()
    {
        using var env = new SimEnvironment(seed: 11);
        Depot model = Depot.Start(env, TextWriter.Null);
        env.Run(21.5);
        SimSnapshot snapshot = JsonSerializer.Deserialize<SimSnapshot>(JsonSerializer.Serialize(env.Save(model)))!;
        using SimEnvironment restored = SimEnvironment.Restore(snapshot, out Depot copy, new object[] { TextWriter.Null });

        Assert.AreEqual(model.Describe(), copy.Describe());
        Assert.AreSame(restored, copy.Belt.Environment);
        Assert.AreEqual(model.Belt.Capacity, copy.Belt.Capacity);
        Assert.AreEqual(model.Stack.Capacity, copy.Stack.Capacity);
        Assert.AreEqual(model.Parts.Capacity, copy.Parts.Capacity);
        Assert.AreEqual(model.Belt.WaitingPutters, copy.Belt.WaitingPutters);
        Assert.AreEqual(model.Belt.WaitingGetters, copy.Belt.WaitingGetters);
        Assert.AreEqual(model.Parts.WaitingGetters, copy.Parts.WaitingGetters);
        Assert.AreEqual(model.Belt.GetWaitMonitor!.Count, copy.Belt.GetWaitMonitor!.Count);
        Assert.AreEqual(model.Belt.GetWaitMonitor.Mean, copy.Belt.GetWaitMonitor.Mean);
        Assert.AreEqual(model.Belt.PutWaitMonitor!.Count, copy.Belt.PutWaitMonitor!.Count);
        Assert.AreEqual(model.Belt.CountMonitor!.Mean, copy.Belt.CountMonitor!.Mean);
        Assert.AreEqual(model.Bays.Capacity, copy.Bays.Capacity);
        Assert.AreEqual(model.Bays.InUse, copy.Bays.InUse);
        Assert.AreEqual(model.Bays.QueueLength, copy.Bays.QueueLength);
        Assert.AreEqual(model.Bays.WaitingTimeMonitor!.Count, copy.Bays.WaitingTimeMonitor!.Count);
        Assert.AreEqual(model.Orders.Count, copy.Orders.Count);
        for (int i = 0; i < copy.Orders.Count; i++)
        {
            Assert.AreNotSame(model.Orders.Items[i], copy.Orders.Items[i]);
        }
    }

    [TestMethod]
    public void A_priority_store_restored_mid_tie_hands_out_equal_priorities_in_arrival_order()
    {
        using var env = new SimEnvironment();
        var orders = new OrderStore(env, new Depot.ByPriority(), name: "orders");
        int[] priorities = { 2, 1, 1, 0, 2, 1, 0, 1, 2 };
        for (int i = 0; i < priorities.Length; i++)
        {
            orders.Put(new Depot.Order { Priority = priorities[i], Id = i });
        }

        orders.Get();
        orders.Get();
        orders.Put(new Depot.Order { Priority = 1, Id = 9 });
        env.Run();
        var holder = new StoreHolder { Orders = orders };
        using SimEnvironment restored = SimEnvironment.Restore(JsonSerializer.Deserialize<SimSnapshot>(JsonSerializer.Serialize(env.Save(holder)))!, out StoreHolder copy);

        Assert.AreEqual(string.Join(",", orders.Items), string.Join(",", copy.Orders!.Items), "the heap as it was");
        copy.Orders.Put(new Depot.Order { Priority = 1, Id = 10 });
        orders.Put(new Depot.Order { Priority = 1, Id = 10 });
        var expected = new List<string>();
        var actual = new List<string>();
        while (orders.Count > 0)
        {
            expected.Add(orders.Get().Item.ToString());
            actual.Add(copy.Orders.Get().Item.ToString());
        }

        CollectionAssert.AreEqual(expected, actual);
        Assert.AreEqual("#9(p1),#10(p1)", string.Join(",", actual.GetRange(4, 2)), "a put after the restore comes after the saved equals");
    }

    [TestMethod]
    public void A_lambda_filter_is_named_in_the_error()
    {
        using var env = new SimEnvironment();
        var parts = new FilterStore<int>(env, name: "parts");
        int wanted = 5;
        parts.Get(part => part == wanted);
        parts.Get(Depot.IsSmall);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.Save(new StoreHolder { Parts = parts }));
        StringAssert.Contains(error.Message, "1 value cannot be saved");
        StringAssert.Contains(error.Message, "Get from parts");
        StringAssert.Contains(error.Message, "a lambda, anonymous method or local function");
    }

    [TestMethod]
    public void A_lambda_pool_filter_is_named_in_the_error()
    {
        using var env = new SimEnvironment();
        var bays = new ResourcePool<Depot.Bay>(env, new[] { new Depot.Bay { Size = 1 } }, "bays");
        bays.Request(bay => bay.Size > 1);
        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.Save(new StoreHolder { Bays = bays }));
        StringAssert.Contains(error.Message, "1 value cannot be saved");
        StringAssert.Contains(error.Message, "for an object of bays");
        StringAssert.Contains(error.Message, "a lambda, anonymous method or local function");
    }

    [TestMethod]
    public void A_class_derived_from_a_store_is_named_in_the_error()
    {
        using var env = new SimEnvironment();
        var error = Assert.ThrowsExactly<NotSupportedException>(() => env.Save(new StoreHolder { Derived = new CountingStore(env) }));
        StringAssert.Contains(error.Message, typeof(CountingStore).FullName!);
    }

    private static bool HasTie(IReadOnlyList<Depot.Order> orders)
    {
        var seen = new HashSet<int>();
        foreach (Depot.Order order in orders)
        {
            if (!seen.Add(order.Priority))
            {
                return true;
            }
        }

        return false;
    }

    private static string RunWhole(EventOrder order)
    {
        var log = new StringWriter { NewLine = "\n" };
        using var env = new SimEnvironment(order: order, seed: 11);
        Depot model = Depot.Start(env, log);
        env.Run(Depot.End);
        model.Report(log);
        return log.ToString();
    }

    [SimModel]
    private sealed class StoreHolder
    {
        public OrderStore? Orders;
        public FilterStore<int>? Parts;
        public Store<int>? Derived;
        public ResourcePool<Depot.Bay>? Bays;
    }

    private sealed class CountingStore : Store<int>
    {
        public CountingStore(SimEnvironment env)
            : base(env)
        {
        }
    }
}
