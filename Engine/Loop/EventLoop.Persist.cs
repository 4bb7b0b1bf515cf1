using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Persist;
using Engine.World;

namespace Engine;

// Whole-loop save and restore (Engine/World): the loop's clock, its tasks, its ready queue and its timer queues, read
// and rebuilt here because they are the loop's private state; the tasks and primitives save themselves through
// Engine/World's converter. Nothing here runs on the hot path: saving walks the queues once, cold.
public sealed partial class EventLoop
{
    /// <summary>Saves the whole loop at a quiescent point (between iterations: after <see cref="RunUntil(double)"/>,
    /// <see cref="RunOnce"/> or <see cref="Tick(double)"/> returned): the clock and frame count, the ready queue in order,
    /// the timers with their due times and tie order, and every task with the frames of its <c>[Coroutine]</c> machines
    /// and what it waits on (a timer, a frame count, a task, a <see cref="CoLock"/>, a <see cref="CoEvent"/>, a
    /// <see cref="CoQueue{T}"/> get, put or join), with object identity kept across the whole loop.</summary>
    /// <param name="converters">Converters for user types held by the machines.</param>
    /// <returns>The snapshot, plain data for <c>System.Text.Json</c>.</returns>
    /// <exception cref="InvalidOperationException">The loop is running, runs on the real clock, or uses a feature a
    /// snapshot does not cover yet (SimPy's event order, pending posts or thread work).</exception>
    /// <exception cref="NotSupportedException">Some state cannot be saved: the message lists every offender with its task,
    /// frame, field and type (a compiler iterator, a delegate, a socket, a callback, a wait a snapshot does not know).</exception>
    public WorldSnapshot Save(params ISaveConverter[] converters)
    {
        CheckOwnerThread(null, "save");
        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("A loop can be saved only between iterations, not while it runs; save after RunUntil, RunOnce or Tick returned.");
        }

        if (_clock.Kind == ClockKind.Real)
        {
            ThrowHelper.ThrowInvalidOperation("A loop on the real clock cannot be saved yet: its time cannot be restored. Save loops on the virtual or frame clock.");
        }

        if (_urgent is not null || !_posted.IsEmpty || _pendingExternal > 0)
        {
            ThrowHelper.ThrowInvalidOperation("This loop uses a feature a snapshot does not save yet: " +
                (_urgent is not null ? "SimPy's event order" : !_posted.IsEmpty ? "pending posts" : "thread-pool work in flight") + ".");
        }

        var snapshot = new WorldSnapshot { Clock = _clock.Kind, Time = _now, Frame = _frame, LastTaskId = _nextTaskId };
        var writer = new GraphWriter(snapshot, _liveCount * 3);
        var placed = new HashSet<CoTask>(_liveCount);
        writer.Converters.Add(new Game.GameConverter(this, placed)); // the game layer (Engine/Game), first: it claims its wait sources
        writer.Converters.Add(new EngineConverter(this));
        if (converters is not null)
        {
            writer.Converters.AddRange(converters);
        }

        // Where each live task waits, from the holders that can wake it: the ready queue, the timer queues, a task's
        // waiter list, a primitive's wait list. Those holders write the registrations; a task none of them holds
        // waits on something a snapshot cannot restore yet (a predicate, a socket, a callback).
        for (int i = 0; i < _ready.Count; i++)
        {
            object item = _ready[i];
            if (item is CoTask task)
            {
                if (!task.IsDone && placed.Add(task))
                {
                    snapshot.Ready.Add(Id(writer, task));
                }
            }
            else
            {
                writer.AddProblem("the ready queue holds a callback (CallSoon/CallLater): a snapshot does not save delegates");
            }
        }

        SaveTimers(writer, _timers, snapshot.Timers, placed);
        SaveTimers(writer, _frameWaits, snapshot.FrameWaits, placed);
        if (Game.GameLoop.FromHooks(_hooks) is { } game)
        {
            snapshot.Game = Id(writer, game); // its groups' clocks, timers and lanes place their tasks
        }

        var polling = new List<CoTask>();
        _polls.AddLiveTo(polling);
        foreach (CoTask task in polling)
        {
            if (placed.Contains(task)) // a timed predicate: its deadline is saved, the predicate could not be (others are reported below)
            {
                writer.PushTask(task);
                writer.AddProblem("waits on a predicate with a timeout (Yield.Until/While), whose delegate a snapshot cannot save");
                writer.PopPath();
            }
        }

        CoTask[] tasks = GetTasks();
        foreach (CoTask task in tasks)
        {
            snapshot.Tasks.Add(Id(writer, task));
            if (!placed.Contains(task) && task.ParkedOn is not (Future or WaitSource))
            {
                writer.PushTask(task);
                writer.AddProblem("waits on " + task.WaitingFor + ", which a snapshot does not save yet (predicates and sockets are not saved)");
                writer.PopPath();
            }
        }

