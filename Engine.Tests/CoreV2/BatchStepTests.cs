using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.CoreV2;

// The ready batches step a task's common step without a try region of their own (CoTask.StepInBatch): one try around
// the whole batch catches what a task's first resume throws and hands it back to the task, which unwinds it as its
// own step would. Debug mode steps every task through the classic Step (one try per step), so a program must give the
// same log, the same outcomes and the same reports either way. Random programs of iterators and generated machines
// yield, sleep, throw on any resume (their first, in a child, in a finally block), catch children's failures, await and
// cancel one another, on the loop's own batch (short, and long enough to prefetch) and on a game's phase lanes.
[TestClass]
public sealed partial class BatchStepTests
{
    private const int OpTick = 0;
    private const int OpSleep = 1;
    private const int OpThrow = 2;
    private const int OpCatchChild = 3;
    private const int OpFromChild = 4;
    private const int OpCancel = 5;
    private const int OpAwait = 6;
    private const int OpSecondsZero = 7;
    private const int OpCount = 8;

    [TestMethod]
    [DataRow(1, 12)]
    [DataRow(2, 40)]
    [DataRow(3, 200)]
    [DataRow(4, 5_000)] // long enough for the prefetching batch (tasks kept apart in memory)
    public void A_loop_steps_every_program_as_debug_mode_does(int seed, int tasks)
    {
        Program program = Program.Random(seed, tasks);
        string fast = RunOnLoop(program, debug: false);
        string classic = RunOnLoop(program, debug: true);
        Assert.AreEqual(classic, fast);
        StringAssert.Contains(fast, "caught ");
        StringAssert.Contains(fast, "Failed");
    }

    [TestMethod]
    [DataRow(5, 30)]
    [DataRow(6, 300)]
    [DataRow(7, 5_000)]
    public void A_game_steps_every_program_on_its_lanes_as_debug_mode_does(int seed, int tasks)
    {
        Program program = Program.Random(seed, tasks);
        string fast = RunOnGame(program, debug: false);
        string classic = RunOnGame(program, debug: true);
        Assert.AreEqual(classic, fast);
        StringAssert.Contains(fast, "caught ");
        StringAssert.Contains(fast, "Failed");
    }

    [TestMethod]
    public void A_first_resume_that_throws_mid_batch_fails_its_task_and_the_batch_goes_on_in_order()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        var log = new List<string>();
        CoTask a = loop.Spawn(Steps("a", 3, throwAt: -1, log));
        CoTask b = loop.Spawn(Steps("b", 3, throwAt: 1, log));
        CoTask c = loop.Spawn(new MachineStepsMachine("c", 3, 2, log));
        CoTask d = loop.Spawn(CatchesChild("d", log));
        loop.Tick(0);
        loop.Tick(0);
        loop.Tick(0);
        loop.Tick(0);
        CollectionAssert.AreEqual(
            new[]
            {
                "a0", "b0", "c0", "d child0",
                "a1", "b1", "c1", "d caught b-like d child 1",
                "a2", "c2", "d after",
            },
            log);
        Assert.IsTrue(a.IsSucceeded);
        Assert.AreEqual("b threw at 1", b.Exception!.Message);
        Assert.AreEqual("c threw at 2", c.Exception!.Message);
        Assert.IsTrue(d.IsSucceeded);
    }

#if !ENGINE_NETSTANDARD
    [TestMethod]
    public void The_batch_prefetches_the_lines_that_hold_a_tasks_hot_fields()
    {
        using var loop = new EventLoop(ClockKind.Frame);
        CoTask task = loop.Spawn(Steps("a", 1, throwAt: -1, new List<string>()));
        (nint start, nint end) = task.HotFieldOffsets();
        Assert.AreEqual((nint)Prefetch.TaskHotStart, start, "the first hot field (the lane) moved: aim Prefetch.Task again");
        Assert.AreEqual((nint)Prefetch.TaskHotEnd, end, "the last hot field (the wait version) moved: aim Prefetch.Task again");
        Assert.IsTrue(end - start < 64, "the hot fields no longer fit in one line or two neighbouring ones");
    }

