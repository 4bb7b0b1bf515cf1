using System;
using Engine.World;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.World;

// What a whole-loop save and restore allocate per task, the graph alone (the JSON is the serializer's): the world of
// `quick world` at a smaller size (sleepers, and producers and consumers on bounded queues, many blocked). The bounds
// are generous (about 1.5 times what these measure: 366 bytes per task on save, 275 on restore, 2026-11-28) and still
// catch the allocations a save and a restore made before they were cut: a string per value token and a field writer
// per object on save (about 980 bytes per task), a field reader per object, wait lists grown by doubling and an empty
// waiter list per task on restore (about 460).
[TestClass]
[DoNotParallelize]
public sealed class WorldAllocationTests
{
    private const int Tasks = 4_000;

    private static EventLoop Build()
    {
        var loop = new EventLoop(ClockKind.Virtual);
        var queues = new CoQueue<int>[40];
        for (int q = 0; q < queues.Length; q++)
        {
            queues[q] = new CoQueue<int>(4);
        }

        for (int i = 0; i < Tasks; i++)
        {
            switch (i % 4)
            {
                case 0:
                case 1:
                    loop.Spawn(new WorldCoroutines.SleeperMachine(1000, 0.5 + (i % 37) * 0.1));
                    break;
                case 2:
                    loop.Spawn(new WorldCoroutines.ProducerMachine(queues[i % queues.Length], 1000));
                    break;
                default:
                    loop.Spawn(new WorldCoroutines.ConsumerMachine(queues[i % queues.Length], 1000, 1 + (i % 13) * 0.25));
                    break;
            }
        }

        loop.RunUntil(10);
        return loop;
    }

    [TestMethod]
    public void A_save_allocates_little_more_than_its_lines()
    {
        using EventLoop loop = Build();
        loop.Save(); // the first save fills the runtime's caches (types, converters)
        long before = GC.GetAllocatedBytesForCurrentThread();
        WorldSnapshot snapshot = loop.Save();
        double perTask = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Tasks;
        Assert.AreEqual(Tasks, snapshot.Tasks.Count);
        Assert.IsTrue(perTask <= 550, "a save allocated " + perTask.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " bytes per task");
    }

    [TestMethod]
    public void A_restore_allocates_little_more_than_its_tasks_and_machines()
    {
        using EventLoop loop = Build();
        WorldSnapshot snapshot = loop.Save();
        EventLoop.Restore(snapshot).Dispose(); // the first restore fills the runtime's caches
        long before = GC.GetAllocatedBytesForCurrentThread();
        using EventLoop restored = EventLoop.Restore(snapshot);
        double perTask = (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Tasks;
        Assert.AreEqual(Tasks, restored.GetTasks().Length);
        Assert.IsTrue(perTask <= 400, "a restore allocated " + perTask.ToString("F0", System.Globalization.CultureInfo.InvariantCulture) + " bytes per task");

        // The restored world runs on as the original does.
        loop.RunUntil(30);
        restored.RunUntil(30);
        Assert.AreEqual(loop.GetTasks().Length, restored.GetTasks().Length);
    }
}
