using System;
using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Engine.Machines;

namespace Engine.Bench;

// The core workloads, shared by the quick mode and the BenchmarkDotNet suites so both measure the
// same code. Each returns the number of resumes (or tasks) it performed.
public static partial class CoreWorkloads
{
    public static long ResumeCount;

    // [Coroutine]: the same method is the compiler's iterator (Ticker) and a generated machine (TickerMachine).
    [Coroutine]
    public static IEnumerator<Yield> Ticker(int yields)
    {
        for (int i = 0; i < yields; i++)
        {
            yield return Yield.NextTick;
        }
    }

    public static IEnumerator<Yield> Empty()
    {
        yield break;
    }

    public static IEnumerator<Yield> TimerLoop(double delay)
    {
        while (true)
        {
            yield return Yield.Seconds(delay);
            ResumeCount++;
        }
    }

    // Engine: tasks x yields next-tick resumes on a frame loop, one Tick per round.
    public static long EngineSwitch(int tasks, int yields)
    {
        using var loop = new EventLoop(ClockKind.Frame);
        for (int i = 0; i < tasks; i++)
        {
            loop.Spawn(Ticker(yields));
        }

        while (loop.TaskCount > 0)
        {
            loop.Tick(0);
        }

        return (long)tasks * yields;
    }

    // The engine with generated machines: the same workload, stepped through the machines' one-call fast path.
    public static long EngineSwitchMachines(int tasks, int yields)
    {
        using var loop = new EventLoop(ClockKind.Frame);
        for (int i = 0; i < tasks; i++)
        {
            loop.Spawn(new TickerMachine(yields));
        }

        while (loop.TaskCount > 0)
        {
            loop.Tick(0);
        }

        return (long)tasks * yields;
    }

    // For comparison only: the minimal fused loop over the same machines (a ring buffer and one virtual call per
    // resume, none of the engine's bookkeeping), the floor any engine step on machines can approach.
    public static long FusedMachineSwitch(int tasks, int yields)
    {
        var ring = new CoroutineMachine[tasks];
        for (int i = 0; i < tasks; i++)
        {
            ring[i] = new TickerMachine(yields);
        }

        int live = tasks;
        while (live > 0)
        {
            int kept = 0;
            for (int i = 0; i < live; i++)
            {
                CoroutineMachine machine = ring[i];
                if (machine.Advance().Kind != CoroutineMachine.EndKind)
                {
                    ring[kept++] = machine;
                }
            }

            live = kept;
        }

        return (long)tasks * yields;
    }

    // For comparison only: the bare trampoline of baseline (a), but over the generated machines through their fast
    // path; the difference to (a) is what the machine itself saves, the difference to EngineSwitchMachines is the
    // engine's bookkeeping.
    public static long BareMachineSwitch(int tasks, int yields)
    {
        var queue = new Queue<CoroutineMachine>(tasks);
        for (int i = 0; i < tasks; i++)
        {
            queue.Enqueue(new TickerMachine(yields));
        }

        while (queue.Count > 0)
        {
            CoroutineMachine machine = queue.Dequeue();
            if (machine.Advance().Kind != CoroutineMachine.EndKind)
            {
                queue.Enqueue(machine);
            }
        }

        return (long)tasks * yields;
    }

    // For comparison only: the engine's step structure with nothing else: an object ring of ready items, a type test
    // per item, the current-task field, a task object with a flags word and a non-inlined Step that calls the machine
    // once, checks the rare-condition flags and re-queues itself. The gap to FusedMachineSwitch is the cost of that
    // structure; the gap to EngineSwitchMachines is everything else the engine does per resume.
    public static long MinimalTaskSwitch(int tasks, int yields)
    {
        var loop = new MiniLoop(tasks);
        for (int i = 0; i < tasks; i++)
        {
            loop.Enqueue(new MiniTask(new TickerMachine(yields)));
        }

        while (loop.Count > 0)
        {
            loop.RunOnce();
        }

        return (long)tasks * yields;
    }

    private sealed class MiniLoop
    {
        private object[] _items;
        private int _head;
        private int _count;
        private MiniTask? _current;

