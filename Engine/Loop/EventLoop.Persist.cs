using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.Persist;
using Engine.World;
using System.Runtime.CompilerServices;

namespace Engine;

// Whole-loop save and restore (Engine/World): the loop's clock, its tasks, its ready queue and its timer queues, read
// and rebuilt here because they are the loop's private state; the tasks and primitives save themselves through
// Engine/World's converter. Nothing here runs on the hot path: saving walks the queues once, cold.
public sealed partial class EventLoop
{
    /// <summary>Saves the whole loop at a quiescent point (between iterations: after <see cref="RunUntil(double)"/>,
    /// <see cref="RunOnce"/> or <see cref="Tick(double)"/> returned): the clock and frame count, the ready queue in order,
    /// the timers with their due times and tie order, and every task with the frames of its <c>[Coroutine]</c> machines
    /// and what it waits on (a timer, a frame count, a task or future, a combinator, a lock, event, queue, semaphore,
    /// condition or barrier, a predicate), callbacks, and exceptions, with object identity kept across the whole loop.</summary>
    /// <param name="converters">Converters for user types held by the machines.</param>
    /// <returns>The snapshot, plain data for <c>System.Text.Json</c>.</returns>
    /// <exception cref="InvalidOperationException">The loop is running, or uses a feature a
    /// snapshot does not cover yet (SimPy's event order, pending posts or thread work).</exception>
    /// <exception cref="NotSupportedException">Some state cannot be saved: the message lists every offender with its task,
    /// frame, field and type (a compiler iterator, a delegate, a socket, a callback, a wait a snapshot does not know).</exception>
    public WorldSnapshot Save(params ISaveConverter[] converters)
    {
        if (_urgent is not null)
        {
            ThrowHelper.ThrowInvalidOperation("This loop runs a simulation in SimPy's event order; save it with its SimEnvironment's Save(), which also saves the simulation's events, resources and random streams.");
        }

        var snapshot = new WorldSnapshot();
        GraphWriter writer = BeginSave(snapshot, null, converters, null);
        writer.ThrowIfProblems("the event loop");
        return snapshot;
    }

