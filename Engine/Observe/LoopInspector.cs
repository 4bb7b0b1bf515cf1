using System;
using System.Collections.Generic;
using System.Globalization;
using Engine.IO;
using Engine.Machines;

namespace Engine.Observe;

// Builds a LoopView from a loop's state: its live tasks, their frames, and what each is parked on, asked of the
// holder itself (futures, tasks, gathers here; locks, queues and the other primitives through WaitSource.Describe;
// sockets from their waiter). Timers and frame waits are found by scanning the timer queues once per view. Cold path:
// it allocates freely and costs O(tasks + timers).
internal static class LoopInspector
{
    public static LoopView Inspect(EventLoop loop)
    {
        CoTask[] tasks = loop.GetTasks();
        Dictionary<CoTask, double> timerDue = loop.TimerDueByTask(frames: false);
        Dictionary<CoTask, double> frameDue = loop.TimerDueByTask(frames: true);
        var resources = new List<ResourceBuilder>();
        var resourceIds = new Dictionary<object, int>(ReferenceComparer.Instance);
        var waits = new WaitView?[tasks.Length];
        var description = new WaitDescription();
        for (int i = 0; i < tasks.Length; i++)
        {
            CoTask task = tasks[i];
            if (task.IsStepping || task.IsScheduled)
            {
                continue;
            }

            Yield instruction = task.TopFrame?.Current ?? default;
            double since = double.NaN;
            long sinceFrame = -1;
            loop.Observer?.TryGetWaitStart(task, out since, out sinceFrame);
            object? holder = task.ParkedOn;
            if (holder is null)
            {
                waits[i] = UnheldWait(task, instruction, since, sinceFrame, timerDue, frameDue);
                continue;
            }

            Describe(holder, description);
            object resource = description.Resource ?? holder;
            if (!resourceIds.TryGetValue(resource, out int id))
            {
                id = resources.Count + 1;
                resourceIds.Add(resource, id);
                resources.Add(new ResourceBuilder(id, description.Kind, description.Text, Ids(description.Blockers)));
            }

            resources[id - 1].Waiters.Add(task.Id);
            double until = holder is IoWaiter io && !double.IsPositiveInfinity(io.Deadline) ? io.Deadline : double.NaN;
            waits[i] = new WaitView(
                description.Kind,
                description.Text,
                instruction.ToString(),
                id,
                Ids(description.Blockers),
                since,
                sinceFrame,
                until,
                -1);
        }

        var views = new TaskView[tasks.Length];
        for (int i = 0; i < tasks.Length; i++)
        {
            CoTask task = tasks[i];
            TaskState state = task.IsStepping ? TaskState.Running : task.IsScheduled ? TaskState.Ready : TaskState.Waiting;
            views[i] = new TaskView(task.Id, task.Name, state, Frames(task), waits[i], task.IsCancelRequested, GroupView.Of(task._lane, TaskGroup.Of(task)));
        }

        var resourceViews = new ResourceView[resources.Count];
        for (int i = 0; i < resourceViews.Length; i++)
        {
            ResourceBuilder r = resources[i];
            resourceViews[i] = new ResourceView(r.Id, r.Kind, r.Text, r.HeldBy, r.Waiters.ToArray());
        }

        return new LoopView(loop.Clock, loop.Time, loop.Frame, views, resourceViews);
    }

    // A frame as data: the site a generated machine is suspended at, or the iterator's method.
    public static FrameView Frame(IEnumerator<Yield> frame)
    {
        if (frame is ICoroutineMachine machine)
        {
            CoroutineSite site = machine.Site;
            return site.IsSuspended
                ? new FrameView(machine.Name, site.File, site.Line, site.Id, site.ToString())
                : new FrameView(machine.Name, null, 0, 0, machine.Name);
        }

        string name = CoroutineNames.Of(frame);
        return new FrameView(name, null, 0, 0, name);
    }

