using System;
using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of the sync-primitive save tests (semaphores, conditions, barriers, LIFO and priority queues), as
// generated machines so a snapshot can save where each one is suspended.
public static partial class SyncWorldCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> SemaphoreUser(CoSemaphore permits, List<int> order, int id, double hold)
    {
        yield return permits.Acquire();
        order.Add(id);
        yield return Yield.Seconds(hold);
        permits.Release();
        yield return Yield.Return(order.Count);
    }

    [Coroutine]
    public static IEnumerator<Yield> OverReleaser(CoSemaphore permits, double after)
    {
        yield return Yield.Seconds(after);
        permits.Release();
    }

    // Waits on the condition until the shared box has an item, takes it, then holds the lock a moment.
    [Coroutine]
    public static IEnumerator<Yield> ConditionTaker(CoCondition condition, List<int> box, int id)
    {
        yield return condition.Acquire();
        while (box.Count == 0)
        {
            yield return condition.Wait();
        }

        int item = box[0];
        box.RemoveAt(0);
        yield return Yield.Seconds(0.5);
        condition.Release();
        yield return Yield.Return((id * 100) + item);
    }

    // Puts items in the box under the lock, notifies, and keeps the lock a while: the notified takers wait in the lock's
    // FIFO to get it back.
    [Coroutine]
    public static IEnumerator<Yield> ConditionFiller(CoCondition condition, List<int> box, double after, int items, int notify)
    {
        yield return Yield.Seconds(after);
        yield return condition.Acquire();
        for (int i = 0; i < items; i++)
        {
            box.Add(i + 1);
        }

        condition.Notify(notify);
        yield return Yield.Seconds(1);
        condition.Release();
    }

    [Coroutine]
    public static IEnumerator<Yield> BarrierParty(CoBarrier barrier, double delay, int rounds)
    {
        int indexes = 0;
        for (int round = 0; round < rounds; round++)
        {
            yield return Yield.Seconds(delay);
            yield return barrier.Wait();
            indexes = (indexes * 10) + Co.Result<int>();
        }

        yield return Yield.Return(indexes);
    }

    [Coroutine]
    public static IEnumerator<Yield> TupleProducer(CoQueue<(int Priority, int Id)> queue, int count, int seed)
    {
        for (int i = 0; i < count; i++)
        {
            yield return queue.Put(((seed + i) % 3, (seed * 100) + i));
            yield return Yield.Seconds(0.25);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> TupleConsumer(CoQueue<(int Priority, int Id)> queue, int count, double pause)
    {
        string got = "";
        for (int i = 0; i < count; i++)
        {
            yield return queue.Get();
            (int priority, int id) = Co.Result<(int, int)>();
            got += priority + ":" + id + ",";
            yield return Yield.Seconds(pause);
        }

        yield return Yield.Return(got);
    }

    [Coroutine]
    public static IEnumerator<Yield> Joiner(CoQueue<(int Priority, int Id)> queue)
    {
        yield return queue.Join();
        yield return Yield.Return(-1);
    }

    [Coroutine]
    public static IEnumerator<Yield> Finisher(CoQueue<(int Priority, int Id)> queue, int count, double pause)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            yield return queue.Get();
            sum += Co.Result<(int, int)>().Item2;
            yield return Yield.Seconds(pause);
            queue.TaskDone();
        }

        yield return Yield.Return(sum);
    }
}

// Orders (priority, id) pairs by priority only, so equal priorities are ties the queue must keep in put order.
public sealed class ByPriority : IComparer<(int Priority, int Id)>
{
    public int Compare((int Priority, int Id) x, (int Priority, int Id) y) => x.Priority.CompareTo(y.Priority);
}

// Saves ByPriority (it has no state: the type is enough).
public sealed class ByPriorityConverter : Engine.Persist.ISaveConverter
{
    public bool CanConvert(Type type) => type == typeof(ByPriority);

    public void Write(object value, Engine.Persist.FieldWriter fields)
    {
    }

    public object Read(Type type, Engine.Persist.FieldReader fields) => new ByPriority();
}

// A flag with a predicate method: Yield.Until(flag.IsUp) can be saved, since the flag has a converter.
public sealed class Flag
{
    public int Raised { get; set; }

    public int Threshold { get; set; }

    public bool IsUp() => Raised >= Threshold;

    public bool IsDown() => Raised < Threshold;
}

public sealed class FlagConverter : Engine.Persist.ISaveConverter
{
    public bool CanConvert(Type type) => type == typeof(Flag);

    public void Write(object value, Engine.Persist.FieldWriter fields)
    {
        var flag = (Flag)value;
        fields.Add("Raised", flag.Raised);
        fields.Add("Threshold", flag.Threshold);
    }

    public object Read(Type type, Engine.Persist.FieldReader fields) =>
        new Flag { Raised = fields.Get<int>("Raised"), Threshold = fields.Get<int>("Threshold") };
}

public static partial class PollWorldCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> WaitsUntil(Func<bool> condition, double timeout)
    {
        if (timeout > 0)
        {
            yield return Yield.Until(condition, timeout);
        }
        else
        {
            yield return Yield.Until(condition);
        }

        yield return Yield.Return(Co.Result<bool>() ? "held" : "timed out");
    }

    [Coroutine]
    public static IEnumerator<Yield> WaitsWhile(Func<bool> condition)
    {
        yield return Yield.While(condition);
        yield return Yield.Return("released");
    }

    [Coroutine]
    public static IEnumerator<Yield> Raiser(Flag flag, int times, double every)
    {
        for (int i = 0; i < times; i++)
        {
            yield return Yield.Seconds(every);
            flag.Raised++;
        }
    }
}