        writer.ThrowIfProblems("the event loop");
        return snapshot;
    }

    /// <summary>Creates a new loop from a snapshot and leaves it where the saved loop was: same time and frame count,
    /// same tasks (ids and names), same queues. Running it gives the trace and results the saved loop would have given.
    /// A snapshot can be restored any number of times (branching).</summary>
    /// <param name="snapshot">A snapshot from <see cref="Save(ISaveConverter[])"/>, possibly through JSON.</param>
    /// <param name="converters">The converters used when saving it.</param>
    /// <returns>A new loop, not running; drive it with <see cref="RunUntil(double)"/>, <see cref="RunOnce"/> or <see cref="Tick(double)"/>.</returns>
    /// <exception cref="ArgumentException">The snapshot does not fit the code: a coroutine's method changed since it
    /// was saved (the message names what changed), or a saved value does not fit its field.</exception>
    public static EventLoop Restore(WorldSnapshot snapshot, params ISaveConverter[] converters) => Restore(snapshot, converters, gameOwnsLoop: false);

    // A snapshot with a game layer restores it too (GameLoop.Restore: the game owns the new loop).
    internal static EventLoop Restore(WorldSnapshot snapshot, ISaveConverter[]? converters, bool gameOwnsLoop)
    {
        if (snapshot is null)
        {
            throw new ArgumentNullException(nameof(snapshot));
        }

        var reader = new GraphReader(snapshot) { RestoresWaits = true }; // first: refuses another format before a loop exists
        var loop = new EventLoop(snapshot.Clock == ClockKind.Frame ? ClockKind.Frame : ClockKind.Virtual);
        loop._now = snapshot.Time;
        loop._frame = snapshot.Frame;
        loop._nextTaskId = snapshot.LastTaskId;
        reader.Converters.Add(new Game.GameConverter(loop, null, gameOwnsLoop));
        reader.Converters.Add(new EngineConverter(loop));
        if (converters is not null)
        {
            reader.Converters.AddRange(converters);
        }

        if (snapshot.Game != 0)
        {
            reader.ReadObject<Game.GameLoop>(snapshot.Game); // first: the group tree
        }

        foreach (int id in snapshot.Tasks)
        {
            CoTask task = Task(reader, id);
            if (loop._liveCount == loop._live.Length)
            {
                Array.Resize(ref loop._live, loop._live.Length * 2);
            }

            task._liveIndex = loop._liveCount;
            loop._live[loop._liveCount++] = task;
        }

        foreach (int id in snapshot.Ready)
        {
            CoTask task = Task(reader, id);
            task.ScheduleForRestore();
            loop._ready.Enqueue(task);
        }

        foreach (SavedTimer timer in snapshot.Timers)
        {
            CoTask task = Task(reader, timer.Task);
            loop._timers.Add(timer.Due, task, task.ParkForRestore(null));
        }

        foreach (SavedTimer wait in snapshot.FrameWaits)
        {
            CoTask task = Task(reader, wait.Task);
            loop._frameWaits.Add(wait.Due, task, task.ParkForRestore(null));
        }

        return loop;
    }

    /// <summary>Runs exactly one iteration (asyncio's <c>_run_once</c>): on the virtual clock, when nothing is ready, the
    /// clock first jumps to the next timer. A quiescent point before and after, for <see cref="Save(ISaveConverter[])"/>.</summary>
    /// <returns><see langword="false"/> when there was nothing to do (no ready task, no timer, no frame wait).</returns>
    /// <exception cref="InvalidOperationException">The loop is running, or runs on the frame clock (use <see cref="Tick(double)"/>).</exception>
    public bool RunOnce()
    {
        if (_clock.Kind == ClockKind.Frame)
        {
            ThrowHelper.ThrowInvalidOperation("RunOnce needs a loop on the virtual or real clock; a frame-clock loop runs one iteration per Tick(dt).");
        }

        if (_ready.Count == 0 && _posted.IsEmpty && _frameWaits.Count == 0 && (_hooks is null || !_hooks.HasWork))
        {
            if (!TryPeekTimer(out double due))
            {
                return false;
            }

            if (_clock.Kind == ClockKind.Virtual)
            {
                AdvanceVirtualTime(due);
            }
        }

        Enter();
        try
        {
            RunIteration();
        }
        finally
        {
            Exit();
        }

        return true;
    }

    private static int Id(GraphWriter writer, object value) => writer.WriteReference(value);

    private static CoTask Task(GraphReader reader, int id) =>
        reader.ReadObject<CoTask>(id) ??
        throw new ArgumentException("The snapshot's task #" + id.ToString(CultureInfo.InvariantCulture) + " is missing.");

    private static void SaveTimers(GraphWriter writer, TimerQueue queue, List<SavedTimer> into, HashSet<CoTask> placed)
    {
        foreach (TimerQueue.Bucket bucket in queue.GetBuckets())
        {
            for (int i = 0; i < bucket.Count; i++)
            {
                object item = bucket.Items[i];
                if (item is CoTask task)
                {
                    if (task.IsParkedWith(bucket.Versions[i]) && !task.IsDone && placed.Add(task))
                    {
                        into.Add(new SavedTimer { Due = bucket.Due, Task = Id(writer, task) });
                    }
                }
                else if (item is not CallbackHandle { IsCancelled: true })
                {
                    writer.AddProblem("the timer queue holds " + item.GetType().Name + " (a callback or a timeout) at " +
                        bucket.Due.ToString("R", CultureInfo.InvariantCulture) + ": a snapshot does not save it yet");
                }
            }
        }
    }
}
