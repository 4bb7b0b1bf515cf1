using System;
using Engine.Persist;
using System.Runtime.CompilerServices;

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
        PersistedPrimitives.Handles(type) || PersistedFutures.Handles(type) || type == typeof(CallbackHandle) || typeof(Delegate).IsAssignableFrom(type);

    [MethodImpl(PersistJit.Optimized)]
    public void Write(object value, FieldWriter fields)
    {
        GraphWriter writer = fields.Writer;
        switch (value)
        {
            case CoTask task:
                writer.PushTask(task);
                if (!ReferenceEquals(task.Loop, _loop))
                {
                    writer.AddProblem("belongs to another event loop");
                }

                task.WriteForSave(fields);
                task.WriteWaitersForSave(fields);
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
            case IPersistedPrimitive primitive:
                writer.PushPath(value.GetType().Name);
                primitive.WriteForSave(fields);
                writer.PopPath();
                break;
            case Future future when future is not CoTask:
                writer.PushPath(future.ToString());
                PersistedFutures.Write(future, fields);
                writer.PopPath();
                break;
            case WhenAnyResult or WaitResult:
                PersistedFutures.WriteResult(value, fields);
                break;
            case CallbackHandle handle:
                writer.PushPath("callback");
                handle.WriteForSave(fields);
                writer.PopPath();
                break;
            case Delegate method:
                SavedDelegates.Write(method, fields);
                break;
            case WaitSource source:
                object? owner = source.PersistOwner;
                string? role = RoleOf(source, owner);
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

    // A wait source's role in its primitive (Acquire, Get, Put...), or null for a source a snapshot does not know.
    private static string? RoleOf(WaitSource source, object? owner) => owner switch
    {
        CoLock l => l.RoleOf(source),
        CoEvent e => e.RoleOf(source),
        IPersistedPrimitive p => p.RoleOf(source),
        _ => null,
    };

    // Whether a save names source as its primitive and role: the engine's locks, events, queues, semaphores, conditions,
    // barriers and task groups (the game's and the simulation's sources are their layers').
    internal static bool Names(WaitSource source) => RoleOf(source, source.PersistOwner) is not null;

    public object Read(Type type, FieldReader fields)
    {
        object value = Create(type, fields);
        Fill(value, fields);
        return value;
    }

    [MethodImpl(PersistJit.Optimized)]
    public object Create(Type type, FieldReader fields)
    {
        if (typeof(Delegate).IsAssignableFrom(type))
        {
            return SavedDelegates.Read(type, fields);
        }

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

        if (type == typeof(CallbackHandle))
        {
            return CallbackHandle.CreateRestored(fields.Get<double>("When"));
        }

        if (PersistedFutures.Handles(type))
        {
            return PersistedFutures.Create(type, loop, fields);
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
                IPersistedPrimitive p => p.SourceFor(role),
                _ => throw new ArgumentException("A saved wait source names an owner of type " + owner?.GetType().FullName + ", which has no wait sources."),
            };
        }

        return PersistedPrimitives.Create(type, fields); // queues, semaphores, conditions, barriers
    }

    [MethodImpl(PersistJit.Optimized)]
    public void Fill(object value, FieldReader fields)
    {
        EventLoop loop = _loop!;
        switch (value)
        {
            case CoTask task:
                task.ReadForRestore(fields);
                task.ReadWaitersForRestore(fields);
                break;
            case CoLock lockObject:
                lockObject.ReadForRestore(fields, loop);
                break;
            case CoEvent ev:
                ev.ReadForRestore(fields, loop);
                break;
            case CallbackHandle handle:
                handle.ReadForRestore(fields);
                break;
            case Future future:
                PersistedFutures.Read(future, fields);
                break;
            case IPersistedPrimitive primitive:
                primitive.ReadForRestore(fields, loop);
                break;
        }
    }
}
