using System;
using System.Threading;

namespace Engine;

// A task's two links to CancellationToken, kept in CoTask's rarely used fields (Rare.Cancellation) so tasks that
// never meet a token pay nothing:
// - the token it hands out (CoTask.CancellationToken), from a CancellationTokenSource created on first request and
//   cancelled when the task finishes after Cancel() was called, whatever it finished with (a cleanup error can turn a
//   cancellation into a failure, but the work was still cancelled);
// - the registration on a token that cancels it (EventLoop.Spawn with a token). The token may fire on any thread, so
//   the callback only posts Cancel to the loop; the registration is removed when the task finishes, so a long-lived
//   token (a server's shutdown token) does not collect one entry per finished task.
// Both are touched on the loop thread only, from CoTask's completion hook (CoTask.Complete).
internal sealed class TaskCancellation
{
    private CancellationTokenSource? _source;
    private CancellationTokenRegistration _registration;

    public CancellationToken Token => (_source ??= new CancellationTokenSource()).Token;

    public void CancelWhen(CoTask task, CancellationToken token) =>
        _registration = token.Register(static state => ((CoTask)state!).PostCancel(), task);

    public void OnTaskDone(CoTask task)
    {
        _registration.Dispose();
        _registration = default;
        if (_source is not null && (task.IsCancelled || task.IsCancelRequested))
        {
            try
            {
                _source.Cancel();
            }
            catch (Exception e)
            {
                // Callbacks registered on the token run here, inline; one that throws must not break the loop.
                task.Loop.Report(new LoopExceptionContext(
                    "A callback registered on the CancellationToken of task '" + task.Name + "' threw when the task was cancelled.",
                    e,
                    task,
                    Array.Empty<string>()));
            }
        }
    }
}
