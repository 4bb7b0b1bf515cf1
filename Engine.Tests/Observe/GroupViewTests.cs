using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Engine.Game;
using Engine.Observe;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Observe;

// Which group a task lives in, as spawn events, the text trace, the live view, the dump and the timeline tell it: a game
// script group (nested or the root) with its phase, a TaskGroup, both, an ungrouped task moved to another phase, and none.
[TestClass]
public sealed class GroupViewTests
{
    private static IEnumerator<Yield> Wait(CoEvent done)
    {
        yield return done.Wait();
    }

    private static IEnumerator<Yield> MoveThenWait(CoEvent done)
    {
        yield return Yield.Phase(GamePhase.LateUpdate);
        yield return done.Wait();
    }

    private static IEnumerator<Yield> Boss(CoEvent done)
    {
        var minions = new TaskGroup();
        yield return minions.Run(Minions(minions, done));
    }

    private static IEnumerator<Yield> Minions(TaskGroup minions, CoEvent done)
    {
        minions.Spawn(Wait(done), "minion");
        yield return done.Wait();
    }

    private sealed class GameScene : IDisposable
    {
        public readonly GameLoop Game = new();
        public readonly TraceRecorder Recorder = new();
        public readonly List<string> Trace = new();
        public readonly CoEvent Done = new();

        public GameScene()
        {
            Game.Loop.AddSink(Recorder);
            Game.Loop.AddSink(new TextTrace(Trace.Add));
            ScriptGroup world = Game.CreateGroup("world");
            world.CreateGroup("enemies").Spawn(Wait(Done), GamePhase.FixedUpdate, "walker");
            world.Spawn(Boss(Done), "boss");
            Game.Spawn(Wait(Done), GamePhase.LateUpdate, "late");
            Game.Loop.Spawn(Wait(Done), "plain");
            Game.Loop.Spawn(MoveThenWait(Done), "mover");
            for (int i = 0; i < 3; i++)
            {
                Game.Tick(1.0 / 60);
            }
        }

        public LoopEvent SpawnOf(string name) => Recorder.ToArray().Single(e => e.Kind == LoopEventKind.Spawned && e.Task!.Name == name);

        public void Dispose() => Game.Dispose();
    }

    private static IEnumerator<Yield> Patrol()
    {
        while (true)
        {
            yield return Yield.Seconds(1);
        }
    }

    // The example of docs/observe.md ("Groups").
    [TestMethod]
    public void Docs_example_where_a_task_lives()
    {
        using var game = new GameLoop();
        var trace = new List<string>();
        game.Loop.Trace = trace.Add;
        ScriptGroup enemies = game.CreateGroup("world").CreateGroup("enemies");
        CoTask walker = enemies.Spawn(Patrol(), GamePhase.FixedUpdate, "walker");
        game.Tick(1.0 / 60);
        GroupView group = game.Loop.Inspect().FindTask(walker.Id)!.Group!;
        Console.WriteLine(group); // group world/enemies, FixedUpdate (group.ScriptGroup, group.Phase)
        Console.WriteLine(trace[0]); // 0.000 walker spawn GroupViewTests.Patrol into group world/enemies, FixedUpdate

        Assert.AreSame(enemies, group.ScriptGroup);
        Assert.AreEqual(GamePhase.FixedUpdate, group.Phase);
        Assert.AreEqual("group world/enemies, FixedUpdate", group.ToString());
        Assert.AreEqual("0.000 walker spawn GroupViewTests.Patrol into group world/enemies, FixedUpdate", trace[0]);
        StringAssert.Contains(game.Loop.Dump(), "#1 'walker' (group world/enemies, FixedUpdate) ", game.Loop.Dump());
    }

    [TestMethod]
    public void Spawn_events_name_the_script_group_and_phase_the_task_joins()
    {
        using var scene = new GameScene();
        ScriptGroup enemies = scene.Game.Group("world/enemies");
        GroupView walker = scene.SpawnOf("walker").Group!;
        Assert.AreSame(enemies, walker.ScriptGroup);
        Assert.AreEqual(GamePhase.FixedUpdate, walker.Phase);
        Assert.IsNull(walker.TaskGroup);
        Assert.AreEqual("group world/enemies, FixedUpdate", walker.ToString());
        GroupView late = scene.SpawnOf("late").Group!;
        Assert.AreSame(scene.Game.Root, late.ScriptGroup);
        Assert.AreEqual("group root, LateUpdate", late.ToString());
        Assert.AreEqual("group world, Update", scene.SpawnOf("boss").Group!.ToString());
        CollectionAssert.Contains(scene.Trace, "0.000 walker spawn GroupViewTests.Wait into group world/enemies, FixedUpdate");
    }

    [TestMethod]
    public void A_TaskGroup_child_spawned_in_a_script_group_names_both()
    {
        using var scene = new GameScene();
        LoopEvent spawn = scene.SpawnOf("minion");
        GroupView group = spawn.Group!;
        Assert.AreSame(scene.Game.Group("world"), group.ScriptGroup);
        Assert.AreEqual(GamePhase.Update, group.Phase);
        Assert.IsNotNull(group.TaskGroup);
        Assert.AreEqual("boss", group.TaskGroupOwner!.Name);
        Assert.AreSame(group, spawn.Detail);
        CollectionAssert.Contains(scene.Trace, "0.016667 minion spawn GroupViewTests.Wait by boss into group world, Update; TaskGroup of 'boss'");
    }

