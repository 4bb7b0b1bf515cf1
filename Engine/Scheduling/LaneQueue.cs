using System;
using System.Runtime.CompilerServices;

namespace Engine;

// The ready tasks of a game lane (TaskLane: a script group's phase), in the order the lane steps them: an array stepped
// in place, as a frame-based scheduler steps its list of coroutines, instead of a ring that every step dequeues from
// and enqueues to.
//
// Order (what users can rely on; docs/game-loop.md): a lane keeps its tasks in a stable order. Each frame the tasks
// that were ready when the lane's batch began run in that order; a task that is ready again after its step in the same
// lane (it yielded NextTick, or anything else that leaves it ready in its phase) keeps its place; a task that parks,
// finishes or moves to another phase leaves it. A task that becomes ready in the lane otherwise (spawned, woken, moved
// in from another phase, resumed from a pause) is appended after all of those and first runs in the lane's next batch,
// in the order it became ready. So next frame's order is: the old tasks that stayed, in their old order, then the new
// ones in arrival order. A lane's batch that stops early (its group was paused meanwhile) leaves the tasks it did not
// reach in their places.
//
// Why: at 100,000 scripts the ring's traffic was a dequeue (a load and a clearing store) and an enqueue (a store with a
// GC write barrier) per step, and a task woken or spawned during a batch landed between the tasks that stayed ready.
// In place, a step of a task that stays ready writes nothing to the queue. The loop's own ready queue (tasks of no
// lane: the plain event loop) is still a ring in FIFO order (asyncio's rules hold there).
//
// How the batch (PhaseLane.RunBatch) works: slots [0, kept) hold the tasks already stepped that stay, slots
// [next, count) those not stepped yet and those appended during the batch. A step that ends ready through the fast
// path (CoTask.StepInBatchKeepsPlace) says so; any other path enqueues the task, and Enqueue recognises the task in the
// slot being stepped (stepping) and only notes that it stays. When slots were left, the batch moves each task that
// stays down to the first free slot, and at its end the rest down behind them. A kill during a batch (DropFinished)
// takes the killed tasks out of the slots not stepped yet at once, and out of the others when the batch ends.
internal sealed class LaneQueue
{
    internal CoTask[] _items = new CoTask[16];
    internal int _count;
    internal int _batchEnd;     // during a batch: the end of the tasks it steps (those queued when it began)
    internal int _stepping = -1; // during a batch: the slot of the task being stepped (its own enqueue keeps the slot)
    private bool _stayed;       // the task in slot _stepping enqueued itself during its step
    private bool _dropPending;  // DropFinished ran during the batch: the stepped tasks are filtered when it ends

    public int Count => _count;

    public CoTask this[int index] => _items[index];

    // Queues a ready task at the end, or notes that the task being stepped stays in its slot.
    public void Enqueue(CoTask task)
    {
        int stepping = _stepping;
        if (stepping >= 0 && ReferenceEquals(_items[stepping], task))
        {
            _stayed = true;
            return;
        }

        if (_count == _items.Length)
        {
            Array.Resize(ref _items, _items.Length * 2);
        }

        _items[_count++] = task;
    }

    // Whether the task being stepped enqueued itself during its step (then it stays in its slot); clears the note.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TakeStayed()
    {
        if (_stayed)
        {
            _stayed = false;
            return true;
        }

        return false;
    }

    // The batch ends with next tasks reached: the tasks of slots [next, count) move down behind the kept ones. An
    // exception that leaves the batch during the step of slot next (inFlight) keeps that task only if it is ready again.
    internal void EndBatch(int next, int kept, bool inFlight)
    {
        CoTask[] items = _items;
        if (inFlight)
        {
            if (TakeStayed())
            {
                items[kept++] = items[next];
            }

            next++;
        }

        int count = _count;
        if (kept < next)
        {
            Array.Copy(items, next, items, kept, count - next);
            int newCount = kept + (count - next);
            Array.Clear(items, newCount, count - newCount);
            _count = newCount;
        }

        _stepping = -1;
        _stayed = false;
        _batchEnd = 0;
        if (_dropPending)
        {
            _dropPending = false;
            DropFinished();
        }
    }

    // Takes finished tasks (after a kill) out, keeping the order of the others. During a batch it filters the slots not
    // stepped yet now (and shortens the batch by the killed tasks among them) and the others when the batch ends.
    public void DropFinished()
    {
        int from = 0;
        if (_stepping >= 0)
        {
            from = _stepping + 1;
            _dropPending = true;
        }

        CoTask[] items = _items;
        int count = _count;
        int write = from;
        int droppedInBatch = 0;
        for (int read = from; read < count; read++)
        {
            CoTask task = items[read];
            if (!task.IsDone)
            {
                items[write++] = task;
            }
            else if (read < _batchEnd)
            {
                droppedInBatch++;
            }
        }

        Array.Clear(items, write, count - write);
        _count = write;
        _batchEnd -= droppedInBatch;
    }
}
