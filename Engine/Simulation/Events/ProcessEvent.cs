namespace Engine.Simulation;

// The SimPy event of a process (SimProcess.AsEvent), made only when a process or condition needs it. It is triggered
// with the task's outcome when the task finishes and processed at the completion's turn in the queue
// (SimEnvironment.OnProcessTurn); made after that, it is processed already. A failure counts as retrieved once a waiter
// or condition receives it; otherwise the task's own tracking reports it.
internal sealed partial class ProcessEvent : SimEvent
{
    private CoTask _task;

    public ProcessEvent(SimEnvironment env, CoTask task)
        : base(env)
    {
        _task = task;
    }

    public CoTask Task => _task;

    // The task's outcome, for MarkTriggered.
    public void TakeOutcome()
    {
        if (_task.IsSucceeded)
        {
            MarkTriggered(true, _task.GetResultObjectUnchecked());
        }
        else
        {
            MarkTriggered(false, _task.IsFailed ? _task.ExceptionUnobserved : _task.GetFailureForWaiter());
        }
    }

    protected override string Describe() => "Process '" + _task.Name + "'";

    private protected override void OnFailureRetrieved() => _task.MarkExceptionObserved();

    private protected override System.Exception? CheckWaitable(CoTask task) =>
        ReferenceEquals(task, _task) ? new System.InvalidOperationException("Process '" + _task.Name + "' cannot wait for itself: it would never finish.") : null;

    private protected override void ReportUnhandled()
    {
        // The task's own failure tracking reports a failure nobody retrieved.
    }
}
