using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;

namespace Engine;

/// <summary>
/// Structured concurrency (asyncio's <c>TaskGroup</c>, trio's nursery): <c>yield return group.Run(Body(group));</c> runs the
/// body on the current task; the body starts children with <see cref="Spawn(IEnumerator{Yield}, string)"/>, and Run
/// finishes only when every child has finished, so no child outlives the group.
/// </summary>
/// <remarks>
/// <para>
/// The first failure (of a child or of the body) cancels every other child and interrupts the body; the group then
/// waits for all children to finish and raises one <see cref="TaskGroupException"/> carrying every error and the
/// tasks' names. A cancelled child is not an error. Cancelling the parent task while it waits for the children cancels
/// them and the parent finishes once they have; a parent killed, or cancelled while its body runs, kills the children
/// as its frames unwind: either way no child outlives <see cref="Run(IEnumerator{Yield})"/>.
/// </para>
/// <para>
/// Performance: children report to the group inline (no callback, no extra loop iteration) and the parent waits on the
/// group itself without a future, so spawning a child costs its task object and little more.
/// </para>
/// </remarks>
public sealed partial class TaskGroup
{
    private readonly List<Exception> _errors = new();
    private readonly List<string> _errorNames = new();
    private readonly Listener _listener;
    private CoTask[]? _children;
    private int _childCount;
    private readonly Yield _join;
    private EventLoop? _loop;
    private CoTask? _parent;
    private ParkedTask _joiner;
    private bool _hasJoiner;
    private CancelledException? _signal;
    private int _remaining;
    private State _state;
    private Observe.GroupView? _view;  // what the live view and spawn events say of its children, made when first observed

    /// <summary>Creates a group; run it with <see cref="Run(IEnumerator{Yield})"/>.</summary>
    public TaskGroup()
    {
        _listener = new Listener(this);
        _join = Yield.Create(YieldKind.Wait, 0, _listener);
    }

    private enum State
    {
        NotEntered,
        Running,
        Joining,
        Done,
        Unwinding,  // the parent's frames unwind (killed or cancelled) and the children are being killed; never saved
    }

    /// <summary>The number of children still running.</summary>
    public int RunningCount => _remaining;

    /// <summary><see langword="true"/> once a failure made the group cancel its children.</summary>
    public bool IsAborting => _signal is not null || _errors.Count > 0;

    /// <summary>Runs <paramref name="body"/> on the current task as the group's body, then waits for every child:
    /// <c>yield return group.Run(Body(group));</c>. The body's return value is available afterwards through
    /// <see cref="Co.Result{T}"/>.</summary>
    /// <param name="body">The body; it spawns children with <see cref="Spawn(IEnumerator{Yield}, string)"/>.</param>
    /// <returns>The instruction to yield.</returns>
    /// <exception cref="InvalidOperationException">The group was already run.</exception>
    public Yield Run(IEnumerator<Yield> body)
    {
        if (body is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(body));
        }

        if (_state != State.NotEntered || _parent is not null)
        {
            ThrowHelper.ThrowInvalidOperation("This TaskGroup was already run; create a new group for each block.");
        }

