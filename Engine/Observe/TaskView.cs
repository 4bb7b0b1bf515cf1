using System;
using System.Collections.Generic;

namespace Engine.Observe;

/// <summary>One live task in a <see cref="LoopView"/>: its name, state, frames (outermost first, each with its
/// suspension site) and what it waits on. Plain data.</summary>
public sealed class TaskView
{
    /// <summary>Creates a task view.</summary>
    /// <param name="id">The task's <see cref="CoTask.Id"/>.</param>
    /// <param name="name">The task's name.</param>
    /// <param name="state">Ready, running or waiting.</param>
    /// <param name="frames">Its frames, outermost first.</param>
    /// <param name="wait">What it waits on, or <see langword="null"/> when ready or running.</param>
    /// <param name="cancelRequested">Whether cancellation was requested.</param>
    /// <param name="group">Its script group and phase, its TaskGroup, or <see langword="null"/> for a task of no group.</param>
    public TaskView(long id, string name, TaskState state, IReadOnlyList<FrameView> frames, WaitView? wait, bool cancelRequested, GroupView? group = null)
    {
        Group = group;
        Id = id;
        Name = name;
        State = state;
        Frames = frames ?? Array.Empty<FrameView>();
        Wait = wait;
        CancelRequested = cancelRequested;
    }

    /// <summary>The task's <see cref="CoTask.Id"/>.</summary>
    public long Id { get; }

    /// <summary>The task's name.</summary>
    public string Name { get; }

    /// <summary>Ready, running or waiting.</summary>
    public TaskState State { get; }

    /// <summary>The group it lives in now (script group and phase, TaskGroup), or <see langword="null"/> for a task of no group.</summary>
    public GroupView? Group { get; }

    /// <summary>Its frames, outermost first: the coroutine it was spawned with, then each child it called.</summary>
    public IReadOnlyList<FrameView> Frames { get; }

    /// <summary>What it waits on, or <see langword="null"/> when it is ready or running.</summary>
    public WaitView? Wait { get; }

    /// <summary>Whether cancellation was requested and has not finished yet.</summary>
    public bool CancelRequested { get; }

    /// <summary>The frames joined with <c> -&gt; </c>.</summary>
    public string StackText
    {
        get
        {
            var names = new string[Frames.Count];
            for (int i = 0; i < names.Length; i++)
            {
                names[i] = Frames[i].Display;
            }

            return string.Join(" -> ", names);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "#" + Id + " '" + Name + "' " + (Group is null ? string.Empty : "(" + Group + ") ") + State + (Wait is null ? string.Empty : ": " + Wait.Description);
}
