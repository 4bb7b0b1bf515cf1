using System;
using System.Collections.Generic;
using System.IO;
using Engine.Tests.Docs;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core.Differential;

// 400 random task programs (tools/asyncio-diff/programs.py: sleeps, spawns, awaits, cancels, gather, wait_for, wait,
// locks, events, callbacks, tasks that fail), and 400 more that also use semaphores, queues, conditions, barriers,
// shield, timeout scopes and task groups, run on the virtual clock. Each run must be the same twice, and the log
// must agree with every task's outcome: a task that ended has its result, one that unwound was cancelled or failed,
// a task that raised failed, and every failure was either received (by an awaiting task, or by a gather)
// or reported to the loop's exception handler, never lost; the handler receives nothing else. tools/asyncio-diff/README.md says how the
// same programs compare with asyncio's own logs, line for line. ENGINE_ASYNCIO_PROGRAMS names another program file (a
// hunt: `python3 tools/asyncio-diff/programs.py generate 5000 SEED > file`) to check instead of the committed one;
// ENGINE_ASYNCIO_LOGS names a file to write the engine's logs to, in the format of `programs.py run`.
[TestClass]
public sealed class RandomProgramTests
{
    [TestMethod]
    public void Random_programs_keep_their_outcomes_consistent_and_lose_no_error()
    {
        string? hunt = Environment.GetEnvironmentVariable("ENGINE_ASYNCIO_PROGRAMS");
        Check(string.IsNullOrEmpty(hunt) ? Committed("programs.txt") : hunt, string.IsNullOrEmpty(hunt) ? 400 : 1, Environment.GetEnvironmentVariable("ENGINE_ASYNCIO_LOGS"));
    }

    // The same checks over 400 programs that also use semaphores, queues, conditions, barriers, shield, timeout scopes,
    // wait with a timeout and task groups (`programs.py generate 400 2027 0 more`).
    [TestMethod]
    public void Random_programs_with_groups_queues_and_scopes_keep_their_outcomes_consistent_and_lose_no_error()
    {
        Check(Committed("programs-more.txt"), 400, logs: null);
    }

    private static string Committed(string file) => Path.Combine(DocSnippetTests.RepoRoot(), "Engine.Tests", "Core", "Differential", file);

    private static void Check(string path, int least, string? logs)
    {
        List<TaskProgram> programs = TaskProgram.ParseAll(File.ReadAllText(path));
        Assert.IsTrue(programs.Count >= least, "no programs in " + path);
        using StreamWriter? logWriter = string.IsNullOrEmpty(logs) ? null : new StreamWriter(logs);
        foreach (TaskProgram program in programs)
        {
            (List<string> log, List<string> reported) = ProgramInterpreter.Run(program);
            logWriter?.Write("== program " + program.Index + "\n" + string.Join("\n", log) + "\n");
            string context = "program " + program.Index + ":\n" + program.Text + "\nlog:\n" + string.Join("\n", log);
            CollectionAssert.AreEqual(log, ProgramInterpreter.Run(program).Log, "ran differently the second time; " + context);
            var names = new List<string>();
            foreach ((string name, _) in program.Tasks)
            {
                names.Add(name);
            }

            foreach (string sub in program.Subs.Keys)
            {
                if (log.Exists(l => l.EndsWith(": spawns " + sub, StringComparison.Ordinal)))
                {
                    names.Add(sub);
                }
            }

            foreach (string name in names)
            {
                string outcome = log.Find(l => l.StartsWith(name + ": ", StringComparison.Ordinal)) ?? "";
                bool ended = log.Exists(l => l.EndsWith(" " + name + ": ends", StringComparison.Ordinal));
                bool unwound = log.Exists(l => l.EndsWith(" " + name + ": unwinds", StringComparison.Ordinal));
                bool raised = log.Exists(l => l.EndsWith(" " + name + ": raises", StringComparison.Ordinal));
                Assert.IsFalse(ended && unwound, name + " both ended and unwound; " + context);
                if (ended)
                {
                    Assert.AreEqual(name + ": " + name + " result", outcome, context);
                }
                else if (raised)
                {
                    Assert.AreEqual(name + ": failed", outcome, context);
                    Assert.IsTrue(unwound, name + " raised without unwinding; " + context);
                    string error = name + " raised";
                    // Received: caught by an awaiting task, or delivered by a gather; a failure that arrives after its
                    // gather finished with an earlier one is not retrieved by it and reaches the handler instead.
                    bool received = log.Exists(l => l.Contains("caught " + error, StringComparison.Ordinal) || l.Contains("failed: " + error, StringComparison.Ordinal) ||
                        (l.Contains(": gather of ", StringComparison.Ordinal) || l.Contains(": gatherx of ", StringComparison.Ordinal)) && (l.EndsWith(" " + name, StringComparison.Ordinal) || l.Contains(" " + name + " and ", StringComparison.Ordinal)));
                    Assert.IsTrue(received || reported.Contains(error), "the failure of " + name + " was lost; " + context);
                }
                else if (outcome != name + ": cancelled")
                {
                    // Cancelled while it awaited work whose cleanup then failed: that failure travels on instead of the
                    // cancel (as in asyncio, where the cancel reached the work), so no error is lost.
                    Assert.AreEqual(name + ": failed", outcome, context);
                    Assert.IsTrue(unwound, name + " failed without unwinding; " + context);
                }
            }

            foreach (string message in reported)
            {
                Assert.IsTrue(message.EndsWith(" raised", StringComparison.Ordinal), "the loop reported an error of its own: " + message + "; " + context);
            }
        }
    }
}
