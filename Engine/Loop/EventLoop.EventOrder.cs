using System;
using System.Threading;

namespace Engine;

// SimPy's event order, for simulations (Engine/Simulation, docs/simulation.md). Off by default; nothing here runs
// unless a simulation environment turns it on with EnableEventOrder.
//
// The engine's own order steps ready items FIFO and lets a task continue inline when what it waits for is already
// there. SimPy keeps one queue of events ordered by (time, priority, id), and two of its rules differ from that:
//   1. Starting a process and delivering an interrupt are URGENT: they go ahead of every NORMAL event due at the
//      same time, even those queued earlier.
//   2. A process resumes when the event it waits for is *processed* (its turn in the queue comes), not when the
//      event is triggered; so a process that yields an event already triggered (a free resource) waits for the
//      event's turn instead of going on at once. An event's callbacks run together, in the order they were added.
// With the order on, the loop keeps a second, urgent lane (spawned tasks and interruptions), drained before every
// item of the ordinary ready queue, and the ready queue may also hold simulation events (IQueuedEvent), triggered
// in that order and processed in their turn. Due timers still move to the ready queue in (due time, insertion)
// order when the clock reaches them, which is SimPy's order too: a timer due now was created before anything that
// was triggered now. Equal times, equal priorities: first created, first processed.
//
// Cost: one null test per iteration and per spawn when the order is off; the default path is otherwise untouched.
public sealed partial class EventLoop
{
    private const int EventOrderBatchLimit = 4096;
    private RingBuffer<object>? _urgent;  // not null: SimPy's event order is on
    private Action<CoTask>? _finishedTurn;
    private int _dispatchBudget = int.MaxValue;
    private bool _stopRequested;
    private int _nestedSteps;             // steps of waiters resumed inside an event's processing (TryTakeNextTurn); left
                                          // above zero by an escaping exception, it only turns the shortcut off until the run ends
    private long _readyTaken;             // items taken from the head of the ready queue under SimPy's order
    private CoTask? _unqueuedTurn;        // a finished task whose turn is kept out of the ready queue (TryKeepTaskTurnUnqueued)
    private long _unqueuedTurnAt;         // its place: the _readyTaken count at which it heads the queue
    private bool _unqueuedTurnsAllowed;   // inside a RunEvents that is not one step

    // True once EnableEventOrder was called.
    internal bool UsesEventOrder => _urgent is not null;

    // Events dispatched by the current iteration may stop the run after themselves (a run until an event, one step).
    internal void RequestStop() => _stopRequested = true;

    // Turns SimPy's event order on; only before the loop has any work. finishedTurn is told when a finished task's
    // turn comes (EnqueueTaskTurn): SimPy processes a process's end as an event in the queue.
    internal void EnableEventOrder(Action<CoTask> finishedTurn)
    {
        if (_liveCount > 0 || _ready.Count > 0 || _timers.Count > 0)
        {
            ThrowHelper.ThrowInvalidOperation("SimPy's event order must be chosen before the loop has tasks, callbacks or timers.");
        }

        if (_hooks is not null)
        {
            ThrowHelper.ThrowInvalidOperation("This event loop drives a GameLoop; SimPy's event order and a game's frame phases cannot share one loop. Give the simulation its own loop.");
        }

        _urgent = new RingBuffer<object>(16);
        _finishedTurn = finishedTurn;
    }

    // Starts the virtual clock at time (a simulation that begins at a given time); only before it has run.
    internal void StartClockAt(double time)
    {
        if (_clock.Kind != ClockKind.Virtual || _frame != 0)
        {
            ThrowHelper.ThrowInvalidOperation("Only a virtual-clock loop that has not run yet can start at a given time.");
        }

        _now = time;
    }

    // An urgent item: a task to start, or an event (an interruption) to process ahead of the normal ones.
    internal void EnqueueUrgent(object item)
    {
        if (item is CoTask task)
        {
            task.MarkScheduled();
        }

        _urgent!.Enqueue(item);
    }