        return Yield.From(new RunMachine(this, body));
    }

    /// <summary>Starts <paramref name="coroutine"/> as a child task of the group (asyncio's <c>TaskGroup.create_task</c>).</summary>
    /// <param name="coroutine">The child coroutine.</param>
    /// <param name="name">The task name; <c>Task-N</c> when omitted.</param>
    /// <returns>The child task.</returns>
    /// <exception cref="InvalidOperationException">The group is not running yet, is shutting down after a failure, or is done.</exception>
    public CoTask Spawn(IEnumerator<Yield> coroutine, string? name = null)
    {
        if (coroutine is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(coroutine));
        }

        if (_state == State.NotEntered)
        {
            ThrowHelper.ThrowInvalidOperation("TaskGroup.Spawn was called before the group runs; spawn children from the body given to Run.");
        }

        if (_state is State.Done or State.Unwinding)
        {
            ThrowHelper.ThrowInvalidOperation("TaskGroup.Spawn was called after the group finished (or while its parent was being cancelled).");
        }

        if (IsAborting)
        {
            ThrowHelper.ThrowInvalidOperation("TaskGroup.Spawn was called while the group is shutting down after a failure.");
        }

        CoTask task = _loop!.Spawn(coroutine, name, _loop.CurrentTask?._lane, this); // joins the spawning task's game lane, as EventLoop.Spawn does
        AddChild(task);
        _remaining++;
        task.AddWaiter(_listener, 0);
        return task;
    }

    // The task that runs the group (its body and the join), once it runs.
    internal CoTask? Owner => _parent;

    internal Observe.GroupView View => _view ??= new Observe.GroupView(null, null, this);

    // The group whose child task is, found through the listener each child carries until it finishes (no per-task field).
    internal static TaskGroup? Of(CoTask task) => task.FindWaiter<Listener>()?.Group;

    private TaskGroupException CreateException()
    {
        string summary = _errors.Count + (_errors.Count == 1 ? " error" : " errors") + " in TaskGroup of task '" + _parent!.Name + "'";
        var text = new StringBuilder(summary).Append(": ");
        for (int i = 0; i < _errors.Count; i++)
        {
            // A nested group's error by its summary only: the text stays as long at every depth of nesting.
            Exception error = _errors[i];
            text.Append(i > 0 ? "; " : string.Empty).Append('\'').Append(_errorNames[i]).Append("': ")
                .Append(error.GetType().Name).Append(": ").Append(error is TaskGroupException nested ? nested.Summary : error.Message);
        }

        return new TaskGroupException(summary, text.ToString(), _errorNames, _errors);
    }

    private void CancelChildren(bool immediate)
    {
        CoTask[]? children = _children;
        for (int i = 0; i < _childCount; i++)
        {
            if (!children![i].IsDone)
            {
                children[i].Loop.Cancels.Work(children[i], immediate, message: null);
            }
        }
    }

    // Children live in an array rented from the shared pool and returned when the group ends, so a group
    // allocates nothing per child beyond the task itself. A full array first drops finished children, so a
    // long-lived group spawning many short children stays small.
    private void AddChild(CoTask task)
    {
        CoTask[]? children = _children;
        if (children is null)
        {
            _children = children = ArrayPool<CoTask>.Shared.Rent(16);
        }
        else if (_childCount == children.Length)
        {
            int kept = 0;
            for (int i = 0; i < _childCount; i++)
            {
                if (!children[i].IsDone)
                {
                    children[kept++] = children[i];
                }
            }

            Array.Clear(children, kept, _childCount - kept);
            _childCount = kept;
            if (kept > children.Length / 2)
            {
                CoTask[] bigger = ArrayPool<CoTask>.Shared.Rent(children.Length * 2);
                Array.Copy(children, bigger, kept);
                Array.Clear(children, 0, kept);
                ArrayPool<CoTask>.Shared.Return(children);
                _children = children = bigger;
            }
        }

        children[_childCount++] = task;
    }

    private void ReturnChildren()
    {
        if (_children is not null)
        {
            Array.Clear(_children, 0, _childCount);
            ArrayPool<CoTask>.Shared.Return(_children);
            _children = null;
            _childCount = 0;
        }
    }

    private void OnChildCompleted(CoTask child)
    {
        _remaining--;
        if (_state == State.Done)
        {
            // The group's frame is gone (its parent was killed while this child was still finishing its own kill):
            // nobody raises this child's outcome through the group. A failure stays unretrieved, so the loop reports
            // it once it can never be retrieved.
            return;
        }

        if (child.IsFailed)
        {
            _errors.Add(child.GetFailureForWaiter());
            _errorNames.Add(child.Name);
            if (_errors.Count == 1 || _signal is null)
            {
                CancelChildren(immediate: false);
                if (_state == State.Running && _signal is null)
                {
                    _signal = new CancelledException("TaskGroup cancelled its body: task '" + child.Name + "' failed.");
                    _parent!.Interrupt(_signal);
                }
            }
        }

        if (_remaining == 0 && _hasJoiner)
        {
            _hasJoiner = false;
            _joiner.Wake(WakeCause.Source);
        }
    }

    // Listens to the children inline and is the wait source the parent parks on while joining.
    private sealed class Listener : WaitSource, ICompletionListener
    {
        private readonly TaskGroup _group;

        public Listener(TaskGroup group) => _group = group;

        public TaskGroup Group => _group;

        public void OnCompleted(Future future) => _group.OnChildCompleted((CoTask)future);

        internal override bool TryCompleteOrEnqueue(ParkedTask waiter)
        {
            if (_group._remaining == 0)
            {
                return true;
            }

            _group._joiner = waiter;
            _group._hasJoiner = true;
            return false;
        }

        internal override void Remove(CoTask task) => _group._hasJoiner = false;

        internal override object? PersistOwner => _group;

        // The parent is cancelled while it waits for the children: they are cancelled (killed when immediate), and the
        // join wakes the parent once the last has finished.
        internal override bool CancelAwaited(CoTask task, bool immediate, string? message)
        {
            if (_group._remaining == 0)
            {
                return false;
            }

            _group.CancelChildren(immediate);
            return true;
        }

        // The parent waits for the children: each unfinished child blocks it.
        internal override void Describe(Observe.WaitDescription description)
        {
            description.Set(Observe.WaitKind.TaskGroup, _group, "TaskGroup of task '" + _group._parent?.Name + "' (" + _group._remaining + " running)");
            for (int i = 0; i < _group._childCount; i++)
            {
                description.BlockedBy(_group._children![i]);
            }
        }

        public override string ToString() => "TaskGroup.Join (" + _group._remaining + " running)";
    }
}
