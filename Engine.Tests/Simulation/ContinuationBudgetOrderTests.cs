using System.Collections.Generic;
using Engine.Simulation;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Simulation;

// The loop's continuation budget under the two event orders (docs/simulation.md, "Continuing in place"): SimPy's order
// lets a process go on in place without limit, as SimPy does, whatever the budget; the engine's faster order keeps the
// budget, so a process that keeps finding its waits satisfied yields to the others after it.
[TestClass]
public sealed class ContinuationBudgetOrderTests
{
    [TestMethod]
    [DataRow(1)]
    [DataRow(7)]
    [DataRow(1000)]
    public void SimPys_order_runs_a_whole_chain_before_a_same_time_process_whatever_the_budget(int budget)
    {
        List<string> log = Run(EventOrder.SimPy, budget);
        CollectionAssert.AreEqual(new[] { "spun 5000", "tick" }, log);
    }

    [TestMethod]
    public void The_fast_order_keeps_the_budget()
    {
        List<string> log = Run(EventOrder.Fast, 1000);
        Assert.AreEqual("tick", log[0], "the ticker runs while the spinner waits for its next turn: " + string.Join(", ", log));
        Assert.AreEqual("spun 5000", log[1]);
    }

    private static List<string> Run(EventOrder order, int budget)
    {
        var log = new List<string>();
        using var env = new SimEnvironment(order: order);
        env.Loop.ContinuationBudget = budget;
        SimEvent done = env.Event().Succeed();

        IEnumerator<Yield> Spinner()
        {
            yield return Yield.Seconds(1);
            for (int i = 0; i < 5000; i++)
            {
                yield return done;
            }

            log.Add("spun 5000");
        }

        IEnumerator<Yield> Ticker()
        {
            yield return Yield.Seconds(1);
            yield return Yield.NextTick;
            log.Add("tick");
        }

        env.Process(Spinner());
        env.Process(Ticker());
        env.Run();
        return log;
    }
}
