using System;
using System.Collections.Generic;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Sync;

// A CoPriorityQueue's comparer is user code, and it may throw: on a put (the item's place), on a get (the last item
// sifted down) or when a waiting putter is let in by another task's get. The put or get whose comparison threw fails
// with that exception at its yield; the queue keeps every other item in order; the other tasks and the loop go on.
// Before, a throw inside the heap left it half changed (items lost or doubled), and a throw while a wait started (a
// get or put that found the queue ready) left the loop (CoTask.StartWait). The same when the queue takes back what it
// handed a task cancelled or interrupted before it ran (CoTask.Detach): the item a getter was given goes back in, a
// putter's entry comes out; a comparer that throws there fails that task instead of leaving the loop.
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

    [TestMethod]
    public void A_cancelled_getter_whose_item_cannot_go_back_fails_with_the_comparers_exception_and_the_loop_goes_on()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var comparer = new Refusing(null);
        var q = new CoPriorityQueue<string>(0, comparer);
        var log = new List<string>();
        var reported = new List<Exception?>();
        loop.ExceptionHandler = c => reported.Add(c.Exception);
        IEnumerator<Yield> Getter()
        {
            try
            {
                yield return q.Get();
                log.Add("got " + Co.Result<string>());
            }
            finally
            {
                log.Add("getter unwinds");
            }
        }

        IEnumerator<Yield> Ticker()
        {
            for (int i = 0; i < 3; i++)
            {
                yield return Yield.Seconds(1);
                log.Add("tick " + Co.Loop.Time);
            }
        }

        IEnumerator<Yield> Main()
        {
            CoTask getter = Co.Loop.Spawn(Getter());
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryPut("x")); // handed to the waiting getter, which has not run yet
            Assert.IsTrue(q.TryPut("y"));
            comparer.Refused = "x";       // putting x back needs a comparison with y
            Assert.IsTrue(getter.Cancel());
            yield return Yield.Catch(getter);
            Exception failure = getter.Exception!;
            log.Add("getter failed: " + failure.Message + ", context " + Co.GetContext(failure)?.GetType().Name + ", " + q.Count + " left");
            comparer.Refused = null;
            while (q.TryGet(out string? item))
            {
                log.Add("left " + item);
            }
        }

        loop.Spawn(Ticker());
        loop.Run(Main());
        loop.RunUntil(10);
        CollectionAssert.AreEqual(
            new[] { "getter unwinds", "getter failed: cannot compare x, context CancelledException, 1 left", "left y", "tick 1", "tick 2", "tick 3" },
            log);
        Assert.AreEqual(0, reported.Count, "the failure was received by the awaiting task");
    }

    [TestMethod]
    public void A_dropped_item_owes_no_task_done_so_a_join_ends()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var comparer = new Refusing(null);
        var q = new CoPriorityQueue<string>(0, comparer);
        var log = new List<string>();
        IEnumerator<Yield> Getter()
        {
            yield return q.Get();
        }

        IEnumerator<Yield> Joiner()
        {
            yield return q.Join();
            log.Add("joined at " + Co.Loop.Time + ", " + q.Count + " left");
        }

        IEnumerator<Yield> Main()
        {
            Assert.IsTrue(q.TryPut("w"));
            Assert.IsTrue(q.TryGet(out _)); // w is taken, not yet marked done
            Co.Loop.Spawn(Joiner());        // waits for w's TaskDone
            CoTask getter = Co.Loop.Spawn(Getter());
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryPut("x")); // handed to the waiting getter, which has not run yet
            Assert.IsTrue(q.TryPut("y"));
            q.TaskDone();
            q.TaskDone();                 // w's and y's (ahead of y's get): only x is unfinished
            comparer.Refused = "x";
            getter.Cancel();              // x cannot go back: it is dropped, and the join ends
            yield return Yield.Catch(getter);
            log.Add("getter failed: " + getter.Exception?.Message);
            Assert.ThrowsExactly<InvalidOperationException>(() => q.TaskDone(), "no TaskDone is owed for the dropped item; " + string.Join("; ", log));
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "joined at 0, 1 left", "getter failed: cannot compare x" }, log);
    }

    [TestMethod]
    public void A_cancelled_putter_whose_entry_cannot_be_taken_out_fails_and_its_item_stays()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var comparer = new Refusing(null);
        var q = new CoPriorityQueue<string>(3, comparer);
        var log = new List<string>();
        IEnumerator<Yield> Putter()
        {
            yield return q.Put("d"); // waits: the queue is full
            log.Add("put d");
        }

        IEnumerator<Yield> Main()
        {
            foreach (string item in new[] { "a", "b", "c" })
            {
                yield return q.Put(item);
            }

            CoTask putter = Co.Loop.Spawn(Putter());
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryGet(out string? first)); // room: d goes in, and the putter is woken, not yet run
            log.Add("got " + first);
            comparer.Refused = "c"; // taking d back out rebuilds the heap of b, c: they are compared
            putter.Cancel();
            yield return Yield.Catch(putter);
            log.Add("putter failed: " + putter.Exception?.Message + ", " + q.Count + " left");
            comparer.Refused = null;
            while (q.TryGet(out string? item))
            {
                log.Add("left " + item);
            }
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "got a", "putter failed: cannot compare c, 3 left", "left b", "left c", "left d" }, log);
    }

    [TestMethod]
    public void A_putter_refused_when_let_in_and_cancelled_before_it_runs_is_cancelled_and_the_refusal_reported()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var reported = new List<string>();
        loop.ExceptionHandler = context => reported.Add(context.Exception?.Message ?? context.Message);
        var q = new CoPriorityQueue<string>(2, new Refusing("boom"));
        var log = new List<string>();
        IEnumerator<Yield> Putter(string item)
        {
            yield return q.Put(item);
            log.Add(item + " put");
        }

        IEnumerator<Yield> Main()
        {
            yield return q.Put("b");
            yield return q.Put("c");
            CoTask refused = Co.Loop.Spawn(Putter("boom")); // waits: the queue is full
            CoTask next = Co.Loop.Spawn(Putter("a"));       // waits behind it
            yield return Yield.NextTick;
            Assert.IsTrue(q.TryGet(out string? first));      // room: boom is refused (woken with the failure), a goes in
            refused.Cancel();                                // before the refused putter runs: it handed nothing back
            yield return Yield.Catch(refused);
            log.Add("got " + first + "; boom " + (refused.IsCancelled ? "cancelled" : "not cancelled") + ", " + q.Count + " in the queue");
            yield return next;
            while (q.TryGet(out string? item))
            {
                log.Add("left " + item);
            }
        }

        loop.Run(Main());
        Assert.AreEqual("a put | got b; boom cancelled, 2 in the queue | left a | left c", string.Join(" | ", log));
        CollectionAssert.AreEqual(new[] { "cannot compare boom" }, reported, "the refusal it never read goes to the handler");
    }

    [TestMethod]
    public void An_interrupted_getter_whose_item_cannot_go_back_fails_with_the_comparers_exception()
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var comparer = new Refusing(null);
        var q = new CoPriorityQueue<string>(0, comparer);
        var log = new List<string>();
        IEnumerator<Yield> Body()
        {
            yield return q.Get();
            log.Add("got " + Co.Result<string>());
        }

        IEnumerator<Yield> Getter()
        {
            yield return Co.Catch(Co.Timeout(1, Body()));
            Exception? e = Co.Exception;
            log.Add("getter caught " + e?.GetType().Name + ": " + e?.Message + " at " + Co.Loop.Time);
        }

        IEnumerator<Yield> Main()
        {
            CoTask getter = Co.Loop.Spawn(Getter());
            loop.CallAt(1, () =>
            {
                Assert.IsTrue(q.TryPut("x")); // handed to the getter at the instant its timeout expires
                Assert.IsTrue(q.TryPut("y"));
                comparer.Refused = "x";
            });
            yield return getter;
        }

        loop.Run(Main());
        CollectionAssert.AreEqual(new[] { "getter caught FormatException: cannot compare x at 1" }, log);
        Assert.AreEqual(1, q.Count, "y stays; x was dropped");
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
