using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Engine.Observe;

/// <summary>
/// A deadlock explained: which tasks can never resume, the cycles they wait on each other in, and the wait-for graph
/// behind it (<see cref="View"/>: every task with its wait and suspension sites, every lock, queue, future or task they
/// wait on, with its holders). As data, and as text (<see cref="ToString"/>) or Graphviz (<see cref="ToDot"/>).
/// </summary>
/// <remarks>
/// The loop reports one on every clock: the virtual clock when it runs out of events before the future it runs for is
/// done (the exception <see cref="EventLoop.RunUntilComplete(Future)"/> throws carries it: <see cref="From(Exception)"/>);
/// the real clock when it is idle with nothing that could wake anything (<see cref="EventLoop.StallTimeout"/>); the
/// frame clock on request (<see cref="EventLoop.FindDeadlock"/>) or every <see cref="EventLoop.DeadlockCheckFrames"/>
/// frames. Every report also reaches <see cref="EventLoop.DeadlockDetected"/> and the loop's sinks.
/// </remarks>
public sealed class DeadlockReport
{
    internal const string DataKey = "Engine.Observe.DeadlockReport";

    private readonly string _text;

    internal DeadlockReport(DeadlockKind kind, string? target, IReadOnlyList<IReadOnlyList<long>> cycles, IReadOnlyList<long> blocked, LoopView view)
    {
        Kind = kind;
        Target = target;
        Cycles = cycles;
        Blocked = blocked;
        View = view;
        _text = Format();
    }

    /// <summary>A cycle of tasks waiting on each other, or a stall with nothing left to wake them.</summary>
    public DeadlockKind Kind { get; }

    /// <summary>What the run waited for and can never get (such as <c>task #1 'main'</c>), or <see langword="null"/> when
    /// the report was asked for (<see cref="EventLoop.FindDeadlock"/>) or found by the frame clock's check.</summary>
    public string? Target { get; }

    /// <summary>Each cycle as task ids in wait order: the first waits for what the second holds, ..., the last for what
    /// the first holds. Empty for a stall.</summary>
    public IReadOnlyList<IReadOnlyList<long>> Cycles { get; }

    /// <summary>The ids of every task that can never resume: the cycles' tasks and those waiting on them (for a stall,
    /// every waiting task).</summary>
    public IReadOnlyList<long> Blocked { get; }

    /// <summary>The wait-for graph: the whole loop as it was when the deadlock was found.</summary>
    public LoopView View { get; }

    /// <summary>The report carried by an exception the loop threw for a deadlock, or <see langword="null"/>.</summary>
    /// <param name="exception">An exception from <see cref="EventLoop.Run(IEnumerator{Yield})"/>, <see cref="EventLoop.RunUntilComplete(Future)"/> or <see cref="Co.Run(IEnumerator{Yield}, ClockKind)"/>.</param>
    /// <returns>The report.</returns>
    public static DeadlockReport? From(Exception exception) => exception?.Data[DataKey] as DeadlockReport;

    /// <summary>The report as text: what can never finish, each cycle, then every blocked task with its wait and frames.</summary>
    public override string ToString() => _text;

    /// <summary>The wait-for graph in Graphviz's DOT language: tasks as boxes, what they wait on as ellipses, an edge
    /// from each task to what it waits for and from each resource to the tasks that hold it; cycles in red.</summary>
    /// <returns>The DOT text (render with <c>dot -Tsvg</c>).</returns>
    public string ToDot()
    {
        var inCycle = new HashSet<long>();
        foreach (IReadOnlyList<long> cycle in Cycles)
        {
            inCycle.UnionWith(cycle);
        }

        var dot = new StringBuilder("digraph waits {\n  rankdir=LR;\n  node [fontname=\"sans-serif\"];\n");
        foreach (TaskView task in View.Tasks)
        {
            dot.Append("  t").Append(task.Id).Append(" [shape=box, label=\"").Append(Escape("#" + task.Id + " " + task.Name + "\n" + task.StackText)).Append('"')
                .Append(inCycle.Contains(task.Id) ? ", color=red" : string.Empty).Append("];\n");
        }

        foreach (ResourceView resource in View.Resources)
        {
            dot.Append("  r").Append(resource.Id).Append(" [shape=ellipse, label=\"").Append(Escape(resource.Description)).Append("\"];\n");
            foreach (long holder in resource.HeldBy)
            {
                dot.Append("  r").Append(resource.Id).Append(" -> t").Append(holder).Append(" [style=dashed, label=\"held by\"];\n");
            }
        }

        foreach (TaskView task in View.Tasks)
        {
            if (task.Wait is { ResourceId: > 0 } wait)
            {
                dot.Append("  t").Append(task.Id).Append(" -> r").Append(wait.ResourceId).Append(" [label=\"waits for\"")
                    .Append(inCycle.Contains(task.Id) ? ", color=red" : string.Empty).Append("];\n");
            }
        }

        return dot.Append("}\n").ToString();
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");

    private string Format()
    {
        var text = new StringBuilder("Deadlock on the ");
        text.Append(View.Clock.ToString().ToLowerInvariant()).Append(" clock at t=").Append(LoopView.FormatTime(View.Time))
            .Append(" (frame ").Append(View.Frame.ToString(CultureInfo.InvariantCulture)).Append("): ");
        if (Target is not null)
        {
            text.Append(Target).Append(" is not done, and ");
        }

        text.Append(Kind == DeadlockKind.Cycle
            ? "tasks wait on each other in a cycle that nothing but cancellation can break."
            : "no task is ready, no timer is pending and nothing was posted or is expected from outside, so nothing can ever wake the waiting tasks.");
        if (Kind == DeadlockKind.Stall && View.Clock == ClockKind.Real)
        {
            text.Append(" If another thread will complete one of these waits through Post, announce that work with EventLoop.BeginExternalWork() (or raise EventLoop.StallTimeout).");
        }

        text.AppendLine();
        var shown = new HashSet<long>();
        for (int c = 0; c < Cycles.Count; c++)
        {
            IReadOnlyList<long> cycle = Cycles[c];
            text.Append("Wait-for cycle").Append(Cycles.Count > 1 ? " " + (c + 1).ToString(CultureInfo.InvariantCulture) : string.Empty).Append(": ");
            foreach (long id in cycle)
            {
                text.Append('\'').Append(View.FindTask(id)?.Name).Append("' -> ");
            }

            text.Append('\'').Append(View.FindTask(cycle[0])?.Name).Append('\'').AppendLine();
            foreach (long id in cycle)
            {
                if (View.FindTask(id) is { } task && shown.Add(id))
                {
                    View.AppendTask(text, task, "  ");
                }
            }
        }

        bool header = false;
        foreach (long id in Blocked)
        {
            if (View.FindTask(id) is { } task && shown.Add(id))
            {
                if (!header)
                {
                    text.AppendLine(Cycles.Count > 0 ? "Also blocked:" : "Waiting tasks:");
                    header = true;
                }

                View.AppendTask(text, task, "  ");
            }
        }

        return text.ToString().TrimEnd();
    }
}
