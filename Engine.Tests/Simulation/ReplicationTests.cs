using System;
using System.Collections.Generic;
using Engine.Simulation;
using Engine.Tests.Docs;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

[TestClass]
public sealed class ReplicationTests
{
    private static IReadOnlyDictionary<string, double> Model(ulong seed) => SimulationSnippets.Replication(seed);

    [TestMethod]
    public void Parallel_replications_equal_sequential_ones_and_split_ranges_merge_into_the_whole()
    {
        ReplicationSet parallel = Replications.Run(new SeedRange(1, 24), Model);
        ReplicationSet sequential = Replications.Run(24, Model, firstSeed: 1, maxParallelism: 1);
        Assert.AreEqual(sequential.ToCsv(), parallel.ToCsv());

        ReplicationSet left = ReplicationSet.ParseCsv(Replications.Run(SeedRange.Parse("1..10"), Model).ToCsv());
        ReplicationSet right = ReplicationSet.ParseCsv(Replications.Run(SeedRange.Parse("11..24"), Model).ToCsv());
        ReplicationSet merged = ReplicationSet.Merge(right, left);
        Assert.AreEqual(parallel.ToCsv(), merged.ToCsv());
        Assert.AreEqual(24, merged.Count);
        CollectionAssert.AreEqual(new[] { "mean_wait" }, (System.Collections.ICollection)merged.Columns);

        Estimate wait = merged.Estimate("mean_wait");
        Assert.AreEqual(24, wait.Count);
        Assert.IsTrue(wait.Lower < wait.Mean && wait.Mean < wait.Upper);
        Assert.AreEqual(3.2, wait.Mean, 1.2);
        StringAssert.Contains(wait.ToString(), "(95%, n=24)");
    }

    [TestMethod]
    public void Estimates_use_students_t()
    {
        Estimate e = Estimate.Of(new[] { 1.0, 2, 3, 4, 5, 6, 7, 8, 9, 10 });
        Assert.AreEqual(5.5, e.Mean, 1e-12);
        Assert.AreEqual(Math.Sqrt(55.0 / 6), e.StandardDeviation, 1e-12);
        Assert.AreEqual(2.2621571628 * e.StandardDeviation / Math.Sqrt(10), e.HalfWidth, 1e-8, "t(0.975, 9) = 2.2621571628");
        Estimate wide = Estimate.Of(new[] { 1.0, 3 }, level: 0.99);
        Assert.AreEqual(63.6567411629 * Math.Sqrt(2) / Math.Sqrt(2), wide.HalfWidth, 1e-6, "t(0.995, 1) = 63.6567411629");
        Assert.IsTrue(double.IsNaN(Estimate.Of(new[] { 4.0 }).HalfWidth));
    }

    [TestMethod]
    public void Bad_input_and_failed_replications_are_named()
    {
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => new SeedRange(1, 0));
        Assert.ThrowsExactly<FormatException>(() => SeedRange.Parse("10..1"));
        Assert.ThrowsExactly<ArgumentException>(() => Estimate.Of(Array.Empty<double>()));
        Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => Estimate.Of(new[] { 1.0 }, level: 1));
        ReplicationSet a = Replications.Run(2, Model, firstSeed: 1);
        ReplicationSet b = Replications.Run(2, Model, firstSeed: 2);
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => ReplicationSet.Merge(a, b)).Message, "Seed 2 is already");
        Assert.ThrowsExactly<FormatException>(() => ReplicationSet.ParseCsv("seed,x\n1,abc\n"));
        Assert.ThrowsExactly<KeyNotFoundException>(() => a.Estimate("nope"));
        AggregateException failed = Assert.ThrowsExactly<AggregateException>(() => Replications.Run(new SeedRange(5, 3), seed =>
            seed == 6 ? throw new InvalidOperationException("bad model") : Model(seed)));
        Assert.AreEqual(1, failed.InnerExceptions.Count);
        StringAssert.Contains(failed.InnerExceptions[0].Message, "Replication with seed 6 failed: bad model");
    }
}
