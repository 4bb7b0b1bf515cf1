using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Sync;

// A CoPriorityQueue's comparer is user code, and it may throw: on a put (the item's place), on a get (the last item
// sifted down) or when a waiting putter is let in by another task's get. The put or get whose comparison threw fails
// with that exception at its yield; the queue keeps every other item in order; the other tasks and the loop go on.
// Before, a throw inside the heap left it half changed (items lost or doubled), and a throw while a wait started (a
// get or put that found the queue ready) left the loop (CoTask.StartWait).
[TestClass]
public sealed class PriorityQueueComparerFailureTests
{
    [TestMethod]
    public void A_put_whose_item_cannot_be_compared_fails_and_the_queue_keeps_its_order()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoPriorityQueue<string>(0, new Refusing("boom"));
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            foreach (string item in new[] { "m", "c", "x", "boom", "a", "q" })
            {
                yield return Yield.Catch(PutOne(q, item)); // a put with room goes in at once, raising in the putter's body
                log.Add("put " + item + (Co.Exception is { } e ? " failed: " + e.Message : string.Empty));
            }

            while (!q.IsEmpty)
            {
                yield return q.Get();
                log.Add("got " + Co.Result<string>());
            }
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(
            new[] { "put m", "put c", "put x", "put boom failed: cannot compare boom", "put a", "put q", "got a", "got c", "got m", "got q", "got x" },
            log);
    }

    [TestMethod]
    public void A_get_whose_sift_throws_fails_and_leaves_every_item()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var comparer = new Refusing(null);
        var q = new CoPriorityQueue<string>(0, comparer);
        var log = new List<string>();
        IEnumerator<Yield> Main()
        {
            foreach (string item in new[] { "d", "b", "e", "a", "c", "f", "g" })
            {
                yield return q.Put(item);
            }

            comparer.Refused = "g"; // a get moves the last item ("g") to the top and sifts it down
            yield return Co.Catch(q.Get());
            log.Add("get failed: " + Co.Exception?.Message + ", " + q.Count + " left");
            Assert.AreEqual("cannot compare g", Assert.ThrowsExactly<FormatException>(() => q.TryGet(out _)).Message, "TryGet raises in its caller");
            comparer.Refused = null;
            while (q.TryGet(out string? item))
            {
                log.Add("got " + item);
            }
        }

        IEnumerator<Yield> Other()
        {
            for (int i = 0; i < 3; i++)
            {
                yield return Yield.Seconds(1);
                log.Add("other " + i);
            }
        }

        loop.Spawn(Other());
        loop.Run(Main());
        loop.RunUntil(10);
        CollectionAssert.AreEqual(
            new[] { "get failed: cannot compare g, 7 left", "got a", "got b", "got c", "got d", "got e", "got f", "got g", "other 0", "other 1", "other 2" },
            log);
    }

    [TestMethod]
    public void A_waiting_putter_whose_item_cannot_be_compared_fails_when_let_in_and_the_next_putter_gets_the_room()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var q = new CoPriorityQueue<string>(2, new Refusing("boom"));
        var log = new List<string>();
        IEnumerator<Yield> Putter(string item)
        {
            yield return Co.Catch(q.Put(item));
            log.Add(Co.Loop.Time + " " + item + (Co.Exception is { } e ? " failed: " + e.Message : " put"));
        }

        IEnumerator<Yield> Getter()
        {
            yield return Yield.Seconds(1);
            yield return q.Get();
            log.Add("1 got " + Co.Result<string>() + ", " + q.Count + " left");
            yield return Yield.Seconds(1);
            while (!q.IsEmpty)
            {
                yield return q.Get();
                log.Add("2 got " + Co.Result<string>());
            }
        }

        loop.Spawn(Putter("b"));
        loop.Spawn(Putter("c"));
        loop.Spawn(Putter("boom")); // waits: the queue is full
        loop.Spawn(Putter("a"));    // waits behind it
        loop.Spawn(Getter());
        loop.RunUntil(10);
        CollectionAssert.AreEqual(
            new[] { "0 b put", "0 c put", "1 got b, 2 left", "1 boom failed: cannot compare boom", "1 a put", "2 got a", "2 got c" },
            log);
    }

    [TestMethod]
    public void A_get_that_finds_the_queue_ready_and_throws_does_not_leave_the_loop()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var comparer = new Refusing(null);
        var q = new CoPriorityQueue<string>(0, comparer);
        var log = new List<string>();
        IEnumerator<Yield> Getter()
        {
            yield return q.Get(); // the queue has items: the wait starts and completes in place, and its sift throws
            log.Add("not reached");
        }

        IEnumerator<Yield> Main()
        {
            yield return q.Put("x");
            yield return q.Put("y");
            yield return q.Put("z");
            comparer.Refused = "z";
            CoTask getter = Co.Loop.Spawn(Getter());
            yield return Yield.Catch(getter);
            log.Add("getter: " + getter.Exception?.Message + ", " + q.Count + " left");
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "getter: cannot compare z, 3 left" }, log);
    }

    private static IEnumerator<Yield> PutOne(CoPriorityQueue<string> q, string item)
    {
        yield return q.Put(item);
    }

    // Orders strings by code point; comparing anything with Refused throws.
    private sealed class Refusing : IComparer<string>
    {
        public Refusing(string? refused) => Refused = refused;

        public string? Refused { get; set; }

        public int Compare(string? x, string? y) =>
            Refused is not null && (x == Refused || y == Refused) ? throw new FormatException("cannot compare " + Refused) : string.CompareOrdinal(x, y);
    }
}
