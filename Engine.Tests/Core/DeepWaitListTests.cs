using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Engine.Tests.Core;

// A primitive's FIFO of waiters (Sync/WaitList.cs) removes a cancelled waiter from anywhere without searching or
// shifting once it is long: 100,000 waiters cancelled one by one from the middle leave in linear time. The order in
// which the remaining waiters are served is exactly the FIFO order of a short list, whether the list indexed itself,
// left holes, compacted them or dropped its index again.
[TestClass]
public sealed class DeepWaitListTests
{
    public enum Primitive
    {
        Lock,
        Semaphore,
        Condition,
        Event,
        QueueGetter,
        QueuePutter,
    }

    private sealed class Crowd
    {
        private readonly CoLock _lock = new();
        private readonly CoSemaphore _semaphore = new(1);
        private readonly CoCondition _condition = new();
        private readonly CoEvent _event = new();
        private readonly CoQueue<int> _queue = new(1);
        private readonly CoEvent _go = new();
        private readonly Primitive _primitive;

        public Crowd(Primitive primitive) => _primitive = primitive;

        public List<int> Served { get; } = new();

        public int WaiterCount => _primitive switch
        {
            Primitive.Lock => _lock.WaiterCount,
            Primitive.Semaphore => _semaphore.WaiterCount,
            Primitive.Condition => _condition.WaiterCount,
            Primitive.Event => _event.WaiterCount,
            Primitive.QueueGetter => _queue.WaitingGetters,
            _ => _queue.WaitingPutters,
        };

        // Holds the primitive so that every waiter parks (a full queue for putters, an empty one for getters).
        public IEnumerator<Yield> Hold()
        {
            if (_primitive == Primitive.Lock)
            {
                yield return _lock.Acquire();
                yield return _go.Wait();
                _lock.Release();
            }
            else if (_primitive == Primitive.Semaphore)
            {
                yield return _semaphore.Acquire();
                yield return _go.Wait();
                _semaphore.Release();
            }
            else if (_primitive == Primitive.QueuePutter)
            {
                yield return _queue.Put(-1);
            }
        }

        public IEnumerator<Yield> Waiter(int n)
        {
            switch (_primitive)
            {
                case Primitive.Lock:
                    yield return _lock.Acquire();
                    Served.Add(n);
                    _lock.Release();
                    break;
                case Primitive.Semaphore:
                    yield return _semaphore.Acquire();
                    Served.Add(n);
                    _semaphore.Release();
                    break;
                case Primitive.Condition:
                    yield return _condition.Acquire();
                    yield return _condition.Wait();
                    Served.Add(n);
                    _condition.Release();
                    break;
                case Primitive.Event:
                    yield return _event.Wait();
                    Served.Add(n);
                    break;
                case Primitive.QueueGetter:
                    yield return _queue.Get();
                    Assert.AreEqual(Served.Count, Co.Result<int>()); // items come out in order, to the getters in order
                    Served.Add(n);
                    break;
                default:
                    yield return _queue.Put(n);
                    break;
            }
        }

        // Lets every remaining waiter through, in the primitive's order.
        public IEnumerator<Yield> Release(int count)
        {
            switch (_primitive)
            {
                case Primitive.Lock:
                case Primitive.Semaphore:
                    _go.Set();
                    break;
                case Primitive.Condition:
                    yield return _condition.Acquire();
                    _condition.NotifyAll();
                    _condition.Release();
                    break;
                case Primitive.Event:
                    _event.Set();
                    break;
                case Primitive.QueueGetter:
                    for (int i = 0; i < count; i++)
                    {
                        yield return _queue.Put(i);
                    }

                    break;
                default:
                    for (int i = 0; i <= count; i++)
                    {
                        yield return _queue.Get();
                        int item = Co.Result<int>();
                        if (item >= 0)
                        {
                            Served.Add(item);
                        }
                    }

                    break;
            }
        }
    }

