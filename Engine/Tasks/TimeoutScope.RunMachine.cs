using System;
using System.Collections.Generic;
using System.Globalization;
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
    private sealed class RunMachine : HelperMachine
    {
        private static readonly HelperInfo s_info = new("TimeoutScope.RunCore", "TimeoutScope.cs", 2,
            "param scope TimeoutScope\nparam body IEnumerator<Yield>\nsite 1 Yield.Catch(body)\nsite 2 Yield.Return(result)\ncode 1");

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

        private protected override HelperInfo Info => s_info;

        protected override Yield Step()
        {
            int state = Resume();
            switch (state)
            {
                case 0:
                    break;
                case 1:
                    goto resume1;
                default:
                    return Stopped(state);
            }

            IEnumerator<Yield> body = _body!;
            _body = null; // the pending instruction holds it from here on
            return SuspendAndRecord(1, Yield.Catch(_scope.Enter(body)));

        resume1:
            TimeoutScope scope = _scope;
            scope.Exit();
            Exception? error = Co.Exception;
            if (error is null)
            {
                return Suspend(2, Yield.Return(Co.ResultObject));
            }

            if (scope._signal is not null && ReferenceEquals(error, scope._signal))
            {
                if (scope._raise)
                {
                    // The interrupt that unwound the body is the cause (asyncio's TimeoutError is raised from the CancelledError).
                    throw new TimeoutException("The timeout scope expired at loop time " + scope._deadline.ToString("R", CultureInfo.InvariantCulture) +
                        " in task '" + scope._task!.Name + "'.", scope._signal);
                }

                return End;
            }

            ThrowHelper.Rethrow(error);
            return End;
        }

        // Torn down while the body runs (site 1): disarm, as the iterator's finally did.
        protected override void Unwind(int site)
        {
            if (site == 1)
            {
                _scope.Exit();
            }
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_scope", _scope);
            fields.Add("_body", _body);
        }

        protected override void LoadFields(FieldReader fields)
        {
            _scope = fields.Get<TimeoutScope>("_scope");
            _body = fields.Get<IEnumerator<Yield>>("_body");
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
