using System;
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

    // A primitive's ToString with its generic type spelled as in C#: "CoQueue<Int32> [...]" rather than "CoQueue`1 [...]".
    public static string Named(object primitive)
    {
        string text = primitive.ToString() ?? string.Empty;
        Type type = primitive.GetType();
        if (!type.IsGenericType || !text.StartsWith(type.Name, StringComparison.Ordinal))
        {
            return text;
        }

        Type[] arguments = type.GetGenericArguments();
        var names = new string[arguments.Length];
        for (int i = 0; i < names.Length; i++)
        {
            names[i] = arguments[i].Name;
        }

        string plain = type.Name.Substring(0, type.Name.IndexOf('`'));
        return plain + "<" + string.Join(", ", names) + ">" + text.Substring(type.Name.Length);
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
