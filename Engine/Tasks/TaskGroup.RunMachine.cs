using System;
using System.Collections.Generic;
using Engine.Machines;
using Engine.Persist;

namespace Engine;

public sealed partial class TaskGroup
{
    // The frame behind Run, written as a coroutine machine by hand (the engine does not run its own generator) so a task
    // running a group can be saved with the loop: enter (the current task becomes the group's parent), run the body as
    // a caught child, sort its outcome (an outside cancellation to pass on once the children have finished, a failure
    // to report, the group's own signal), wait for the children, then raise every error, the outside cancellation, or
    // hand on the body's result. Torn down while the body runs or while it joins (the parent killed or cancelled), it
    // kills the children, as the iterator's finally did: none may outlive the group. Named "TaskGroup.RunCore", the name
    // of the iterator it replaces, so traces and stack views read as before.
    private sealed class RunMachine : HelperMachine
    {
        private static readonly HelperInfo s_info = new("TaskGroup.RunCore", "TaskGroup.cs", 3,
            "param group TaskGroup\nparam body IEnumerator<Yield>\nlocal result object\nlocal outerCancel Exception\nsite 1 Yield.Catch(body)\n" +
            "site 2 _join\nsite 3 Yield.Return(result)\ncode 1");

        private TaskGroup _group = null!;
        private IEnumerator<Yield>? _body;
        private object? _result;
        private Exception? _outerCancel;

        public RunMachine(TaskGroup group, IEnumerator<Yield> body)
        {
            _group = group;
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
                case 2:
                    goto joined;
                default:
                    return Stopped(state);
            }

            TaskGroup group = _group;
            CoTask? parent = Co.CurrentTask;
            if (parent is null)
            {
                ThrowHelper.ThrowInvalidOperation("A TaskGroup runs inside a coroutine: yield return group.Run(body).");
            }

            group._parent = parent;
            group._loop = parent.Loop;
            group._state = TaskGroup.State.Running;
            IEnumerator<Yield> body = _body!;
            _body = null; // the pending instruction holds it from here on
            return SuspendAndRecord(1, Yield.Catch(body));

        resume1:
            group = _group;
            try
            {
                Exception? bodyError = Co.Exception;
                _result = bodyError is null ? Co.ResultObject : null;
                if (bodyError is CancelledException && !ReferenceEquals(bodyError, group._signal))
                {
                    // Cancelled from outside (an enclosing timeout scope or group): cancel the children, wait for
                    // them, then let the cancellation go on to whoever asked for it.
                    _outerCancel = bodyError;
                    group.CancelChildren(immediate: false);
                }
                else if (bodyError is not null && !ReferenceEquals(bodyError, group._signal))
                {
                    group._errors.Insert(0, bodyError);
                    group._errorNames.Insert(0, "(body)");
                    group.CancelChildren(immediate: false);
                }

                group._state = TaskGroup.State.Joining;
                if (group._remaining > 0)
                {
                    return SuspendAndRecord(2, group._join);
                }
            }
            catch (Exception error)
            {
                try
                {
                    Unwind(1);
                }
                catch (Exception cleanup)
                {
                    ExceptionContext.Attach(cleanup, error);
                    throw;
                }

                throw;
            }

        joined:
            group = _group;
            group._state = TaskGroup.State.Done;
            group.ReturnChildren();
            if (group._errors.Count > 0)
            {
                throw group.CreateException();
            }

            if (_outerCancel is { } outerCancel)
            {
                ThrowHelper.Rethrow(outerCancel);
            }

            return Suspend(3, Yield.Return(_result));
        }

        // The parent's frames are unwinding (it was killed or cancelled, or an exception passes through) while the body
        // runs or the group joins: a coroutine being disposed cannot wait, so the children are killed now. Errors the
        // group holds and has not raised (a child that failed before, or whose cleanup failed as it was killed) are
        // raised from here, as a finally block that throws: the unwinding task fails with them instead of being
        // cancelled, so none is lost.
        protected override void Unwind(int site)
        {
            if (site <= 2)
            {
                TaskGroup group = _group;
                group._state = TaskGroup.State.Unwinding;
                try
                {
                    group.CancelChildren(immediate: true);
                }
                finally
                {
                    group._state = TaskGroup.State.Done;
                    group.ReturnChildren();
                }

                if (group._errors.Count > 0)
                {
                    throw group.CreateException();
                }
            }
        }

        protected override void Save(FieldWriter fields)
        {
            fields.Add("_group", _group);
            fields.Add("_body", _body);
            fields.Add("_result", _result);
            fields.Add("_outerCancel", _outerCancel);
        }

        protected override void LoadFields(FieldReader fields)
        {
            _group = fields.Get<TaskGroup>("_group");
            _body = fields.Get<IEnumerator<Yield>>("_body");
            _result = fields.Get<object>("_result");
            _outerCancel = fields.Get<Exception>("_outerCancel");
        }
    }
}
