using System;
using System.Collections.Generic;
using Engine.Persist;

namespace Engine.World;

// Saves the engine's own objects inside a whole-loop snapshot: tasks (with their frames and the tasks waiting for
// them), locks, events, FIFO queues, and the wait sources that generated machines hold in their pending instruction
// (saved as their primitive and role). Two-phase on restore, because these objects form cycles: a task's machine holds
// the task it awaits, whose waiter list holds the first task. Registrations are restored in saved order, so wake order
// (FIFO per holder) is the original's.
internal sealed class EngineConverter : ITwoPhaseConverter
{
    private readonly EventLoop? _loop;

    public EngineConverter(EventLoop? loop) => _loop = loop;

    public bool CanConvert(Type type) =>
        type == typeof(CoTask) || type == typeof(CoLock) || type == typeof(CoEvent) || typeof(WaitSource).IsAssignableFrom(type) ||
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CoQueue<>));

    public void Write(object value, FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        switch (value)
        {
            case CoTask task:
                writer.PushPath("task '" + task.Name + "'");
                if (!ReferenceEquals(task.Loop, _loop))
                {
                    writer.AddProblem("belongs to another event loop");
                }

                task.WriteForSave(fields);
                WriteWaiters(task, fields);
                writer.PopPath();
                break;
            case CoLock lockObject:
                writer.PushPath("CoLock");
                lockObject.WriteForSave(fields);
                writer.PopPath();
                break;
            case CoEvent ev:
                writer.PushPath("CoEvent");
                ev.WriteForSave(fields);
                writer.PopPath();
                break;
            case IPersistedQueue queue:
                writer.PushPath(value.GetType().Name);
                queue.WriteForSave(fields);
                writer.PopPath();
                break;
            case WaitSource source:
                object? owner = source.PersistOwner;
                string? role = owner switch
                {
                    CoLock l => l.RoleOf(source),
                    CoEvent e => e.RoleOf(source),
                    IPersistedQueue q => q.RoleOf(source),
                    _ => null,
                };
                if (role is null)
                {
                    writer.AddProblem("waits on " + source + " (" + source.GetType().FullName + "): a snapshot does not save this primitive yet");
                    return;
                }

                fields.Add("Owner", owner);
                fields.Add("Role", role);
                break;
        }
    }

    public object Read(Type type, FieldReader fields)
    {
        object value = Create(type, fields);
        Fill(value, fields);
        return value;
    }

    public object Create(Type type, FieldReader fields)
    {
        EventLoop loop = _loop ?? throw new InvalidOperationException("Engine objects are restored only into a loop.");
        if (type == typeof(CoTask))
        {
            return CoTask.CreateRestored(loop, fields.Get<long>("Id"), fields.Get<string>("Name"));
        }

        if (type == typeof(CoLock))
        {
            return new CoLock();
        }

        if (type == typeof(CoEvent))
        {
            return new CoEvent();
        }

        if (typeof(WaitSource).IsAssignableFrom(type))
        {
            // A wait source is its primitive's: resolve the owner (created and filled by now, or on its way) and pick.
            object owner = fields.Get<object>("Owner");
            string role = fields.Get<string>("Role");
            return owner switch
            {
                CoLock l => l.SourceFor(role),
                CoEvent e => e.SourceFor(role),
                IPersistedQueue q => q.SourceFor(role),
                _ => throw new ArgumentException("A saved wait source names an owner of type " + owner?.GetType().FullName + ", which has no wait sources."),
            };
        }

        return Activator.CreateInstance(type, fields.Get<int>("Capacity"))!; // CoQueue<T>: the FIFO queue
    }

    public void Fill(object value, FieldReader fields)
    {
        EventLoop loop = _loop!;
        switch (value)
        {
            case CoTask task:
                task.ReadForRestore(fields);
                foreach (CoTask waiter in fields.Get<List<CoTask>>("Waiters") ?? new List<CoTask>())
                {
                    task.AddWaiter(waiter, waiter.ParkForRestore(task));
                }

                break;
            case CoLock lockObject:
                lockObject.ReadForRestore(fields, loop);
                break;
            case CoEvent ev:
                ev.ReadForRestore(fields, loop);
                break;
            case IPersistedQueue queue:
                queue.ReadForRestore(fields, loop);
                break;
        }
    }

    // The tasks waiting for this task, in wake order. Other waiters (a gather's listener, a callback) are not saved yet.
    private static void WriteWaiters(CoTask task, FieldWriter fields)
    {
        var waiters = new List<KeyValuePair<object, int>>();
        task.GetWaiters(waiters);
        var tasks = new List<CoTask>();
        foreach (KeyValuePair<object, int> waiter in waiters)
        {
            if (waiter.Key is CoTask waiting)
            {
                if (waiting.IsParkedWith(waiter.Value))
                {
                    tasks.Add(waiting);
                }
            }
            else if (waiter.Key is not ISavedByLayer)
            {
                fields.Writer.AddProblem("is awaited by " + waiter.Key.GetType().FullName + " (a combinator or callback): a snapshot saves only tasks awaiting tasks yet");
            }
        }

        fields.Add("Waiters", tasks.Count == 0 ? null : tasks);
    }
}