        public MiniLoop(int capacity)
        {
            _items = new object[capacity];
        }

        public int Count => _count;

        public bool Tracing { get; set; }

        public void Enqueue(object item)
        {
            int tail = _head + _count;
            if (tail >= _items.Length)
            {
                tail -= _items.Length;
            }

            _items[tail] = item;
            _count++;
        }

        public void RunOnce()
        {
            for (int n = _count; n > 0; n--)
            {
                object item = _items[_head];
                _items[_head] = null!;
                _head = _head + 1 == _items.Length ? 0 : _head + 1;
                _count--;
                if (item is MiniTask task)
                {
                    _current = task;
                    task.Step(this);
                }
            }

            _current = null;
        }
    }

    private sealed class MiniTask
    {
        private const int Scheduled = 1;
        private const int Stepping = 2;
        private const int Rare = 4;
        private readonly CoroutineMachine _machine;
        private int _flags;

        public MiniTask(CoroutineMachine machine)
        {
            _machine = machine;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public void Step(MiniLoop loop)
        {
            _flags = (_flags & ~Scheduled) | Stepping;
            Yield y = _machine.Advance();
            if (y.Kind != CoroutineMachine.EndKind && (_flags & Rare) == 0 && !loop.Tracing && y.Kind == YieldKind.NextTick)
            {
                _flags |= Scheduled;
                loop.Enqueue(this);
            }

            _flags &= ~Stepping;
        }
    }

    // Baseline (a): the barest trampoline, a Queue<IEnumerator> over the same compiler iterators.
    public static long BareSwitch(int tasks, int yields)
    {
        var queue = new Queue<IEnumerator>(tasks);
        for (int i = 0; i < tasks; i++)
        {
            queue.Enqueue(Ticker(yields));
        }

        while (queue.Count > 0)
        {
            IEnumerator it = queue.Dequeue();
            if (it.MoveNext())
            {
                queue.Enqueue(it);
            }
        }

        return (long)tasks * yields;
    }

    // Baseline (b): async/await with Task.Yield on a single-threaded SynchronizationContext. Its queue is
    // thread-safe, as any real SynchronizationContext's must be (Post may come from any thread).
    public static long AsyncSwitch(int tasks, int yields)
    {
        var context = new SingleThreadContext();
        SynchronizationContext? old = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        try
        {
            int remaining = tasks;
            for (int i = 0; i < tasks; i++)
            {
                _ = AsyncTicker(yields, () => remaining--);
            }

            context.RunUntil(() => remaining == 0);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(old);
        }

        return (long)tasks * yields;
    }

    private static async Task AsyncTicker(int yields, Action done)
    {
        for (int i = 0; i < yields; i++)
        {
            await Task.Yield();
        }

        done();
    }

    // Create, run and finish empty coroutines, in batches.
    public static long EngineSpawn(int count, int batch)
    {
        using var loop = new EventLoop(ClockKind.Frame);
        for (int done = 0; done < count; done += batch)
        {
            for (int i = 0; i < batch; i++)
            {
                loop.Spawn(Empty());
            }

            loop.Tick(0);
        }

        return count;
    }

    // tasks, each looping on a delay of 1.00 + (i mod 100)*0.01 s on the virtual clock until `until`.
    public static long EngineTimers(int tasks, double until, Action<EventLoop>? whileAlive = null)
    {
        ResumeCount = 0;
        using var loop = new EventLoop(ClockKind.Virtual);
        for (int i = 0; i < tasks; i++)
        {
            loop.Spawn(TimerLoop(1.00 + (i % 100 * 0.01)));
        }

        loop.RunUntil(until);
        whileAlive?.Invoke(loop);
        return ResumeCount;
    }

    private sealed class SingleThreadContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _queue = new();

        public override void Post(SendOrPostCallback d, object? state) => _queue.Enqueue((d, state));

        public void RunUntil(Func<bool> done)
        {
            while (!done() && _queue.TryDequeue(out var item))
            {
                item.Callback(item.State);
            }
        }
    }
}
