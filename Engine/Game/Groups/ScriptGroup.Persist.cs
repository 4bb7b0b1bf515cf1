using System.Collections.Generic;
using Engine.Persist;

namespace Engine.Game;

// Whole-loop saves (GameConverter): a group's settings (time scale, unscaled, pause), its clock (local time, frame
// count, last delta), its tasks, its timers in local time and frame waits in local frames (earliest first, FIFO within
// one due time, so ties fire in the saved order), and the ready tasks of each lane in run order. Because timers keep
// their due time on the group's own clock, a restored paused or rescaled group resumes each wait with exactly the
// remaining time the live group would have had: the rescaling happens as the clock advances, never on the timer.
// Predicates (Until/While) hold delegates and are reported. Cold path.
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
        fields.Add("Path", Path);
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
            RingBuffer<CoTask> lane = _lanes[phase].Ready;
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
        var polling = new List<CoTask>();
        _polls.AddLiveTo(polling);
        foreach (CoTask task in polling)
        {
            if (placed.Contains(task)) // a timed predicate: its deadline was saved above; an untimed one the loop reports
            {
                writer.PushTask(task);
                writer.AddProblem("waits on a predicate with a timeout (Yield.Until/While), whose delegate a snapshot cannot save: wait on a CoEvent, or check a field after Yield.NextTick");
                writer.PopPath();
            }
        }
    }

    internal void ReadForRestore(FieldReader fields)
    {
        _timeScale = fields.Get<double>("TimeScale");
        _unscaled = fields.Get<bool>("Unscaled");
        _paused = fields.Get<bool>("Paused");
        _time = fields.Get<double>("Time");
        _deltaTime = fields.Get<double>("DeltaTime");
        _frame = fields.Get<long>("Frame");
        Recompute();
        foreach (CoTask task in fields.Get<List<CoTask>>("Tasks") ?? new List<CoTask>())
        {
            _tasks.Add(task);
        }

        _lifetime = fields.Get<Lifetime>("Lifetime");
        ReadTimers(_timers, "Timers", fields);
        ReadTimers(_frameWaits, "FrameWaits", fields);
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

    private static void ReadTimers(TimerQueue queue, string name, FieldReader fields)
    {
        List<CoTask>? tasks = fields.Get<List<CoTask>>(name);
        List<double>? dues = fields.Get<List<double>>(name + "Due");
        for (int i = 0; tasks is not null && i < tasks.Count; i++)
        {
            queue.Add(dues![i], tasks[i], tasks[i].ParkForRestore(null));
        }
    }
}
