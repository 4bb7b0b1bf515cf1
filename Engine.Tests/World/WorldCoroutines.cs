using System;
using System.Collections.Generic;

namespace Engine.Tests.World;

// The coroutines of the whole-loop save tests: every kind of wait a snapshot restores, as generated machines.
public static partial class WorldCoroutines
{
    [Coroutine]
    public static IEnumerator<Yield> Sleeper(int steps, double seconds)
    {
        int total = 0;
        for (int i = 1; i <= steps; i++)
        {
            total += i;
            yield return Yield.Seconds(seconds);
        }

        yield return Yield.Return(total);
    }

    [Coroutine]
    public static IEnumerator<Yield> Child(int x)
    {
        yield return Yield.Seconds(0.5);
        yield return Yield.Frames(2);
        yield return Yield.Return(x * 2);
    }

    [Coroutine]
    public static IEnumerator<Yield> Parent(int n)
    {
        int sum = 0;
        for (int i = 0; i < n; i++)
        {
            yield return Yield.From(new ChildMachine(i));
            sum += Co.Result<int>();
        }

        yield return Yield.Return(sum);
    }

    [Coroutine]
    public static IEnumerator<Yield> Producer(CoQueue<int> queue, int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return queue.Put(i * 10);
            yield return Yield.Seconds(0.25);
        }
    }

    [Coroutine]
    public static IEnumerator<Yield> Consumer(CoQueue<int> queue, int count, double pause)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            yield return queue.Get();
            sum += Co.Result<int>();
            yield return Yield.Seconds(pause);
        }

        yield return Yield.Return(sum);
    }

    [Coroutine]
    public static IEnumerator<Yield> Locker(CoLock gate, List<int> order, int id, double hold)
    {
        yield return gate.Acquire();
        order.Add(id);
        yield return Yield.Seconds(hold);
        gate.Release();
        yield return Yield.Return(order.Count);
    }

    [Coroutine]
    public static IEnumerator<Yield> EventWaiter(CoEvent signal, int id)
    {
        yield return signal.Wait();
        yield return Yield.Return(id);
    }

    [Coroutine]
    public static IEnumerator<Yield> EventSetter(CoEvent signal, double after)
    {
        yield return Yield.Seconds(after);
        signal.Set();
    }

    [Coroutine]
    public static IEnumerator<Yield> Awaiter(CoTask target, int add)
    {
        yield return Yield.Await(target);
        yield return Yield.Return(Co.Result<int>() + add);
    }

    [Coroutine]
    public static IEnumerator<Yield> World()
    {
        var order = new List<int>();
        var queue = new CoQueue<int>(2);
        var gate = new CoLock();
        var signal = new CoEvent();
        var tasks = new List<CoTask>();
        CoTask shared = Co.Spawn(new SleeperMachine(3, 1.0), "sleeper");
        tasks.Add(shared);
        tasks.Add(Co.Spawn(new AwaiterMachine(shared, 100), "awaiter-a"));
        tasks.Add(Co.Spawn(new AwaiterMachine(shared, 200), "awaiter-b"));
        tasks.Add(Co.Spawn(new ParentMachine(3), "parent"));
        tasks.Add(Co.Spawn(new ProducerMachine(queue, 6), "producer"));
        tasks.Add(Co.Spawn(new ConsumerMachine(queue, 6, 0.6), "consumer"));
        for (int i = 0; i < 3; i++)
        {
            tasks.Add(Co.Spawn(new LockerMachine(gate, order, i, 0.7), "locker-" + i));
        }

        tasks.Add(Co.Spawn(new EventWaiterMachine(signal, 1), "waiter-1"));
        tasks.Add(Co.Spawn(new EventWaiterMachine(signal, 2), "waiter-2"));
        tasks.Add(Co.Spawn(new EventSetterMachine(signal, 1.5), "setter"));
        string summary = "";
        for (int i = 0; i < tasks.Count; i++)
        {
            yield return Yield.Await(tasks[i]);
            summary += tasks[i].Name + "=" + tasks[i].Result + ";";
        }

        yield return Yield.Return(summary + "order=" + string.Join(",", order));
    }

    [Coroutine]
    public static IEnumerator<Yield> HoldsDelegate(int n)
    {
        Func<int> f = () => n;
        yield return Yield.Seconds(1);
        yield return Yield.Return(f());
    }

    [Coroutine]
    public static IEnumerator<Yield> Polls()
    {
        int ticks = 0;
        yield return Yield.Until(() => ticks++ > 1000);
    }

    public static IEnumerator<Yield> CompilerIterator()
    {
        yield return Yield.Seconds(1);
    }
}
