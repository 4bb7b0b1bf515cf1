using System;
using System.Globalization;
using System.Runtime.ExceptionServices;
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
    private sealed class WaitForMachine : CoroutineMachine
    {
        private const string CoroutineName = "Co.WaitForCore";
        private const string ShapeText = "param future Future\nparam timeout double\nlocal scope TimeoutScope\nsite 1 Yield.Catch(future)\n" +
            "site 2 scope.Run(Await(future))\nsite 3 future\nsite 4 Yield.Return(Co.ResultObject)\ncode 1";
        private static readonly CoroutineSite s_site = new("Co.Tasks.cs", 0, CoroutineName, 0);

        // 0 not started, -1 running or finished, n suspended at site n; -2 - n: restored at site n, re-issuing its wait.
        private int _state;
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

        public override string Name => CoroutineName;

        public override int State => _state >= -1 ? _state : -2 - _state;

        public override CoroutineSite Site => s_site;

        protected override string Shape => ShapeText;

        protected override int SiteCount => 4;

        public override void Reset()
        {
            ClearCurrent();
            _state = 0;
        }

        public override void Dispose() => _state = -1;

        protected override Yield Step()
        {
            switch (_state)
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
                    if (_state < -1)
                    {
                        _state = -2 - _state;
                        return Reissue();
                    }

                    _state = -1;
                    return End;
            }

            _state = -1;
            Future future = _future;
            if (!future.IsDone && _timeout <= 0)
            {
                future.Cancel();
                return SuspendAndRecord(ref _state, 1, Yield.Catch(future));
            }

            goto wait;

        resume1:
            _state = -1;
            future = _future;
            if (Exception is { } cleanupError and not CancelledException)
            {
                ExceptionContext.Attach(cleanupError, TimedOut(future, _timeout));
                ExceptionDispatchInfo.Capture(cleanupError).Throw();
            }

            if (!future.IsSucceeded)
            {
                throw TimedOut(future, _timeout);
            }

        wait:
            if (!future.IsDone)
            {
                _scope = TimeoutScope.MoveOnAfter(_timeout);
                return SuspendAndRecord(ref _state, 2, _scope.Run(new AwaitMachine(future)));
            }

            goto result;

        resume2:
            _state = -1;
            future = _future;
            if (_scope!.Expired && !future.IsSucceeded)
            {
                throw TimedOut(future, _timeout);
            }

        result:
            return SuspendAndRecord(ref _state, 3, future);

        resume3:
            _state = -1;
            return Suspend(ref _state, 4, Yield.Return(ResultObject));
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_future", _future);
            fields.Add("_timeout", _timeout);
            fields.Add("_scope", _scope);
        }

        protected override void Load(FieldReader fields, int state, bool reissue)
        {
            _future = fields.Get<Future>("_future");
            _timeout = fields.Get<double>("_timeout");
            _scope = fields.Get<TimeoutScope>("_scope");
            _state = reissue ? -2 - state : state;
        }

        private static TimeoutException TimedOut(Future future, double timeout) =>
            new("WaitFor timed out after " + timeout.ToString("R", CultureInfo.InvariantCulture) + " s waiting for " + future + "; it was cancelled.");
    }

    // The body WaitFor runs in its scope: one await, as a machine named like the iterator it replaces ("Co.Await").
    private sealed class AwaitMachine : CoroutineMachine
    {
        private const string CoroutineName = "Co.Await";
        private const string ShapeText = "param future Future\nsite 1 future\ncode 1";
        private static readonly CoroutineSite s_site = new("Co.Tasks.cs", 0, CoroutineName, 0);

        // 0 not started, -1 running or finished, 1 suspended at its await; -3: restored there, re-issuing it.
        private int _state;
        private Future _future = null!;

        public AwaitMachine(Future future) => _future = future;

        // For snapshots: created empty, then restored.
        private AwaitMachine()
        {
        }

        public override string Name => CoroutineName;

        public override int State => _state >= -1 ? _state : -2 - _state;

        public override CoroutineSite Site => s_site;

        protected override string Shape => ShapeText;

        protected override int SiteCount => 1;

        public override void Reset()
        {
            ClearCurrent();
            _state = 0;
        }

        public override void Dispose() => _state = -1;

        protected override Yield Step()
        {
            switch (_state)
            {
                case 0:
                    _state = -1;
                    return SuspendAndRecord(ref _state, 1, _future);
                default:
                    if (_state < -1)
                    {
                        _state = -2 - _state;
                        return Reissue();
                    }

                    _state = -1;
                    return End;
            }
        }

        protected override void Save(FieldWriter fields) => fields.Add("_future", _future);

        protected override void Load(FieldReader fields, int state, bool reissue)
        {
            _future = fields.Get<Future>("_future");
            _state = reissue ? -2 - state : state;
        }
    }
}