    // Writes the loop into snapshot; the caller may write more roots, then throws the writer's problems. layer (a
    // simulation's converter) is tried before the engine's own; urgent receives SimPy's urgent lane, which only a
    // layer that restores the event order may save.
    [MethodImpl(PersistJit.Optimized)]
    internal GraphWriter BeginSave(WorldSnapshot snapshot, ISaveConverter? layer, ISaveConverter[]? converters, List<int>? urgent)
    {
        CheckOwnerThread(null, "save");
        if (_running)
        {
            ThrowHelper.ThrowInvalidOperation("A loop can be saved only between iterations, not while it runs; save after RunUntil, RunOnce or Tick returned.");
        }

        if ((_urgent is not null && urgent is null) || !_posted.IsEmpty || _pendingExternal > 0)
        {
            ThrowHelper.ThrowInvalidOperation("This loop uses a feature a snapshot does not save yet: " +
                (_urgent is not null ? "SimPy's event order" : !_posted.IsEmpty ? "pending posts" : "thread-pool work in flight") + ".");
        }

        snapshot.Clock = _clock.Kind;
        snapshot.Time = _clock.ReadTime(_now); // the real clock has moved on since the last iteration; a wait keeps what it has left now
        snapshot.Frame = _frame;
        snapshot.LastTaskId = _nextTaskId;
        snapshot.ReportUnretrievedFailuresAtOnce = ReportUnretrievedFailuresAtOnce;
        // KeepsThis: a restore creates every machine anew, so an instance coroutine's `this` must be saved or reported.
        var writer = new GraphWriter(snapshot, _liveCount * 3) { KeepsThis = true };
        var placed = new HashSet<CoTask>(_liveCount);
        snapshot.Tasks.Capacity = Math.Max(snapshot.Tasks.Capacity, _liveCount);
        snapshot.Timers.Capacity = Math.Max(snapshot.Timers.Capacity, _timers.Count);
        snapshot.Ready.Capacity = Math.Max(snapshot.Ready.Capacity, _ready.Count);
        if (layer is not null)
        {
            writer.Converters.Add(layer);
        }

        writer.Converters.Add(new Game.GameConverter(this, placed)); // the game layer (Engine/Game), first: it claims its wait sources
        writer.Converters.Add(new EngineConverter(this));
        writer.Converters.Add(new HelperConverter(this)); // timeout scopes, Co.AsCompleted: the state of the helper machines
        if (converters is not null)
        {
            writer.Converters.AddRange(converters);
        }

        writer.Converters.Add(new ExceptionConverter()); // after the user's: a converter for an exception type wins

        // Where each live task waits, from the holders that can wake it: the ready queue, the timer queues, a task's
        // waiter list, a primitive's wait list. Those holders write the registrations; a task none of them holds
        // waits on something a snapshot cannot restore yet (a predicate, a socket, a callback). Under SimPy's event
        // order the queues also hold events in their turn and finished tasks whose end has not had its turn yet.
        for (int i = 0; i < _ready.Count; i++)
        {
            object item = _ready[i];
            if (item is CoTask task)
            {
                if (!task.IsDone && placed.Add(task))
                {
                    snapshot.Ready.Add(Id(writer, task));
                }
                else if (task.IsDone && _urgent is not null)
                {
                    snapshot.Ready.Add(Id(writer, task));
                }
            }
            else if (item is IQueuedEvent && layer is not null)
            {
                snapshot.Ready.Add(writer.WriteReference(item));
            }
            else
            {
                // A callback (CallSoon, a due CallLater): saved with its delegate when that can be named (SavedDelegates).
                writer.PushPath("the ready queue");
                snapshot.Ready.Add(writer.WriteReference(item));
                writer.PopPath();
            }
        }

        if (_urgent is not null)
        {
            for (int i = 0; i < _urgent.Count; i++)
            {
                object item = _urgent[i];
                if (item is CoTask task)
                {
                    placed.Add(task);
                }

                urgent!.Add(writer.WriteReference(item));
            }
        }

        SaveTimers(writer, _timers, snapshot.Timers, placed, layer is not null);
        SaveTimers(writer, _frameWaits, snapshot.FrameWaits, placed, false);
        if (Game.GameLoop.FromHooks(_hooks) is { } game)
        {
            snapshot.Game = Id(writer, game); // its groups' clocks, timers and lanes place their tasks
        }

        // Until/While predicates, in check order: each with its delegate, saved when it can be named (SavedDelegates).
        // A timed one is in the timer queue too, with the same registration.
        var polls = new List<(CoTask Task, Func<bool> Condition, bool Negate)>();
        _polls.GetLive(polls);
        foreach ((CoTask task, Func<bool> condition, bool negate) in polls)
        {
            int id = Id(writer, task);
            writer.PushPath("task '" + task.Name + "' " + (negate ? "While" : "Until") + " predicate");
            snapshot.Polls.Add(new SavedPoll { Task = id, Condition = writer.WriteReference(condition), While = negate });
            writer.PopPath();
            placed.Add(task);
        }

        CoTask[] tasks = GetTasks();
        foreach (CoTask task in tasks)
        {
            snapshot.Tasks.Add(Id(writer, task));
            if (!placed.Contains(task) && task.ParkedOn is not (Future or WaitSource))
            {
                writer.PushTask(task);
                writer.AddProblem("waits on " + task.WaitingFor + ", which a snapshot does not save yet (sockets are not saved)");
                writer.PopPath();
            }
        }

        if (_unretrieved is not null)
        {
            var failed = new List<Future>();
            _unretrieved.GetPending(failed);
            foreach (Future future in failed)
            {
                snapshot.Unretrieved.Add(writer.WriteReference(future));
            }
        }

        return writer;
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

        var loop = new EventLoop(snapshot.Clock is ClockKind.Frame or ClockKind.Real ? snapshot.Clock : ClockKind.Virtual);
        RestoreInto(loop, snapshot, null, converters, null, gameOwnsLoop);
        return loop;
    }

