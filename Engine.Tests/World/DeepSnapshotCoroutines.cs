using System;
using System.Collections.Generic;

namespace Engine.Tests.World;

// Worlds whose saved objects nest as deep as the user makes them: each level a task awaiting the next, a frame calling
// the next, a gather over the next, or a node of a list made of nested arrays (DeepSnapshotTests).
public static partial class DeepSnapshotCoroutines
{
    // A chain of tasks, each awaiting the next; the last sleeps. Returns the depth below it.
    [Coroutine]
    public static IEnumerator<Yield> TaskChain(int levels)
    {
        if (levels == 0)
        {
            yield return Yield.Seconds(5);
            yield return Yield.Return(0L);
            yield break;
        }

        CoTask child = Co.Spawn(new TaskChainMachine(levels - 1));
        yield return child;
        yield return Yield.Return(child.GetResult<long>() + 1);
    }

    // One task whose frames call each other (Yield.From) as deep as levels.
    [Coroutine]
    public static IEnumerator<Yield> FrameChain(int levels)
    {
        if (levels == 0)
        {
            yield return Yield.Seconds(5);
            yield return Yield.Return(0L);
            yield break;
        }

        yield return Yield.From(new FrameChainMachine(levels - 1));
        long below = Co.Result<long>();
        yield return Yield.Return(below + 1);
    }

    // A chain of tasks, each gathering the next.
    [Coroutine]
    public static IEnumerator<Yield> GatherChain(int levels)
    {
        if (levels == 0)
        {
            yield return Yield.Seconds(5);
            yield return Yield.Return(0L);
            yield break;
        }

        CoTask child = Co.Spawn(new GatherChainMachine(levels - 1));
        yield return Co.Gather(child);
        yield return Yield.Return(child.GetResult<long>() + 1);
    }

    // A linked list of nested arrays ({ next, value }) held in a local across a wait, summed afterwards.
    [Coroutine]
    public static IEnumerator<Yield> NestedList(int nodes)
    {
        object?[]? head = null;
        for (int i = 0; i < nodes; i++)
        {
            head = new object?[] { head, i };
        }

        yield return Yield.Seconds(5);
        long sum = 0;
        for (object?[]? node = head; node is not null; node = (object?[]?)node[0])
        {
            sum += (int)node[1]!;
        }

        yield return Yield.Return(sum);
    }

    // Fails at half a second with an exception whose chain of inner exceptions is links long.
    [Coroutine]
    public static IEnumerator<Yield> FailWithDeepChain(int links)
    {
        yield return Yield.Seconds(0.5);
        Exception error = new InvalidOperationException("innermost");
        for (int i = 0; i < links; i++)
        {
            error = new InvalidOperationException("link " + i, error);
        }

        throw error;
    }

    // Waits past the save, then receives the failure and returns the length of its chain and its innermost message.
    [Coroutine]
    public static IEnumerator<Yield> CountChain(CoTask failing)
    {
        yield return Yield.Seconds(1);
        yield return Co.Catch(failing);
        long links = 0;
        Exception? innermost = null;
        for (Exception? e = Co.Exception; e is not null; e = e.InnerException)
        {
            links++;
            innermost = e;
        }

        yield return Yield.Return(innermost?.Message == "innermost" ? links : -links);
    }
}
