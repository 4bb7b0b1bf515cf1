using System;
using System.Collections.Generic;
using System.Text;

namespace Engine;

/// <summary>
/// Raised by a <see cref="TaskGroup"/> whose children (or body) failed (asyncio's <c>ExceptionGroup</c> from a
/// <c>TaskGroup</c>): <see cref="AggregateException.InnerExceptions"/> holds every error and <see cref="TaskNames"/> the
/// name of the task each came from, in the same order.
/// </summary>
/// <remarks>
/// Groups nest, and so do their exceptions: <see cref="Message"/> is the group's own text (each error's type and
/// message, a nested group's error by its summary only), not followed by every inner message as an
/// <see cref="AggregateException"/>'s is, so its length does not grow with the nesting; <see cref="ToString"/> prints
/// every inner exception, nested groups included, without recursion.
/// </remarks>
public sealed class TaskGroupException : AggregateException
{
    private readonly string[] _taskNames;
    private readonly string _message;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The message.</param>
    /// <param name="taskNames">The task names, one per error.</param>
    /// <param name="errors">The errors.</param>
    public TaskGroupException(string message, IReadOnlyList<string> taskNames, IReadOnlyList<Exception> errors)
        : this(message, message, taskNames, errors)
    {
    }

    // summary: the first part of the message, which a group around this one quotes (TaskGroup.CreateException).
    internal TaskGroupException(string summary, string message, IReadOnlyList<string> taskNames, IReadOnlyList<Exception> errors)
        : base(message, ToArray(errors))
    {
        _message = message ?? string.Empty;
        Summary = summary ?? string.Empty;
        _taskNames = ToArray(taskNames);
    }

    /// <summary>The group's own text: how many errors, in which task's group, and each error's type and message.</summary>
    public override string Message => _message;

    /// <summary>The name of the task each error came from (<c>"(body)"</c> for the group's own body).</summary>
    public IReadOnlyList<string> TaskNames => _taskNames;

    // How a group around this one names this error: the count and the group's task, without the nested details.
    internal string Summary { get; }

    /// <summary>The type, message and stack trace, then every inner exception with the task it came from; nested
    /// groups' exceptions in turn, however deep, without recursion.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        var text = new StringBuilder();
        var open = new Stack<(TaskGroupException Group, int Next)>();
        AppendOwn(text, this);
        open.Push((this, 0));
        while (open.Count > 0)
        {
            (TaskGroupException group, int next) = open.Pop();
            if (next == group.InnerExceptions.Count)
            {
                if (open.Count > 0)
                {
                    text.Append("<---").AppendLine();
                }

                continue;
            }

            open.Push((group, next + 1));
            Exception inner = group.InnerExceptions[next];
            string task = next < group._taskNames.Length ? group._taskNames[next] : "?";
            text.Append(" ---> (Inner Exception #").Append(next).Append(", task '").Append(task).Append("') ");
            if (inner is TaskGroupException nested)
            {
                AppendOwn(text, nested);
                open.Push((nested, 0));
            }
            else
            {
                text.Append(inner).AppendLine("<---");
            }
        }

        return text.ToString();
    }

    private static void AppendOwn(StringBuilder text, TaskGroupException group)
    {
        text.Append(group.GetType().FullName).Append(": ").Append(group.Message).AppendLine();
        if (group.StackTrace is { } stack)
        {
            text.Append(stack).AppendLine();
        }
    }

    private static TItem[] ToArray<TItem>(IReadOnlyList<TItem> items)
    {
        if (items is null)
        {
            ThrowHelper.ThrowArgumentNull(nameof(items));
        }

        var array = new TItem[items.Count];
        for (int i = 0; i < array.Length; i++)
        {
            array[i] = items[i];
        }

        return array;
    }
}
