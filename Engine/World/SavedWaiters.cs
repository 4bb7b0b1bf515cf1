using System.Collections.Generic;
using Engine.Persist;
using System.Runtime.CompilerServices;

namespace Engine.World;

// Saves and restores a primitive's FIFO of parked tasks (WaitList) for whole-loop snapshots: the tasks in wake order,
// and the values they carry (a queue's blocked putters carry their items). Only live registrations are written, so a
// restored list holds exactly the waits that were pending. Cold path.
internal static class SavedWaiters
{
    [MethodImpl(PersistJit.Optimized)]
    public static List<CoTask>? Tasks<T>(WaitList<T> list, List<T>? values = null)
    {
        if (list.Count == 0)
        {
            return null;
        }

        var tasks = new List<CoTask>(list.Count);
        for (int i = 0; i < list.Slots; i++)
        {
            WaitList<T>.Entry entry = list.EntryAt(i);
            if (!entry.IsHole && entry.Task.IsParkedWith(entry.Waiter.Version))
            {
                tasks.Add(entry.Task);
                values?.Add(entry.Value);
            }
        }

        return tasks;
    }

    [MethodImpl(PersistJit.Optimized)]
    public static void Restore<T>(FieldReader fields, string name, WaitList<T> list, WaitSource source, List<T>? values = null)
    {
        List<CoTask>? tasks = fields.Get<List<CoTask>>(name);
        if (tasks is null)
        {
            return;
        }

        list.EnsureCapacity(list.Count + tasks.Count);
        for (int i = 0; i < tasks.Count; i++)
        {
            CoTask task = tasks[i];
            list.Enqueue(new ParkedTask(task, task.ParkForRestore(source)), values is null ? default! : values[i]);
        }
    }
}