    // n waiters park in order; the ones cancelled picks (by position, in the order it gives) are cancelled one by one,
    // each cancel taking effect at once; then the rest are let through. Returns the order they were served in.
    private static List<int> Run(Primitive primitive, int n, IEnumerable<int> cancelled, out int leftAfterCancels)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var crowd = new Crowd(primitive);
        loop.Spawn(crowd.Hold());
        loop.RunUntil(1);
        var waiters = new List<CoTask>(n);
        for (int i = 0; i < n; i++)
        {
            waiters.Add(loop.Spawn(crowd.Waiter(i)));
        }

        loop.RunUntil(2);
        Assert.AreEqual(n, crowd.WaiterCount);
        int cancels = 0;
        foreach (int i in cancelled)
        {
            Assert.IsTrue(waiters[i].Kill());
            cancels++;
        }

        leftAfterCancels = crowd.WaiterCount;
        Assert.AreEqual(n - cancels, leftAfterCancels);
        loop.Spawn(crowd.Release(n - cancels));
        loop.RunUntil(3);
        Assert.AreEqual(0, crowd.WaiterCount);
        return crowd.Served;
    }

    private static IEnumerable<int> FromTheMiddle(int n, int step)
    {
        for (int k = 0; k < n; k++)
        {
            int i = (n / 2 + k) % n;
            if (i % step == 0)
            {
                yield return i;
            }
        }
    }

    [TestMethod]
    [DataRow(Primitive.Lock)]
    [DataRow(Primitive.Semaphore)]
    [DataRow(Primitive.Condition)]
    [DataRow(Primitive.Event)]
    [DataRow(Primitive.QueueGetter)]
    [DataRow(Primitive.QueuePutter)]
    public void Waiters_cancelled_anywhere_leave_the_others_in_FIFO_order_short_and_long(Primitive primitive)
    {
        // Short lists (no index), lists that index themselves, leave holes, compact and drop the index again.
        foreach (int n in new[] { 5, IndexedQueue<WaitList<int>.Entry>.IndexedLength - 1, IndexedQueue<WaitList<int>.Entry>.IndexedLength, 200 })
        {
            foreach (int step in new[] { 1, 2, 3, 7 })
            {
                List<int> cancelled = FromTheMiddle(n, step).ToList();
                List<int> served = Run(primitive, n, cancelled, out _);
                CollectionAssert.AreEqual(Enumerable.Range(0, n).Except(cancelled).ToList(), served, primitive + " n=" + n + " step=" + step);
            }

            // The head, the tail, then the rest from the back: the cases that end the list's holes at either side.
            List<int> ends = new[] { 0, n - 1 }.Concat(Enumerable.Range(1, n - 2).Reverse().Where(i => i % 2 == 1)).Distinct().ToList();
            List<int> servedEnds = Run(primitive, n, ends, out _);
            CollectionAssert.AreEqual(Enumerable.Range(0, n).Except(ends).ToList(), servedEnds, primitive + " n=" + n + " ends");
        }
    }

    [TestMethod]
    [DataRow(Primitive.Lock)]
    [DataRow(Primitive.Semaphore)]
    [DataRow(Primitive.Condition)]
    [DataRow(Primitive.QueuePutter)]
    public void A_hundred_thousand_waiters_cancelled_from_the_middle_one_by_one(Primitive primitive)
    {
        const int N = 100_000;
        DeepStructureTests.OnSmallStack(() =>
        {
            // Every waiter but each thousandth is cancelled, from the middle outwards; the rest are served in order.
            List<int> cancelled = FromTheMiddle(N, 1).Where(i => i % 1000 != 0).ToList();
            List<int> served = Run(primitive, N, cancelled, out int left);
            Assert.AreEqual(N / 1000, left);
            CollectionAssert.AreEqual(Enumerable.Range(0, N / 1000).Select(i => i * 1000).ToList(), served);
        });
    }

    [TestMethod]
    public void A_list_that_stays_long_keeps_serving_in_order_while_waiters_come_and_go()
    {
        // Waiters join at the back while others leave from the middle and the front is served: the index follows.
        using var loop = new EventLoop(ClockKind.Virtual);
        var semaphore = new CoSemaphore(0);
        var served = new List<int>();
        var tasks = new List<CoTask>();
        IEnumerator<Yield> Waiter(int n)
        {
            yield return semaphore.Acquire();
            served.Add(n);
        }

        var expected = new List<int>();
        var waiting = new List<int>();
        int next = 0;
        for (int round = 0; round < 50; round++)
        {
            for (int i = 0; i < 10; i++)
            {
                tasks.Add(loop.Spawn(Waiter(next)));
                waiting.Add(next++);
            }

            loop.RunUntil(round + 0.5);
            if (waiting.Count > 3)
            {
                int leaving = waiting[waiting.Count / 2];
                Assert.IsTrue(tasks[leaving].Cancel());
                waiting.Remove(leaving);
                leaving = waiting[waiting.Count / 3];
                Assert.IsTrue(tasks[leaving].Cancel());
                waiting.Remove(leaving);
            }

            semaphore.Release();
            expected.Add(waiting[0]);
            waiting.RemoveAt(0);
            loop.RunUntil(round + 1);
            Assert.AreEqual(waiting.Count, semaphore.WaiterCount);
        }

        CollectionAssert.AreEqual(expected, served);
    }

    // n tasks wait on one future, each through its own shield (so cancelling one leaves the future alone and takes the
    // shield's listener off it); the picked ones are cancelled one by one, then the future completes.
    private static List<int> ShieldedWaiters(int n, IEnumerable<int> cancelled)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var shared = new Future<int>(loop);
        var served = new List<int>();
        IEnumerator<Yield> Waiter(int i)
        {
            yield return Co.Shield(shared);
            served.Add(i);
        }

        var tasks = new List<CoTask>(n);
        for (int i = 0; i < n; i++)
        {
            tasks.Add(loop.Spawn(Waiter(i)));
        }

        loop.RunUntil(1);
        Assert.AreEqual(n, shared.WaiterCount);
        int cancels = 0;
        foreach (int i in cancelled)
        {
            Assert.IsTrue(tasks[i].Kill());
            cancels++;
        }

        Assert.AreEqual(n - cancels, shared.WaiterCount);
        Assert.IsFalse(shared.IsDone);
        shared.SetResult(1);
        loop.RunUntil(2);
        return served;
    }

    [TestMethod]
    public void Shielded_waiters_of_one_future_cancelled_anywhere_leave_the_others_woken_in_order()
    {
        foreach (int n in new[] { 5, 63, 64, 200 })
        {
            foreach (int step in new[] { 1, 2, 3, 7 })
            {
                List<int> cancelled = FromTheMiddle(n, step).ToList();
                CollectionAssert.AreEqual(Enumerable.Range(0, n).Except(cancelled).ToList(), ShieldedWaiters(n, cancelled), "n=" + n + " step=" + step);
            }
        }

        DeepStructureTests.OnSmallStack(() =>
        {
            const int N = 100_000;
            List<int> cancelled = FromTheMiddle(N, 1).Where(i => i % 1000 != 0).ToList();
            CollectionAssert.AreEqual(Enumerable.Range(0, N / 1000).Select(i => i * 1000).ToList(), ShieldedWaiters(N, cancelled));
        });
    }

    // A chain of tasks, each racing the next level's task against a shield of one shared future that never completes
    // (a quit signal every level listens to): the shared future holds a listener per level, and each level that
    // finishes takes its own off it.
    private static void WhenAnyChainRacingASharedFuture(int depth, bool cancelFromTheTop, List<string> log)
    {
        using var loop = new EventLoop(ClockKind.Virtual);
        var leaf = new Future<int>(loop);
        var quit = new Future<int>(loop);
        bool Logged(int i) => i < 3 || i > depth - 3;
        IEnumerator<Yield> Level(int i)
        {
            try
            {
                if (i == depth)
                {
                    yield return leaf;
                }
                else
                {
                    yield return Co.WhenAny(Co.Spawn(Level(i + 1)), Co.Shield(quit));
                }

                if (Logged(i))
                {
                    log.Add(i + " ok");
                }
            }
            finally
            {
                if (Logged(i))
                {
                    log.Add(i + " finally");
                }
            }
        }

        CoTask top = loop.Spawn(Level(0));
        loop.RunUntil(1);
        Assert.AreEqual(depth, quit.WaiterCount);
        if (cancelFromTheTop)
        {
            top.Cancel();
        }
        else
        {
            leaf.SetResult(1);
        }

        loop.RunUntil(2);
        Assert.IsTrue(top.IsDone);
        Assert.AreEqual(0, quit.WaiterCount);
        Assert.IsFalse(quit.IsDone);
    }

    [TestMethod]
    public void A_WhenAny_chain_racing_a_shared_future_completes_and_cancels_in_order_100000_deep()
    {
        var log = new List<string>();
        WhenAnyChainRacingASharedFuture(5, cancelFromTheTop: false, log);
        Assert.AreEqual("5 ok,5 finally,4 ok,4 finally,3 ok,3 finally,2 ok,2 finally,1 ok,1 finally,0 ok,0 finally", string.Join(",", log));
        log.Clear();
        WhenAnyChainRacingASharedFuture(5, cancelFromTheTop: true, log);
        Assert.AreEqual("5 finally,4 finally,3 finally,2 finally,1 finally,0 finally", string.Join(",", log));

        DeepStructureTests.OnSmallStack(() =>
        {
            const int N = 100_000;
            var deep = new List<string>();
            WhenAnyChainRacingASharedFuture(N, cancelFromTheTop: false, deep);
            Assert.AreEqual($"{N} ok,{N} finally,{N - 1} ok,{N - 1} finally,{N - 2} ok,{N - 2} finally,2 ok,2 finally,1 ok,1 finally,0 ok,0 finally", string.Join(",", deep));
            deep.Clear();
            WhenAnyChainRacingASharedFuture(N, cancelFromTheTop: true, deep);
            Assert.AreEqual($"{N} finally,{N - 1} finally,{N - 2} finally,2 finally,1 finally,0 finally", string.Join(",", deep));
        });
    }

    [TestMethod]
    public void The_queue_matches_a_plain_list_under_random_enqueues_dequeues_and_removals()
    {
        // Every mode of the list: short (shift), long (holes), a run of removals (index), runs ended by an enqueue or a
        // dequeue, compaction, a key enqueued twice; checked after each operation against a plain list.
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
        {
            var random = new Random(seed);
            var queue = new IndexedQueue<KeyEntry>();
            var model = new List<object>();
            var keys = Enumerable.Range(0, 400).Select(i => new object()).ToArray();
            bool unique = seed > 2; // keys seen once (the index's case), or reused (a key twice: the list searches)
            for (int op = 0; op < 40_000; op++)
            {
                int kind = random.Next(10);
                int target = model.Count < 20 ? 5 : model.Count > 300 ? 1 : 3; // drift between short and long lists
                if (kind < target)
                {
                    object key = unique ? new object() : keys[random.Next(keys.Length)];
                    queue.Enqueue(new KeyEntry(key));
                    model.Add(key);
                }
                else if (kind < target + 2 && model.Count > 0)
                {
                    Assert.AreSame(model[0], queue.Dequeue().Key, "seed " + seed + " op " + op);
                    model.RemoveAt(0);
                }
                else
                {
                    int runs = random.Next(1, 12); // several removals in a row
                    for (int r = 0; r < runs; r++)
                    {
                        object key = unique && model.Count > 0 && random.Next(4) > 0 ? model[random.Next(model.Count)] : keys[random.Next(keys.Length)];
                        int expected = model.IndexOf(key);
                        Assert.AreEqual(expected >= 0, queue.Remove(key, out KeyEntry removed), "seed " + seed + " op " + op);
                        if (expected >= 0)
                        {
                            Assert.AreSame(key, removed.Key);
                            model.RemoveAt(expected);
                        }
                    }
                }

                Assert.AreEqual(model.Count, queue.Count, "seed " + seed + " op " + op);
                var slots = Enumerable.Range(0, queue.Slots).Select(i => queue[i].Key).Where(k => k is not null).ToList();
                CollectionAssert.AreEqual(model, slots, "seed " + seed + " op " + op);
                Assert.IsTrue(queue.Slots == 0 || queue[0].Key is not null, "the head is an entry");
            }
        }
    }

    private readonly struct KeyEntry : IQueueEntry
    {
        public KeyEntry(object key) => Key = key;

        public object? Key { get; }
    }
}
