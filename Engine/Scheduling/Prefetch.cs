using System.Runtime.CompilerServices;
#if NET
using System;
using System.Runtime.Intrinsics.X86;
#endif

namespace Engine;

// Software prefetch for the big ready batches (a frame of many scripts): while one task steps, the batch asks the
// memory system for the task a few places ahead in the queue and for the coroutine of the one half as far ahead, so
// the cache misses of the next steps overlap with this step's work instead of following one another.
//
// Why: at tens of thousands of scripts a frame is bound by memory. Each script is a task object and a coroutine object;
// a step reads fields spread over the task's three cache lines and its coroutine's line. When the queue order follows
// memory order (tasks spawned one after another and stepped in that order) the hardware prefetcher streams them and
// software prefetch only adds work (measured: about 20 % slower). When it does not (the scripts of four script groups
// spawned in turn: each group's lane visits every fourth script), each step waits for its lines one after the other,
// and fetching ahead makes the frame about 25 % faster (Engine.Bench/README.md, "frame"). So a batch looks at the
// addresses of its first tasks and prefetches only when consecutive ones lie far apart (Pays).
//
// A prefetch is only a hint: it never faults, and an object the collector moved meanwhile costs a wasted fetch, so
// reading an object's address for it is safe. Small batches skip all this (their tasks fit in the core's caches), and
// so do runtimes without the instruction (netstandard2.1 builds, such as Unity's): there a batch runs as before.
internal static class Prefetch
{
    // Batches at least this long consider prefetching: below it the ready tasks and their coroutines fit in the caches.
    public const int MinBatch = 4096;

    // How many queue places ahead the task is fetched; its coroutine is fetched at half that distance, once the task's
    // line that holds the reference to it has had time to arrive.
    public const int Distance = 16;

    // The same for a game lane's batch (PhaseLane.RunBatch), which walks an array in place and does less per step than
    // the loop's batch, so 16 places ahead left too little time for a fetch: in the phased frame of 100,000 scripts
    // (Engine.Bench `quick frame`) fetching 32 to 64 places ahead ran the frame 5 - 14 % faster than 16 in the same
    // process, 12 ahead 6 - 14 % slower (session 31, load 6 - 8; Engine.Bench/README.md, "frame").
    public const int LaneDistance = 48;

    // Pays: how many leading tasks are sampled, and the distance in bytes under which two consecutive tasks count as
    // neighbours that the hardware prefetcher fetches by itself (a task and its coroutine take about 180 bytes).
    private const int Samples = 33;
    private const int NearBytes = 512;

    // Off only to measure what prefetching gains (Engine.Bench `quick frame`); read once per batch.
    internal static bool Enabled = true;

    // Whether a batch of count items at the head of ready should prefetch: it is long, the runtime can, and its first
    // tasks are mostly not neighbours in memory.
    public static bool Pays<T>(RingBuffer<T> ready, int count)
        where T : class
    {
#if NET
        if (count < MinBatch || !Enabled || !Sse.IsSupported)
        {
            return false;
        }

        Span<nint> addresses = stackalloc nint[Samples];
        for (int i = 0; i < Samples; i++)
        {
            addresses[i] = Address(ready[i]);
        }

        return MostlyApart(addresses);
#else
        return false;
#endif
    }

    // Whether the wakes of a timer bucket's slab of count items should prefetch (the caller knows the bucket is long):
    // the runtime can, the slab holds more than the sample, and its first items are mostly not neighbours in memory.
    public static bool Pays(object[] items, int count)
    {
#if NET
        if (count <= Samples || !Enabled || !Sse.IsSupported)
        {
            return false;
        }

        Span<nint> addresses = stackalloc nint[Samples];
        for (int i = 0; i < Samples; i++)
        {
            addresses[i] = Address(items[i]);
        }

        return MostlyApart(addresses);
#else
        return false;
#endif
    }

    // Where a step reads a task (issue 10): its method table (the type test of the ready queue) at the object's address,
    // and the hot fields (lane, top frame, flags, wait version: CoTask.cs, "Layout") in the 24 bytes from HotStart,
    // which lie in one line or straddle two. Engine.Tests checks these offsets against the runtime's layout.
    internal const int TaskHotStart = 0x38;
    internal const int TaskHotEnd = 0x4F;

    // A generated machine's own fields (its state first) follow CoroutineMachine's: 0x28 to 0x37 in the machines of
    // Engine.Bench, whose type lies at the object's address like every object's.
    internal const int MachineStateStart = 0x28;
    internal const int MachineStateEnd = 0x37;

    // Fetches the lines of a task a step reads: the one holding its type and the one or two holding its hot fields
    // (a line already asked for costs nothing more). Not the rest of the object, nor what lies after it.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Task(object task)
    {
#if NET
        byte* address = (byte*)Address(task);
        Sse.Prefetch0(address);
        Sse.Prefetch0(address + TaskHotStart);
        Sse.Prefetch0(address + TaskHotEnd);
#endif
    }

    // Fetches the lines of the task's top frame that a resume reads: its type (the call) and, for a compiler iterator,
    // its state and current instruction in the same line; a generated machine's state lies after CoroutineMachine's
    // fields, in the next line or across two.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void TopFrame(CoTask task)
    {
#if NET
        if (task.TopFrame is { } coroutine)
        {
            byte* address = (byte*)Address(coroutine);
            Sse.Prefetch0(address);
            if (task.IsTopMachine)
            {
                Sse.Prefetch0(address + MachineStateStart);
                Sse.Prefetch0(address + MachineStateEnd);
            }
        }
#endif
    }

    // Fetches the first line of a coroutine object (its type; a compiler iterator's state and current instruction).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Coroutine(object? coroutine)
    {
#if NET
        if (coroutine is not null)
        {
            Sse.Prefetch0((void*)Address(coroutine));
        }
#endif
    }

#if NET
    // Fewer than three in four consecutive sampled objects lie within NearBytes of each other.
    private static bool MostlyApart(ReadOnlySpan<nint> addresses)
    {
        int near = 0;
        for (int i = 1; i < addresses.Length; i++)
        {
            nint delta = addresses[i] - addresses[i - 1];
            if (delta > -NearBytes && delta < NearBytes)
            {
                near++;
            }
        }

        return near * 4 < (addresses.Length - 1) * 3;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint Address(object item) => Unsafe.As<object, nint>(ref item);
#endif
}