    // A triggered event takes its turn at the back of the ready queue.
    internal void EnqueueEvent(IQueuedEvent queuedEvent) => _ready.Enqueue(queuedEvent);

    // A task that just finished takes a turn at the back of the ready queue, as SimPy's process event does; the turn of
    // a finished task is reported to finishedTurn instead of stepping it.
    internal void EnqueueTaskTurn(CoTask finished) => _ready.Enqueue(finished);

    // The turn of a finished task that nothing waits for does nothing when it comes; it matters only if the task's event
    // is asked for before then (its waiters must wait for that turn). So, instead of queueing it, the loop keeps one
    // such turn aside with its place in the queue (the count of items taken from the head when it would head the
    // queue), drops it when that place is reached, and puts it back into the queue at its place when it is asked
    // about (IsQueued), when a run ends (so a saved or stepped simulation sees the queue as SimPy would) or when the
    // slot is taken. Only during a run that is not one step (Step processes that turn as an event of its own).
    internal bool TryKeepTaskTurnUnqueued(CoTask finished)
    {
        if (!_unqueuedTurnsAllowed)
        {
            return false;
        }

        if (_unqueuedTurn is not null)
        {
            QueueUnqueuedTurn();
        }

        _unqueuedTurn = finished;
        _unqueuedTurnAt = _readyTaken + _ready.Count;
        return true;
    }

    // The kept turn goes into the ready queue at its place (before the items queued after it finished).
    private void QueueUnqueuedTurn()
    {
        CoTask task = _unqueuedTurn!;
        _unqueuedTurn = null;
        RingBuffer<object> ready = _ready;
        int place = (int)(_unqueuedTurnAt - _readyTaken);
        ready.Enqueue(task);
        for (int i = ready.Count - 1; i > place; i--)
        {
            ready[i] = ready[i - 1];
            ready[i - 1] = task;
        }
    }

    // Called before the head of the ready queue is taken or found empty: a kept turn at the head has its turn now, and
    // it does nothing.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private void PassUnqueuedTurnAtHead()
    {
        if (_unqueuedTurn is not null && _unqueuedTurnAt == _readyTaken)
        {
            _unqueuedTurn = null;
        }
    }

