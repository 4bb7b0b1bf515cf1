using System;
using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

[TestClass]
public sealed class MonitorTests
{
    [TestMethod]
    public void Samples_give_count_mean_deviation_extremes_percentiles_and_histogram()
    {
        var m = new SampleMonitor("waits", collect: true);
        foreach (double x in new[] { 4.0, 1, 3, 2, 5 })
        {
            m.Add(x);
        }

        Assert.AreEqual(5, m.Count);
        Assert.AreEqual(3, m.Mean, 1e-12);
        Assert.AreEqual(2, m.Variance, 1e-12);
        Assert.AreEqual(1, m.Min);
        Assert.AreEqual(5, m.Max);
        Assert.AreEqual(3, m.Median());
        Assert.AreEqual(5, m.Percentile(100));
        Assert.AreEqual(1, m.Percentile(0));
        Histogram h = m.Histogram(0, 2, 3);
        Assert.AreEqual(1, h[0]);
        Assert.AreEqual(2, h[1]);
        Assert.AreEqual(2, h[2]);
        StringAssert.Contains(h.ToString(), "[2, 4)");
        Histogram all = m.Histogram(4);
        Assert.AreEqual(5, all[0] + all[1] + all[2] + all[3] + all.Overflow + all.Underflow);
        Assert.AreEqual(0, all.Overflow);
        m.Reset();
        Assert.AreEqual(0, m.Count);
        Assert.IsTrue(double.IsNaN(m.Mean));
    }

    [TestMethod]
    public void A_time_series_weights_each_value_by_how_long_it_held()
    {
        using var env = new SimEnvironment();
        var queue = new TimeSeriesMonitor(env, "queue", initial: 0, collect: true);
        IEnumerator<Yield> Driver()
        {
            yield return Yield.Seconds(2);   // 0 for 2 s
            queue.UpdateTo(3);
            yield return Yield.Seconds(1);   // 3 for 1 s
            queue.Increase(-2);
            yield return Yield.Seconds(1);   // 1 for 1 s
        }

        env.Process(Driver());
        env.Run();
        Assert.AreEqual(4, env.Now);
        Assert.AreEqual((0 * 2 + 3 * 1 + 1 * 1) / 4.0, queue.Mean, 1e-12);
        Assert.AreEqual(4, queue.TotalWeight, 1e-12);
        Assert.AreEqual(3, queue.Max);
        Assert.AreEqual(0, queue.Median());
        Assert.AreEqual(1, queue.Percentile(60));
        double variance = ((0 - 1) * (0 - 1) * 2 + (3 - 1) * (3 - 1) * 1 + 0) / 4.0;
        Assert.AreEqual(variance, queue.Variance, 1e-12);
        Assert.AreEqual(1, queue.Current);
    }

    [TestMethod]
    public void Reports_as_text_and_csv()
    {
        var waits = new SampleMonitor("wait, s", collect: true);
        waits.Add(1);
        waits.Add(2);
        var plain = new SampleMonitor("plain");
        plain.Add(7);
        var report = new MonitorReport(waits, plain).Add(null);
        string text = report.ToText();
        StringAssert.StartsWith(text, "name");
        StringAssert.Contains(text, "samples");
        string[] csv = report.ToCsv().Split('\n');
        Assert.AreEqual("name,kind,count,mean,std,min,max,p50,p90,p99", csv[0]);
        Assert.AreEqual("\"wait, s\",samples,2,1.5,0.5,1,2,1,2,2", csv[1]);
        Assert.AreEqual("plain,samples,1,7,0,7,7,,,", csv[2]);
    }

    [TestMethod]
    public void Percentiles_need_collected_values_and_bad_samples_are_refused()
    {
        var m = new SampleMonitor("m");
        m.Add(1);
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => m.Percentile(50)).Message, "collect: true");
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => m.Add(double.NaN));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SampleMonitor("x", true).Percentile(101));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SampleMonitor("x", true).Histogram(0, 0, 1));
    }

    [TestMethod]
    [DataRow(EventOrder.SimPy)]
    [DataRow(EventOrder.Fast)]
    public void Wait_monitors_of_containers_and_stores_time_done_operations_only(EventOrder order)
    {
        using var env = new SimEnvironment(order: order);
        var tank = new Container(env, capacity: 10, initial: 10)
        {
            GetWaitMonitor = new SampleMonitor("get wait", collect: true),
            PutWaitMonitor = new SampleMonitor("put wait", collect: true),
        };
        var shelf = new Store<string>(env, capacity: 1)
        {
            GetWaitMonitor = new SampleMonitor("store get wait", collect: true),
            PutWaitMonitor = new SampleMonitor("store put wait", collect: true),
        };
        IEnumerator<Yield> Main()
        {
            yield return tank.Get(4);                           // at once: 0
            ContainerPut cancelled = tank.Put(8);               // room for 4 only
            yield return tank.Put(6) | env.Timeout(1);          // withdrawn at 1: no sample
            yield return Yield.Seconds(1);
            cancelled.Cancel();                                 // at 2: no sample
            ContainerGet late = tank.Get(10);                   // level 6: waits
            yield return Yield.Seconds(1.5);
            yield return tank.Put(4);                           // at 3.5: fits at once (0); the get then waited 1.5
            yield return late;
            yield return shelf.Put("a");                        // at once: 0
            StorePut<string> second = shelf.Put("b");           // full: waits
            yield return Yield.Seconds(2);
            yield return shelf.Get();                           // at 5.5: at once (0); "b" goes in after waiting 2
            yield return second;
            yield return shelf.Get() | env.Timeout(1);          // "b" is there: at once (0)
            yield return shelf.Get() | env.Timeout(1);          // empty: withdrawn at 6.5, no sample
        }

        env.Process(Main());
        env.Run();
        CollectionAssert.AreEqual(new[] { 0.0, 1.5 }, Samples(tank.GetWaitMonitor));
        CollectionAssert.AreEqual(new[] { 0.0 }, Samples(tank.PutWaitMonitor));
        CollectionAssert.AreEqual(new[] { 0.0, 0.0 }, Samples(shelf.GetWaitMonitor));
        CollectionAssert.AreEqual(new[] { 0.0, 2.0 }, Samples(shelf.PutWaitMonitor));
        Assert.AreEqual(6.5, env.Now);
        Assert.AreEqual(0, tank.Level);
        Assert.AreEqual(0, shelf.Count);
    }

    private static double[] Samples(Statistic monitor)
    {
        var values = new double[monitor.Count];
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = monitor.Percentile(100.0 * i / Math.Max(1, values.Length - 1));
        }

        return values;
    }
}
