using System;
using System.Threading;
using System.Threading.Tasks;

namespace Engine;

// The other direction of the bridge: a .NET Task that takes on a future's (or a task's) outcome, for async code
// outside the loop. It listens on the loop thread like any combinator (ICompletionListener, no delegate) and completes
// a TaskCompletionSource created with RunContinuationsAsynchronously, so awaiting code never runs inline on the loop
// thread: completing the Task only queues its continuations.
//
// Outcomes map as .NET async methods end: a result converts to T (a wrong type faults the Task with the
// InvalidCastException Co.Result would raise); a failure faults it with the very exception, which counts as
// retrieved, so the loop does not also report it; a cancelled future cancels the Task, with the caller's token when
// that token was cancelled.
internal sealed class FutureTaskSource<T> : ICompletionListener
{
    private readonly TaskCompletionSource<T> _source = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationToken _cancellationToken;

    public FutureTaskSource(CancellationToken cancellationToken)
    {
        _cancellationToken = cancellationToken;
    }

    public Task<T> Task => _source.Task;

    // Loop thread.
    public void Listen(Future future)
    {
        if (future.IsDone)
        {
            CopyOutcome(future);
        }
        else
        {
            future.AddWaiter(this, 0);
        }
    }

    void ICompletionListener.OnCompleted(Future future) => CopyOutcome(future);

    public void CopyOutcome(Future future)
    {
        switch (future.State)
        {
            case FutureState.Succeeded:
                T value;
                try
                {
                    value = Co.Convert<T>(future.GetResultObjectUnchecked(), future as CoTask);
                }
                catch (InvalidCastException e)
                {
                    _source.TrySetException(e);
                    return;
                }

                _source.TrySetResult(value);
                break;
            case FutureState.Cancelled:
                if (_cancellationToken.IsCancellationRequested)
                {
                    _source.TrySetCanceled(_cancellationToken);
                }
                else
                {
                    _source.TrySetCanceled();
                }

                break;
            case FutureState.Failed:
                _source.TrySetException(future.GetFailureForWaiter());
                break;
        }
    }

    public void Fail(Exception error) => _source.TrySetException(error);
}
