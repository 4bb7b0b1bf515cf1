using System;
using System.Globalization;
using Engine.Machines;
using Engine.Persist;

namespace Engine;

public static partial class Co
{
    // asyncio's wait_for, written as a coroutine machine by hand (the engine does not run its own generator) so a task
    // inside it can be saved with the loop. The wait runs in a move-on scope: on expiry the scope interrupts the await,
    // which cancels the future (as cancelling any waiting task does) and resumes once it has finished; its finally
    // blocks have run. A real failure of the future's cleanup travels on instead of the timeout, so it is not lost. A
    // zero or past timeout cancels a future that is not done at once (a task that has not started never runs its body).
    // Named "Co.WaitForCore", the name of the iterator it replaces, so traces and stack views read as before.
    private sealed class WaitForMachine : HelperMachine, IWaitsForFuture
    {
        private static readonly HelperInfo s_info = new("Co.WaitForCore", "Co.Tasks.cs", 4,
            "param future Future\nparam timeout double\nlocal scope TimeoutScope\nsite 1 Yield.Catch(future)\n" +
            "site 2 scope.Run(Await(future))\nsite 3 future\nsite 4 Yield.Return(Co.ResultObject)\ncode 1");

        private Future _future = null!;
        private double _timeout;
        private TimeoutScope? _scope;

        public WaitForMachine(Future future, double timeout)
        {
            _future = future;
            _timeout = timeout;
        }

        // For snapshots: created empty, then restored.
        private WaitForMachine()
        {
        }

        private protected override HelperInfo Info => s_info;

        Future IWaitsForFuture.Awaited => _future;

        protected override Yield Step()
        {
            int state = Resume();
            switch (state)
            {
                case 0:
                    break;
                case 1:
                    goto resume1;
                case 2:
                    goto resume2;
                case 3:
                    goto resume3;
                default:
                    return Stopped(state);
            }

            Future future = _future;
            if (!future.IsDone && _timeout <= 0)
            {
                future.Cancel();
                return SuspendAndRecord(1, Yield.Catch(future));
            }

            goto wait;

        resume1:
            future = _future;
            if (Exception is { } cleanupError and not CancelledException)
            {
                // The cleanup error travels on with the timeout as its context. When its chain is just the cancellation
                // it was raised in (CoTask.FinishCancelled), the timeout goes between them: cleanup error, raised while
                // the timeout's cancellation unwound; otherwise the timeout goes at the end of the chain.
                if (ExceptionContext.Get(cleanupError) is CancelledException cancellation && ExceptionContext.Get(cancellation) is null)
                {
                    ExceptionContext.Detach(cleanupError);
                    TimeoutException timedOut = TimedOut(future, _timeout, cancellation);
                    ExceptionContext.Attach(timedOut, cancellation);
                    ExceptionContext.Attach(cleanupError, timedOut);
                }
                else
                {
                    ExceptionContext.Attach(cleanupError, TimedOut(future, _timeout, null));
                }

                ThrowHelper.Rethrow(cleanupError);
            }

            if (!future.IsSucceeded)
            {
                throw TimedOut(future, _timeout, Exception as CancelledException);
            }

        wait:
            if (!future.IsDone)
            {
                _scope = TimeoutScope.MoveOnAfter(_timeout);
                return SuspendAndRecord(2, _scope.Run(new AwaitMachine(future)));
            }

            goto result;

        resume2:
            future = _future;
            if (_scope!.Expired && !future.IsSucceeded)
            {
                throw TimedOut(future, _timeout, _scope.Signal);
            }

        result:
            return SuspendAndRecord(3, future);

        resume3:
            return Suspend(4, Yield.Return(ResultObject));
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_future", _future);
            fields.Add("_timeout", _timeout);
            fields.Add("_scope", _scope);
        }

        protected override void LoadFields(FieldReader fields)
        {
            _future = fields.Get<Future>("_future");
            _timeout = fields.Get<double>("_timeout");
            _scope = fields.Get<TimeoutScope>("_scope");
        }

        // cause: the cancellation that ended the wait, as asyncio raises its TimeoutError from the CancelledError.
        private static TimeoutException TimedOut(Future future, double timeout, CancelledException? cause) =>
            new("WaitFor timed out after " + timeout.ToString("R", CultureInfo.InvariantCulture) + " s waiting for " + future + "; it was cancelled.", cause);
    }

    // The body WaitFor runs in its scope: one await, as a machine named like the iterator it replaces ("Co.Await").
    private sealed class AwaitMachine : HelperMachine
    {
        private static readonly HelperInfo s_info = new("Co.Await", "Co.Tasks.cs", 1, "param future Future\nsite 1 future\ncode 1");

        private Future _future = null!;

        public AwaitMachine(Future future) => _future = future;

        // For snapshots: created empty, then restored.
        private AwaitMachine()
        {
        }

        private protected override HelperInfo Info => s_info;

        protected override Yield Step()
        {
            int state = Resume();
            return state == 0 ? SuspendAndRecord(1, _future) : Stopped(state);
        }

        protected override void Save(FieldWriter fields) => fields.Add("_future", _future);

        protected override void LoadFields(FieldReader fields) => _future = fields.Get<Future>("_future");
    }
}

// A helper coroutine that stands for waiting on one future (Co.WaitFor): a task cancelled during its own step before
// such a coroutine started cancels that future, as it would cancel a future it awaited (CoTask.CancelWorkAfterStep).
internal interface IWaitsForFuture
{
    Future Awaited { get; }
}
