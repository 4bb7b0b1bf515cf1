using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Observe;

/// <summary>
/// A snapshot of a loop at one moment (<see cref="EventLoop.Inspect"/>): every live task with its state, frames and
/// wait, and every lock, queue, event, future or task they wait on, with who holds it and who waits. Its
/// <see cref="ToString"/> is the readable dump (<see cref="EventLoop.Dump"/>).
/// </summary>
/// <remarks>
/// Plain data (ids, strings, numbers and lists of them), detached from the loop: it can be kept, compared, printed or
/// serialized, and it is the graph a <see cref="DeadlockReport"/> is drawn from. Tasks are referred to by
/// <see cref="CoTask.Id"/>, resources by their <see cref="ResourceView.Id"/> in this view.
/// </remarks>
public sealed class LoopView
{
    private Dictionary<long, TaskView>? _byId; // FindTask(long) on a view of many tasks

    /// <summary>Creates a view.</summary>
    /// <param name="clock">The loop's clock.</param>
    /// <param name="time">The loop time.</param>
    /// <param name="frame">The loop iteration.</param>
    /// <param name="tasks">The live tasks, by id.</param>
    /// <param name="resources">What they wait on, by id.</param>
    public LoopView(ClockKind clock, double time, long frame, IReadOnlyList<TaskView> tasks, IReadOnlyList<ResourceView> resources)
    {
        Clock = clock;
        Time = time;
        Frame = frame;
        Tasks = tasks ?? Array.Empty<TaskView>();
        Resources = resources ?? Array.Empty<ResourceView>();
    }

    /// <summary>The loop's clock.</summary>
    public ClockKind Clock { get; }

    /// <summary>The loop time when the view was taken.</summary>
    public double Time { get; }

    /// <summary>The loop iteration when the view was taken.</summary>
    public long Frame { get; }

    /// <summary>Every live task, oldest (lowest id) first.</summary>
    public IReadOnlyList<TaskView> Tasks { get; }

    /// <summary>Every lock, queue, event, future or task some live task waits on, numbered from 1 in the order first met.</summary>
    public IReadOnlyList<ResourceView> Resources { get; }

    /// <summary>The task with <paramref name="id"/>, or <see langword="null"/>.</summary>
    /// <param name="id">A <see cref="CoTask.Id"/>.</param>
    /// <returns>The task's view.</returns>
    public TaskView? FindTask(long id)
    {
        if (Tasks.Count <= 16)
        {
            foreach (TaskView task in Tasks)
            {
                if (task.Id == id)
                {
                    return task;
                }
            }

            return null;
        }

        // A dump or deadlock report looks up every blocker: an index, built on the first lookup, keeps a report of a
        // 100,000-task wait chain linear (the first task of an id wins, as the scan above).
        if (_byId is null)
        {
            var byId = new Dictionary<long, TaskView>(Tasks.Count);
            foreach (TaskView task in Tasks)
            {
                byId.TryAdd(task.Id, task);
            }

            _byId = byId;
        }

        return _byId.TryGetValue(id, out TaskView? found) ? found : null;
    }

    /// <summary>The task named <paramref name="name"/> (the oldest if several share it), or <see langword="null"/>.</summary>
    /// <param name="name">A task name.</param>
    /// <returns>The task's view.</returns>
    public TaskView? FindTask(string name)
    {
        foreach (TaskView task in Tasks)
        {
            if (task.Name == name)
            {
                return task;
            }
        }

        return null;
    }

    /// <summary>The resource with <paramref name="id"/>, or <see langword="null"/>.</summary>
    /// <param name="id">A <see cref="ResourceView.Id"/>.</param>
    /// <returns>The resource's view.</returns>
    public ResourceView? FindResource(int id) => id >= 1 && id <= Resources.Count ? Resources[id - 1] : null;

    /// <summary>The readable dump: one paragraph per task with its state, wait and frames.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append("Loop on the ").Append(Clock.ToString().ToLowerInvariant()).Append(" clock at t=").Append(FormatTime(Time))
            .Append(", frame ").Append(Frame).Append(": ").Append(Tasks.Count).Append(Tasks.Count == 1 ? " task" : " tasks").AppendLine();
        foreach (TaskView task in Tasks)
        {
            AppendTask(text, task, "  ");
        }

        return text.ToString();
    }

    internal static string FormatTime(double time) => time.ToString("0.000", CultureInfo.InvariantCulture);

    internal void AppendTask(StringBuilder text, TaskView task, string indent)
    {
        text.Append(indent).Append('#').Append(task.Id).Append(" '").Append(task.Name).Append("' ");
        if (task.Group is not null)
        {
            text.Append('(').Append(task.Group.ToString()).Append(") ");
        }

        if (task.Wait is null)
        {
            text.Append(task.State == TaskState.Running ? "running" : "ready");
        }
        else
        {
            text.Append("waits for ").Append(WaitText(task.Wait));
        }

        if (task.CancelRequested)
        {
            text.Append(" (cancel requested)");
        }

        text.AppendLine();
        if (task.Frames.Count > 0)
        {
            text.Append(indent).Append("    at ").Append(task.StackText).AppendLine();
        }
    }

    // "CoLock #2 [held by 'b', 1 waiting], held by #3 'b', since t=0.000 (frame 2)"
    internal string WaitText(WaitView wait)
    {
        var text = new StringBuilder();
        text.Append(wait.Description);
        if (wait.BlockedBy.Count > 0)
        {
            text.Append(wait.Kind is WaitKind.Lock ? " held by " : " blocked by ");
            for (int i = 0; i < wait.BlockedBy.Count; i++)
            {
                TaskView? blocker = FindTask(wait.BlockedBy[i]);
                text.Append(i > 0 ? ", " : string.Empty).Append('#').Append(wait.BlockedBy[i]);
                if (blocker is not null)
                {
                    text.Append(" '").Append(blocker.Name).Append('\'');
                }
            }
        }

        if (!double.IsNaN(wait.Since))
        {
            text.Append(", since t=").Append(FormatTime(wait.Since)).Append(" (frame ").Append(wait.SinceFrame).Append(')');
        }

        return text.ToString();
    }
}
