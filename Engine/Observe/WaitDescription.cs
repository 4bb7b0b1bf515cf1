using System.Collections.Generic;

namespace Engine.Observe;

// What a wait holder tells about itself for live views and deadlock graphs: the kind of wait, the object that stands
// for it (one graph node however many tasks wait on it), a readable description, and the tasks that hold it or whose
// progress it awaits (the graph's edges). Filled by WaitSource.Describe overrides in Engine/Sync and by
// LoopInspector for futures, tasks and sockets. Cold path.
internal sealed class WaitDescription
{
    public WaitKind Kind { get; private set; }

    public object? Resource { get; private set; }

    public string Text { get; private set; } = string.Empty;

    public List<CoTask> Blockers { get; } = new();

    public WaitDescription Set(WaitKind kind, object resource, string text)
    {
        Kind = kind;
        Resource = resource;
        Text = text;
        Blockers.Clear();
        return this;
    }

    public WaitDescription BlockedBy(CoTask? task)
    {
        if (task is not null && !task.IsDone && !Blockers.Contains(task))
        {
            Blockers.Add(task);
        }

        return this;
    }
}
