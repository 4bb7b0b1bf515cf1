using System;
using System.Collections.Generic;
using Engine.Persist;

namespace Engine.World;

// Saves the futures that are not tasks: a plain Future<T> (state, result or failure or cancel message, waiters in wake
// order) and the engine's combinators, which also save what they listen to (IPersistedFuture): Co.Gather/WhenAll,
// Co.WhenAny, Co.Wait (with its timeout timer, a callback on the combinator itself) and Co.Shield. A combinator is a
// listener in each child's waiter list, so restoring the child's list re-registers it in its saved place. Created
// empty (no subscription), then filled. A user type derived from Future<T> is not handled here: it needs a converter.
// Cold path.
internal static class PersistedFutures
{
    public static bool Handles(Type type) =>
        (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Future<>)) || typeof(IPersistedFuture).IsAssignableFrom(type) ||
        type == typeof(WhenAnyResult) || type == typeof(WaitResult);

    // The results of Co.WhenAny and Co.Wait, which a waiting task holds as the value it is about to receive.
    public static void WriteResult(object value, FieldWriter fields)
    {
        if (value is WhenAnyResult any)
        {
            fields.Add("Index", any.Index);
            fields.Add("Winner", any.Winner);
        }
        else
        {
            var wait = (WaitResult)value;
            fields.Add("Done", new List<Future>(wait.Done));
            fields.Add("Pending", new List<Future>(wait.Pending));
        }
    }

    public static void Write(Future future, FieldWriter fields)
    {
        future.WriteOutcomeForSave(fields);
        (future as IPersistedFuture)?.WriteForSave(fields);
        future.WriteWaitersForSave(fields);
    }

    public static object Create(Type type, EventLoop loop, FieldReader fields)
    {
        if (type == typeof(WhenAnyResult))
        {
            return new WhenAnyResult(fields.Get<int>("Index"), fields.Get<Future>("Winner"));
        }

        if (type == typeof(WaitResult))
        {
            return new WaitResult((fields.Get<List<Future>>("Done") ?? new List<Future>()).ToArray(), (fields.Get<List<Future>>("Pending") ?? new List<Future>()).ToArray());
        }

        if (type == typeof(GatherFuture))
        {
            return GatherFuture.CreateRestored(loop, fields.Get<bool>("ReturnExceptions"));
        }

        if (type == typeof(WhenAnyFuture))
        {
            return WhenAnyFuture.CreateRestored(loop);
        }

        if (type == typeof(MirrorFuture))
        {
            return new MirrorFuture(loop, fields.Get<string>("What") ?? MirrorFuture.ShieldName);
        }

        if (type == typeof(WaitFuture))
        {
            return WaitFuture.CreateRestored(loop, fields.Get<WaitMode>("Mode"));
        }

        return Activator.CreateInstance(type, loop)!; // Future<T>
    }

    public static void Read(Future future, FieldReader fields)
    {
        future.ReadOutcomeForRestore(fields);
        (future as IPersistedFuture)?.ReadForRestore(fields);
        future.ReadWaitersForRestore(fields);
    }
}
