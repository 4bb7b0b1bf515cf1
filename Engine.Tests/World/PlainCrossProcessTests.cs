using System;
using System.IO;
using KitchenExample;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// A plain loop (no game or simulation layer) saved and continued: examples/Kitchen runs a night of a restaurant kitchen
// on the virtual clock with tasks, timers and callbacks, a bounded queue, a semaphore, a lock, an event, a condition
// with WaitUntil, a barrier, a future, task groups, timeout scopes, gathers, WhenAny and WaitFor, and failures caught by
// their parents. Saved in one process at several times (before the kitchen opens, with the rail full, mid-service with
// orders cooking and dropped, during closing) and restored in another, the two outputs together (the kitchen's log, the
// loop's trace and the report) equal the uninterrupted run's; in-process, the same at every iteration.
[TestClass]
public sealed class PlainCrossProcessTests
{
    [TestMethod]
    [DataRow("0")]
    [DataRow("1.5")]
    [DataRow("12.3")]
    [DataRow("30")]
    [DataRow("38.25")]
    [DataRow("40")]
    public void Saved_in_one_process_continues_identically_in_another(string minute)
    {
        string file = ExampleProcess.SaveFile("kitchen");
        try
        {
            string whole = ExampleProcess.Run("Kitchen", "--trace");
            string before = ExampleProcess.Run("Kitchen", "--trace", "--save-at", minute, file);
            Assert.IsTrue(File.Exists(file), "the first process saved " + file);
            string after = ExampleProcess.Run("Kitchen", "--trace", "--restore", file);
            Assert.IsGreaterThan(0, after.Length, "the restored process ran the rest of the night");
            AssertContinues(whole, before, after, "saved at minute " + minute + " in one process and continued in another");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [TestMethod]
    public void Restored_at_every_iteration_continues_identically()
    {
        (string whole, var saves) = Service.RunSavingEvery(1, trace: true);
        Assert.IsGreaterThan(150, saves.Count, "the night runs many iterations: " + saves.Count);
        Assert.Contains("the manager closes the books: served 11, dropped 5, takings 200, tips 24\n", whole);
        foreach ((int iteration, string json, string before) in saves)
        {
            var after = new StringWriter { NewLine = "\n" };
            Service.Continue(json, after, trace: true);
            AssertContinues(whole, before, after.ToString(), "restored before iteration " + iteration);
        }
    }

    // The kitchen saved before every iteration, restored, and a task woken but not yet stepped at the save cancelled (or
    // killed) at once: the rest of the night (the kitchen's log, written into the loop's trace, and the trace itself)
    // and every task's end are those of the night run again from its start and given the same cancel there.
    [TestMethod]
    public void A_woken_task_cancelled_right_after_a_restore_ends_the_night_as_in_the_original()
    {
        var log = new TraceLog();
        (int checkedCount, int woken) = CancelAfterRestore.Everywhere(loop => Service.Start(loop, new Kitchen(log)), allTasks: false, new Kitchen.Converter(log));
        Assert.IsGreaterThan(20, woken, "cancels of woken tasks checked: " + checkedCount);
    }

    // The kitchen's log as lines of the trace of the loop that runs it.
    private sealed class TraceLog : TextWriter
    {
        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void WriteLine(string? value) => Co.Loop.Trace?.Invoke("log: " + value);
    }

    // The output before the save plus the restored output is the whole run's; the restored loop's trace writes no
    // "frame N" header for its first iteration (a trace writes none for the first frame it sees), so that one line of
    // the whole run, right after the save, is not expected.
    private static void AssertContinues(string whole, string before, string after, string what)
    {
        Assert.IsTrue(whole.StartsWith(before, StringComparison.Ordinal), what + ": the output before the save is the start of the whole run's");
        string expected = whole.Substring(before.Length);
        if (expected.StartsWith("| frame ", StringComparison.Ordinal) && !after.StartsWith("| frame ", StringComparison.Ordinal))
        {
            expected = expected.Substring(expected.IndexOf('\n', StringComparison.Ordinal) + 1);
        }

        if (expected != after)
        {
            string[] e = expected.Split('\n');
            string[] a = after.Split('\n');
            int i = 0;
            while (i < e.Length && i < a.Length && e[i] == a[i])
            {
                i++;
            }

            Assert.Fail(what + ": differs at line " + i + " after the save:\n expected: " + (i < e.Length ? e[i] : "(end)") + "\n actual:   " + (i < a.Length ? a[i] : "(end)"));
        }
    }
}
