using System.Threading;

namespace Engine;

// CoTask's side of the CancellationToken bridge (the state lives in TaskCancellation, reached through the Rare fields,
// so a task that never meets a token carries nothing more).
public sealed partial class CoTask
{
    /// <summary>A token that is cancelled when this task is cancelled (when it finishes after <see cref="Cancel"/>, its
    /// <c>finally</c> blocks having run): pass it to async .NET calls the task awaits, such as
    /// <c>http.GetStringAsync(url, task.CancellationToken)</c>, so that cancelling the task stops them too. It is not cancelled
    /// when the task finishes otherwise. Inside the coroutine, <see cref="Co.CancellationToken"/> is the same. Read it on the
    /// loop thread.</summary>
    public CancellationToken CancellationToken
    {
        get
        {
            if (IsDone)
            {
                return IsCancelled || IsCancelRequested ? new CancellationToken(canceled: true) : CancellationToken.None;
            }

            return Cancellation().Token;
        }
    }

    // EventLoop.Spawn(coroutine, token): cancel this task when token is cancelled, from whichever thread cancels it.
    internal void CancelWhen(CancellationToken token)
    {
        if (!token.CanBeCanceled || IsDone)
        {
            return;
        }

        if (token.IsCancellationRequested)
        {
            Cancel();
            return;
        }

        Cancellation().CancelWhen(this, token);
    }

    // Any thread (a CancellationToken callback).
    internal void PostCancel() => Loop.TryPostFromAnyThread(() => Cancel());

    private TaskCancellation Cancellation()
    {
        Rare rare = _rare ??= new Rare();
        return rare.Cancellation ??= new TaskCancellation();
    }
}
