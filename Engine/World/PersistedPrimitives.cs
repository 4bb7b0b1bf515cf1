using System;
using Engine.Persist;

namespace Engine.World;

// Creates the synchronization primitives of a snapshot empty (the first restore step), from the members a constructor
// needs (a task group needs nothing): a semaphore's bound, a barrier's parties, a queue's capacity and a priority queue's comparer. Their state and
// parked tasks are filled in afterwards (IPersistedPrimitive.ReadForRestore). Cold path.
internal static class PersistedPrimitives
{
    public static bool Handles(Type type) =>
        typeof(IPersistedPrimitive).IsAssignableFrom(type) && (!type.IsGenericType || IsQueue(type.GetGenericTypeDefinition()));

    public static object Create(Type type, FieldReader fields)
    {
        if (type == typeof(CoSemaphore))
        {
            return new CoSemaphore(0);
        }

        if (type == typeof(CoBoundedSemaphore))
        {
            return new CoBoundedSemaphore(fields.Get<int>("Bound") - 1);
        }

        if (type == typeof(CoCondition))
        {
            return CoCondition.CreateRestored();
        }

        if (type == typeof(TaskGroup))
        {
            return new TaskGroup();
        }

        if (type == typeof(CoBarrier))
        {
            return new CoBarrier(fields.Get<int>("Parties"));
        }

        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(CoPriorityQueue<>))
        {
            return Activator.CreateInstance(type, fields.Get<int>("Capacity"), fields.Get<object>("Comparer"))!;
        }

        if (type.IsGenericType && IsQueue(type.GetGenericTypeDefinition()))
        {
            return Activator.CreateInstance(type, fields.Get<int>("Capacity"))!;
        }

        throw new ArgumentException("A snapshot names " + type.FullName + ", which is not a primitive a snapshot restores.");
    }

    private static bool IsQueue(Type definition) =>
        definition == typeof(CoQueue<>) || definition == typeof(CoLifoQueue<>) || definition == typeof(CoPriorityQueue<>);
}