    [TestMethod]
    public void A_plain_task_has_no_group()
    {
        using var scene = new GameScene();
        Assert.IsNull(scene.SpawnOf("plain").Group);
        Assert.IsNull(scene.SpawnOf("mover").Group);
        CollectionAssert.Contains(scene.Trace, "0.000 plain spawn GroupViewTests.Wait");
        Assert.IsNull(scene.Game.Loop.Inspect().FindTask("plain")!.Group);
        Assert.IsNull(scene.Recorder.ToArray().First(e => e.Kind == LoopEventKind.StepBegan).Group, "only spawn events carry a group");
    }

    [TestMethod]
    public void The_live_view_and_the_dump_show_each_task_s_group()
    {
        using var scene = new GameScene();
        LoopView view = scene.Game.Loop.Inspect();
        TaskView walker = view.FindTask("walker")!;
        Assert.AreSame(scene.Game.Group("world/enemies"), walker.Group!.ScriptGroup);
        Assert.AreEqual(GamePhase.FixedUpdate, walker.Group.Phase);
        TaskView minion = view.FindTask("minion")!;
        Assert.AreSame(scene.Game.Group("world"), minion.Group!.ScriptGroup);
        Assert.AreEqual("boss", minion.Group.TaskGroupOwner!.Name);
        Assert.IsNull(view.FindTask("boss")!.Group!.TaskGroup, "the task running a TaskGroup is not its child");

        // A task of no group that moved to another phase runs in that phase's lane, with no script group.
        GroupView mover = view.FindTask("mover")!.Group!;
        Assert.IsNull(mover.ScriptGroup);
        Assert.AreEqual(GamePhase.LateUpdate, mover.Phase);
        Assert.AreEqual("phase LateUpdate", mover.ToString());

        string dump = scene.Game.Loop.Dump();
        StringAssert.Contains(dump, "'walker' (group world/enemies, FixedUpdate) waits for");
        StringAssert.Contains(dump, "'minion' (group world, Update; TaskGroup of 'boss') waits for");
        StringAssert.Contains(dump, "'late' (group root, LateUpdate) waits for");
        StringAssert.Contains(dump, "'mover' (phase LateUpdate) waits for");
        StringAssert.Contains(dump, "'plain' waits for");
        StringAssert.Contains(walker.ToString(), "'walker' (group world/enemies, FixedUpdate) Waiting");
    }

    [TestMethod]
    public void A_TaskGroup_child_on_a_plain_loop_shows_its_group_until_it_finishes()
    {
        var recorder = new TraceRecorder();
        using var loop = new EventLoop(ClockKind.Virtual);
        loop.AddSink(recorder);
        var done = new CoEvent();
        LoopView? during = null;
        string? duringDump = null;
        loop.Run(Main());
        Assert.AreEqual("TaskGroup of 'main'", recorder.ToArray().Single(e => e.Kind == LoopEventKind.Spawned && e.Task!.Name == "minion").Group!.ToString());
        GroupView group = during!.FindTask("minion")!.Group!;
        Assert.IsNull(group.ScriptGroup);
        Assert.IsNull(group.Phase);
        Assert.AreEqual("main", group.TaskGroupOwner!.Name);
        Assert.IsNull(during.FindTask("main")!.Group);
        StringAssert.Contains(duringDump, "#2 'minion' (TaskGroup of 'main') waits for");

        IEnumerator<Yield> Main()
        {
            Co.CurrentTask!.Name = "main";
            var minions = new TaskGroup();
            yield return minions.Run(Body(minions));
        }

        IEnumerator<Yield> Body(TaskGroup minions)
        {
            minions.Spawn(Wait(done), "minion");
            yield return Yield.Seconds(1);
            during = Co.Loop.Inspect();
            duringDump = Co.Loop.Dump();
            done.Set();
        }
    }

    [TestMethod]
    public void The_timeline_labels_a_lane_with_its_group()
    {
        using var scene = new GameScene();
        Timeline timeline = scene.Recorder.ToTimeline(TimelineAxis.Frames);
        Assert.AreEqual("group world/enemies, FixedUpdate", timeline.Lanes.Single(l => l.Name == "walker").Group);
        Assert.AreEqual(string.Empty, timeline.Lanes.Single(l => l.Name == "plain").Group);
        string html = timeline.ToHtml("groups");
        StringAssert.Contains(html, "<title>GroupViewTests.Wait in group world/enemies, FixedUpdate</title>");

        // The Chrome / Perfetto file names each task's track with its group too.
        var threads = new List<string>();
        using (JsonDocument trace = JsonDocument.Parse(timeline.ToChromeTraceJson()))
        {
            foreach (JsonElement e in trace.RootElement.GetProperty("traceEvents").EnumerateArray())
            {
                if (e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
                {
                    threads.Add(e.GetProperty("args").GetProperty("name").GetString()!);
                }
            }
        }

        Assert.IsTrue(threads.Exists(t => t.EndsWith(" walker (group world/enemies, FixedUpdate)", StringComparison.Ordinal)), string.Join("; ", threads));
        Assert.IsTrue(threads.Exists(t => t.EndsWith(" plain", StringComparison.Ordinal)), string.Join("; ", threads));
    }
}
