using System;
using System.Collections.Generic;
using Engine.Bench;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests;

[TestClass]
public sealed class BenchTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public void GenQuickReportsBothMetricsAndPooledRestartsAllocateNothing()
    {
        var results = new Dictionary<string, double>();
        GenQuick.Run((name, value) =>
        {
            results[name] = value;
            TestContext.WriteLine(name + " = " + value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine(name + " = " + value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.IsTrue(results["gen.step.vs_iterator"] > 0);
        Assert.IsTrue(results["gen.step.dispatched.vs_iterator"] > 0);
        Assert.AreEqual(0.0, results["gen.pooled_restart.bytes_per_start"]);
    }
}
