using System;
using System.Threading.Tasks;

namespace Engine;

// A future that takes on the outcome of a .NET Task started elsewhere: what a coroutine waits on after
// `yield return Yield.Await(task)`.
//
// Design: the Task's continuation runs wherever the Task completes (ConfigureAwait(false), no context, usually inline
// on the completing thread) and does one thing: Post the completion to the loop. The outcome is copied and the
// waiters wake on the loop thread, so no coroutine code ever runs on the thread pool and no thread blocks waiting.
// A Task that is already complete is copied at once, without a Post, so the coroutine continues in the same step.
//
// The outcome maps as `await` would deliver it, losing nothing: a result is the future's result; a single failure is
// the future's exception (several, as from Task.WhenAll, stay together in their AggregateException); a cancelled
// Task cancels the future, and the waiter's CancelledException carries the Task's OperationCanceledException (for an
// HttpClient timeout, with its TimeoutException inside) as InnerException.
//
// While the Task is out it counts as the loop's external work (EventLoop.PendingExternalWork), so a virtual-clock
// loop waits for it in real time instead of jumping ahead or reporting a deadlock, as it does for ToThread. Cancelling
// the future stops that wait at once; the Task itself runs on (cancel it through a CancellationToken, such as the
// waiting task's CoTask.CancellationToken) and its late outcome is dropped.
internal sealed class TaskFuture<T> : Future<T>
{
    private readonly Task _task;
    private OperationCanceledException? _taskCancellation;
    private bool _countsAsExternalWork;

    public TaskFuture(EventLoop loop, Task task)
        : base(loop)
    {
        _task = task;
        if (task.IsCompleted)
        {
            CopyOutcome();
            return;
        }

        _countsAsExternalWork = true;
        loop.AddExternalWork(1);
        task.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(OnTaskCompleted);
    }

    public override bool Cancel(string? message)
    {
        if (!TrySetCancelled(message))
        {
            return false;
        }

        StopCountingExternalWork();
        return true;
    }

    protected override string Describe() => (_task is Task<T> ? "Task<" + typeof(T).Name + ">" : "Task") + " #" + _task.Id;

    protected override CancelledException CreateCancelledException() => _taskCancellation is null
        ? base.CreateCancelledException()
        : new CancelledException("The awaited " + Describe() + " was cancelled: " + _taskCancellation.Message, _taskCancellation);

    // Any thread: the one that completed the Task.
    private void OnTaskCompleted() => Loop.TryPostFromAnyThread(Complete);

    // The loop thread.
    private void Complete()
    {
        StopCountingExternalWork();
        if (!IsDone)
        {
            CopyOutcome();
        }
    }

    private void StopCountingExternalWork()
    {
        if (_countsAsExternalWork)
        {
            _countsAsExternalWork = false;
            Loop.AddExternalWork(-1);
        }
    }

    private void CopyOutcome()
    {
        switch (_task.Status)
        {
            case TaskStatus.RanToCompletion:
                TrySetResult(_task is Task<T> typed ? typed.Result : default!);
                break;
            case TaskStatus.Canceled:
                _taskCancellation = CancellationOf(_task);
                TrySetCancelled();
                break;
            default:
                AggregateException failure = _task.Exception!;
                TrySetException(failure.InnerExceptions.Count == 1 ? failure.InnerExceptions[0] : failure);
                break;
        }
    }

    // A cancelled Task keeps the OperationCanceledException that cancelled it; GetResult rethrows it (it is complete,
    // so this never blocks).
    private static OperationCanceledException CancellationOf(Task task)
    {
        try
        {
            task.GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e)
        {
            return e;
        }

        return new TaskCanceledException(task);
    }
}
