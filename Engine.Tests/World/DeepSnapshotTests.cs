using System;
using System.Linq;
using System.Text.Json;
using Engine.Persist;
using Engine.Tests.Core;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using static Engine.Tests.World.DeepSnapshotCoroutines;

namespace Engine.Tests.World;

// Saves and restores of worlds whose objects nest 30,000 to 100,000 deep (a stack overflow cannot be caught in .NET and ends the
// host). The writer writes objects deeper than its defer depth after the object that refers to them; the reader goes
// on in a thread with a fresh stack when its stack runs low. Each test runs on a 1 MB stack (Windows' and Unity's main
// threads), saves, round-trips the snapshot through JSON, restores, and runs both worlds to the same end. The knob
// tests run whole-world suites with the writer putting off every object and the reader changing stacks every three
// levels: both must restore every world exactly as before.
[TestClass]
public sealed class DeepSnapshotTests
{
    private const int Depth = 100_000;
    private const int Chain = 30_000; // a task per level: a chain of 100,000 took 13 s in this test under load

    [TestMethod]
    public void A_chain_of_30000_tasks_each_awaiting_the_next_saves_and_restores() =>
        RoundTrip(loop => loop.Spawn(new TaskChainMachine(Chain), "root"), Chain, Chain + 1);

    [TestMethod]
    public void A_task_with_100000_nested_frames_saves_and_restores() =>
        RoundTrip(loop => loop.Spawn(new FrameChainMachine(Depth), "root"), Depth, 1);

    [TestMethod]
    public void A_chain_of_30000_gathers_saves_and_restores() =>
        RoundTrip(loop => loop.Spawn(new GatherChainMachine(Chain), "root"), Chain, Chain + 1);

    [TestMethod]
    public void A_list_of_100000_nested_arrays_in_a_local_saves_and_restores() =>
        RoundTrip(loop => loop.Spawn(new NestedListMachine(Depth), "root"), (long)Depth * (Depth - 1) / 2, 1);

    [TestMethod]
    public void A_failed_task_whose_exception_chains_30000_inner_exceptions_saves_and_restores() =>
        RoundTrip(
            loop =>
            {
                CoTask failing = loop.Spawn(new FailWithDeepChainMachine(Chain), "failing");
                return loop.Spawn(new CountChainMachine(failing), "root");
            },
            Chain + 1,
            1,
            saveAt: 0.75);

    [TestMethod]
    public void Shared_and_cyclic_references_below_the_defer_depth_stay_one_object()
    {
        // A chain deeper than the defer depth whose every node also refers to the head: the head is one object after
        // the restore, and so is each node (the writer numbered them in another order, the reader follows the ids).
        object?[] head = new object?[] { null, -1, null };
        object?[] node = head;
        for (int i = 0; i < 1_000; i++)
        {
            var next = new object?[] { null, i, head };
            node[0] = next;
            node = next;
        }

        DeepSnapshotTests.WithKnobs(writerDefersEvery: 0, readerChangesStackEvery: 0, () =>
        {
            var writer = new GraphWriter();
            string token = writer.Write(head);
            var reader = new GraphReader(writer.Graph);
            object?[] restored = reader.Read<object?[]>(token);
            int count = 0;
            for (object?[]? n = (object?[]?)restored[0]; n is not null; n = (object?[]?)n[0])
            {
                Assert.AreSame(restored, n[2], "node " + count + " refers to the restored head");
                Assert.AreEqual(count, (int)n[1]!);
                count++;
            }

            Assert.AreEqual(1_000, count);
        });
    }