    // Fills a new loop (under SimPy's event order when urgent is given) from snapshot; layer is tried before the
    // engine's converter. Returns the reader, so the caller can read its own roots from the same object table.
    [MethodImpl(PersistJit.Optimized)]
    internal static GraphReader RestoreInto(EventLoop loop, WorldSnapshot snapshot, ISaveConverter? layer, ISaveConverter[]? converters, List<int>? urgent, bool gameOwnsLoop = false)
    {
        loop._now = snapshot.Time;
        loop._clock.ContinueFrom(snapshot.Time);
        loop._frame = snapshot.Frame;
        loop._nextTaskId = snapshot.LastTaskId;
        loop.ReportUnretrievedFailuresAtOnce |= snapshot.ReportUnretrievedFailuresAtOnce;
        var reader = new GraphReader(snapshot) { RestoresWaits = true };
        if (layer is not null)
        {
            reader.Converters.Add(layer);
        }

        reader.Converters.Add(new Game.GameConverter(loop, null, gameOwnsLoop));
        reader.Converters.Add(new EngineConverter(loop));
        reader.Converters.Add(new HelperConverter(loop));
        if (converters is not null)
        {
            reader.Converters.AddRange(converters);
        }

        reader.Converters.Add(new ExceptionConverter());
        if (snapshot.Game != 0)
        {
            reader.ReadObject<Game.GameLoop>(snapshot.Game); // first: the group tree
        }

        foreach (int id in snapshot.Unretrieved)
        {
            // Restored first, so the restored loop tracks (and reports) them in the saved order.
            _ = reader.ReadObject<Future>(id);
        }

        if (loop._live.Length < loop._liveCount + snapshot.Tasks.Count)
        {
            Array.Resize(ref loop._live, loop._liveCount + snapshot.Tasks.Count);
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
            object item = Item(reader, id);
            if (item is CoTask task && !task.IsDone)
            {
                task.ScheduleForRestore();
            }

            loop._ready.Enqueue(item);
        }

        if (urgent is not null)
        {
            foreach (int id in urgent)
            {
                loop.EnqueueUrgent(Item(reader, id));
            }
        }

        var polled = new HashSet<CoTask>();
        foreach (SavedPoll poll in snapshot.Polls)
        {
            CoTask task = Task(reader, poll.Task);
            var condition = (Func<bool>)Item(reader, poll.Condition);
            loop._polls.Add(new ParkedTask(task, task.ParkForRestore(null)), condition, poll.While);
            polled.Add(task);
        }

        foreach (SavedTimer timer in snapshot.Timers)
        {
            if (timer.Stale)
            {
                loop._timers.Add(timer.Due, StaleTimer.Instance, 0);
                continue;
            }

            object item = Item(reader, timer.Task);
            loop._timers.Add(timer.Due, item, item is not CoTask task ? 0 : polled.Contains(task) ? task.WaitVersionForRestore : task.ParkForRestore(null));
        }

        foreach (SavedTimer wait in snapshot.FrameWaits)
        {
            if (wait.Stale)
            {
                loop._frameWaits.Add(wait.Due, StaleTimer.Instance, 0);
                continue;
            }

            CoTask task = Task(reader, wait.Task);
            loop._frameWaits.Add(wait.Due, task, task.ParkForRestore(null));
        }

        return reader;
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

    private static object Item(GraphReader reader, int id) =>
        reader.ReadObject<object>(id) ??
        throw new ArgumentException("The snapshot's queued object #" + id.ToString(CultureInfo.InvariantCulture) + " is missing.");

    [MethodImpl(PersistJit.Optimized)]
    private static void SaveTimers(GraphWriter writer, TimerQueue queue, List<SavedTimer> into, HashSet<CoTask> placed, bool targets)
    {
        foreach (TimerQueue.Bucket bucket in queue.GetBuckets())
        {
            (object[] items, int[] versions) = bucket.CopyEntries();
            for (int i = 0; i < items.Length; i++)
            {
                object item = items[i];
                if (item is CoTask task)
                {
                    if (task.IsParkedWith(versions[i]) && !task.IsDone && placed.Add(task))
                    {
                        into.Add(new SavedTimer { Due = bucket.Due, Task = Id(writer, task) });
                    }
                    else
                    {
                        into.Add(new SavedTimer { Due = bucket.Due, Stale = true }); // fires as a no-op, as the original's does
                    }
                }
                else if (targets && item is WaitSource and ITimerTarget)
                {
                    // A simulation timeout: the layer's converter saves it (or names it as unsavable).
                    into.Add(new SavedTimer { Due = bucket.Due, Task = writer.WriteReference(item) });
                }
                else if (item is StaleTimer)
                {
                    into.Add(new SavedTimer { Due = bucket.Due, Stale = true });
                }
                else if (item is CallbackHandle handle)
                {
                    // CallLater/CallAt (a cancelled one too: it still fires, as a no-op that traces print)
                    writer.PushPath("the timer queue at " + bucket.Due.ToString("R", CultureInfo.InvariantCulture));
                    into.Add(new SavedTimer { Due = bucket.Due, Task = writer.WriteReference(handle) });
                    writer.PopPath();
                }
                else
                {
                    writer.AddProblem("the timer queue holds " + item.GetType().Name + " at " +
                        bucket.Due.ToString("R", CultureInfo.InvariantCulture) + ": a snapshot does not save it yet");
                }
            }
        }
    }
}
