using System;
using System.Collections.Generic;
using Engine.Machines;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Generators.Tests.Docs;

// The README's "Generated coroutines" section, compiled and run (DocSnippetTests checks the README
// quotes these lines verbatim).
public static partial class Guard
{
    [Coroutine]
    public static IEnumerator<Yield> Patrol(int laps)
    {
        for (int lap = 0; lap < laps; lap++)
        {
            yield return Yield.Seconds(2);
        }
    }
}

[TestClass]
public sealed class ReadmeGeneratorSnippet
{
    [TestMethod]
    public void Pause_save_and_resume_a_generated_coroutine()
    {
        Guard.PatrolMachine m = Guard.RentPatrol(3);   // pooled: 0 bytes per restart after warm-up
        m.MoveNext();
        Console.WriteLine(m.Site);                      // Guard.Patrol#1 (file:line of the yield)
        CoroutineSnapshot save = m.Snapshot();          // plain data: JsonSerializer round-trips it
        var resumed = new Guard.PatrolMachine(0);
        resumed.Restore(save);                          // resumes at m's pending wait, even in another process
        m.Dispose();                                    // runs pending finally blocks, returns m to the pool

        StringAssert.EndsWith(m.Name, "Guard.Patrol");
        int remaining = 0;
        while (resumed.MoveNext())
        {
            remaining++;
        }

        Assert.AreEqual(3, remaining, "the restored machine re-issues its pending Seconds(2), then runs the two laps left");
    }
}
