using System;
using System.Collections;
using System.Collections.Generic;

namespace Engine.Simulation;

/// <summary>
/// A simulation process (SimPy's <c>Process</c>): a coroutine running as a task of the environment's loop, and an event
/// that happens when the coroutine finishes, with its return value (<see cref="Yield.Return(object)"/>) or its exception.
/// Made by <see cref="SimEnvironment.Process(IEnumerator{Yield}, string)"/>; <c>yield return process;</c> waits for it.
/// </summary>
/// <remarks>
/// Design: the process is the task's outermost frame and hands every step to the modeller's coroutine, so the running
/// task knows its process (<see cref="SimEnvironment.ActiveProcess"/>, the owner of a resource request) without a table;
/// it listens to its task's completion inline and triggers itself then, which is SimPy's moment too. Waiting for a
/// process never cancels it: an interrupted waiter just stops waiting, as in SimPy.
/// </remarks>
public sealed class SimProcess : SimEvent, IEnumerator<Yield>, ICoroutineName, ICompletionListener
{
    private readonly IEnumerator<Yield> _generator;
    private readonly CoTask _task;

    internal SimProcess(SimEnvironment env, IEnumerator<Yield> generator, string? name)
        : base(env)
    {
        _generator = generator;
        EventLoop loop = env.Loop;
        if (!loop.Frames.Add(generator))
        {
            throw loop.AlreadyDriven(generator, "SimEnvironment.Process cannot start it again");
        }

        try
        {
            _task = loop.Spawn(this, name);
        }
        catch
        {
            loop.Frames.Remove(generator);
            throw;
        }

        _task.AddWaiter(this, 0);
    }

    /// <summary>The task that runs the process.</summary>
    public CoTask Task => _task;

    /// <summary>The process's name: its task's name (the one given to <see cref="SimEnvironment.Process(IEnumerator{Yield}, string)"/>,
    /// or <c>Task-N</c>).</summary>
    public string Name => _task.Name;

    /// <summary><see langword="true"/> until the coroutine finishes (SimPy's <c>is_alive</c>).</summary>
    public bool IsAlive => !_task.IsDone;

    /// <summary>The simulation event the process waits for right now, or <see langword="null"/> (SimPy's <c>target</c>).</summary>
    public SimEvent? Target => _task.IsDone ? null : _task.ParkedOn as SimEvent;

    Yield IEnumerator<Yield>.Current => _generator.Current;

    object IEnumerator.Current => _generator.Current;

    string ICoroutineName.CoroutineName => CoroutineNames.Of(_generator);

    /// <summary>Interrupts the process (SimPy's <c>interrupt</c>): an <see cref="InterruptException"/> carrying
    /// <paramref name="cause"/> is raised at its current wait, and it stops waiting there. Under
    /// <see cref="EventOrder.SimPy"/> the interrupt is delivered ahead of the other events due now, after the current one.</summary>
    /// <param name="cause">What the process receives as <see cref="InterruptException.Cause"/>.</param>
    /// <exception cref="InvalidOperationException">The process has finished, or a process interrupts itself.</exception>
    public void Interrupt(object? cause = null)
    {
        EventLoop loop = Env.Loop;
        loop.CheckOwnerThread(null, "interrupt a process on");
        if (_task.IsDone)
        {
            ThrowHelper.ThrowInvalidOperation("Process '" + Name + "' has finished and cannot be interrupted (check IsAlive first).");
        }

        if (ReferenceEquals(loop.CurrentTask, _task))
        {
            ThrowHelper.ThrowInvalidOperation("Process '" + Name + "' tried to interrupt itself; only another process or a callback can interrupt it.");
        }

        var error = new InterruptException(cause, this);
        if (Env.SimPyOrder)
        {
            loop.EnqueueUrgent(new Interruption(this, error));
        }
        else
        {
            _task.Interrupt(error);
        }
    }

    bool IEnumerator.MoveNext() => _generator.MoveNext();

    void IEnumerator.Reset() => throw new NotSupportedException("A simulation process cannot be reset.");

    void IDisposable.Dispose()
    {
        Env.Loop.Frames.Remove(_generator);
        _generator.Dispose();
    }

    void ICompletionListener.OnCompleted(Future future)
    {
        if (_task.IsSucceeded)
        {
            Trigger(true, _task.GetResultObjectUnchecked());
        }
        else if (_task.IsFailed)
        {
            // Not marked retrieved here: a waiter that receives it does that; otherwise the loop reports it.
            Trigger(false, _task.ExceptionUnobserved);
        }
        else
        {
            Trigger(false, _task.GetFailureForWaiter());
        }
    }

    /// <inheritdoc/>
    protected override string Describe() => "Process '" + Name + "'";

    private protected override bool Resume(ParkedTask waiter)
    {
        if (!IsOk)
        {
            _task.MarkExceptionObserved();
        }

        return base.Resume(waiter);
    }

    private protected override Exception? CheckWaitable(CoTask task) =>
        ReferenceEquals(task, _task) ? new InvalidOperationException("Process '" + Name + "' cannot wait for itself: it would never finish.") : null;

    // The task's own failure tracking reports a failure nobody retrieved; no second report here.
    private protected override void ReportUnhandled()
    {
    }

    // SimPy's Interruption: an urgent event that raises the interrupt at the process's wait, if it is still alive.
    private sealed class Interruption : IQueuedEvent
    {
        private readonly SimProcess _process;
        private readonly InterruptException _error;

        public Interruption(SimProcess process, InterruptException error)
        {
            _process = process;
            _error = error;
        }

        public void Process()
        {
            if (!_process._task.IsDone)
            {
                _process.Env.Loop.InterruptNow(_process._task, _error);
            }
        }

        public override string ToString() => "Interruption of " + _process;
    }
}
