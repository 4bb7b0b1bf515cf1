using System;
using System.Collections.Generic;
using System.Globalization;
using System.Runtime.ExceptionServices;
using Engine.Machines;
using Engine.Persist;

namespace Engine;

public sealed partial class TimeoutScope
{
    // The frame behind Run, written as a coroutine machine by hand (the engine does not run its own generator) so a task
    // inside a scope can be saved with the loop: enter (fix the deadline, arm the timer), run the body as a caught
    // child, then disarm (the iterator's finally: also on Dispose while the body runs, when the task is torn down) and
    // turn the scope's own signal into a timeout or a quiet end; any other failure goes on. Named "TimeoutScope.RunCore",
    // the name of the iterator it replaces, so traces and stack views read as before.
    private sealed class RunMachine : CoroutineMachine
    {
        private const string CoroutineName = "TimeoutScope.RunCore";
        private const string ShapeText = "param scope TimeoutScope\nparam body IEnumerator<Yield>\nsite 1 Yield.Catch(body)\n" +
            "site 2 Yield.Return(result)\ncode 1";
        private static readonly CoroutineSite s_site = new("TimeoutScope.cs", 0, CoroutineName, 0);

        // 0 not started, -1 running or finished, n suspended at site n; -2 - n: restored at site n, re-issuing its wait.
        private int _state;
        private TimeoutScope _scope = null!;
        private IEnumerator<Yield>? _body;

        public RunMachine(TimeoutScope scope, IEnumerator<Yield> body)
        {
            _scope = scope;
            _body = body;
        }

        // For snapshots: created empty, then restored.
        private RunMachine()
        {
        }

        public override string Name => CoroutineName;

        public override int State => _state >= -1 ? _state : -2 - _state;

        public override CoroutineSite Site => s_site;

        protected override string Shape => ShapeText;

        protected override int SiteCount => 2;

        public override void Reset()
        {
            ClearCurrent();
            _state = 0;
        }

        // Torn down while the body runs (site 1): disarm, as the iterator's finally did.
        public override void Dispose()
        {
            if (_state == 1 || _state == -3)
            {
                _scope.Exit();
            }

            _state = -1;
        }

        protected override Yield Step()
        {
            switch (_state)
            {
                case 0:
                    break;
                case 1:
                    goto resume1;
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
            IEnumerator<Yield> body = _body!;
            _body = null; // the pending instruction holds it from here on
            return SuspendAndRecord(ref _state, 1, Yield.Catch(_scope.Enter(body)));

        resume1:
            _state = -1;
            TimeoutScope scope = _scope;
            scope.Exit();
            Exception? error = Co.Exception;
            if (error is null)
            {
                return Suspend(ref _state, 2, Yield.Return(Co.ResultObject));
            }

            if (scope._signal is not null && ReferenceEquals(error, scope._signal))
            {
                if (scope._raise)
                {
                    throw new TimeoutException("The timeout scope expired at loop time " + scope._deadline.ToString("R", CultureInfo.InvariantCulture) +
                        " in task '" + scope._task!.Name + "'.");
                }

                return End;
            }

            ExceptionDispatchInfo.Capture(error).Throw();
            return End;
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_scope", _scope);
            fields.Add("_body", _body);
        }

        protected override void Load(FieldReader fields, int state, bool reissue)
        {
            _scope = fields.Get<TimeoutScope>("_scope");
            _body = fields.Get<IEnumerator<Yield>>("_body");
            _state = reissue ? -2 - state : state;
        }
    }

    // Entering: the scope belongs to the current task from now on; a relative delay counts from here.
    private IEnumerator<Yield> Enter(IEnumerator<Yield> body)
    {
        CoTask? task = Co.CurrentTask;
        if (task is null)
        {
            ThrowHelper.ThrowInvalidOperation("A TimeoutScope runs inside a coroutine: yield return scope.Run(body).");
        }

        _task = task;
        if (double.IsNaN(_deadline))
        {
            _deadline = task.Loop.Time + _delay;
        }

        Arm();
        return body;
    }

    private void Exit()
    {
        _exited = true;
        _timer?.Cancel();
        _timer = null;
    }
}
