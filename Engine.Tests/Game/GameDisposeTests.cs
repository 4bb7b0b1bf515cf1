using System;
using System.Collections.Generic;
using Engine.Game;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Game;

// GameLoop.Dispose and ScriptGroup.Kill against every state a task of the game can be in when they run: ready in a
// lane's in-place array (and mid-batch, killed from a running step), parked on a scaled timer, a frame wait or an Until
// poll, in a paused group, in another phase's lane (of a group, or of no group), awaiting a task of another group, a
// pooled machine (running, or finished and rented again by another task), and tasks whose finally blocks spawn, kill or
// dispose in turn. Every task ends cancelled (none failed), every finally runs exactly once, nothing reaches the loop's
// exception handler, and nothing the game spawned survives the dispose. Small and large scenes (the 100,000-script scene
// of `quick frame` once showed a NullReferenceException in CoTask.Kill at dispose under valgrind; issue 10).
[TestClass]
public sealed partial class GameDisposeTests
{
    private const int Groups = 4;
    private const int KillChain = 3;

    private enum State
    {
        Ticking,
        Timer,
        Frames,
        Poll,
        FixedUpdate,
        LateUpdate,
        EndOfFrame,
        AwaitsOtherGroup,
        Pooled,
        PooledFinishedAndRentedAgain,
        FinallySpawns,
        FinallyKillsAnother,
        FinallyKillsGroups,
        FinallyDisposesGame,
        Count,
    }

    [TestMethod]
    [DataRow(1, false)]
    [DataRow(1, true)]
    [DataRow(200, false)]
    [DataRow(200, true)]
    [DataRow(1_800, false)] // 4 x 1,800 x 14 states: about 100,000 scripts, long batches that prefetch
    public void Dispose_kills_every_task_in_every_state_and_runs_each_finally_once(int perState, bool pauseOneGroup)
    {
        var scene = new Scene(perState);
        scene.Tick(3);
        if (pauseOneGroup)
        {
            scene.Groups[2].Pause();
            scene.Tick(2);
        }

        scene.Dispose();
        scene.AssertAllFinished("after GameLoop.Dispose");
        Assert.IsTrue(scene.Game.Root.IsDisposed || scene.Game.Root.GetTasks().Length == 0);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(200)]
    public void Group_kills_from_outside_a_frame_reach_every_state(int perState)
    {
        var scene = new Scene(perState);
        scene.Tick(3);
        for (int g = 0; g < Groups; g++)
        {
            scene.Groups[g].Kill("killed");
        }

        // Finally blocks may have spawned into groups killed before theirs: those newcomers run on; the root's own tasks
        // (no group of these) and the no-group phase lanes too. Disposing the game ends them all.
        scene.Tick(2);
        scene.Dispose();
        scene.AssertAllFinished("after the groups' kills and the dispose");
    }

    [TestMethod]
    [DataRow(1, 0)]
    [DataRow(1, 2)]
    [DataRow(300, 0)]
    [DataRow(300, 3)]
    public void A_running_step_that_kills_every_group_mid_batch_leaves_the_frame_consistent(int perState, int killerGroup)
    {
        var scene = new Scene(perState);
        scene.Tick(2);
        bool killed = false;
        scene.Groups[killerGroup].Spawn(KillerAtFrame(scene, scene.Game.FrameCount + 1, () => killed = true), "killer");
        scene.Tick(3);
        Assert.IsTrue(killed);
        Assert.AreEqual(perState * Groups, scene.RefusedDisposes, "each FinallyDisposesGame script's finally ran in a frame");
        scene.Dispose();
        scene.AssertAllFinished("after a kill from a running step and the dispose");
    }

    [TestMethod]
    public void Dispose_from_inside_a_step_is_refused_and_the_frame_goes_on()
    {
        var scene = new Scene(2);
        Exception? refused = null;
        scene.Groups[1].Spawn(DisposesFromStep(scene.Game, e => refused = e));
        scene.Tick(2);
        Assert.IsInstanceOfType<InvalidOperationException>(refused);
        scene.Dispose();
        scene.AssertAllFinished("after a refused dispose from a step and the real one");
    }

    [TestMethod]
    public void A_finally_run_by_a_mid_batch_kill_may_kill_other_groups_and_spawn()
    {
        var scene = new Scene(50);
        scene.Tick(2);
        ScriptGroup victim = scene.Game.CreateGroup("victim");
        for (int i = 0; i < 100; i++)
        {
            victim.Spawn(FinallyKillsAllGroups(scene, victim));
        }

        scene.Groups[0].Spawn(KillerOfGroupAtFrame(victim, scene.Game.FrameCount + 1));
        scene.Tick(3);
        scene.Dispose();
        scene.AssertAllFinished("after finally blocks that kill groups from a mid-batch kill");
    }

    private static IEnumerator<Yield> KillerAtFrame(Scene scene, long frame, Action done)
    {
        while (scene.Game.FrameCount < frame)
        {
            yield return Yield.NextTick;
        }

        foreach (ScriptGroup group in scene.Groups)
        {
            group.Kill("killed by a step");
        }

        done();
        yield return Yield.NextTick;
    }

