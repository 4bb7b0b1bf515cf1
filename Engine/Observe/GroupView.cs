using Engine.Game;

namespace Engine.Observe;

/// <summary>
/// The group a task lives in, as the live view (<see cref="TaskView.Group"/>) and spawn events
/// (<see cref="LoopEvent.Group"/>) tell it: a game <see cref="Game.ScriptGroup"/> with the <see cref="GamePhase"/> the
/// task runs in, a <see cref="Engine.TaskGroup"/> whose child it is, or both (a TaskGroup child spawned from a task of
/// a script group). Plain data.
/// </summary>
/// <remarks>
/// Design: nothing per task stores it. It is derived when observed from what the scheduler already keeps: the task's
/// game lane (one per group and phase) and the listener a TaskGroup puts on each child. The view of a lane or of a
/// TaskGroup is made once and kept by that lane or group, so observing allocates only for a TaskGroup child of a
/// game lane, and a loop with no sink attached pays nothing.
/// </remarks>
public sealed class GroupView
{
    private string? _text;

    /// <summary>Creates a group view.</summary>
    /// <param name="scriptGroup">The game script group, or <see langword="null"/>.</param>
    /// <param name="phase">The game phase the task runs in, or <see langword="null"/> outside a game lane.</param>
    /// <param name="taskGroup">The TaskGroup whose child the task is, or <see langword="null"/>.</param>
    public GroupView(ScriptGroup? scriptGroup, GamePhase? phase, TaskGroup? taskGroup)
    {
        ScriptGroup = scriptGroup;
        Phase = phase;
        TaskGroup = taskGroup;
    }

    /// <summary>The game script group the task lives in, or <see langword="null"/>.</summary>
    public ScriptGroup? ScriptGroup { get; }

    /// <summary>The game phase the task runs in (when it was spawned, for a spawn event), or <see langword="null"/> for
    /// a task on the loop's own queue. A task of no script group that moved to another phase has a phase and no group.</summary>
    public GamePhase? Phase { get; }

    /// <summary>The <see cref="Engine.TaskGroup"/> whose child the task is, or <see langword="null"/>.</summary>
    public TaskGroup? TaskGroup { get; }

    /// <summary>The task that runs <see cref="TaskGroup"/> (its body and its wait for the children), or
    /// <see langword="null"/>.</summary>
    public CoTask? TaskGroupOwner => TaskGroup?.Owner;

    /// <summary>The view as the text trace and the dump print it, such as <c>group world/enemies, FixedUpdate</c>,
    /// <c>TaskGroup of 'main'</c>, or both joined with <c>; </c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => _text ??= Format();

    // The view for a task in lane (null: the loop's own queue) and taskGroup (null: none); null for neither.
    internal static GroupView? Of(TaskLane? lane, TaskGroup? taskGroup)
    {
        if (taskGroup is null)
        {
            return lane?.View;
        }

        if (lane is null)
        {
            return taskGroup.View;
        }

        GroupView game = lane.View;
        return new GroupView(game.ScriptGroup, game.Phase, taskGroup);
    }

    private string Format()
    {
        string text = string.Empty;
        if (ScriptGroup is not null)
        {
            text = "group " + ScriptGroup.DisplayPath + (Phase is { } phase ? ", " + phase : string.Empty);
        }
        else if (Phase is { } phase)
        {
            text = "phase " + phase;
        }

        if (TaskGroup is not null)
        {
            text += (text.Length > 0 ? "; " : string.Empty) + "TaskGroup of '" + (TaskGroupOwner?.Name ?? "?") + "'";
        }

        return text;
    }
}