    [TestMethod]
    public void A_problem_below_the_defer_depth_is_reported_with_its_path()
    {
        // An unsavable value 300 levels down: reported once, with the path's first and last segments.
        DeepStructureTests.OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            object?[] head = new object?[] { null };
            object?[] node = head;
            for (int i = 0; i < 300; i++)
            {
                var next = new object?[] { null };
                node[0] = next;
                node = next;
            }

            node[0] = new Uri("https://example.invalid/");
            var writer = new GraphWriter();
            writer.Write(head);
            Assert.AreEqual(1, writer.Problems.Count, string.Join("\n", writer.Problems));
            StringAssert.Contains(writer.Problems[0], "holds a System.Uri");
            StringAssert.Contains(writer.Problems[0], "...");
        });
    }

    [TestMethod]
    public void Random_worlds_restore_alike_when_every_object_is_written_later_and_read_on_changing_stacks() =>
        WithKnobs(writerDefersEvery: 1, readerChangesStackEvery: 3, () => new RandomWorldTests().RandomWorldsRestoredAtEveryIterationEndLikeTheOriginal());

    [TestMethod]
    public void Fault_worlds_restore_alike_when_every_object_is_written_later_and_read_on_changing_stacks() =>
        WithKnobs(writerDefersEvery: 1, readerChangesStackEvery: 3, () =>
        {
            var tests = new FaultWorldTests();
            tests.FailuresCatchesAndPropagationContinueAfterRestore();
            tests.PendingCancellationKeepsItsMessage();
        });

    [TestMethod]
    public void Helper_and_future_worlds_restore_alike_when_every_object_is_written_later_and_read_on_changing_stacks() =>
        WithKnobs(writerDefersEvery: 1, readerChangesStackEvery: 3, () =>
        {
            new FutureWorldTests().PlainFuturesKeepStateResultAndWaiterOrder();
            new FutureWorldTests().GatherWhenAllWhenAnyWaitAndShieldContinueAfterRestore();
            new HelperWorldTests().TaskGroupsContinueAfterRestore();
            new HelperWorldTests().AsCompletedContinuesAfterRestore();
        });

    [TestMethod]
    public void A_restore_that_changes_stacks_fails_on_the_calling_thread_with_the_error_of_the_deep_object()
    {
        // A corrupt line deep in the chain: the error raised on the fresh stack reaches the caller unchanged.
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.Spawn(new TaskChainMachine(50), "root");
        loop.RunUntil(1);
        WorldSnapshot snapshot = loop.Save();
        int last = snapshot.Objects.Count;
        snapshot.Objects[last - 1] = "999999";
        ArgumentException error = null!;
        WithKnobs(writerDefersEvery: 0, readerChangesStackEvery: 2, () => error = Assert.ThrowsExactly<ArgumentException>(() => EventLoop.Restore(snapshot)));
        StringAssert.Contains(error.Message, "999999");
    }

    // Builds a world on a 1 MB stack, runs it to saveAt, saves, round-trips the snapshot through JSON, restores, runs
    // both to the end, and compares the root's result and the task counts.
    private static void RoundTrip(Func<EventLoop, CoTask> build, long expected, int tasks, double saveAt = 1)
    {
        DeepStructureTests.OnSmallStack(() =>
        {
            using var loop = new EventLoop(ClockKind.Virtual);
            CoTask root = build(loop);
            loop.RunUntil(saveAt);
            Assert.AreEqual(tasks, loop.GetTasks().Count());
            string json = JsonSerializer.Serialize(loop.Save());
            using EventLoop restored = EventLoop.Restore(JsonSerializer.Deserialize<WorldSnapshot>(json)!);
            CoTask restoredRoot = restored.GetTasks().Single(t => t.Name == "root");
            Assert.AreEqual(tasks, restored.GetTasks().Count());
            loop.RunUntil(10);
            restored.RunUntil(10);
            Assert.AreEqual(expected, root.GetResult<long>());
            Assert.AreEqual(expected, restoredRoot.GetResult<long>());
            Assert.AreEqual(loop.Time, restored.Time);
        });
    }

    internal static void WithKnobs(int writerDefersEvery, int readerChangesStackEvery, Action body)
    {
        int writer = GraphWriter.t_deferDepthForTests;
        int reader = GraphReader.t_freshStackEveryForTests;
        GraphWriter.t_deferDepthForTests = writerDefersEvery;
        GraphReader.t_freshStackEveryForTests = readerChangesStackEvery;
        try
        {
            body();
        }
        finally
        {
            GraphWriter.t_deferDepthForTests = writer;
            GraphReader.t_freshStackEveryForTests = reader;
        }
    }
}