    private static IEnumerator<Yield> KillerOfGroupAtFrame(ScriptGroup group, long frame)
    {
        while (group.Game.FrameCount < frame)
        {
            yield return Yield.NextTick;
        }

        group.Kill();
        yield return Yield.NextTick;
    }

    private static IEnumerator<Yield> DisposesFromStep(GameLoop game, Action<Exception> refused)
    {
        yield return Yield.NextTick;
        try
        {
            game.Dispose();
        }
        catch (InvalidOperationException e)
        {
            refused(e);
        }

        while (true)
        {
            yield return Yield.NextTick;
        }
    }

    private static IEnumerator<Yield> FinallyKillsAllGroups(Scene scene, ScriptGroup own)
    {
        Scene.Entry entry = scene.Track();
        entry.Started = true;
        try
        {
            while (true)
            {
                yield return Yield.NextTick;
            }
        }
        finally
        {
            entry.Finallies++;
            scene.Groups[entry.Index % Groups].Kill("from a finally");
            scene.Groups[(entry.Index + 1) % Groups].Spawn(scene.Script(State.Ticking, entry.Index + 1));
            own.Kill("own group, from a finally");
        }
    }

    [Coroutine]
    private static IEnumerator<Yield> PooledTicker(Scene.Entry entry)
    {
        entry.Started = true;
        try
        {
            while (true)
            {
                yield return Yield.NextTick;
            }
        }
        finally
        {
            entry.Finallies++;
        }
    }

    [Coroutine]
    private static IEnumerator<Yield> PooledShortLived(Scene.Entry entry)
    {
        entry.Started = true;
        try
        {
            yield return Yield.NextTick;
        }
        finally
        {
            entry.Finallies++;
        }
    }

    // A game of four groups (one scaled, one nested) with perState scripts in each state in each group, some tasks of
    // no group in other phases, and a record of every task it made.
    private sealed class Scene
    {
        private readonly List<Entry> _entries = new();
        private readonly List<LoopExceptionContext> _reports = new();
        private bool _disposing;

        public Scene(int perState)
        {
            Game = new GameLoop { FixedStep = 0.02 };
            Game.Loop.ExceptionHandler = _reports.Add;
            ScriptGroup world = Game.CreateGroup("world");
            world.TimeScale = 0.5;
            Groups = new[] { world, Game.CreateGroup("enemies"), world.CreateGroup("nested"), Game.CreateGroup("ui") };
            for (int i = 0; i < perState; i++)
            {
                for (int s = 0; s < (int)State.Count; s++)
                {
                    for (int g = 0; g < Groups.Length; g++)
                    {
                        // A finally that kills a group kills, in that group, tasks whose finally kills another group:
                        // each link nests a kill on the stack (Kill runs the finally blocks before it returns), so
                        // the chain is kept short (a few per group), not one per script.
                        State state = (State)s == State.FinallyKillsGroups && i >= KillChain ? State.Ticking : (State)s;
                        Spawn(Groups[g], state, i + g);
                    }
                }
            }

            for (int i = 0; i < Math.Max(1, perState / 10); i++)
            {
                Entry entry = Track();
                GamePhase phase = (i % 3) switch { 0 => GamePhase.LateUpdate, 1 => GamePhase.FixedUpdate, _ => GamePhase.EndOfFrame };
                entry.Task = Game.Loop.Spawn(MovesTo(entry, phase));
            }
        }

        public GameLoop Game { get; }

        public ScriptGroup[] Groups { get; }

        public int RefusedDisposes { get; private set; }

        public void Dispose()
        {
            _disposing = true;
            Game.Dispose();
        }

        public void Tick(int frames)
        {
            for (int f = 0; f < frames; f++)
            {
                Game.Tick(0.02);
            }
        }

        public Entry Track()
        {
            var entry = new Entry(_entries.Count);
            _entries.Add(entry);
            return entry;
        }

        public IEnumerator<Yield> Script(State state, int index)
        {
            Entry entry = Track();
            return Body(entry, state, index);
        }

        public void AssertAllFinished(string when)
        {
            Assert.IsEmpty(_reports, when + ": " + (_reports.Count > 0 ? _reports[0].Message + " " + _reports[0].Exception : string.Empty));
            int live = 0;
            int failed = 0;
            int wrongFinallies = 0;
            foreach (Entry entry in _entries)
            {
                if (entry.Task is null)
                {
                    // Spawned by a finally into a group the dispose had killed already, or not spawned at all.
                    continue;
                }

                if (!entry.Task.IsDone)
                {
                    live++;
                }
                else if (entry.Task.State == FutureState.Failed)
                {
                    failed++;
                }

                if (entry.Finallies != (entry.Started ? 1 : 0))
                {
                    wrongFinallies++;
                }
            }

            Assert.AreEqual(0, live, when + ": tasks still live");
            Assert.AreEqual(0, failed, when + ": tasks failed");
            Assert.AreEqual(0, wrongFinallies, when + ": finally blocks that ran other than once (or ran without a start)");
            foreach (CoTask task in Game.Loop.GetTasks())
            {
                Assert.IsFalse(task._lane is PhaseLane, when + ": a task of the game is still live: " + task);
            }
        }