#endif
    private static IEnumerator<Yield> Steps(string name, int count, int throwAt, List<string> log)
    {
        for (int i = 0; i < count; i++)
        {
            log.Add(name + i);
            if (i == throwAt)
            {
                throw new InvalidOperationException(name + " threw at " + i);
            }

            yield return Yield.NextTick;
        }
    }

    [Coroutine]
    private static IEnumerator<Yield> MachineSteps(string name, int count, int throwAt, List<string> log)
    {
        for (int i = 0; i < count; i++)
        {
            log.Add(name + i);
            if (i == throwAt)
            {
                throw new InvalidOperationException(name + " threw at " + i);
            }

            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> CatchesChild(string name, List<string> log)
    {
        yield return Yield.Catch(ChildThatThrows(name, log));
        log.Add(name + " caught b-like " + Co.Exception!.Message);
        yield return Yield.NextTick;
        log.Add(name + " after");
    }

    private static IEnumerator<Yield> ChildThatThrows(string name, List<string> log)
    {
        log.Add(name + " child0");
        yield return Yield.NextTick;
        throw new InvalidOperationException(name + " child 1");
    }

    private static string RunOnLoop(Program program, bool debug)
    {
        using var loop = new EventLoop(ClockKind.Virtual) { Debug = debug, SlowStepThreshold = 1e9 };
        var log = new List<string>();
        loop.ExceptionHandler = context => log.Add("handler: " + context.Message + " " + context.Exception?.Message);
        var run = new Run(program, log);
        var keepApart = new List<byte[]>();
        for (int i = 0; i < program.Tasks.Length; i++)
        {
            run.Tasks.Add(loop.Spawn(run.Script(i, program.Tasks[i], 0), "t" + i.ToString(CultureInfo.InvariantCulture)));
            if (program.Tasks.Length > 4_096)
            {
                keepApart.Add(new byte[1_000]);
            }
        }

        loop.RunUntil(100);
        GC.KeepAlive(keepApart);
        return run.Outcomes(log);
    }

    private static string RunOnGame(Program program, bool debug)
    {
        using var game = new GameLoop();
        game.Loop.Debug = debug;
        game.Loop.SlowStepThreshold = 1e9;
        var log = new List<string>();
        game.Loop.ExceptionHandler = context => log.Add("handler: " + context.Message + " " + context.Exception?.Message);
        ScriptGroup[] groups = { game.CreateGroup("g0"), game.CreateGroup("g1"), game.CreateGroup("g2") };
        GamePhase[] phases = { GamePhase.Update, GamePhase.LateUpdate };
        var run = new Run(program, log);
        for (int i = 0; i < program.Tasks.Length; i++)
        {
            ScriptGroup group = groups[i % groups.Length];
            run.Tasks.Add(group.Spawn(run.Script(i, program.Tasks[i], 0), phases[(i / 3) % phases.Length], "t" + i.ToString(CultureInfo.InvariantCulture)));
        }

        for (int frame = 0; frame < 200; frame++)
        {
            game.Tick(0.05);
        }

        return run.Outcomes(log);
    }

    // A program: for each task a list of operations; children are operation lists too.
    private sealed class Program
    {
        public int[][] Tasks = Array.Empty<int[]>();
        public List<int[]> Children = new();

        public static Program Random(int seed, int tasks)
        {
            var random = new Random(seed);
            var program = new Program { Tasks = new int[tasks][] };
            for (int i = 0; i < 8; i++)
            {
                program.Children.Add(Ops(random, tasks, childDepth: 1));
            }

            for (int i = 0; i < tasks; i++)
            {
                program.Tasks[i] = Ops(random, tasks, childDepth: 0);
            }

            return program;
        }

        // Each operation is two ints: the kind and its argument.
        private static int[] Ops(Random random, int tasks, int childDepth)
        {
            int n = random.Next(1, 9);
            var ops = new int[2 * n];
            for (int k = 0; k < n; k++)
            {
                int op = random.Next(10) < 4 ? OpTick : random.Next(OpCount);
                if (childDepth > 0 && op is OpCatchChild or OpFromChild)
                {
                    op = OpTick;
                }

                ops[2 * k] = op;
                ops[(2 * k) + 1] = op switch
                {
                    OpSleep => random.Next(1, 5),
                    OpCatchChild or OpFromChild => random.Next(8),
                    OpCancel or OpAwait => random.Next(tasks),
                    OpThrow => random.Next(3), // 0: throw here, 1: throw from a finally block as well, 2: a machine throws
                    _ => 0,
                };
            }

            return ops;
        }
    }

    // One run of a program: the tasks, the log, and the coroutines that interpret the operations.
    private sealed class Run
    {
        private readonly Program _program;
        private readonly List<string> _log;

        public Run(Program program, List<string> log)
        {
            _program = program;
            _log = log;
        }

        public List<CoTask> Tasks { get; } = new();

        public IEnumerator<Yield> Script(int id, int[] ops, int depth)
        {
            string me = "t" + id.ToString(CultureInfo.InvariantCulture) + (depth > 0 ? "c" : string.Empty);
            bool throwInFinally = false;
            try
            {
                for (int k = 0; k < ops.Length; k += 2)
                {
                    int arg = ops[k + 1];
                    _log.Add(me + " op" + (k / 2).ToString(CultureInfo.InvariantCulture));
                    switch (ops[k])
                    {
                        case OpTick:
                            yield return Yield.NextTick;
                            break;
                        case OpSleep:
                            yield return Yield.Seconds(arg * 0.05);
                            break;
                        case OpSecondsZero:
                            yield return Yield.Seconds(0);
                            break;
                        case OpThrow when arg == 2:
                            yield return Yield.From(new ThrowerMachine(me, _log));
                            break;
                        case OpThrow:
                            throwInFinally = arg == 1;
                            throw new InvalidOperationException(me + " threw");
                        case OpCatchChild:
                            yield return Yield.Catch(Script(id, _program.Children[arg], depth + 1));
                            _log.Add(me + " caught " + (Co.Exception?.Message ?? "nothing"));
                            break;
                        case OpFromChild:
                            yield return Yield.From(Script(id, _program.Children[arg], depth + 1));
                            break;
                        case OpCancel:
                            if (arg < Tasks.Count)
                            {
                                Tasks[arg].Cancel();
                            }

                            yield return Yield.NextTick;
                            break;
                        case OpAwait:
                            if (arg < Tasks.Count && arg != id && depth == 0)
                            {
                                yield return Yield.Catch(Tasks[arg]);
                                _log.Add(me + " awaited " + (Co.Exception?.Message ?? "nothing"));
                            }
                            else
                            {
                                yield return Yield.NextTick;
                            }

                            break;
                    }
                }
            }
            finally
            {
                _log.Add(me + " finally");
                if (throwInFinally)
                {
                    throw new InvalidOperationException(me + " threw in finally");
                }
            }
        }

        public string Outcomes(List<string> log)
        {
            for (int i = 0; i < Tasks.Count; i++)
            {
                CoTask task = Tasks[i];
                string outcome = !task.IsDone ? "running" : task.IsCancelled ? "Cancelled" : task.Exception is { } e ? "Failed " + e.Message + " " + string.Join("<", task.FailureChain) : "Succeeded";
                log.Add("t" + i.ToString(CultureInfo.InvariantCulture) + " " + outcome);
            }

            return string.Join("\n", log);
        }
    }

    // A generated machine that fails on its first resume (from the batch's fast path when it is a task's top frame).
    [Coroutine]
    private static IEnumerator<Yield> Thrower(string name, List<string> log)
    {
        log.Add(name + " machine");
        if (log.Count >= 0)
        {
            throw new InvalidOperationException(name + " machine threw");
        }

        yield return Yield.NextTick;
    }
}
