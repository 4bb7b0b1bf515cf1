using System;
using System.Collections.Generic;

namespace Engine;

// What Engine/Observe reads of a task (live views, deadlock graphs, events): its frames and the state of its wait.
// Cold paths only; nothing here is on the stepping path.
public sealed partial class CoTask
{
    // The frame that runs next (suspended at the instruction the task waits with), or null when done.
    internal IEnumerator<Yield>? TopFrame => _top;

    // In the loop's ready queue.
    internal bool IsScheduled => (_flags & Scheduled) != 0;

    // Spawned with coroutine and not stepped yet (EventLoop.CheckUnstarted).
    internal bool IsUnstartedWith(IEnumerator<Yield> coroutine) => (_flags & Unstarted) != 0 && ReferenceEquals(_top, coroutine);

    // The version the current wait's registrations carry.
    internal int WaitVersion => _waitVersion;

    // The frames, outermost first (empty when done).
    internal IEnumerator<Yield>[] GetFrames()
    {
        if (_top is null)
        {
            return Array.Empty<IEnumerator<Yield>>();
        }

        int below = StackCount;
        var frames = new IEnumerator<Yield>[below + 1];
        for (int i = 0; i < below; i++)
        {
            frames[i] = _rare!.Stack![i].Coroutine;
        }

        frames[below] = _top;
        return frames;
    }
}
