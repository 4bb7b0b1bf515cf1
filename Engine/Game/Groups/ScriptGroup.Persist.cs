using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Game;

// Whole-loop saves (GameConverter): a group's settings (time scale, unscaled, pause), its clock (local time, frame
// count, last delta), its tasks, its timers in local time and frame waits in local frames (earliest first, FIFO within
// one due time, so ties fire in the saved order), and the ready tasks of each lane in run order. Because timers keep
// their due time on the group's own clock, a restored paused or rescaled group resumes each wait with exactly the
// remaining time the live group would have had: the rescaling happens as the clock advances, never on the timer.
// Predicates (Until/While) are saved in check order with their delegates, when those can be named. Cold path.
public sealed partial class ScriptGroup
{
    internal void WriteForSave(FieldWriter fields, HashSet<CoTask> placed)
    {
        GraphWriter writer = fields.Writer;
        if (_disposed)
        {
            writer.AddProblem("was disposed (a script still holds it): a snapshot saves only the groups of the game's tree");
        }

        fields.Add("Game", _game);
        fields.Add("Index", OrderIndex); // set by the game's save, which writes the tree before any group
        fields.Add("TimeScale", _timeScale);
        fields.Add("Unscaled", _unscaled);
        fields.Add("Paused", _paused);
        fields.Add("Time", _time);
        fields.Add("DeltaTime", _deltaTime);
        fields.Add("Frame", _frame);
        var tasks = new List<CoTask>();
        _tasks.AddLiveTo(tasks);
        fields.Add("Tasks", tasks.Count == 0 ? null : tasks);
        fields.Add("Lifetime", _lifetime);
        WriteTimers(_timers, "Timers", fields, placed);
        WriteTimers(_frameWaits, "FrameWaits", fields, placed);
        var ready = new List<CoTask>();
        var readyPhases = new List<int>();
        for (int phase = 0; phase < _lanes.Length; phase++)
        {
            LaneQueue lane = _lanes[phase].Ready;
            for (int i = 0; i < lane.Count; i++)
            {
                CoTask task = lane[i];
                if (!task.IsDone && placed.Add(task))
                {
                    ready.Add(task);
                    readyPhases.Add(phase);
                }
            }
        }

        fields.Add("Ready", ready.Count == 0 ? null : ready);
        fields.Add("ReadyPhases", readyPhases.Count == 0 ? null : readyPhases);
        // Until/While predicates in check order, each with its delegate, saved when it can be named (a lambda is reported
        // with its task); a timed one is in the group's timers too (above), with the same registration.
        var polls = new List<(CoTask Task, System.Func<bool> Condition, bool Negate)>();
        _polls.GetLive(polls);
        var pollTasks = new List<CoTask>(polls.Count);
        var conditions = new List<object>(polls.Count);
        var negates = new List<bool>(polls.Count);
        foreach ((CoTask task, System.Func<bool> condition, bool negate) in polls)
        {
            writer.PushTask(task);
            writer.PushPath((negate ? "While" : "Until") + " predicate");
            writer.WriteReference(condition); // written here, so a report names the task; the list below refers to it
            writer.PopPath();
            writer.PopPath();
            pollTasks.Add(task);
            conditions.Add(condition);
            negates.Add(negate);
            placed.Add(task);
        }

        fields.Add("Polls", pollTasks.Count == 0 ? null : pollTasks);
        fields.Add("PollConditions", conditions.Count == 0 ? null : conditions);
        fields.Add("PollWhile", negates.Count == 0 ? null : negates);
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _timeScale = fields.Get<double>("TimeScale");
        _unscaled = fields.Get<bool>("Unscaled");
        _paused = fields.Get<bool>("Paused");
        _time = fields.Get<double>("Time");
        _deltaTime = fields.Get<double>("DeltaTime");
        _frame = fields.Get<long>("Frame");
        // Effective pause and scale: set for the whole tree once every group is filled (GameLoop.ReadForRestore).
        foreach (CoTask task in fields.Get<List<CoTask>>("Tasks") ?? new List<CoTask>())
        {
            _tasks.Add(task);
        }

        _lifetime = fields.Get<Lifetime>("Lifetime");
        // Predicates first, so a timed one's timer shares the registration its poll was given.
        var polled = new HashSet<CoTask>();
        List<CoTask>? pollTasks = fields.Get<List<CoTask>>("Polls");
        List<object>? conditions = fields.Get<List<object>>("PollConditions");
        List<bool>? negates = fields.Get<List<bool>>("PollWhile");
        for (int i = 0; pollTasks is not null && i < pollTasks.Count; i++)
        {
            CoTask task = pollTasks[i];
            _polls.Add(new ParkedTask(task, task.ParkForRestore(null)), (System.Func<bool>)conditions![i], negates![i]);
            polled.Add(task);
        }

        ReadTimers(_timers, "Timers", fields, polled);
        ReadTimers(_frameWaits, "FrameWaits", fields, polled);
        RefreshNextDues();
        List<CoTask>? ready = fields.Get<List<CoTask>>("Ready");
        List<int>? readyPhases = fields.Get<List<int>>("ReadyPhases");
        for (int i = 0; ready is not null && i < ready.Count; i++)
        {
            ready[i].ScheduleForRestore();
            _lanes[readyPhases![i]].Ready.Enqueue(ready[i]);
        }
    }

    private static void WriteTimers(TimerQueue queue, string name, FieldWriter fields, HashSet<CoTask> placed)
    {
        var dues = new List<double>();
        var tasks = new List<CoTask>();
        foreach (TimerQueue.Bucket bucket in queue.GetBuckets())
        {
            (object[] items, int[] versions) = bucket.CopyEntries();
            for (int i = 0; i < items.Length; i++)
            {
                if (items[i] is CoTask task && task.IsParkedWith(versions[i]) && !task.IsDone && placed.Add(task))
                {
                    dues.Add(bucket.Due);
                    tasks.Add(task);
                }
            }
        }

        fields.Add(name, tasks.Count == 0 ? null : tasks);
        fields.Add(name + "Due", dues.Count == 0 ? null : dues);
    }

    private static void ReadTimers(TimerQueue queue, string name, FieldReader fields, HashSet<CoTask> polled)
    {
        List<CoTask>? tasks = fields.Get<List<CoTask>>(name);
        List<double>? dues = fields.Get<List<double>>(name + "Due");
        for (int i = 0; tasks is not null && i < tasks.Count; i++)
        {
            CoTask task = tasks[i];
            queue.Add(dues![i], task, polled.Contains(task) ? task.WaitVersionForRestore : task.ParkForRestore(null));
        }
    }
}