        private void Spawn(ScriptGroup group, State state, int index)
        {
            switch (state)
            {
                case State.FixedUpdate:
                    Track(group.Spawn(Script(State.Ticking, index), GamePhase.FixedUpdate));
                    break;
                case State.LateUpdate:
                    Track(group.Spawn(Script(State.Ticking, index), GamePhase.LateUpdate));
                    break;
                case State.EndOfFrame:
                    Track(group.Spawn(Script(State.Ticking, index), GamePhase.EndOfFrame));
                    break;
                case State.Pooled:
                {
                    Entry entry = Track();
                    entry.Task = group.Spawn(RentPooledTicker(entry));
                    break;
                }

                case State.PooledFinishedAndRentedAgain:
                {
                    // The first finishes after one frame and its machine goes back to the pool; the second rents it (or
                    // another) at once, and a third starts a frame later.
                    Entry first = Track();
                    first.Task = group.Spawn(RentPooledShortLived(first));
                    Entry second = Track();
                    second.Task = group.Spawn(RentPooledTicker(second));
                    Entry third = Track();
                    third.Task = group.Spawn(AfterAFrame(group, third));
                    break;
                }

                default:
                    Track(group.Spawn(Script(state, index)));
                    break;
            }
        }

        private void Track(CoTask task)
        {
            Entry entry = _entries[^1];
            entry.Task = task;
        }

        private IEnumerator<Yield> Body(Entry entry, State state, int index)
        {
            entry.Started = true;
            CoTask? awaited = null;
            if (state == State.AwaitsOtherGroup)
            {
                ScriptGroup other = Groups[(index + 1) % Groups.Length];
                Entry target = Track();
                awaited = target.Task = other.Spawn(Body(target, State.Timer, index + 1));
            }

            try
            {
                switch (state)
                {
                    case State.Timer:
                        yield return Yield.Seconds(1_000 + index);
                        break;
                    case State.Frames:
                        yield return Yield.Frames(1_000 + index);
                        break;
                    case State.Poll:
                        yield return Yield.Until(static () => false);
                        break;
                    case State.AwaitsOtherGroup:
                        yield return Yield.Await(awaited!);
                        break;
                    default:
                        while (true)
                        {
                            yield return Yield.NextTick;
                        }
                }
            }
            finally
            {
                entry.Finallies++;
                switch (state)
                {
                    case State.FinallySpawns:
                        // Into its own group (its kill reaches the newcomer) and into another (killed before or after).
                        CoTask own = Groups[index % Groups.Length].Game.Root.Spawn(Script(State.Ticking, index));
                        _entries[^1].Task = own;
                        SpawnIntoOther(index);
                        break;
                    case State.FinallyKillsAnother:
                        // A task spawned earlier, in any group and state (done already, or not yet).
                        _entries[entry.Index / 2].Task?.Kill("from a finally");

                        break;
                    case State.FinallyKillsGroups:
                        Groups[(index + 3) % Groups.Length].Kill("from a finally");
                        break;
                    case State.FinallyDisposesGame:
                        // During the dispose: nothing more happens. During a frame (a kill from a running step): refused.
                        if (_disposing || Game.Loop.IsRunning)
                        {
                            try
                            {
                                Game.Dispose();
                            }
                            catch (InvalidOperationException) when (Game.Loop.IsRunning)
                            {
                                RefusedDisposes++;
                            }
                        }

                        break;
                }
            }
        }

        private void SpawnIntoOther(int index)
        {
            ScriptGroup other = Groups[(index + 1) % Groups.Length];
            if (!other.IsDisposed)
            {
                IEnumerator<Yield> script = Script(State.Ticking, index + 1);
                _entries[^1].Task = other.Spawn(script);
            }
        }

        private IEnumerator<Yield> AfterAFrame(ScriptGroup group, Entry entry)
        {
            entry.Started = true;
            try
            {
                yield return Yield.NextTick;
                Entry pooled = Track();
                pooled.Task = group.Spawn(RentPooledTicker(pooled));
                while (true)
                {
                    yield return Yield.NextTick;
                }
            }
            finally
            {
                entry.Finallies++;
            }
        }

        private static IEnumerator<Yield> MovesTo(Entry entry, GamePhase phase)
        {
            entry.Started = true;
            try
            {
                yield return Yield.Phase(phase);
                while (true)
                {
                    yield return Yield.NextTick;
                }
            }
            finally
            {
                entry.Finallies++;
            }
        }

        public sealed class Entry
        {
            public Entry(int index) => Index = index;

            public int Index { get; }

            public CoTask? Task { get; set; }

            public int Finallies { get; set; }

            public bool Started { get; set; }
        }
    }
}
