using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// The examples of docs/save-restore.md, compiled and checked.
public static partial class Shop
{
    [Coroutine]
    public static IEnumerator<Yield> Customer(CoQueue<int> counter, int id)
    {
        yield return Yield.Seconds(id * 0.5);
        yield return counter.Put(id);
        yield return Yield.Return(id);
    }

    [Coroutine]
    public static IEnumerator<Yield> Clerk(CoQueue<int> counter, int customers)
    {
        int served = 0;
        while (served < customers)
        {
            yield return counter.Get();
            served += Co.Result<int>();
            yield return Yield.Seconds(1);
        }

        yield return Yield.Return(served);
    }
}

[TestClass]
public class SaveRestoreDocTests
{
    [TestMethod]
    public void SaveMidRunAndBranchThreeTimes()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var counter = new CoQueue<int>(1);
        loop.Spawn(new Shop.ClerkMachine(counter, 6), "clerk");
        for (int id = 1; id <= 3; id++)
        {
            loop.Spawn(new Shop.CustomerMachine(counter, id), "customer-" + id);
        }

        loop.RunUntil(1.25);                                   // a quiescent point: between iterations
        string json = JsonSerializer.Serialize(loop.Save());  // throws NotSupportedException listing every offender

        var snapshot = JsonSerializer.Deserialize<WorldSnapshot>(json)!;
        var results = new List<(double Time, int Served)>();
        for (int branch = 0; branch < 3; branch++)
        {
            using EventLoop resumed = EventLoop.Restore(snapshot);   // same time, tasks, timers and queue contents
            CoTask clerk = resumed.GetTasks().Single(t => t.Name == "clerk");
            resumed.RunUntilComplete(clerk);
            results.Add((resumed.Time, clerk.GetResult<int>()));
        }

        CoTask original = loop.GetTasks().Single(t => t.Name == "clerk");
        loop.RunUntilComplete(original);
        Assert.AreEqual(6, original.GetResult<int>());
        CollectionAssert.AreEqual(Enumerable.Repeat((loop.Time, 6), 3).ToList(), results);
    }
}