    // Whether item still waits in the ready queue (an event triggered but not yet processed). O(n); cold paths only.
    internal bool IsQueued(object item)
    {
        if (_unqueuedTurn is not null && ReferenceEquals(_unqueuedTurn, item))
        {
            QueueUnqueuedTurn();
        }

        for (int i = _ready.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_ready[i], item))
            {
                return true;
            }
        }

        return false;
    }

    // A task about to wait for queuedEvent, already triggered, asks whether that event's turn comes next: whether SimPy's
    // order would process it right after this task parks, with nothing else run in between. That holds when the task is
    // the item this batch dispatched (not a waiter resumed inside another event's processing, whose other callbacks
    // still run first), the urgent lane is empty, the event heads the ready queue, and the run is not about to stop
    // (a stop request, one step). If so, the event leaves the queue and the caller processes it in place.
    internal bool TryTakeNextTurn(object queuedEvent) => _currentTask is not null && TryTakeTurn(queuedEvent);

    // The rules both shortcuts share: queuedEvent heads the ready queue, nothing is urgent, no stop or single step is
    // pending, and the caller is not inside another event's processing. If so, it leaves the queue.
    private bool TryTakeTurn(object queuedEvent)
    {
        RingBuffer<object> ready = _ready;
        if (ready.Count == 0 || !ReferenceEquals(ready[0], queuedEvent) || _urgent!.Count != 0 || _stopRequested ||
            _dispatchBudget <= 1 || _nestedSteps != 0)
        {
            return false;
        }

        PassUnqueuedTurnAtHead();
        ready.Dequeue();
        _readyTaken++;
        _dispatchBudget--;
        return true;
    }

    // An event that the processing of a queued event just triggered (a release's turn granting the next request) takes its
    // turn at once when SimPy's order would process it next anyway: the caller is an event dispatched from the queue
    // (not a step, whose task goes on after the trigger, and not a waiter resumed inside another event's processing), and
    // the event heads the queue with nothing urgent and no stop or single step pending (TryTakeNextTurn's rules). It
    // leaves the queue and is processed now, as its own dispatch would: no second queue turn, nothing else runs between.
    internal void ProcessIfNextTurn(IQueuedEvent triggered)
    {
        if (_currentTask is not null || !TryTakeTurn(triggered))
        {
            return;
        }

        try
        {
            triggered.Process();
        }
        catch (Exception e)
        {
            Report(new LoopExceptionContext("Processing simulation event " + triggered + " threw.", e, null, Array.Empty<string>()));
        }
    }

    // Processing an event resumes one of its waiters: the waiter was woken and runs now, at the event's place in the queue,
    // as SimPy runs an event's callbacks. This one was on the ready queue already (scheduled before the event woke it) and
    // is taken out of it; the common case, a waiter that was not queued, goes to StepWokenInPlace.
    internal void StepWokenNow(CoTask task)
    {
        RemoveFromReady(task);
        StepWokenInPlace(task);
    }

    // The same for a waiter the event woke without queueing it (SimEvent marks it scheduled before the wake, so the wake
    // does not put it on the ready queue only for StepWokenNow to search and take it out again).
    internal void StepWokenInPlace(CoTask task)
    {
        _nestedSteps++;
        StepInEventOrder(task);
        _nestedSteps--;
    }

    // Processing an interruption: error is raised in task at its current wait, and the task runs now. A task already
    // woken by something else (its timer fired at the same time, and it has not run yet) loses that wake-up, as a
    // SimPy process loses the event it waited for; what a lock or queue had handed it goes back (CoTask.Interrupt).
    internal void InterruptNow(CoTask task, Exception error)
    {
        bool wasQueued = RemoveFromReady(task);
        task.Interrupt(error);
        if (task.IsDone)
        {
            return;
        }

        if (wasQueued || RemoveFromReady(task))
        {
            _nestedSteps++;
            StepInEventOrder(task);
            _nestedSteps--;
        }
    }

    // One batch under SimPy's order: before every item of the ready queue, the urgent lane is drained; events are
    // processed in place. Unlike the engine's batch, it goes on with items made ready meanwhile (up to a bound, so posts
    // and predicate polls still get their turn): at one simulated time, where an iteration ends changes no order, and
    // a simulation makes several ready items per event. Stops early when an event asked to stop the run, or after the
    // dispatch budget (one step).
    private void RunBatchInEventOrder()
    {
        RingBuffer<object> ready = _ready;
        RingBuffer<object> urgent = _urgent!;
        for (int n = EventOrderBatchLimit; ; n--)
        {
            while (urgent.Count > 0)
            {
                if (!DispatchInEventOrder(urgent.Dequeue()))
                {
                    return;
                }
            }

            PassUnqueuedTurnAtHead();
            if (n == 0 || ready.Count == 0)
            {
                return;
            }

            _readyTaken++;
            if (!DispatchInEventOrder(ready.Dequeue()))
            {
                return;
            }
        }
    }

    // Returns false when the run must stop after this item.
    private bool DispatchInEventOrder(object item)
    {
        if (item is CoTask task)
        {
            if (!task.IsDone)
            {
                StepInEventOrder(task);
            }
            else
            {
                _currentTask = null;
                _finishedTurn!(task);
            }
        }
        else if (item is IQueuedEvent queued)
        {
            _currentTask = null;
            try
            {
                queued.Process();
            }
            catch (Exception e)
            {
                Report(new LoopExceptionContext("Processing simulation event " + queued + " threw.", e, null, Array.Empty<string>()));
            }
        }
        else
        {
            _currentTask = null;
            RunCallback(item);
        }

        _currentTask = null;
        return !_stopRequested && --_dispatchBudget > 0;
    }

    private void StepInEventOrder(CoTask task)
    {
        CoTask? previous = _currentTask;
        _currentTask = task;
        if (_debug)
        {
            StepWithTiming(task);
        }
        else
        {
            task.Step(this); // the loop at hand: the step does not read the task's Loop (another line of the task)
        }

        // A constant null store needs no GC write barrier: the common case, a task dispatched from the queue.
        if (previous is null)
        {
            _currentTask = null;
        }
        else
        {
            _currentTask = previous;
        }
    }

    // Takes task out of the ready queue, searching from the back (a task just woken is the last item). A kept turn
    // behind it moves up one place.
    //
    // A task waiting to run on the ready queue is marked scheduled (CoTask.IsScheduled), so one not marked is not there
    // and the queue is not searched: 100,000 processes interrupted at one time each finish and leave a turn on the
    // queue (EnqueueTaskTurn), and searching it for each of the next interrupted ones was quadratic (7 s at 100,000). A
    // finished task's turn is on the queue as the task too, but it is never looked for: interrupts and wakes go to live
    // tasks only.
    private bool RemoveFromReady(CoTask task)
    {
        if (!task.IsScheduled)
        {
            return false;
        }

        for (int i = _ready.Count - 1; i >= 0; i--)
        {
            if (ReferenceEquals(_ready[i], task))
            {
                _ready.RemoveAt(i);
                if (_unqueuedTurn is not null && _readyTaken + i < _unqueuedTurnAt)
                {
                    _unqueuedTurnAt--;
                }

                return true;
            }
        }

        return false;
    }

    // Runs until stop is requested, nothing is left to do, or the next event is due at or after untilExclusive (SimPy's
    // run(until): events at exactly that time stay queued). The clock then reads untilExclusive unless the run stopped
    // early or ran out of events first.
    internal void RunEvents(double untilExclusive, bool oneEvent)
    {
        Enter();
        _stopRequested = false;
        _dispatchBudget = oneEvent ? 1 : int.MaxValue;
        _unqueuedTurnsAllowed = _urgent is not null && !oneEvent;
        try
        {
            while (true)
            {
                if (ReadyCount == 0 && !HasPosted && _frameWaits.Count == 0)
                {
                    if (PendingExternalWork > 0)
                    {
                        WaitForExternalWork();
                        continue;
                    }

                    if (!_timers.TryPeekDue(out double due) || !(due < untilExclusive))
                    {
                        break;
                    }

                    AdvanceVirtualTime(due);
                }

                if (_urgent is not null && _observer is null && !_debug && _io is null && _polls.Count == 0 && _frameWaits.Count == 0 &&
                    !HasPosted && Volatile.Read(ref _collectedFailures) == 0 && _clock.Kind == ClockKind.Virtual)
                {
                    RunTimersAndEventsIteration();
                }
                else
                {
                    RunIteration();
                }

                if (_stopRequested || (oneEvent && (_dispatchBudget <= 0 || _urgent is null)))
                {
                    // Stopped by an event, or one step done: one event under SimPy's order, one batch otherwise.
                    break;
                }
            }
        }
        finally
        {
            _dispatchBudget = int.MaxValue;
            _unqueuedTurnsAllowed = false;
            _nestedSteps = 0;
            if (_unqueuedTurn is not null)
            {
                QueueUnqueuedTurn();
            }

            Exit();
        }
    }

    // RunIteration for a simulation's loop that has nothing but timers and ready items (no observer, debug timing, posts,
    // sockets, predicate polls, frame waits or collected failures to report, and a virtual clock, whose reading is the
    // loop's time): the same steps without the checks that would find nothing to do.
    private void RunTimersAndEventsIteration()
    {
        _frame++;
        _wokenBudget = _liveCount + _continuationBudget;
        FireDueTimers(_timers, _now, WakeCause.Timer);
        RunBatchInEventOrder();
        _currentTask = null;
    }

    // Items waiting to run: the ready queue and, under SimPy's order, the urgent lane.
    internal int ReadyCount => ReadyQueued + (_urgent?.Count ?? 0) + (_unqueuedTurn is not null ? 1 : 0);
}