    // What a holder (a task's ParkedOn) stands for: kind, graph node, text and blockers.
    public static void Describe(object holder, WaitDescription description)
    {
        switch (holder)
        {
            case CoTask task:
                description.Set(WaitKind.Task, task, "task #" + task.Id.ToString(CultureInfo.InvariantCulture) + " '" + task.Name + "'").BlockedBy(task);
                break;
            case GatherFuture gather:
                description.Set(WaitKind.Gather, gather, "Gather of " + gather.Children.Length + " (" + Pending(gather.Children) + " pending)");
                AddTaskBlockers(gather.Children, description);
                break;
            case WaitFuture wait:
                description.Set(WaitKind.Gather, wait, "Wait of " + wait.Futures.Length + " (" + Pending(wait.Futures) + " pending)");
                AddTaskBlockers(wait.Futures, description);
                break;
            case MirrorFuture mirror when mirror.Source is { } source:
                description.Set(WaitKind.Gather, mirror, "Shield of " + FutureName(source));
                AddTaskBlockers(new[] { source }, description);
                break;
            case Future future:
                description.Set(WaitKind.Future, future, FutureName(future));
                break;
            case WaitSource source:
                source.Describe(description);
                break;
            case IoWaiter io:
                description.Set(WaitKind.Socket, io, "socket " + (io.Direction == IoEvents.Read ? "readable" : "writable") +
                    (io.Operation is { } op ? " (to " + op.Verb + ")" : string.Empty) +
                    (double.IsPositiveInfinity(io.Deadline) ? string.Empty : " until " + LoopView.FormatTime(io.Deadline)));
                break;
            default:
                description.Set(WaitKind.Other, holder, holder.ToString() ?? holder.GetType().Name);
                break;
        }
    }

    // A readable name for a future: "task #3 'cook'", "Future<Int32>", "Gather of 2".
    public static string FutureName(Future future)
    {
        if (future is CoTask task)
        {
            return "task #" + task.Id.ToString(CultureInfo.InvariantCulture) + " '" + task.Name + "'";
        }

        Type type = future.GetType();
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Future<>))
        {
            return "Future<" + type.GetGenericArguments()[0].Name + ">";
        }

        string text = future.ToString();
        int state = text.LastIndexOf(" [", StringComparison.Ordinal);
        return state > 0 ? text.Substring(0, state) : text;
    }

    private static WaitView UnheldWait(CoTask task, Yield instruction, double since, long sinceFrame, Dictionary<CoTask, double> timerDue, Dictionary<CoTask, double> frameDue)
    {
        string text = instruction.ToString();
        switch (instruction.Kind)
        {
            case YieldKind.Seconds:
                double due = timerDue.TryGetValue(task, out double d) ? d : double.NaN;
                return new WaitView(WaitKind.Timer, "timer due at t=" + LoopView.FormatTime(due), text, 0, Array.Empty<long>(), since, sinceFrame, due, -1);
            case YieldKind.Frames:
                long frame = frameDue.TryGetValue(task, out double f) ? (long)f : -1;
                return new WaitView(WaitKind.Frames, "frame " + frame.ToString(CultureInfo.InvariantCulture), text, 0, Array.Empty<long>(), since, sinceFrame, double.NaN, frame);
            case YieldKind.Until:
            case YieldKind.While:
                string predicate = instruction.Target is Delegate condition ? condition.Method.Name : "predicate";
                return new WaitView(WaitKind.Predicate, (instruction.Kind == YieldKind.Until ? "until " : "while ") + predicate, text, 0, Array.Empty<long>(), since, sinceFrame, double.NaN, -1);
            default:
                return new WaitView(WaitKind.Other, text, text, 0, Array.Empty<long>(), since, sinceFrame, double.NaN, -1);
        }
    }

    private static FrameView[] Frames(CoTask task)
    {
        IEnumerator<Yield>[] frames = task.GetFrames();
        var views = new FrameView[frames.Length];
        for (int i = 0; i < frames.Length; i++)
        {
            views[i] = Frame(frames[i]);
        }

        return views;
    }

    private static void AddTaskBlockers(Future[] futures, WaitDescription description)
    {
        foreach (Future f in futures)
        {
            switch (f)
            {
                case CoTask task:
                    description.BlockedBy(task);
                    break;
                case GatherFuture or WaitFuture or MirrorFuture when !f.IsDone:
                    // A nested gather: its own unfinished tasks block too.
                    var inner = new WaitDescription();
                    Describe(f, inner);
                    foreach (CoTask t in inner.Blockers)
                    {
                        description.BlockedBy(t);
                    }

                    break;
            }
        }
    }

    private static int Pending(Future[] futures)
    {
        int n = 0;
        foreach (Future f in futures)
        {
            if (!f.IsDone)
            {
                n++;
            }
        }

        return n;
    }

    private static long[] Ids(List<CoTask> tasks)
    {
        var ids = new long[tasks.Count];
        for (int i = 0; i < ids.Length; i++)
        {
            ids[i] = tasks[i].Id;
        }

        return ids;
    }

    private sealed class ResourceBuilder
    {
        public ResourceBuilder(int id, WaitKind kind, string text, long[] heldBy)
        {
            Id = id;
            Kind = kind;
            Text = text;
            HeldBy = heldBy;
        }

        public int Id { get; }

        public WaitKind Kind { get; }

        public string Text { get; }

        public long[] HeldBy { get; }

        public List<long> Waiters { get; } = new();
    }
}
